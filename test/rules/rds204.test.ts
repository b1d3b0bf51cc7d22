import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeConfiguration, describeDocExamples, findingsOf, lintFixtures, textOf } from './harness';

const RULE = 'RDS204';

describe('RDS204 aurora-single-instance: CloudFormation', () => {
  it('fires on the Aurora cluster with one member; not on pairs, memberless or Multi-AZ DB clusters', () => {
    const result = lintFixtures('rules/RDS204/clusters.yaml');
    const findings = findingsOf(result, RULE);
    assert.deepEqual(findings.map((f) => f.resource).sort(), ['LonelyCluster', 'SharedCluster']);
    const f = findings.find((x) => x.resource === 'LonelyCluster')!;
    assert.equal(f.severity, 'warning');
    assert.equal(textOf(result, f), 'LonelyCluster');
    assert.match(f.message, /^LonelyCluster is an Aurora cluster with a single instance \(LonelyWriter\)/);
    assert.match(f.message, /no Aurora Replica to promote/);
    assert.match(f.message, /Add a second instance/);
    assert.deepEqual(f.related.map((r) => [textOf(result, r), r.message]), [['LonelyWriter', 'the only instance of LonelyCluster']]);
  });

  it('counts members across files (by DBClusterIdentifier): the second stack\'s instance makes a pair', () => {
    const result = lintFixtures('rules/RDS204/clusters.yaml', 'rules/RDS204/members.yaml');
    assert.deepEqual(findingsOf(result, RULE).map((f) => f.resource), ['LonelyCluster']);
  });
});

describe('RDS204: Terraform JSON', () => {
  it('count and literal for_each count each instance; a count that is not known is not a single instance', () => {
    const result = lintFixtures('rules/RDS204/clusters.tf.json');
    const findings = findingsOf(result, RULE);
    assert.deepEqual(findings.map((f) => f.resource).sort(), ['aws_rds_cluster.keyed', 'aws_rds_cluster.single']);
    const single = findings.find((f) => f.resource === 'aws_rds_cluster.single')!;
    assert.equal(textOf(result, single), '"single"');
    assert.match(single.message, /single instance \(aws_rds_cluster_instance\.single\[0\]\)/);
    assert.match(findings.find((f) => f.resource === 'aws_rds_cluster.keyed')!.message, /aws_rds_cluster_instance\.keyed\["writer"\]/);
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS204/clusters.yaml', severity: 'error', count: 2 });
describeDocExamples(RULE);
