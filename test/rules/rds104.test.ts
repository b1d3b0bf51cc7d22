import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { saysBackup } from '../../server/src/rules/rds104-replicas-not-backups';
import { assertExpected, assertFixedAs, assertFixesInto, assertFixRoundTrip, assertSilentOn, describeConfiguration, describeDocExamples, findingsOf, findingsOn, lintFixtures, suppressedOn, textOf } from './harness';

const ID = 'RDS104';
const { one } = findingsOn(ID);

describe('RDS104 replicas-not-backups: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS104/replicas.yaml');

  it('warns on sources whose replicas would be the only copies, informs on replicas named as backups', () => {
    assertExpected(findingsOf(r, ID).map((f) => `${f.severity} ${f.resource}: ${textOf(r, f)}`), ID, 'warns on sources whose replicas would be the only copies, informs on replicas named as backups');
  });

  it('backups off: names the replicas, the value, the consequence and the remedy; fixes retention', () => {
    const f = one(r, 'Ledger');
    assert.equal(f.message, 'Ledger has 1 read replica (LedgerReplica) but automated backups are off (BackupRetentionPeriod: 0): corruption and deletes replicate to the replicas, so they would be the only copies and hold the same damage; nothing could be restored from before a mistake. Set a retention of 1-35 days.');
    assert.deepEqual(f.related.map((x) => `${textOf(r, x)}: ${x.message}`), ['LedgerReplica: LedgerReplica replicates Ledger, deletes and corruption included']);
    assert.equal(f.fix?.title, 'Set BackupRetentionPeriod: 7');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('      BackupRetentionPeriod: 7 # the replica is our backup\n'));
  });

  it('no final snapshot (RDS105\'s condition): points at DeletionPolicy and sets Snapshot', () => {
    const f = one(r, 'Orders');
    assert.match(f.message, /^Orders has 2 read replicas \(OrdersDrReplica, OrdersReader\) but deleting it leaves no final snapshot \(DeletionPolicy: Delete\)/);
    assert.match(f.message, /Set DeletionPolicy: Snapshot\.$/);
    assert.equal(f.related.length, 2);
    assert.equal(f.fix?.title, 'Set DeletionPolicy: Snapshot');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('  Orders:\n    Type: AWS::RDS::DBInstance\n    DeletionPolicy: Snapshot\n'));
  });

  it('both reasons: one finding, both in the message, both fixed', () => {
    const f = one(r, 'Inventory');
    assert.match(f.message, /automated backups are off \(BackupRetentionPeriod: 0\) and deleting it leaves no final snapshot \(DeletionPolicy: Delete\)/);
    assert.match(f.message, /Set a retention of 1-35 days and set DeletionPolicy: Snapshot\./);
    assert.deepEqual(f.related.map((x) => textOf(r, x)), ['InventoryReader', 'DeletionPolicy: Delete']);
    assert.equal(f.fix?.title, 'Set BackupRetentionPeriod: 7 and DeletionPolicy: Snapshot');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('BackupRetentionPeriod: "7"'));
  });

  it('informs on replicas whose logical id, identifier or tag values say backup/dr/recovery', () => {
    assert.match(one(r, 'OrdersDrReplica').message, /^OrdersDrReplica is named as a backup \("dr" in its logical id\) but is a read replica: it replays every write from Orders within seconds, including deletes and corruption/);
    assert.match(one(r, 'OrdersReader').message, /\("backup" in its identifier orders-backup\)/);
    assert.match(one(r, 'InventoryReader').message, /\("recovery" in its tag Purpose=recovery\)/);
    const info = one(r, 'OrdersDrReplica');
    assert.equal(info.severity, 'info');
    assert.equal(info.fix, undefined);
    assert.deepEqual(info.related.map((x) => textOf(r, x)), ['Orders']);
  });

  it('is silent on defaults, Retain, unknown values, sources without replicas, restores, RDS Custom and suppressions', () => {
    assertSilentOn(r, ID, ['Defaults', 'AddressReplica', 'DriftReplica', 'Retained', 'RetainedReplica', 'Unknowns', 'UnknownsReplica', 'NoReplicas', 'NoReplicasBackupRestore', 'CustomOracle', 'CustomOracleReplica', 'Suppressed', 'SuppressedBackupReplica', 'LedgerReplica']);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed', 'SuppressedBackupReplica']);
  });
});

