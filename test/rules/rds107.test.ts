import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertExpected, assertSilentOn, describeConfiguration, describeDocExamples, findingsOf, findingsOn, lintFixtures, suppressedOn, textOf } from './harness';

const ID = 'RDS107';
const { one } = findingsOn(ID);

describe('RDS107 snapshot-restore-new-instance: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS107/snapshots.yaml');

  it('informs on instances and clusters created from a snapshot', () => {
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'informs on instances and clusters created from a snapshot');
    for (const f of findingsOf(r, ID)) {
      assert.equal(f.severity, 'info');
      assert.equal(f.fix, undefined, 'information, nothing to fix');
      assert.deepEqual(f.related, []);
    }
  });

  it('says new database, new endpoint, and replacement when the id changes', () => {
    const f = one(r, 'OrdersDb');
    assert.equal(f.message, 'OrdersDb is restored from a snapshot (DBSnapshotIdentifier: orders-db-before-migration): RDS creates a new instance with a new endpoint rather than rewinding an existing one, so clients must use the new endpoint. The snapshot id stays part of its definition: changing or removing it later replaces the instance (from the other snapshot, or empty), losing data written since unless a snapshot is taken first.');
    assert.match(one(r, 'OrdersCluster').message, /^OrdersCluster is restored from a snapshot \(SnapshotIdentifier: orders-cluster-2024-05-01\): RDS creates a new cluster/);
  });

  it('says "may be" when the snapshot id is not known statically', () => {
    assert.match(one(r, 'FromParameter').message, /^FromParameter may be restored from a snapshot \(DBSnapshotIdentifier unknown: parameter SnapshotNoDefault has no Default\)/);
    assert.match(one(r, 'Conditional').message, /^Conditional may be restored from a snapshot \(DBSnapshotIdentifier unknown: depends on condition HasSnapshot \(Fn::If\)\)/);
  });

  it('is silent on databases created empty, AWS::NoValue, an empty default, replicas, PITR restores, members, suppressions', () => {
    assertSilentOn(r, ID, ['Empty', 'NoValue', 'EmptyDefault', 'OrdersReplica', 'OrdersRestored', 'OrdersWriter', 'Suppressed']);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS107 snapshot-restore-new-instance: CloudFormation JSON', () => {
  it('points at the property', () => {
    const r = lintFixtures('rules/RDS107/snapshots.json');
    assert.equal(textOf(r, one(r, 'OrdersDb')), '"DBSnapshotIdentifier": "orders-db-before-migration"');
  });
});

describe('RDS107 snapshot-restore-new-instance: Terraform', () => {
  it('Terraform JSON: instances and clusters, "" is unset, replicas are not restores', () => {
    const r = lintFixtures('rules/RDS107/snapshots.tf.json');
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'Terraform JSON: instances and clusters, "" is unset, replicas are not restores');
    assert.match(one(r, 'aws_db_instance.orders').message, /\(snapshot_identifier = orders-db-before-migration\)/);
    assert.match(one(r, 'aws_db_instance.from_variable').message, /may be restored from a snapshot \(snapshot_identifier unknown: /);
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_instance.suppressed']);
  });

  it('plan: only the instance with a planned snapshot id', () => {
    const r = lintFixtures('rules/RDS107/snapshots.plan.json');
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ['aws_db_instance.orders: "snapshot_identifier": "orders-db-before-migration"']);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS107/snapshots.json', severity: 'warning', count: 1, templateSuppression: { fixture: 'rules/RDS107/suppressed-template.yaml', suppressed: ['info OrdersDb'] } });
describeDocExamples(ID);
