import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { fixture, readFixture, slice } from '../helpers';
import { assertFixRoundTrip, configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const RULE = 'RDS306';
const textAt = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => slice(r.documents.get(f.file)!.text, f.range);
const summary = (r: LintResult, findings: Finding[]) => findings.map((f) => `${f.resource} @ ${textAt(r, f)}`).sort();

describe('RDS306 replica-engine-mismatch: CloudFormation YAML', () => {
  const result = lintFixtures('rules/RDS306/replicas.yaml');
  const findings = findingsOf(result, RULE);
  const on = (id: string) => findings.find((f) => f.resource === id)!;

  it('fires on replicas whose engine differs from the source\'s (written or inherited); not on same, unknown, external or restores', () => {
    assert.deepEqual(summary(result, findings), [
      'Cascade @ Engine: mariadb',
      'WrongByParameter @ Engine: !Ref EngineDefault',
      'WrongEngine @ Engine: mysql',
    ]);
    for (const f of findings) assert.equal(f.severity, 'error');
  });

  it('messages and related information', () => {
    assert.match(on('WrongEngine').detail!, /^WrongEngine sets Engine: mysql, but it is a read replica of OrdersPrimary, which runs postgres: a replica always runs its source's engine.*Remove Engine from WrongEngine\.$/);
    assert.deepEqual(on('WrongEngine').related.map((r) => [textAt(result, r), r.message]), [['Engine: postgres', 'OrdersPrimary runs postgres']]);
    assert.match(said(on('Cascade')), /read replica of OrdersPrimaryReplica, which runs postgres/);
    assert.deepEqual(on('Cascade').related.map((r) => textAt(result, r)), ['OrdersPrimaryReplica'], 'an inherited engine is not written on the source');
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
    assert.equal(textAt(result, f), '"Engine": "mysql"');
    assert.equal(assertFixRoundTrip(result, f).get(fixture('rules/RDS306/replica.json')),
      readFixture('rules/RDS306/replica.json').replace('"DBInstanceClass": "db.m6g.large",\n        "Engine": "mysql"', '"DBInstanceClass": "db.m6g.large"'));
  });
});

describe('RDS306: Terraform JSON', () => {
  it('each counted replica; fix round trip', () => {
    const result = lintFixtures('rules/RDS306/replicas.tf.json');
    const findings = findingsOf(result, RULE);
    assert.deepEqual(summary(result, findings), [
      'aws_db_instance.replica[0] @ "engine": "mariadb"',
      'aws_db_instance.replica[1] @ "engine": "mariadb"',
    ]);
    assert.match(said(findings[0]), /sets engine = "mariadb", but it is a read replica of aws_db_instance\.primary, which runs mysql/);
    const fixed = assertFixRoundTrip(result, findings[0]).get(fixture('rules/RDS306/replicas.tf.json'))!;
    assert.equal(fixed, readFixture('rules/RDS306/replicas.tf.json').replace('"engine": "mariadb",\n        ', ''));
  });
});

describe('RDS306 configuration and docs', () => {
  it('severity override and off', () => {
    const file = fixture('rules/RDS306/replica.json');
    assert.deepEqual(findingsOf(lintFiles([file], configWith(RULE, { severity: 'warning' })), RULE).map((f) => f.severity), ['warning']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(RULE, { severity: 'off' })), RULE), []);
  });

  it('doc examples: failing fires, passing does not', () => {
    for (const kind of ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const) assert.equal(findingsOf(lintDocExample(RULE, kind), RULE).length, 1, kind);
    for (const kind of ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const) assert.deepEqual(findingsOf(lintDocExample(RULE, kind), RULE), [], kind);
  });
});