describe('RDS104 replicas-not-backups: backup words', () => {
  it('matches whole words of ids, kebab, snake and camel case', () => {
    for (const s of ['OrdersDrReplica', 'orders-dr', 'orders_dr_2', 'LedgerBackupReplica', 'ledger.bak', 'DRCopy', 'orders-backups', 'Recovery']) assert.ok(saysBackup(s), s);
    for (const s of ['address', 'drift', 'hydra', 'Drive', 'OrdersReader', 'backupless', 'bakery', 'AddressReplica']) assert.equal(saysBackup(s), undefined, s);
  });
});

describe('RDS104 replicas-not-backups: exact fixed text', () => {
  it('YAML: retention and DeletionPolicy in one fix, comments kept', () => {
    assertFixesInto(lintFixtures('rules/RDS104/fix.yaml'), ID, 'Inventory', 'rules/RDS104/fix.yaml.fixed');
  });

  it('JSON: both values replaced in place', () => {
    const r = lintFixtures('rules/RDS104/fix.json');
    const f = one(r, 'Inventory');
    assert.equal(textOf(r, f), '"BackupRetentionPeriod": 0');
    assertFixedAs(r, f, 'rules/RDS104/fix.json.fixed');
  });
});

describe('RDS104 replicas-not-backups: Terraform', () => {
  it('Terraform JSON: skip_final_snapshot, retention, counted replicas, names', () => {
    const r = lintFixtures('rules/RDS104/replicas.tf.json');
    assertExpected(findingsOf(r, ID).map((f) => `${f.severity} ${f.resource}: ${textOf(r, f)}`), ID, 'Terraform JSON: skip_final_snapshot, retention, counted replicas, names');
    const primary = one(r, 'aws_db_instance.primary');
    assert.match(primary.message, /deleting it leaves no final snapshot \(skip_final_snapshot = true\)/);
    assert.match(primary.message, /Set skip_final_snapshot = false with a final_snapshot_identifier\.$/);
    assert.equal(primary.fix?.title, 'Set skip_final_snapshot = false');
    assert.ok(assertFixRoundTrip(r, primary).get(primary.file)!.includes('"skip_final_snapshot": false,\n        "final_snapshot_identifier": "orders-primary-final"\n      },'));
    const ledger = one(r, 'aws_db_instance.ledger');
    assert.match(ledger.message, /^aws_db_instance\.ledger has 2 read replicas \(aws_db_instance\.ledger_reader\[0\], aws_db_instance\.ledger_reader\[1\]\)/);
    assert.equal(ledger.fix?.title, 'Set backup_retention_period = 7 and skip_final_snapshot = false');
    const fixed = assertFixRoundTrip(r, ledger).get(ledger.file)!;
    assert.ok(fixed.includes('"backup_retention_period": 7,\n        "skip_final_snapshot": "false",\n        "final_snapshot_identifier": "ledger-final"\n      },'), fixed);
    assert.match(one(r, 'aws_db_instance.orders_dr').message, /\("dr" in its address\)/);
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_instance.suppressed']);
  });

  it('plan: warns and informs, without fixes', () => {
    const r = lintFixtures('rules/RDS104/replicas.plan.json');
    assertExpected(findingsOf(r, ID).map((f) => `${f.severity} ${f.resource}: ${textOf(r, f)}`), ID, 'plan: warns and informs, without fixes');
    assert.equal(one(r, 'aws_db_instance.primary').fix, undefined);
    assert.match(one(r, 'aws_db_instance.replica').message, /\("dr" in its identifier orders-dr\)/);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS104/fix.yaml', severity: 'error', count: 1, templateSuppression: { fixture: 'rules/RDS104/suppressed-template.yaml', suppressed: ['warning Ledger', 'info LedgerBackup'] } });
describeDocExamples(ID, { severity: 'warning', fix: 'round-trip' });
