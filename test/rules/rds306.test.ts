import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture, readFixture } from '../helpers';
import { assertExpected, assertFixRoundTrip, describeConfiguration, describeDocExamples, describeFixture, findingsOf, lintFixtures, sortedAt, textOf } from './harness';
import { said } from './said';

const RULE = 'RDS306';

describeFixture(RULE, 'RDS306 replica-engine-mismatch: CloudFormation YAML', 'rules/RDS306/replicas.yaml', { fires: 'fires on replicas whose engine differs from the source\'s (written or inherited); not on same, unknown, external or restores', severity: 'error', sorted: true }, ({ result, findings, on }) => {
  it('messages and related information', () => {
    assert.match(on('WrongEngine').detail!, /^WrongEngine sets Engine: mysql, but it is a read replica of OrdersPrimary, which runs postgres: a replica always runs its source's engine.*Remove Engine from WrongEngine\.$/);
    assert.deepEqual(on('WrongEngine').related.map((r) => [textOf(result, r), r.message]), [['Engine: postgres', 'OrdersPrimary runs postgres']]);
    assert.match(said(on('Cascade')), /read replica of OrdersPrimaryReplica, which runs postgres/);
    assert.deepEqual(on('Cascade').related.map((r) => textOf(result, r)), ['OrdersPrimaryReplica'], 'an inherited engine is not written on the source');
  });

  it('fix removes Engine: exact YAML (comment goes with the line), round trip for all', () => {
    const f = on('WrongEngine');
    assert.equal(f.fix?.title, 'Remove Engine from WrongEngine');
    assert.equal(assertFixRoundTrip(result, f).get(fixture('rules/RDS306/replicas.yaml')),
      readFixture('rules/RDS306/replicas.yaml').replace('      Engine: mysql   # copy-paste from the shop stack\n', ''));
    for (const other of findings) assertFixRoundTrip(result, other);
  });
});

describe('RDS306: CloudFormation JSON', () => {
  it('fix removes the last property and the comma before it: exact JSON', () => {
    const result = lintFixtures('rules/RDS306/replica.json');
    const [f] = findingsOf(result, RULE);
    assert.equal(textOf(result, f), '"Engine": "mysql"');
    assert.equal(assertFixRoundTrip(result, f).get(fixture('rules/RDS306/replica.json')),
      readFixture('rules/RDS306/replica.json').replace('"DBInstanceClass": "db.m6g.large",\n        "Engine": "mysql"', '"DBInstanceClass": "db.m6g.large"'));
  });
});

describe('RDS306: Terraform JSON', () => {
  it('each counted replica; fix round trip', () => {
    const result = lintFixtures('rules/RDS306/replicas.tf.json');
    const findings = findingsOf(result, RULE);
    assertExpected(sortedAt(result, findings), RULE, 'each counted replica; fix round trip');
    assert.match(said(findings[0]), /sets engine = "mariadb", but it is a read replica of aws_db_instance\.primary, which runs mysql/);
    const fixed = assertFixRoundTrip(result, findings[0]).get(fixture('rules/RDS306/replicas.tf.json'))!;
    assert.equal(fixed, readFixture('rules/RDS306/replicas.tf.json').replace('"engine": "mariadb",\n        ', ''));
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS306/replica.json', severity: 'warning', count: 1 });
describeDocExamples(RULE);
