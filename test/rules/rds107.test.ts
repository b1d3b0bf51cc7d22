import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { fixture } from '../helpers';
import { configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const ID = 'RDS107';
const text = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => r.documents.get(f.file)!.text.slice(f.range.start, f.range.end);
const on = (r: LintResult, resource: string): Finding[] => findingsOf(r, ID).filter((f) => f.resource === resource);
const one = (r: LintResult, resource: string): Finding => {
  const found = on(r, resource);
  assert.equal(found.length, 1, `one ${ID} finding on ${resource}`);
  return found[0];
};

describe('RDS107 snapshot-restore-new-instance: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS107/snapshots.yaml');

  it('informs on instances and clusters created from a snapshot', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'OrdersDb: DBSnapshotIdentifier: orders-db-before-migration',
      'FromClusterSnapshot: DBClusterSnapshotIdentifier: arn:aws:rds:us-east-1:123456789012:cluster-snapshot:payments-final',
      'OrdersCluster: SnapshotIdentifier: orders-cluster-2024-05-01',
      'FromParameter: DBSnapshotIdentifier: !Ref SnapshotNoDefault',
      'Conditional: DBSnapshotIdentifier: !If [HasSnapshot, !Ref SnapshotEmptyDefault, !Ref "AWS::NoValue"]',
    ]);
    for (const f of findingsOf(r, ID)) {
      assert.equal(f.severity, 'info');
      assert.equal(f.fix, undefined, 'information, nothing to fix');
      assert.deepEqual(f.related, []);
    }
  });

  it('says new database, new endpoint, and replacement when the id changes', () => {
    const f = one(r, 'OrdersDb');
    assert.equal(f.message, 'OrdersDb is restored from a snapshot: a new instance, replaced if the snapshot id changes');
    assert.equal(f.detail, 'DBSnapshotIdentifier: orders-db-before-migration: RDS creates a new instance with a new endpoint rather than rewinding an existing one, so clients must use the new endpoint. The snapshot id stays part of its definition: changing or removing it later replaces the instance (from the other snapshot, or empty), losing data written since unless a snapshot is taken first.');
    assert.match(said(one(r, 'OrdersCluster')), /^OrdersCluster is restored from a snapshot: a new cluster.*\nSnapshotIdentifier: orders-cluster-2024-05-01: RDS creates a new cluster/);
  });

  it('says "may be" when the snapshot id is not known statically', () => {
    assert.match(said(one(r, 'FromParameter')), /^FromParameter may be restored from a snapshot.*\nDBSnapshotIdentifier unknown: parameter SnapshotNoDefault has no Default/);
    assert.match(said(one(r, 'Conditional')), /^Conditional may be restored from a snapshot.*\nDBSnapshotIdentifier unknown: depends on condition HasSnapshot \(Fn::If\)/);
  });

  it('is silent on databases created empty, AWS::NoValue, an empty default, replicas, PITR restores, members, suppressions', () => {
    for (const id of ['Empty', 'NoValue', 'EmptyDefault', 'OrdersReplica', 'OrdersRestored', 'OrdersWriter', 'Suppressed']) assert.deepEqual(on(r, id), [], id);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Suppressed']);
  });
});

describe('RDS107 snapshot-restore-new-instance: CloudFormation JSON', () => {
  it('points at the property', () => {
    const r = lintFixtures('rules/RDS107/snapshots.json');
    assert.equal(text(r, one(r, 'OrdersDb')), '"DBSnapshotIdentifier": "orders-db-before-migration"');
  });
});

describe('RDS107 snapshot-restore-new-instance: Terraform', () => {
  it('Terraform JSON: instances and clusters, "" is unset, replicas are not restores', () => {
    const r = lintFixtures('rules/RDS107/snapshots.tf.json');
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'aws_db_instance.orders: "snapshot_identifier": "orders-db-before-migration"',
      'aws_db_instance.from_variable: "snapshot_identifier": "${var.snapshot}"',
      'aws_rds_cluster.orders: "snapshot_identifier": "orders-cluster-2024-05-01"',
    ]);
    assert.match(said(one(r, 'aws_db_instance.orders')), /snapshot_identifier = orders-db-before-migration: /);
    assert.match(said(one(r, 'aws_db_instance.from_variable')), /may be restored from a snapshot.*\nsnapshot_identifier unknown: /);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['aws_db_instance.suppressed']);
  });

  it('plan: only the instance with a planned snapshot id', () => {
    const r = lintFixtures('rules/RDS107/snapshots.plan.json');
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), ['aws_db_instance.orders: "snapshot_identifier": "orders-db-before-migration"']);
  });
});

describe('RDS107 snapshot-restore-new-instance: doc examples', () => {
  it('the failing examples fire, the passing ones do not', () => {
    for (const kind of ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const) assert.equal(findingsOf(lintDocExample(ID, kind), ID).length, 1, kind);
    for (const kind of ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const) assert.deepEqual(findingsOf(lintDocExample(ID, kind), ID), [], kind);
  });
});

describe('RDS107 snapshot-restore-new-instance: configuration and suppression', () => {
  const file = fixture('rules', 'RDS107', 'snapshots.json');

  it('takes a configured severity, or none when off', () => {
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'warning' })), ID).map((f) => f.severity), ['warning']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'off' })), ID), []);
  });

  it('honours template-level Metadata by rule name', () => {
    const r = lintFixtures('rules/RDS107/suppressed-template.yaml');
    assert.deepEqual(findingsOf(r, ID), []);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['OrdersDb']);
  });
});
