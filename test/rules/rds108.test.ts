import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertExpected, assertSilentOn, describeConfiguration, describeDocExamples, findingsOf, findingsOn, lintFixtures, suppressedOn, textOf } from './harness';

const ID = 'RDS108';
const { on, one } = findingsOn(ID);

describe('RDS108 restore-source-without-backups: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS108/restores.yaml');

  it('fires on point-in-time restores whose source has retention 0, only', () => {
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'fires on point-in-time restores whose source has retention 0, only');
    for (const f of findingsOf(r, ID)) {
      assert.equal(f.severity, 'error');
      assert.equal(f.fix, undefined, 'backups turned on now cannot restore the past');
    }
  });

  it('names restore, source, value, consequence and remedy; relates the source\'s retention', () => {
    const f = one(r, 'OrdersLatest');
    assert.equal(f.message, 'OrdersLatest is a point-in-time restore of Orders, which has automated backups off (BackupRetentionPeriod: 0): there are no automated backups or transaction logs to restore from, so RDS rejects the restore. Turn backups on at Orders (1-35 days) well before relying on the restore; the restorable window starts only once they exist.');
    assert.deepEqual(f.related.map((x) => `${textOf(r, x)}: ${x.message}`), ['BackupRetentionPeriod: 0: Orders turns automated backups off here']);
  });

  it('counts a parameter Default at the source', () => {
    assert.match(one(r, 'LedgerRestored').message, /\(BackupRetentionPeriod: 0, from a parameter's Default\)/);
  });

  it('is silent on replicas, default or unknown retention, sources elsewhere, snapshot restores and suppressions', () => {
    assertSilentOn(r, ID, ['OrdersReplica', 'OrdersNotLatest', 'DefaultedRestored', 'UnknownRestored', 'ElsewhereRestored', 'SnapshotRestored', 'Suppressed', 'Orders']);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS108 restore-source-without-backups: CloudFormation JSON and across files', () => {
  it('JSON: a quoted "0" at the source', () => {
    const r = lintFixtures('rules/RDS108/restores.json');
    const f = one(r, 'OrdersRestored');
    assert.equal(textOf(r, f), '"SourceDBInstanceIdentifier": {"Ref": "Orders"}');
    assert.equal(textOf(r, f.related[0]), '"BackupRetentionPeriod": "0"');
  });

  it('finds the source in another file by identifier', () => {
    const r = lintFixtures('rules/RDS108/cross-file/restore.yaml', 'rules/RDS108/cross-file/source.yaml');
    const f = one(r, 'OrdersRecovered');
    assert.match(f.file, /restore\.yaml$/);
    assert.match(f.related[0].file, /source\.yaml$/);
    assert.equal(textOf(r, f.related[0]), 'BackupRetentionPeriod: 0');
    assert.deepEqual(findingsOf(lintFixtures('rules/RDS108/cross-file/restore.yaml'), ID), []);
  });
});

describe('RDS108 restore-source-without-backups: Terraform', () => {
  it('Terraform JSON: restore_to_point_in_time blocks (object or list), variable defaults, not replicas', () => {
    const r = lintFixtures('rules/RDS108/restores.tf.json');
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'Terraform JSON: restore_to_point_in_time blocks (object or list), variable defaults, not replicas');
    assert.match(one(r, 'aws_db_instance.orders_restored').message, /point-in-time restore of aws_db_instance\.orders, which has automated backups off \(backup_retention_period = 0\)/);
    assert.match(one(r, 'aws_db_instance.ledger_restored').message, /backup_retention_period = 0, from a variable's default/);
    assert.deepEqual(on(r, 'aws_db_instance.orders_replica'), []);
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_instance.suppressed']);
  });

  it('plan: links the restore to its source by identifier', () => {
    const r = lintFixtures('rules/RDS108/restores.plan.json');
    const f = one(r, 'aws_db_instance.orders_restored');
    assert.equal(textOf(r, f), '"source_db_instance_identifier": "orders-db"');
    assert.equal(textOf(r, f.related[0]), '"backup_retention_period": 0');
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS108/restores.json', severity: 'warning', count: 1, templateSuppression: { fixture: 'rules/RDS108/suppressed-template.yaml', suppressed: ['error OrdersRestored'] } });
describeDocExamples(ID);
