import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { fixture } from '../helpers';
import { assertFixRoundTrip, configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const ID = 'RDS101';
const text = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => r.documents.get(f.file)!.text.slice(f.range.start, f.range.end);
const on = (r: LintResult, resource: string): Finding[] => findingsOf(r, ID).filter((f) => f.resource === resource);
const one = (r: LintResult, resource: string): Finding => {
  const found = on(r, resource);
  assert.equal(found.length, 1, `one ${ID} finding on ${resource}`);
  return found[0];
};

describe('RDS101 backup-disabled: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS101/backups.yaml');

  it('fires on standalone instances and PITR restores with retention 0, only', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => f.resource), ['Ledger', 'LedgerString', 'FromParameterDefault', 'LedgerRestored']);
    for (const f of findingsOf(r, ID)) assert.equal(f.severity, 'warning');
  });

  it('points at the whole property and names the resource, the value, the consequence and the remedy', () => {
    const f = one(r, 'Ledger');
    assert.equal(text(r, f), 'BackupRetentionPeriod: 0');
    assert.equal(f.message, 'Ledger has automated backups off: no point-in-time recovery');
    assert.match(f.detail!, /^BackupRetentionPeriod: 0 turns off automated backups/);
    assert.match(said(f), /no point-in-time recovery/);
    assert.match(said(f), /last manual snapshot/);
    assert.match(said(f), /Set a retention of 1-35 days/);
    assert.deepEqual(f.related, []);
    assert.equal(f.fix?.title, 'Set BackupRetentionPeriod: 7');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('      BackupRetentionPeriod: 7 # backups cost money, says the ticket\n'));
  });

  it('counts the string "0" as 0 and keeps its quotes in the fix', () => {
    const f = one(r, 'LedgerString');
    assert.equal(text(r, f), 'BackupRetentionPeriod: "0"');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('BackupRetentionPeriod: "7"'));
  });

  it('counts a parameter Default, but offers no fix that would drop the parameter', () => {
    const f = one(r, 'FromParameterDefault');
    assert.equal(text(r, f), 'BackupRetentionPeriod: !Ref RetentionWithDefault');
    assert.match(said(f), /BackupRetentionPeriod: 0, from a parameter's Default/);
    assert.match(f.message, /has automated backups off \(a parameter's Default\)/);
    assert.equal(f.fix, undefined);
  });

  it('treats a point-in-time restore as a database of its own', () => {
    const f = one(r, 'LedgerRestored');
    assert.match(f.message, /^LedgerRestored \(a point-in-time restore\) has automated backups off/);
    assertFixRoundTrip(r, f);
  });

  it('is silent on defaults, unknown values, replicas, Aurora members and suppressed resources', () => {
    for (const id of ['Defaulted', 'Enabled', 'FromParameterNoDefault', 'FromCondition', 'EnabledReplica', 'AuroraWriter', 'AuroraCluster', 'Scratch']) {
      assert.deepEqual(on(r, id), [], id);
    }
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Scratch']);
  });
});

describe('RDS101 backup-disabled: exact fixed text', () => {
  it('YAML: replaces the value, comments kept', () => {
    const r = lintFixtures('rules/RDS101/fix.yaml');
    const f = one(r, 'Ledger');
    assert.equal(assertFixRoundTrip(r, f).get(f.file), `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # The ledger keeps every posting.
  Ledger:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres # 16
      DBInstanceClass: db.m6g.large
      BackupRetentionPeriod: 7 # backups cost money, says the ticket
      MultiAZ: true
`);
  });

  it('JSON: a quoted "0" and a number 0, each fixed in its own style', () => {
    const r = lintFixtures('rules/RDS101/fix.json');
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), ['Ledger: "BackupRetentionPeriod": "0"', 'Journal: "BackupRetentionPeriod": 0']);
    const ledger = assertFixRoundTrip(r, one(r, 'Ledger')).values().next().value!;
    assert.equal(ledger, r.documents.values().next().value!.text.replace('"BackupRetentionPeriod": "0"', '"BackupRetentionPeriod": "7"'));
    const journal = assertFixRoundTrip(r, one(r, 'Journal')).values().next().value!;
    assert.equal(journal, `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Ledger": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": {
        "Engine": "postgres",
        "DBInstanceClass": "db.m6g.large",
        "BackupRetentionPeriod": "0",
        "MultiAZ": true
      }
    },
    "Journal": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": {
        "Engine": "mysql",
        "DBInstanceClass": "db.m6g.large",
        "BackupRetentionPeriod": 7
      }
    }
  }
}
`);
  });
});

