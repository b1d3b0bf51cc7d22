import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { fixture } from '../helpers';
import { configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const ID = 'RDS108';
const text = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => r.documents.get(f.file)!.text.slice(f.range.start, f.range.end);
const on = (r: LintResult, resource: string): Finding[] => findingsOf(r, ID).filter((f) => f.resource === resource);
const one = (r: LintResult, resource: string): Finding => {
  const found = on(r, resource);
  assert.equal(found.length, 1, `one ${ID} finding on ${resource}`);
  return found[0];
};

describe('RDS108 restore-source-without-backups: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS108/restores.yaml');

  it('fires on point-in-time restores whose source has retention 0, only', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'OrdersLatest: SourceDBInstanceIdentifier: !Ref Orders',
      'OrdersBeforeMigration: SourceDBInstanceIdentifier: !Ref Orders',
      'OrdersLatestString: SourceDBInstanceIdentifier: !Ref Orders',
      'LedgerRestored: SourceDBInstanceIdentifier: !GetAtt Ledger.DBInstanceArn',
    ]);
    for (const f of findingsOf(r, ID)) {
      assert.equal(f.severity, 'error');
      assert.equal(f.fix, undefined, 'backups turned on now cannot restore the past');
    }
  });

  it('names restore, source, value, consequence and remedy; relates the source\'s retention', () => {
    const f = one(r, 'OrdersLatest');
    assert.equal(f.message, 'OrdersLatest restores a source with backups off: RDS rejects the restore');
    assert.equal(f.detail, 'Orders has BackupRetentionPeriod: 0: there are no automated backups or transaction logs to restore from, so RDS rejects the restore. Turn backups on at Orders (1-35 days) well before relying on the restore; the restorable window starts only once they exist.');
    assert.deepEqual(f.related.map((x) => `${text(r, x)}: ${x.message}`), ['BackupRetentionPeriod: 0: Orders turns automated backups off here']);
  });

  it('counts a parameter Default at the source', () => {
    assert.match(said(one(r, 'LedgerRestored')), /BackupRetentionPeriod: 0, from a parameter's Default/);
  });

  it('is silent on replicas, default or unknown retention, sources elsewhere, snapshot restores and suppressions', () => {
    for (const id of ['OrdersReplica', 'OrdersNotLatest', 'DefaultedRestored', 'UnknownRestored', 'ElsewhereRestored', 'SnapshotRestored', 'Suppressed', 'Orders']) {
      assert.deepEqual(on(r, id), [], id);
    }
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Suppressed']);
  });
});

describe('RDS108 restore-source-without-backups: CloudFormation JSON and across files', () => {
  it('JSON: a quoted "0" at the source', () => {
    const r = lintFixtures('rules/RDS108/restores.json');
    const f = one(r, 'OrdersRestored');
    assert.equal(text(r, f), '"SourceDBInstanceIdentifier": {"Ref": "Orders"}');
    assert.equal(text(r, f.related[0]), '"BackupRetentionPeriod": "0"');
  });

  it('finds the source in another file by identifier', () => {
    const r = lintFixtures('rules/RDS108/cross-file/restore.yaml', 'rules/RDS108/cross-file/source.yaml');
    const f = one(r, 'OrdersRecovered');
    assert.match(f.file, /restore\.yaml$/);
    assert.match(f.related[0].file, /source\.yaml$/);
    assert.equal(text(r, f.related[0]), 'BackupRetentionPeriod: 0');
    assert.deepEqual(findingsOf(lintFixtures('rules/RDS108/cross-file/restore.yaml'), ID), []);
  });
});

describe('RDS108 restore-source-without-backups: Terraform', () => {
  it('Terraform JSON: restore_to_point_in_time blocks (object or list), variable defaults, not replicas', () => {
    const r = lintFixtures('rules/RDS108/restores.tf.json');
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'aws_db_instance.orders_restored: "source_db_instance_identifier": "${aws_db_instance.orders.identifier}"',
      'aws_db_instance.ledger_restored: "source_db_instance_identifier": "ledger-db"',
    ]);
    assert.match(said(one(r, 'aws_db_instance.orders_restored')), /aws_db_instance\.orders has backup_retention_period = 0: /);
    assert.match(said(one(r, 'aws_db_instance.ledger_restored')), /backup_retention_period = 0, from a variable's default/);
    assert.deepEqual(on(r, 'aws_db_instance.orders_replica'), []);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['aws_db_instance.suppressed']);
  });

  it('plan: links the restore to its source by identifier', () => {
    const r = lintFixtures('rules/RDS108/restores.plan.json');
    const f = one(r, 'aws_db_instance.orders_restored');
    assert.equal(text(r, f), '"source_db_instance_identifier": "orders-db"');
    assert.equal(text(r, f.related[0]), '"backup_retention_period": 0');
  });
});

describe('RDS108 restore-source-without-backups: doc examples', () => {
  it('the failing examples fire, the passing ones do not', () => {
    for (const kind of ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const) assert.equal(findingsOf(lintDocExample(ID, kind), ID).length, 1, kind);
    for (const kind of ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const) assert.deepEqual(findingsOf(lintDocExample(ID, kind), ID), [], kind);
  });
});

describe('RDS108 restore-source-without-backups: configuration and suppression', () => {
  const file = fixture('rules', 'RDS108', 'restores.json');

  it('takes a configured severity, or none when off', () => {
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'warning' })), ID).map((f) => f.severity), ['warning']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'off' })), ID), []);
  });

  it('honours template-level Metadata', () => {
    const r = lintFixtures('rules/RDS108/suppressed-template.yaml');
    assert.deepEqual(findingsOf(r, ID), []);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['OrdersRestored']);
  });
});
