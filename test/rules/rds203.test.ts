import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slice } from '../helpers';
import { assertExpected, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, textOf } from './harness';

const RULE = 'RDS203';

describe('RDS203 standby-not-readable: CloudFormation', () => {
  const result = lintFixtures('rules/RDS203/endpoints.yaml');
  const findings = findingsOf(result, RULE);

  it('fires only on the READ_ONLY endpoint whose proxy targets instances only', () => {
    assert.deepEqual(findings.map((f) => f.resource), ['InstanceReader']);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].resourceType, 'AWS::RDS::DBProxyEndpoint');
  });

  it('points at TargetRole and explains the missing reader', () => {
    const f = findings[0];
    assert.equal(textOf(result, f), 'TargetRole: READ_ONLY');
    assert.match(f.message, /^InstanceReader is a READ_ONLY endpoint of proxy InstanceProxy, whose only targets are DB instances \(OrdersDb, legacy-orders-db\)/);
    assert.match(f.message, /standby serves no reads/);
    assert.match(f.message, /Aurora cluster or a Multi-AZ DB cluster/);
    assert.equal(f.fix, undefined);
  });

  it('related information: the proxy and each instance target', () => {
    const related = findings[0].related.map((r) => [slice(result.documents.get(r.file)!.text, r.range), r.message]);
    assertExpected(related, RULE, 'related information: the proxy and each instance target');
  });
});

describe('RDS203: Terraform JSON', () => {
  const result = lintFixtures('rules/RDS203/endpoints.tf.json');
  const findings = findingsOf(result, RULE);

  it('fires on the endpoint of a proxy with two counted instance targets; not when a cluster is also a target', () => {
    assert.deepEqual(findings.map((f) => f.resource), ['aws_db_proxy_endpoint.instances_ro']);
    const f = findings[0];
    assert.equal(textOf(result, f), '"target_role": "READ_ONLY"');
    assert.match(f.message, /targets are DB instances \(aws_db_instance\.orders\[0\], aws_db_instance\.orders\[1\]\)/);
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS203/endpoints.yaml', severity: 'info', count: 1 });
describeDocExamples(RULE);
