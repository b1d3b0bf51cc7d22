import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { assertExpected, assertSilentOn, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, suppressedOn } from './harness';
import { said } from './said';

const ID = 'RDS501';
/**
 * The text a finding covers. A YAML block list's range ends after its last
 * line break (the parser's range), so trailing whitespace is not compared.
 */
const text = (r: LintResult, f: { file: string; range: Finding['range'] }) => r.documents.get(f.file)!.text.slice(f.range.start, f.range.end).trimEnd();
const summary = (r: LintResult) => findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`);

describe('RDS501 proxy-subnets: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS501/proxies.yaml');
  const on = (resource: string) => findingsOf(r, ID).filter((f) => f.resource === resource);

  it('fires on fewer than two subnets and on subnets defined here in one AZ, nothing else', () => {
    assertExpected(summary(r), ID, 'fires on fewer than two subnets and on subnets defined here in one AZ, nothing else');
    for (const f of findingsOf(r, ID)) {
      assert.equal(f.severity, 'error');
      assert.equal(f.fix, undefined);
    }
  });

  it('names the proxy, the subnets, the consequence and the remedy', () => {
    assert.equal(on('OneSubnet')[0].message, 'Proxy OneSubnet has one subnet: it needs two AZs, so RDS rejects it');
    assert.match(on('OneSubnet')[0].detail!,
      /^Proxy OneSubnet lists only one subnet in VpcSubnetIds \(subnet-0a1b2c3d4e5f60001\): RDS Proxy needs subnets in at least two Availability Zones.*rejects the proxy.*Add a subnet in a second AZ in VpcSubnetIds\.$/);
    assert.match(on('NoSubnets')[0].detail!, /^Proxy NoSubnets has no VpcSubnetIds: .*List subnets in at least two AZs in VpcSubnetIds\.$/);
    assert.match(said(on('SameSubnetTwice')[0]), /lists only one subnet in VpcSubnetIds \(SubnetB, listed 2 times\)/);
  });

  it('counts a one-item list as one subnet even when the item is unknown; a list parameter\'s value counts too', () => {
    assert.match(on('ItemFromParameter')[0].message, /^Proxy ItemFromParameter has one subnet: it needs two AZs/);
    assert.match(said(on('ItemFromParameter')[0]),
      /\nProxy ItemFromParameter lists only one subnet in VpcSubnetIds \(parameter SubnetNoDefault has no Default\): RDS Proxy needs subnets in at least two/);
    assert.match(said(on('ItemFromImport')[0]), /lists only one subnet in VpcSubnetIds \(computed by Fn::ImportValue\)/);
    assert.match(said(on('ListParameterWithOneSubnet')[0]),
      /\nProxy ListParameterWithOneSubnet lists only one subnet in VpcSubnetIds \(subnet-0a1b2c3d4e5f60009\).* Deployed with OneSubnetByDefault=subnet-0a1b2c3d4e5f60009, the parameter's default\.$/);
  });

  it('points at the subnets\' AZs when they all lie in one, parameter defaults included', () => {
    const [f] = on('OneAz');
    assert.match(f.detail!, /^Proxy OneAz lists 2 subnets in VpcSubnetIds, but all of them are in one Availability Zone \(us-east-1a\): .*Add a subnet in another AZ to VpcSubnetIds\.$/);
    assertExpected(f.related.map((x) => `${text(r, x)} | ${x.message}`), ID, 'points at the subnets\' AZs when they all lie in one, parameter defaults included');
  });

  it('is silent on two AZs, two ids, subnets known only by id, computed or AWS-chosen AZs, and computed lists', () => {
    assertSilentOn(r, ID, ['TwoAzs', 'TwoIds', 'DefinedAndId', 'ComputedAz', 'AzChosenByAws', 'ListFromParameter', 'TwoItemsOneUnknown', 'ItemsMaybeAbsent']);
  });
});

describe('RDS501 proxy-subnets: CloudFormation JSON', () => {
  const r = lintFixtures('rules/RDS501/proxies.json');
  it('fires on one AZ and honours Metadata suppression by rule name', () => {
    assert.deepEqual(summary(r), ['OneAz: "VpcSubnetIds": [{"Ref": "SubnetA"}, {"Ref": "SubnetA2"}]']);
    assert.deepEqual(findingsOf(r, ID)[0].related.map((x) => text(r, x)), ['"AvailabilityZone": "eu-west-1a"', '"AvailabilityZone": "eu-west-1a"']);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS501 proxy-subnets: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS501/proxies.tf.json');
  it('fires with Terraform names on aws_db_proxy, resolving aws_subnet AZs', () => {
    assertExpected(summary(r), ID, 'fires with Terraform names on aws_db_proxy, resolving aws_subnet AZs');
    const [one, az] = findingsOf(r, ID);
    assert.match(said(one), /lists only one subnet in vpc_subnet_ids \(aws_subnet.a\)/);
    assert.match(said(az), /all of them are in one Availability Zone \(us-east-1a\)/);
    assertExpected(az.related.map((x) => `${text(r, x)} | ${x.message}`), ID, 'fires with Terraform names on aws_db_proxy, resolving aws_subnet AZs (2)');
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS501/proxies.json', severity: 'warning', count: 1 });

describeDocExamples(ID);