describe('RDS101 backup-disabled: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS101/backups.tf.json');

  it('fires on standalone, restored and counted instances, in Terraform vocabulary', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'aws_db_instance.ledger: "backup_retention_period": 0',
      'aws_db_instance.ledger_string: "backup_retention_period": "0"',
      'aws_db_instance.from_variable_default: "backup_retention_period": "${var.retention_default_zero}"',
      'aws_db_instance.restored: "backup_retention_period": 0',
      'aws_db_instance.shards[0]: "backup_retention_period": 0',
      'aws_db_instance.shards[1]: "backup_retention_period": 0',
    ]);
    const f = one(r, 'aws_db_instance.ledger');
    assert.equal(f.message, 'aws_db_instance.ledger has automated backups off: no point-in-time recovery');
    assert.match(f.detail!, /^backup_retention_period = 0 turns off/);
    assert.equal(f.fix?.title, 'Set backup_retention_period = 7');
  });

  it('fixes in place, and not through a variable default', () => {
    const f = one(r, 'aws_db_instance.ledger');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('"backup_retention_period": 7,\n        "skip_final_snapshot": false'));
    assertFixRoundTrip(r, one(r, 'aws_db_instance.ledger_string'));
    assertFixRoundTrip(r, one(r, 'aws_db_instance.restored'));
    assert.match(said(one(r, 'aws_db_instance.from_variable_default')), /from a variable's default/);
    assert.equal(one(r, 'aws_db_instance.from_variable_default').fix, undefined);
  });

  it('is silent on unknown variables, defaults, replicas; honours "//"', () => {
    for (const id of ['aws_db_instance.from_variable', 'aws_db_instance.defaulted', 'aws_db_instance.replica', 'aws_db_instance.scratch']) assert.deepEqual(on(r, id), [], id);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['aws_db_instance.scratch']);
  });
});

describe('RDS101 backup-disabled: Terraform plan', () => {
  const r = lintFixtures('rules/RDS101/backups.plan.json');

  it('fires on the planned value, without a fix (a plan is not a source)', () => {
    const f = one(r, 'aws_db_instance.ledger');
    assert.equal(text(r, f), '"backup_retention_period": 0');
    assert.match(said(f), /backup_retention_period = 0/);
    assert.equal(f.fix, undefined);
    assert.deepEqual(on(r, 'aws_db_instance.journal'), []);
  });
});

describe('RDS101 backup-disabled: doc examples', () => {
  it('the failing examples fire, the passing ones do not', () => {
    for (const kind of ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const) {
      const r = lintDocExample(ID, kind);
      assert.equal(findingsOf(r, ID).length, 1, kind);
      assertFixRoundTrip(r, findingsOf(r, ID)[0]);
    }
    for (const kind of ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const) assert.deepEqual(findingsOf(lintDocExample(ID, kind), ID), [], kind);
  });
});

describe('RDS101 backup-disabled: configuration and suppression', () => {
  const file = fixture('rules', 'RDS101', 'fix.yaml');

  it('takes a configured severity, or none when off', () => {
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'error' })), ID).map((f) => f.severity), ['error']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'off' })), ID), []);
  });

  it('honours template-level Metadata by rule name', () => {
    const r = lintFixtures('rules/RDS101/suppressed-template.yaml');
    assert.deepEqual(findingsOf(r, ID), []);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Scratch']);
  });
});
