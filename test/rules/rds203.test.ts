import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LintResult } from '../../server/src/lint';
import { fixture, slice } from '../helpers';
import { configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const RULE = 'RDS203';
const textAt = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => slice(r.documents.get(f.file)!.text, f.range);

describe('RDS203 standby-not-readable: CloudFormation', () => {
  const result = lintFixtures('rules/RDS203/endpoints.yaml');
  const findings = findingsOf(result, RULE);

  it('fires only on the READ_ONLY endpoint whose proxy targets instances only', () => {
    assert.deepEqual(findings.map((f) => f.resource), ['InstanceReader']);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].resourceType, 'AWS::RDS::DBProxyEndpoint');
  });

  it('points at TargetRole and explains the missing reader', () => {
    const f = findings[0];
    assert.equal(textAt(result, f), 'TargetRole: READ_ONLY');
    assert.match(f.detail!, /^InstanceReader is a READ_ONLY endpoint of proxy InstanceProxy, whose only targets are DB instances \(OrdersDb, legacy-orders-db\)/);
    assert.match(said(f), /standby serves no reads/);
    assert.match(said(f), /Aurora cluster or a Multi-AZ DB cluster/);
    assert.equal(f.fix, undefined);
  });

  it('related information: the proxy and each instance target', () => {
    const related = findings[0].related.map((r) => [slice(result.documents.get(r.file)!.text, r.range), r.message]);
    assert.deepEqual(related, [
      ['InstanceProxy', 'proxy InstanceProxy'],
      ['!Ref OrdersDb', 'instance target OrdersDb'],
      ['legacy-orders-db', 'instance target legacy-orders-db'],
    ]);
  });
});

describe('RDS203: Terraform JSON', () => {
  const result = lintFixtures('rules/RDS203/endpoints.tf.json');
  const findings = findingsOf(result, RULE);

  it('fires on the endpoint of a proxy with two counted instance targets; not when a cluster is also a target', () => {
    assert.deepEqual(findings.map((f) => f.resource), ['aws_db_proxy_endpoint.instances_ro']);
    const f = findings[0];
    assert.equal(textAt(result, f), '"target_role": "READ_ONLY"');
    assert.match(said(f), /targets are DB instances \(aws_db_instance\.orders\[0\], aws_db_instance\.orders\[1\]\)/);
  });
});

describe('RDS203 configuration and docs', () => {
  it('severity override and off', () => {
    const file = fixture('rules/RDS203/endpoints.yaml');
    assert.deepEqual(findingsOf(lintFiles([file], configWith(RULE, { severity: 'info' })), RULE).map((f) => f.severity), ['info']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(RULE, { severity: 'off' })), RULE), []);
  });

  it('doc examples: failing fires, passing does not', () => {
    for (const kind of ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const) assert.equal(findingsOf(lintDocExample(RULE, kind), RULE).length, 1, kind);
    for (const kind of ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const) assert.deepEqual(findingsOf(lintDocExample(RULE, kind), RULE), [], kind);
  });
});
