import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { fixture } from '../helpers';
import { assertFixRoundTrip, configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const ID = 'RDS103';
const text = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => r.documents.get(f.file)!.text.slice(f.range.start, f.range.end);
const on = (r: LintResult, resource: string): Finding[] => findingsOf(r, ID).filter((f) => f.resource === resource);
const one = (r: LintResult, resource: string): Finding => {
  const found = on(r, resource);
  assert.equal(found.length, 1, `one ${ID} finding on ${resource}`);
  return found[0];
};

describe('RDS103 replica-source-without-backups: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS103/replicas.yaml');

  it('fires on replicas whose source (standalone, restored or a replica) has retention 0, only', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'Replica: SourceDBInstanceIdentifier: !Ref Primary',
      'ChainLeaf: SourceDBInstanceIdentifier: !Ref ChainMiddle',
      'ParameterReplica: SourceDBInstanceIdentifier: !Ref ParameterSource',
      'RestoredReplica: SourceDBInstanceIdentifier: !Ref Restored',
    ]);
    for (const f of findingsOf(r, ID)) assert.equal(f.severity, 'error');
  });

  it('names replica, source, value, consequence and remedy; relates the source\'s retention; fixes the source', () => {
    const f = one(r, 'Replica');
    assert.equal(f.message, "Replica's source has backups off: RDS refuses to create the replica");
    assert.equal(f.detail, "Primary has BackupRetentionPeriod: 0: RDS refuses to create a read replica from a source without automated backups, so the deployment fails. Set Primary's retention to 1-35 days.");
    assert.equal(f.related.length, 1);
    assert.equal(text(r, f.related[0]), 'BackupRetentionPeriod: 0');
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
    for (const id of ['PitrOfPrimary', 'UnknownSourceReplica', 'DefaultSourceReplica', 'ElsewhereReplica', 'SuppressedReplica', 'Primary', 'Restored']) {
      assert.deepEqual(on(r, id), [], id);
    }
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['SuppressedReplica']);
  });
});

describe('RDS103 replica-source-without-backups: across files', () => {
  it('finds the source in another file and fixes that file', () => {
    const r = lintFixtures('rules/RDS103/cross-file/replica.yaml', 'rules/RDS103/cross-file/source-without-backups.yaml');
    const f = one(r, 'OrdersReporting');
    assert.match(f.file, /replica\.yaml$/);
    assert.equal(text(r, f), 'SourceDBInstanceIdentifier: orders-primary');
    assert.match(f.related[0].file, /source-without-backups\.yaml$/);
    assert.equal(text(r, f.related[0]), 'BackupRetentionPeriod: 0');
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
    assert.equal(text(r, f), '"SourceDBInstanceIdentifier": {"Ref": "Primary"}');
    assert.equal(text(r, f.related[0]), '"BackupRetentionPeriod": 0');
    assert.equal(assertFixRoundTrip(r, f).get(f.file), `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Primary": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": {
        "Engine": "postgres",
        "DBInstanceClass": "db.m6g.large",
        "BackupRetentionPeriod": 7
      }
    },
    "Replica": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": {
        "SourceDBInstanceIdentifier": {"Ref": "Primary"},
        "DBInstanceClass": "db.m6g.large"
      }
    }
  }
}
`);
  });
});

describe('RDS103 replica-source-without-backups: Terraform', () => {
  it('Terraform JSON: every counted replica, variable defaults, not restores', () => {
    const r = lintFixtures('rules/RDS103/replicas.tf.json');
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'aws_db_instance.replica[0]: "replicate_source_db": "${aws_db_instance.primary.identifier}"',
      'aws_db_instance.replica[1]: "replicate_source_db": "${aws_db_instance.primary.identifier}"',
      'aws_db_instance.variable_replica: "replicate_source_db": "${aws_db_instance.variable_source.identifier}"',
    ]);
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
    assert.equal(text(r, f), '"replicate_source_db": "orders-primary"');
    assert.equal(text(r, f.related[0]), '"backup_retention_period": 0');
    assert.equal(f.fix, undefined);
  });
});

describe('RDS103 replica-source-without-backups: doc examples', () => {
  it('the failing examples fire, the passing ones do not', () => {
    for (const kind of ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const) {
      const r = lintDocExample(ID, kind);
      assert.equal(findingsOf(r, ID).length, 1, kind);
      assertFixRoundTrip(r, findingsOf(r, ID)[0]);
    }
    for (const kind of ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const) assert.deepEqual(findingsOf(lintDocExample(ID, kind), ID), [], kind);
  });
});

describe('RDS103 replica-source-without-backups: configuration and suppression', () => {
  const file = fixture('rules', 'RDS103', 'replicas.json');

  it('takes a configured severity, or none when off', () => {
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'warning' })), ID).map((f) => f.severity), ['warning']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'off' })), ID), []);
  });

  it('honours template-level Metadata', () => {
    const r = lintFixtures('rules/RDS103/suppressed-template.yaml');
    assert.deepEqual(findingsOf(r, ID), []);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Replica']);
  });
});
