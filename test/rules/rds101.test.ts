import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertExpected, assertFixesInto, assertFixRoundTrip, assertSilentOn, describeConfiguration, describeDocExamples, findingsOf, findingsOn, lintFixtures, suppressedOn, textOf } from './harness';

const ID = 'RDS101';
const { on, one } = findingsOn(ID);

describe('RDS101 backup-disabled: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS101/backups.yaml');

  it('fires on standalone instances and PITR restores with retention 0, only', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => f.resource), ['Ledger', 'LedgerString', 'FromParameterDefault', 'LedgerRestored']);
    for (const f of findingsOf(r, ID)) assert.equal(f.severity, 'warning');
  });

  it('points at the whole property and names the resource, the value, the consequence and the remedy', () => {
    const f = one(r, 'Ledger');
    assert.equal(textOf(r, f), 'BackupRetentionPeriod: 0');
    assert.match(f.message, /^Ledger has automated backups off \(BackupRetentionPeriod: 0\)/);
    assert.match(f.message, /no point-in-time recovery/);
    assert.match(f.message, /last manual snapshot/);
    assert.match(f.message, /Set a retention of 1-35 days/);
    assert.deepEqual(f.related, []);
    assert.equal(f.fix?.title, 'Set BackupRetentionPeriod: 7');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('      BackupRetentionPeriod: 7 # backups cost money, says the ticket\n'));
  });

  it('counts the string "0" as 0 and keeps its quotes in the fix', () => {
    const f = one(r, 'LedgerString');
    assert.equal(textOf(r, f), 'BackupRetentionPeriod: "0"');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('BackupRetentionPeriod: "7"'));
  });

  it('counts a parameter Default, but offers no fix that would drop the parameter', () => {
    const f = one(r, 'FromParameterDefault');
    assert.equal(textOf(r, f), 'BackupRetentionPeriod: !Ref RetentionWithDefault');
    assert.match(f.message, /BackupRetentionPeriod: 0, from a parameter's Default/);
    assert.equal(f.fix, undefined);
  });

  it('treats a point-in-time restore as a database of its own', () => {
    const f = one(r, 'LedgerRestored');
    assert.match(f.message, /^LedgerRestored \(a point-in-time restore\) has automated backups off/);
    assertFixRoundTrip(r, f);
  });

  it('is silent on defaults, unknown values, replicas, Aurora members and suppressed resources', () => {
    assertSilentOn(r, ID, ['Defaulted', 'Enabled', 'FromParameterNoDefault', 'FromCondition', 'EnabledReplica', 'AuroraWriter', 'AuroraCluster', 'Scratch']);
    assert.deepEqual(suppressedOn(r, ID), ['Scratch']);
  });
});

describe('RDS101 backup-disabled: exact fixed text', () => {
  it('YAML: replaces the value, comments kept', () => {
    assertFixesInto(lintFixtures('rules/RDS101/fix.yaml'), ID, 'Ledger', 'rules/RDS101/fix.yaml.fixed');
  });

  it('JSON: a quoted "0" and a number 0, each fixed in its own style', () => {
    const r = lintFixtures('rules/RDS101/fix.json');
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ['Ledger: "BackupRetentionPeriod": "0"', 'Journal: "BackupRetentionPeriod": 0']);
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
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'fires on standalone, restored and counted instances, in Terraform vocabulary');
    const f = one(r, 'aws_db_instance.ledger');
    assert.match(f.message, /^aws_db_instance\.ledger has automated backups off \(backup_retention_period = 0\)/);
    assert.equal(f.fix?.title, 'Set backup_retention_period = 7');
  });

  it('fixes in place, and not through a variable default', () => {
    const f = one(r, 'aws_db_instance.ledger');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('"backup_retention_period": 7,\n        "skip_final_snapshot": false'));
    assertFixRoundTrip(r, one(r, 'aws_db_instance.ledger_string'));
    assertFixRoundTrip(r, one(r, 'aws_db_instance.restored'));
    assert.match(one(r, 'aws_db_instance.from_variable_default').message, /from a variable's default/);
    assert.equal(one(r, 'aws_db_instance.from_variable_default').fix, undefined);
  });

  it('is silent on unknown variables, defaults, replicas; honours "//"', () => {
    assertSilentOn(r, ID, ['aws_db_instance.from_variable', 'aws_db_instance.defaulted', 'aws_db_instance.replica', 'aws_db_instance.scratch']);
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_instance.scratch']);
  });
});

describe('RDS101 backup-disabled: Terraform plan', () => {
  const r = lintFixtures('rules/RDS101/backups.plan.json');

  it('fires on the planned value, without a fix (a plan is not a source)', () => {
    const f = one(r, 'aws_db_instance.ledger');
    assert.equal(textOf(r, f), '"backup_retention_period": 0');
    assert.match(f.message, /backup_retention_period = 0/);
    assert.equal(f.fix, undefined);
    assert.deepEqual(on(r, 'aws_db_instance.journal'), []);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS101/fix.yaml', severity: 'error', count: 1, templateSuppression: { fixture: 'rules/RDS101/suppressed-template.yaml', suppressed: ['warning Scratch'] } });
describeDocExamples(ID, { fix: 'round-trip' });
