import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/lint';
import { rds301 } from '../../server/src/rules/rds301-replica-count';
import { fixture } from '../helpers';
import { configWith, describeDocExamples, findingsOf, lintFiles, lintFixtures, textOf } from './harness';

const RULE = 'RDS301';
const bySeverity = (findings: Finding[]) => findings.map((f) => `${f.resource}: ${f.severity}`).sort();
const yaml = fixture('rules/RDS301/sources.yaml');
const tfJson = fixture('rules/RDS301/sources.tf.json');

describe('RDS301 replica-count: CloudFormation', () => {
  const result = lintFixtures('rules/RDS301/sources.yaml');
  const findings = findingsOf(result, RULE);
  const on = (id: string) => findings.find((f) => f.resource === id)!;

  it('warns above maxReplicas, errors above the engine limit, counts only direct replicas', () => {
    assert.deepEqual(bySeverity(findings), ['Ledger: error', 'Mystery: warning', 'Orders: warning', 'Warehouse: error']);
  });

  it('the finding is on the source\'s logical id, with related information at each replica', () => {
    const orders = on('Orders');
    assert.equal(textOf(result, orders), 'Orders');
    assert.deepEqual(orders.related.map((r) => textOf(result, r)), ['OrdersReplica1', 'OrdersReplica2', 'OrdersReplica3', 'OrdersReplica4', 'OrdersReplica5', 'OrdersReplica6']);
    assert.equal(orders.related[0].message, 'read replica 1 of 6 of Orders');
  });

  it('messages give the count, the threshold and what to do', () => {
    assert.match(on('Orders').message, /^Orders has 6 direct read replicas, more than maxReplicas \(5\): .*raise RDS301\.maxReplicas/);
    assert.match(on('Ledger').message, /^Ledger has 6 direct read replicas, but oracle-ee allows at most 5 per source: RDS refuses to create the 6th and later replicas/);
    assert.match(on('Warehouse').message, /^Warehouse has 4 direct read replicas, but db2-se allows at most 3 per source/);
    assert.match(on('Mystery').message, /^Mystery has 16 direct read replicas, more than maxReplicas \(5\)/, 'unknown engine: only the warning');
  });
});

describe('RDS301: Terraform JSON (count and for_each expand)', () => {
  const result = lintFixtures('rules/RDS301/sources.tf.json');
  const findings = findingsOf(result, RULE);

  it('16 counted postgres replicas: error; 6 for_each mysql replicas: warning', () => {
    assert.deepEqual(bySeverity(findings), ['aws_db_instance.catalog: warning', 'aws_db_instance.orders: error']);
    const orders = findings.find((f) => f.resource === 'aws_db_instance.orders')!;
    assert.equal(textOf(result, orders), '"orders"');
    assert.match(orders.message, /has 16 direct read replicas.*, but postgres allows at most 15 per source/);
    assert.deepEqual(orders.related.map((r) => textOf(result, r)), [...Array(16).fill('"reader"'), '"maybe_more"']);
    assert.match(orders.related[15].message, /read replica 16 of 16 of aws_db_instance\.orders/);
  });

  it('a block whose count is not known is not counted (it may be zero), but is named', () => {
    const orders = findings.find((f) => f.resource === 'aws_db_instance.orders')!;
    assert.match(orders.message, /^aws_db_instance\.orders has 16 direct read replicas \(not counting aws_db_instance\.maybe_more, whose count is not known statically\)/);
    assert.equal(orders.related.length, 17);
    assert.equal(orders.related[16].message, 'read replicas of aws_db_instance.orders, as many as its count says');
    assert.equal(findings.some((f) => f.resource === 'aws_db_instance.small'), false, '5 certain replicas plus an unknown count: no warning');
  });
});

describe('RDS301: Terraform plan JSON', () => {
  it('six planned replicas naming their source by identifier', () => {
    const result = lintFixtures('rules/RDS301/replicas.plan.json');
    const findings = findingsOf(result, RULE);
    assert.deepEqual(bySeverity(findings), ['aws_db_instance.primary: warning']);
    assert.equal(textOf(result, findings[0]), '"aws_db_instance.primary"');
    assert.deepEqual(findings[0].related.map((r) => textOf(result, r)), [0, 1, 2, 3, 4, 5].map((i) => `"aws_db_instance.replica[${i}]"`));
  });
});

describe('RDS301 configuration', () => {
  it('maxReplicas raises the warning threshold; the engine limit stays an error', () => {
    const raised = findingsOf(lintFiles([yaml, tfJson], configWith(RULE, { options: { maxReplicas: 15 } })), RULE);
    assert.deepEqual(bySeverity(raised), ['Ledger: error', 'Mystery: warning', 'Warehouse: error', 'aws_db_instance.orders: error']);
    assert.match(raised.find((f) => f.resource === 'Mystery')!.message, /more than maxReplicas \(15\)/);
    const aboveLimit = findingsOf(lintFiles([tfJson], configWith(RULE, { options: { maxReplicas: 20 } })), RULE);
    assert.deepEqual(bySeverity(aboveLimit), ['aws_db_instance.orders: error']);
  });

  it('maxReplicas lowered to 1', () => {
    const strict = findingsOf(lintFiles([tfJson], configWith(RULE, { options: { maxReplicas: 1 } })), RULE);
    assert.deepEqual(bySeverity(strict), ['aws_db_instance.catalog: warning', 'aws_db_instance.orders: error', 'aws_db_instance.small: warning']);
  });

  it('a severity override changes the warning; the engine-limit error keeps its step; off silences both', () => {
    assert.deepEqual(bySeverity(findingsOf(lintFiles([yaml], configWith(RULE, { severity: 'info' })), RULE)),
      ['Ledger: error', 'Mystery: info', 'Orders: info', 'Warehouse: error']);
    assert.deepEqual(findingsOf(lintFiles([yaml], configWith(RULE, { severity: 'off' })), RULE), []);
  });

  it('option metadata: integer, default 5, minimum 1', () => {
    assert.deepEqual({ ...rds301.options!.maxReplicas, description: undefined }, { type: 'integer', default: 5, minimum: 1, description: undefined });
  });
});

describeDocExamples(RULE);
