import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/lint';
import { fixture, readFixture } from '../helpers';
import { assertExpected, assertFixRoundTrip, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, textOf } from './harness';

const RULE = 'RDS201';
const byResource = (findings: Finding[]) => new Map(findings.map((f) => [f.resource!, f]));

describe('RDS201 no-multi-az: CloudFormation', () => {
  const result = lintFixtures('rules/RDS201/standalone.yaml');
  const findings = findingsOf(result, RULE);
  const by = byResource(findings);

  it('fires on exactly the standalone Single-AZ instances', () => {
    assertExpected([...by.keys()].sort(), RULE, 'fires on exactly the standalone Single-AZ instances');
    for (const f of findings) assert.equal(f.severity, 'warning');
  });

  it('points at the logical id when MultiAZ is absent, at `MultiAZ: ...` when written', () => {
    assert.equal(textOf(result, by.get('OrdersDb')!), 'OrdersDb');
    assert.equal(textOf(result, by.get('ExplicitFalse')!), 'MultiAZ: false');
    assert.equal(textOf(result, by.get('QuotedFalse')!), 'MultiAZ: "false"');
    assert.equal(textOf(result, by.get('ParameterDefaultFalse')!), 'MultiAZ: !Ref MultiAzDefaultFalse');
    assert.equal(textOf(result, by.get('PitrRestore')!), 'PitrRestore');
  });

  it('names the resource, the value, the consequence and the remedy in CloudFormation words', () => {
    const absent = by.get('OrdersDb')!.message;
    assert.match(absent, /^OrdersDb is a Single-AZ DB instance \(MultiAZ is not set and defaults to false\)/);
    assert.match(absent, /database is down until RDS replaces the host/);
    assert.match(absent, /Set MultiAZ: true/);
    assert.match(by.get('ExplicitFalse')!.message, /\(MultiAZ: false\)/);
    assert.match(by.get('ParameterDefaultFalse')!.message, /through a parameter's Default/);
    assert.doesNotMatch(absent, /multi_az/);
  });

  it('does not ask replicas, Aurora members, RDS Custom for Oracle or unknown values for Multi-AZ', () => {
    for (const id of ['MultiAzOn', 'QuotedTrue', 'ConditionalMultiAz', 'ParameterWithoutDefault', 'OrdersReplica', 'AuroraMember1', 'CustomOracle', 'EngineUnknown']) {
      assert.equal(by.has(id), false, id);
    }
  });

  it('offers MultiAZ: true for literals and absences, and no fix that would overwrite a parameter reference', () => {
    for (const id of ['OrdersDb', 'ExplicitFalse', 'QuotedFalse', 'PitrRestore']) assert.equal(by.get(id)!.fix?.title, 'Set MultiAZ: true', id);
    assert.equal(by.get('ParameterDefaultFalse')!.fix, undefined);
  });

  it('fix round trip on every fixable finding of the file', () => {
    for (const f of findings) if (f.fix) assertFixRoundTrip(result, f);
  });
});

describe('RDS201 fixes: exact text', () => {
  it('YAML: inserts `MultiAZ: true` after the last property and keeps comments; replaces "false" keeping its quotes', () => {
    const result = lintFixtures('rules/RDS201/fix.yaml');
    const by = byResource(findingsOf(result, RULE));
    const file = fixture('rules/RDS201/fix.yaml');
    const inserted = assertFixRoundTrip(result, by.get('OrdersDb')!).get(file);
    assert.equal(inserted, readFixture('rules/RDS201/fix.yaml').replace(
      '      BackupRetentionPeriod: 7   # a week of PITR\n',
      '      BackupRetentionPeriod: 7   # a week of PITR\n      MultiAZ: true\n',
    ));
    const replaced = assertFixRoundTrip(result, by.get('ReportingDb')!).get(file);
    assert.equal(replaced, readFixture('rules/RDS201/fix.yaml').replace('MultiAZ: "false"  # decided in 2023', 'MultiAZ: "true"  # decided in 2023'));
  });

  it('JSON: inserts `"MultiAZ": true` with the file\'s indentation; replaces false and "false"', () => {
    const result = lintFixtures('rules/RDS201/fix.json');
    const by = byResource(findingsOf(result, RULE));
    const file = fixture('rules/RDS201/fix.json');
    const original = readFixture('rules/RDS201/fix.json');
    assert.equal(assertFixRoundTrip(result, by.get('OrdersDb')!).get(file), original.replace(
      '"DBInstanceClass": "db.m6g.large"\n      }\n    },\n    "ReportingDb"',
      '"DBInstanceClass": "db.m6g.large",\n        "MultiAZ": true\n      }\n    },\n    "ReportingDb"',
    ));
    assert.equal(textOf(result, by.get('ReportingDb')!), '"MultiAZ": false');
    assert.equal(assertFixRoundTrip(result, by.get('ReportingDb')!).get(file), original.replace('"MultiAZ": false', '"MultiAZ": true'));
    assert.equal(assertFixRoundTrip(result, by.get('AuditDb')!).get(file), original.replace('"MultiAZ": "false"', '"MultiAZ": "true"'));
  });
});

describe('RDS201 no-multi-az: Terraform JSON', () => {
  const result = lintFixtures('rules/RDS201/instances.tf.json');
  const findings = findingsOf(result, RULE);
  const by = byResource(findings);

  it('fires on standalone and PITR-restored instances, variable defaults included; not on replicas, members or unknowns', () => {
    assertExpected([...by.keys()].sort(), RULE, 'fires on standalone and PITR-restored instances, variable defaults included; not on replicas, members or unknowns');
  });

  it('speaks Terraform: multi_az = true, ranges on the block label or the attribute', () => {
    const orders = by.get('aws_db_instance.orders')!;
    assert.equal(textOf(result, orders), '"orders"');
    assert.match(orders.message, /^aws_db_instance\.orders is a Single-AZ DB instance \(multi_az is not set and defaults to false\)/);
    assert.match(orders.message, /Set multi_az = true/);
    assert.doesNotMatch(orders.message, /MultiAZ/);
    assert.equal(textOf(result, by.get('aws_db_instance.reporting')!), '"multi_az": false');
    assert.match(by.get('aws_db_instance.reporting')!.message, /\(multi_az = false\)/);
    assert.match(by.get('aws_db_instance.from_variable')!.message, /through a variable's default/);
    assert.equal(by.get('aws_db_instance.from_variable')!.fix, undefined);
  });

  it('fix round trip: insert and replace', () => {
    for (const id of ['aws_db_instance.orders', 'aws_db_instance.reporting', 'aws_db_instance.restored']) {
      const f = by.get(id)!;
      assert.equal(f.fix?.title, 'Set multi_az = true');
      const fixed = assertFixRoundTrip(result, f).get(fixture('rules/RDS201/instances.tf.json'))!;
      JSON.parse(fixed);
    }
  });
});

describe('RDS201 no-multi-az: Terraform plan JSON', () => {
  const result = lintFixtures('rules/RDS201/single-az.plan.json');
  const findings = findingsOf(result, RULE);

  it('fires on the planned Single-AZ instance only, at its multi_az value, without a fix (a plan is generated)', () => {
    assert.deepEqual(findings.map((f) => f.resource), ['aws_db_instance.orders']);
    assert.equal(textOf(result, findings[0]), '"multi_az": false');
    assert.equal(findings[0].fix, undefined);
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS201/fix.yaml', severity: 'error', count: 2 });
describeDocExamples(RULE);
