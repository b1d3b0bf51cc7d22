import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { assertExpected, assertSilentOn, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, suppressedOn } from './harness';

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
    assert.match(on('OneSubnet')[0].message,
      /^Proxy OneSubnet lists only one subnet in VpcSubnetIds \(subnet-0a1b2c3d4e5f60001\): RDS Proxy needs subnets in at least two Availability Zones.*rejects the proxy.*Add a subnet in a second AZ in VpcSubnetIds\.$/);
    assert.match(on('NoSubnets')[0].message, /^Proxy NoSubnets has no VpcSubnetIds: .*List subnets in at least two AZs in VpcSubnetIds\.$/);
    assert.match(on('SameSubnetTwice')[0].message, /lists only one subnet in VpcSubnetIds \(SubnetB, listed 2 times\)/);
  });

  it('points at the subnets\' AZs when they all lie in one, parameter defaults included', () => {
    const [f] = on('OneAz');
    assert.match(f.message, /^Proxy OneAz lists 2 subnets in VpcSubnetIds, but all of them are in one Availability Zone \(us-east-1a\): .*Add a subnet in another AZ to VpcSubnetIds\.$/);
    assertExpected(f.related.map((x) => `${text(r, x)} | ${x.message}`), ID, 'points at the subnets\' AZs when they all lie in one, parameter defaults included');
  });

  it('is silent on two AZs, two ids, subnets known only by id, computed or AWS-chosen AZs, and computed lists', () => {
    assertSilentOn(r, ID, ['TwoAzs', 'TwoIds', 'DefinedAndId', 'ComputedAz', 'AzChosenByAws', 'ListFromParameter', 'ItemFromImport']);
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
    assert.match(one.message, /lists only one subnet in vpc_subnet_ids \(aws_subnet.a\)/);
    assert.match(az.message, /all of them are in one Availability Zone \(us-east-1a\)/);
    assertExpected(az.related.map((x) => `${text(r, x)} | ${x.message}`), ID, 'fires with Terraform names on aws_db_proxy, resolving aws_subnet AZs (2)');
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS501/proxies.json', severity: 'warning', count: 1 });

describeDocExamples(ID);
