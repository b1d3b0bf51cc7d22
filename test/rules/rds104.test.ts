import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { saysBackup } from '../../server/src/rules/rds104-replicas-not-backups';
import { fixture } from '../helpers';
import { assertFixRoundTrip, configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const ID = 'RDS104';
const text = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => r.documents.get(f.file)!.text.slice(f.range.start, f.range.end);
const on = (r: LintResult, resource: string): Finding[] => findingsOf(r, ID).filter((f) => f.resource === resource);
const one = (r: LintResult, resource: string): Finding => {
  const found = on(r, resource);
  assert.equal(found.length, 1, `one ${ID} finding on ${resource}`);
  return found[0];
};

describe('RDS104 replicas-not-backups: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS104/replicas.yaml');

  it('warns on sources whose replicas would be the only copies, informs on replicas named as backups', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.severity} ${f.resource}: ${text(r, f)}`), [
      'warning Ledger: BackupRetentionPeriod: 0',
      'warning Orders: DeletionPolicy: Delete',
      'info OrdersDrReplica: OrdersDrReplica',
      'info OrdersReader: OrdersReader',
      'warning Inventory: BackupRetentionPeriod: "0"',
      'info InventoryReader: InventoryReader',
    ]);
  });

  it('backups off: names the replicas, the value, the consequence and the remedy; fixes retention', () => {
    const f = one(r, 'Ledger');
    assert.equal(f.message, 'Ledger has 1 read replica but backups off: replicas are no backup');
    assert.equal(f.detail, 'Ledger has 1 read replica (LedgerReplica) but automated backups are off (BackupRetentionPeriod: 0): corruption and deletes replicate to the replicas, so they would be the only copies and hold the same damage; nothing could be restored from before a mistake. Set a retention of 1-35 days.');
    assert.deepEqual(f.related.map((x) => `${text(r, x)}: ${x.message}`), ['LedgerReplica: LedgerReplica replicates Ledger, deletes and corruption included']);
    assert.equal(f.fix?.title, 'Set BackupRetentionPeriod: 7');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('      BackupRetentionPeriod: 7 # the replica is our backup\n'));
  });

  it('no final snapshot (RDS105\'s condition): points at DeletionPolicy and sets Snapshot', () => {
    const f = one(r, 'Orders');
    assert.match(f.message, /^Orders has 2 read replicas but no final snapshot: replicas are no backup$/);
    assert.match(f.detail!, /^Orders has 2 read replicas \(OrdersDrReplica, OrdersReader\) but deleting it leaves no final snapshot \(DeletionPolicy: Delete\)/);
    assert.match(said(f), /Set DeletionPolicy: Snapshot\.$/);
    assert.equal(f.related.length, 2);
    assert.equal(f.fix?.title, 'Set DeletionPolicy: Snapshot');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('  Orders:\n    Type: AWS::RDS::DBInstance\n    DeletionPolicy: Snapshot\n'));
  });

  it('both reasons: one finding, both in the message, both fixed', () => {
    const f = one(r, 'Inventory');
    assert.match(said(f), /automated backups are off \(BackupRetentionPeriod: 0\) and deleting it leaves no final snapshot \(DeletionPolicy: Delete\)/);
    assert.match(said(f), /Set a retention of 1-35 days and set DeletionPolicy: Snapshot\./);
    assert.deepEqual(f.related.map((x) => text(r, x)), ['InventoryReader', 'DeletionPolicy: Delete']);
    assert.equal(f.fix?.title, 'Set BackupRetentionPeriod: 7 and DeletionPolicy: Snapshot');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('BackupRetentionPeriod: "7"'));
  });

  it('informs on replicas whose logical id, identifier or tag values say backup/dr/recovery', () => {
    assert.equal(one(r, 'OrdersDrReplica').message, 'OrdersDrReplica is named as a backup but is a read replica: it copies deletes and corruption too');
    assert.match(one(r, 'OrdersDrReplica').detail!, /^OrdersDrReplica is named as a backup \("dr" in its logical id\) but is a read replica: it replays every write from Orders within seconds, including deletes and corruption/);
    assert.match(said(one(r, 'OrdersReader')), /\("backup" in its identifier orders-backup\)/);
    assert.match(said(one(r, 'InventoryReader')), /\("recovery" in its tag Purpose=recovery\)/);
    const info = one(r, 'OrdersDrReplica');
    assert.equal(info.severity, 'info');
    assert.equal(info.fix, undefined);
    assert.deepEqual(info.related.map((x) => text(r, x)), ['Orders']);
  });

  it('is silent on defaults, Retain, unknown values, sources without replicas, restores, RDS Custom and suppressions', () => {
    for (const id of ['Defaults', 'AddressReplica', 'DriftReplica', 'Retained', 'RetainedReplica', 'Unknowns', 'UnknownsReplica', 'NoReplicas', 'NoReplicasBackupRestore', 'CustomOracle', 'CustomOracleReplica', 'Suppressed', 'SuppressedBackupReplica', 'LedgerReplica']) {
      assert.deepEqual(on(r, id), [], id);
    }
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Suppressed', 'SuppressedBackupReplica']);
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
    const r = lintFixtures('rules/RDS104/fix.yaml');
    const f = one(r, 'Inventory');
    assert.equal(assertFixRoundTrip(r, f).get(f.file), `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Inventory:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot # dev leftovers
    Properties:
      Engine: postgres
      DBInstanceClass: db.m6g.large
      BackupRetentionPeriod: 7 # the replica covers us
  InventoryReader:
    Type: AWS::RDS::DBInstance
    Properties:
      SourceDBInstanceIdentifier: !Ref Inventory
      DBInstanceClass: db.m6g.large
`);
  });

  it('JSON: both values replaced in place', () => {
    const r = lintFixtures('rules/RDS104/fix.json');
    const f = one(r, 'Inventory');
    assert.equal(text(r, f), '"BackupRetentionPeriod": 0');
    assert.equal(assertFixRoundTrip(r, f).get(f.file), `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Inventory": {
      "Type": "AWS::RDS::DBInstance",
      "DeletionPolicy": "Snapshot",
      "Properties": {
        "Engine": "postgres",
        "DBInstanceClass": "db.m6g.large",
        "BackupRetentionPeriod": 7
      }
    },
    "InventoryReader": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": {
        "SourceDBInstanceIdentifier": {"Ref": "Inventory"},
        "DBInstanceClass": "db.m6g.large"
      }
    }
  }
}
`);
  });
});

describe('RDS104 replicas-not-backups: Terraform', () => {
  it('Terraform JSON: skip_final_snapshot, retention, counted replicas, names', () => {
    const r = lintFixtures('rules/RDS104/replicas.tf.json');
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.severity} ${f.resource}: ${text(r, f)}`), [
      'warning aws_db_instance.primary: "skip_final_snapshot": true',
      'info aws_db_instance.orders_dr: "orders_dr"',
      'warning aws_db_instance.ledger: "backup_retention_period": 0',
    ]);
    const primary = one(r, 'aws_db_instance.primary');
    assert.match(said(primary), /deleting it leaves no final snapshot \(skip_final_snapshot = true\)/);
    assert.match(said(primary), /Set skip_final_snapshot = false with a final_snapshot_identifier\.$/);
    assert.equal(primary.fix?.title, 'Set skip_final_snapshot = false');
    assert.ok(assertFixRoundTrip(r, primary).get(primary.file)!.includes('"skip_final_snapshot": false,\n        "final_snapshot_identifier": "orders-primary-final"\n      },'));
    const ledger = one(r, 'aws_db_instance.ledger');
    assert.match(ledger.detail!, /^aws_db_instance\.ledger has 2 read replicas \(aws_db_instance\.ledger_reader\[0\], aws_db_instance\.ledger_reader\[1\]\)/);
    assert.equal(ledger.fix?.title, 'Set backup_retention_period = 7 and skip_final_snapshot = false');
    const fixed = assertFixRoundTrip(r, ledger).get(ledger.file)!;
    assert.ok(fixed.includes('"backup_retention_period": 7,\n        "skip_final_snapshot": "false",\n        "final_snapshot_identifier": "ledger-final"\n      },'), fixed);
    assert.match(said(one(r, 'aws_db_instance.orders_dr')), /\("dr" in its address\)/);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['aws_db_instance.suppressed']);
  });

  it('plan: warns and informs, without fixes', () => {
    const r = lintFixtures('rules/RDS104/replicas.plan.json');
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.severity} ${f.resource}: ${text(r, f)}`), [
      'warning aws_db_instance.primary: "skip_final_snapshot": true',
      'info aws_db_instance.replica: "aws_db_instance.replica"',
    ]);
    assert.equal(one(r, 'aws_db_instance.primary').fix, undefined);
    assert.match(said(one(r, 'aws_db_instance.replica')), /\("dr" in its identifier orders-dr\)/);
  });
});

describe('RDS104 replicas-not-backups: doc examples', () => {
  it('the failing examples fire, the passing ones do not', () => {
    for (const kind of ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const) {
      const r = lintDocExample(ID, kind);
      assert.deepEqual(findingsOf(r, ID).map((f) => f.severity), ['warning'], kind);
      assertFixRoundTrip(r, findingsOf(r, ID)[0]);
    }
    for (const kind of ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const) assert.deepEqual(findingsOf(lintDocExample(ID, kind), ID), [], kind);
  });
});

describe('RDS104 replicas-not-backups: configuration and suppression', () => {
  const file = fixture('rules', 'RDS104', 'fix.yaml');

  it('takes a configured severity, or none when off', () => {
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'error' })), ID).map((f) => f.severity), ['error']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'off' })), ID), []);
  });

  it('honours template-level Metadata, for the warning and the info', () => {
    const r = lintFixtures('rules/RDS104/suppressed-template.yaml');
    assert.deepEqual(findingsOf(r, ID), []);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => `${f.severity} ${f.resource}`), ['warning Ledger', 'info LedgerBackup']);
  });
});
