import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/lint';
import { fixture, readFixture } from '../helpers';
import { assertFixRoundTrip, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, textOf } from './harness';

const RULE = 'RDS202';
const byResource = (findings: Finding[]) => new Map(findings.map((f) => [f.resource!, f]));

describe('RDS202 multi-az-with-availability-zone: CloudFormation YAML', () => {
  const result = lintFixtures('rules/RDS202/pinned.yaml');
  const findings = findingsOf(result, RULE);
  const by = byResource(findings);

  it('fires on Multi-AZ instances that pin an AZ, whatever the AZ value; not on Single-AZ, false, unknown or AWS::NoValue', () => {
    assert.deepEqual([...by.keys()].sort(), ['ComputedAz', 'ConditionalAzAlwaysSet', 'OrdersDb', 'ParameterAz']);
    for (const f of findings) assert.equal(f.severity, 'error');
  });

  it('points at the whole AvailabilityZone property', () => {
    assert.equal(textOf(result, by.get('OrdersDb')!), 'AvailabilityZone: us-east-1a');
    assert.equal(textOf(result, by.get('ComputedAz')!), 'AvailabilityZone: !Select [0, !GetAZs ""]');
    assert.equal(textOf(result, by.get('ParameterAz')!), 'AvailabilityZone: !Ref Az');
    assert.equal(textOf(result, by.get('ConditionalAzAlwaysSet')!), 'AvailabilityZone: !If [SingleAz, us-east-1a, us-east-1b]');
  });

  it('says what is wrong, why and what to do', () => {
    const m = by.get('OrdersDb')!.message;
    assert.match(m, /^OrdersDb has MultiAZ: true and also pins AvailabilityZone: us-east-1a/);
    assert.match(m, /rejects a request that pins one, so the deployment fails/);
    assert.match(m, /Remove AvailabilityZone/);
    assert.match(by.get('ParameterAz')!.message, /pins AvailabilityZone \(parameter Az has no Default\)/);
  });

  it('fix removes the property: exact text, comment above kept, round trip', () => {
    const f = by.get('OrdersDb')!;
    assert.equal(f.fix?.title, 'Remove AvailabilityZone from OrdersDb');
    const fixed = assertFixRoundTrip(result, f).get(fixture('rules/RDS202/pinned.yaml'));
    assert.equal(fixed, readFixture('rules/RDS202/pinned.yaml').replace('      AvailabilityZone: us-east-1a\n      BackupRetentionPeriod: 7\n', '      BackupRetentionPeriod: 7\n'));
    for (const other of findings) assertFixRoundTrip(result, other);
  });
});

describe('RDS202: CloudFormation JSON', () => {
  const result = lintFixtures('rules/RDS202/pinned.json');
  const by = byResource(findingsOf(result, RULE));
  const original = readFixture('rules/RDS202/pinned.json');
  const file = fixture('rules/RDS202/pinned.json');

  it('removes a middle property with its comma, and a last property with the comma before it', () => {
    assert.equal(textOf(result, by.get('OrdersDb')!), '"AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}');
    assert.equal(assertFixRoundTrip(result, by.get('OrdersDb')!).get(file),
      original.replace('"AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},\n        ', ''));
    assert.equal(assertFixRoundTrip(result, by.get('LastProperty')!).get(file),
      original.replace('"MultiAZ": true,\n        "AvailabilityZone": "us-east-1b"', '"MultiAZ": true'));
  });
});

describe('RDS202: Terraform JSON', () => {
  const result = lintFixtures('rules/RDS202/pinned.tf.json');
  const by = byResource(findingsOf(result, RULE));

  it('fires with a literal zone or a computed one that cannot be null; a variable that is (or may be) null is no zone', () => {
    assert.deepEqual([...by.keys()].sort(), ['aws_db_instance.orders', 'aws_db_instance.templated_az']);
    assert.equal(textOf(result, by.get('aws_db_instance.templated_az')!), '"availability_zone": "${var.region}a"');
    const f = by.get('aws_db_instance.orders')!;
    assert.equal(textOf(result, f), '"availability_zone": "us-east-1a"');
    assert.match(f.message, /multi_az = true and also pins availability_zone = "us-east-1a"/);
    assert.equal(f.fix?.title, 'Remove availability_zone from aws_db_instance.orders');
    for (const finding of by.values()) JSON.parse(assertFixRoundTrip(result, finding).get(fixture('rules/RDS202/pinned.tf.json'))!);
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS202/pinned.json', severity: 'warning', count: 2 });
describeDocExamples(RULE);
