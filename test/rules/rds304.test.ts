import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/lint';
import { fixture, readFixture } from '../helpers';
import { applyEdits, assertExpected, assertFiresAtSorted, assertFixRoundTrip, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, sortedAt, textOf } from './harness';

const RULE = 'RDS304';

describe('RDS304 replica-conflicting-properties: CloudFormation YAML', () => {
  const result = lintFixtures('rules/RDS304/replicas.yaml');
  const findings = findingsOf(result, RULE);
  const at = (text: string) => findings.find((f) => textOf(result, f).startsWith(text))!;

  it('one error per conflicting property of a replica; not on sources, PITR restores or AWS::NoValue', () => {
    assertFiresAtSorted(result, RULE, 'one error per conflicting property of a replica; not on sources, PITR restores or AWS::NoValue', 'error');
  });

  it('messages name the property and its value, but never a password', () => {
    assert.match(at('MasterUsername').message, /^OrdersReplica is a read replica of OrdersPrimary but also sets MasterUsername: orders_admin: a replica takes its master credentials from its source/);
    assert.match(at('MasterUserPassword').message, /also sets MasterUserPassword: a replica takes/);
    assert.match(at('DBSnapshotIdentifier').message, /DBSnapshotIdentifier: orders-2024-06-01: a replica is built from its source's data, not from a snapshot.*Remove DBSnapshotIdentifier\.$/);
  });

  it('fix removes the property: exact YAML, comments kept; the other two findings remain', () => {
    const f = at('MasterUsername');
    assert.equal(f.fix?.title, 'Remove MasterUsername from OrdersReplica');
    const file = fixture('rules/RDS304/replicas.yaml');
    const fixed = applyEdits(readFixture('rules/RDS304/replicas.yaml'), f.fix!.edits);
    assert.equal(fixed, readFixture('rules/RDS304/replicas.yaml').replace(
      '      # copied from the primary by mistake\n      MasterUsername: orders_admin\n',
      '      # copied from the primary by mistake\n',
    ));
    const after = lintDocuments([{ uri: file, text: fixed }]);
    assertExpected(sortedAt(after, findingsOf(after, RULE)), RULE, 'fix removes the property: exact YAML, comments kept; the other two findings remain');
  });

  it('fix round trip on a replica with one conflicting property (trailing comment goes with its line)', () => {
    const f = findings.find((x) => x.resource === 'SnapshotReplica')!;
    assert.equal(assertFixRoundTrip(result, f).get(fixture('rules/RDS304/replicas.yaml')), readFixture('rules/RDS304/replicas.yaml').replace(
      '      DBSnapshotIdentifier: orders-2024-06-01     # replicas are not restored from snapshots\n', ''));
  });

  it('applying every fix, one after the other, leaves a replica RDS304 accepts', () => {
    const file = fixture('rules/RDS304/replicas.yaml');
    let text = readFixture('rules/RDS304/replicas.yaml');
    for (let round = 0; round < 3; round++) {
      const [next] = findingsOf(lintDocuments([{ uri: file, text }]), RULE);
      text = applyEdits(text, next.fix!.edits);
    }
    assert.deepEqual(findingsOf(lintDocuments([{ uri: file, text }]), RULE).map((f) => f.resource), ['SnapshotReplica']);
    assert.match(text, /OrdersReplica:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      SourceDBInstanceIdentifier: !Ref OrdersPrimary\n      DBInstanceClass: db.m6g.large\n      # copied from the primary by mistake\n  SnapshotReplica:/);
  });
});

describe('RDS304: CloudFormation JSON', () => {
  it('fix removes the property and its comma: exact JSON', () => {
    const result = lintFixtures('rules/RDS304/replica.json');
    const [f] = findingsOf(result, RULE);
    assert.equal(textOf(result, f), '"MasterUsername": "admin"');
    assert.equal(assertFixRoundTrip(result, f).get(fixture('rules/RDS304/replica.json')),
      readFixture('rules/RDS304/replica.json').replace('"MasterUsername": "admin",\n        ', ''));
  });
});

describe('RDS304: Terraform JSON', () => {
  const result = lintFixtures('rules/RDS304/replicas.tf.json');
  const findings = findingsOf(result, RULE);
  const file = fixture('rules/RDS304/replicas.tf.json');
  const original = readFixture('rules/RDS304/replicas.tf.json');

  it('credentials, snapshot_identifier and final_snapshot_identifier on replicas; not on the source, a PITR restore or a variable that may be null', () => {
    assertExpected(sortedAt(result, findings), RULE, 'credentials, snapshot_identifier and final_snapshot_identifier on replicas; not on the source, a PITR restore or a variable that may be null');
    const password = findings.find((f) => textOf(result, f).startsWith('"password"'))!;
    assert.match(password.message, /also sets password: a replica takes its master credentials/);
    assert.doesNotMatch(password.message, /not-a-real-secret/);
  });

  it('final_snapshot_identifier: remove it and turn skip_final_snapshot on', () => {
    const copied = findings.find((f) => f.resource === 'aws_db_instance.copied' && textOf(result, f).startsWith('"final'))!;
    assert.match(copied.message, /RDS takes no final snapshot of a replica.*Remove final_snapshot_identifier and set skip_final_snapshot = true\.$/);
    assert.equal(copied.fix?.title, 'Remove final_snapshot_identifier from aws_db_instance.copied and set skip_final_snapshot = true');
    assert.equal(applyEdits(original, copied.fix!.edits), original.replace(
      '"skip_final_snapshot": false,\n        "final_snapshot_identifier": "copied-final",\n',
      '"skip_final_snapshot": true,\n',
    ));

    const last = findings.find((f) => f.resource === 'aws_db_instance.final_last')!;
    assert.equal(assertFixRoundTrip(result, last).get(file), original.replace(
      '"instance_class": "db.m6g.large",\n        "final_snapshot_identifier": "final-last-final"\n',
      '"instance_class": "db.m6g.large",\n        "skip_final_snapshot": true\n',
    ));

    const skipping = findings.find((f) => f.resource === 'aws_db_instance.already_skipping')!;
    assert.match(skipping.message, /Remove final_snapshot_identifier\.$/);
    assert.equal(skipping.fix?.title, 'Remove final_snapshot_identifier from aws_db_instance.already_skipping');
    assert.equal(assertFixRoundTrip(result, skipping).get(file), original.replace(
      '"skip_final_snapshot": true,\n        "final_snapshot_identifier": "already-skipping-final"\n',
      '"skip_final_snapshot": true\n',
    ));
  });

  it('every fix keeps valid JSON; all of aws_db_instance.copied\'s fixes together clear it', () => {
    for (const f of findings) JSON.parse(applyEdits(original, f.fix!.edits));
    let text = original;
    for (let round = 0; round < 4; round++) {
      const next = findingsOf(lintDocuments([{ uri: file, text }]), RULE).find((f) => f.resource === 'aws_db_instance.copied')!;
      text = applyEdits(text, next.fix!.edits);
    }
    assert.deepEqual(findingsOf(lintDocuments([{ uri: file, text }]), RULE).filter((f) => f.resource === 'aws_db_instance.copied'), []);
    assert.deepEqual(findingsOf(lintDocuments([{ uri: file, text }]), 'RDS105').filter((f) => f.resource === 'aws_db_instance.copied'), [], 'a replica with skip_final_snapshot = true is fine for RDS105 too');
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS304/replica.json', severity: 'warning', count: 1 });
describeDocExamples(RULE);
