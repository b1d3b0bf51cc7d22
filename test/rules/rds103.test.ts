import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertExpected, assertFixedAs, assertFixRoundTrip, assertSilentOn, describeConfiguration, describeDocExamples, describeFixture, findingsOf, findingsOn, lintFixtures, suppressedOn, textOf } from './harness';
import { said } from './said';

const ID = 'RDS103';
const { on, one } = findingsOn(ID);

describeFixture(ID, 'RDS103 replica-source-without-backups: CloudFormation YAML', 'rules/RDS103/replicas.yaml', { fires: 'fires on replicas whose source (standalone, restored or a replica) has retention 0, only', severity: 'error' }, ({ result: r }) => {
  it('names replica, source, value, consequence and remedy; relates the source\'s retention; fixes the source', () => {
    const f = one(r, 'Replica');
    assert.equal(f.message, "Replica's source has backups off: RDS refuses to create the replica");
    assert.equal(f.detail, "Primary has BackupRetentionPeriod: 0: RDS refuses to create a read replica from a source without automated backups, so the deployment fails. Set Primary's retention to 1-35 days.");
    assert.equal(f.related.length, 1);
    assert.equal(textOf(r, f.related[0]), 'BackupRetentionPeriod: 0');
    assert.match(said(f.related[0]), /Primary turns automated backups off here/);
    assert.equal(f.fix?.title, 'Set BackupRetentionPeriod: 7 on Primary');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('      BackupRetentionPeriod: 7 # saves storage\n  Replica:'));
  });

  it('asks a replica that feeds another replica for backups, keeping a quoted value quoted', () => {
    const f = one(r, 'ChainLeaf');
    assert.match(f.message, /^ChainLeaf's source has backups off/);
    assert.match(f.detail!, /^ChainMiddle \(itself a replica\) has BackupRetentionPeriod: 0/);
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('BackupRetentionPeriod: "7"'));
    assert.deepEqual(on(r, 'ChainMiddle'), [], 'its own source has backups');
  });

  it('counts a parameter Default at the source, without a fix', () => {
    const f = one(r, 'ParameterReplica');
    assert.match(said(f), /BackupRetentionPeriod: 0, from a parameter's Default/);
    assert.equal(f.fix, undefined);
  });

  it('treats a point-in-time restore as a source like any standalone instance', () => {
    assertFixRoundTrip(r, one(r, 'RestoredReplica'));
  });

  it('is silent on PITR restores (not replicas), unknown or default retention, sources elsewhere, suppressions', () => {
    assertSilentOn(r, ID, ['PitrOfPrimary', 'UnknownSourceReplica', 'DefaultSourceReplica', 'ElsewhereReplica', 'SuppressedReplica', 'Primary', 'Restored']);
    assert.deepEqual(suppressedOn(r, ID), ['SuppressedReplica']);
  });
});

describe('RDS103 replica-source-without-backups: across files', () => {
  it('finds the source in another file and fixes that file', () => {
    const r = lintFixtures('rules/RDS103/cross-file/replica.yaml', 'rules/RDS103/cross-file/source-without-backups.yaml');
    const f = one(r, 'OrdersReporting');
    assert.match(f.file, /replica\.yaml$/);
    assert.equal(textOf(r, f), 'SourceDBInstanceIdentifier: orders-primary');
    assert.match(f.related[0].file, /source-without-backups\.yaml$/);
    assert.equal(textOf(r, f.related[0]), 'BackupRetentionPeriod: 0');
    assert.deepEqual(f.fix?.edits.map((e) => e.file.replace(/.*\//, '')), ['source-without-backups.yaml']);
    const fixed = assertFixRoundTrip(r, f);
    const source = [...fixed].find(([uri]) => uri.endsWith('source-without-backups.yaml'))![1];
    assert.equal(source, `AWSTemplateFormatVersion: "2010-09-09"
Description: The orders primary, in its own stack, backups off
Resources:
  OrdersPrimary:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceIdentifier: orders-primary
      Engine: postgres
      DBInstanceClass: db.m6g.large
      # Turned off during the migration.
      BackupRetentionPeriod: 7
      MultiAZ: true
`);
  });

  it('is silent when the source in the other file keeps the default retention', () => {
    const r = lintFixtures('rules/RDS103/cross-file/replica.yaml', 'rules/RDS103/cross-file/source.yaml');
    assert.deepEqual(findingsOf(r, ID), []);
  });

  it('is silent when the source is not among the analyzed files', () => {
    assert.deepEqual(findingsOf(lintFixtures('rules/RDS103/cross-file/replica.yaml'), ID), []);
  });
});

describe('RDS103 replica-source-without-backups: CloudFormation JSON', () => {
  it('fixes the source, exact text', () => {
    const r = lintFixtures('rules/RDS103/replicas.json');
    const f = one(r, 'Replica');
    assert.equal(textOf(r, f), '"SourceDBInstanceIdentifier": {"Ref": "Primary"}');
    assert.equal(textOf(r, f.related[0]), '"BackupRetentionPeriod": 0');
    assertFixedAs(r, f, 'rules/RDS103/replicas.json.fixed');
  });
});

describe('RDS103 replica-source-without-backups: Terraform', () => {
  it('Terraform JSON: every counted replica, variable defaults, not restores', () => {
    const r = lintFixtures('rules/RDS103/replicas.tf.json');
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'Terraform JSON: every counted replica, variable defaults, not restores');
    const f = one(r, 'aws_db_instance.replica[0]');
    assert.match(said(f), /aws_db_instance\.primary has backup_retention_period = 0/);
    assert.equal(f.fix?.title, 'Set backup_retention_period = 7 on aws_db_instance.primary');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('"backup_retention_period": 7\n'));
    assert.equal(one(r, 'aws_db_instance.variable_replica').fix, undefined);
    assert.deepEqual(on(r, 'aws_db_instance.restored'), []);
    assert.deepEqual(r.suppressed.filter((x) => x.ruleId === ID).map((x) => x.resource), ['aws_db_instance.suppressed']);
  });

  it('plan: links by identifier, reports without a fix', () => {
    const r = lintFixtures('rules/RDS103/replicas.plan.json');
    const f = one(r, 'aws_db_instance.replica');
    assert.equal(textOf(r, f), '"replicate_source_db": "orders-primary"');
    assert.equal(textOf(r, f.related[0]), '"backup_retention_period": 0');
    assert.equal(f.fix, undefined);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS103/replicas.json', severity: 'warning', count: 1, templateSuppression: { fixture: 'rules/RDS103/suppressed-template.yaml', suppressed: ['error Replica'] } });
describeDocExamples(ID, { fix: 'round-trip' });
