import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertExpected, assertFiresAtSorted, assertSilentOn, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, sortedAt, textOf } from './harness';

const RULE = 'RDS205';

describe('RDS205 multi-az-cluster-config: CloudFormation', () => {
  const result = lintFixtures('rules/RDS205/clusters.yaml');
  const findings = findingsOf(result, RULE);
  const on = (id: string) => findings.filter((f) => f.resource === id);

  it('fires on the engine, the storage type, missing storage settings and the joining instance, at the offending text', () => {
    assertFiresAtSorted(result, RULE, 'fires on the engine, the storage type, missing storage settings and the joining instance, at the offending text', 'error');
  });

  it('messages name the cluster, the value, the consequence and the remedy', () => {
    assert.match(on('MariaCluster')[0].message, /^MariaCluster is a Multi-AZ DB cluster \(it sets DBClusterInstanceClass\) with Engine: mariadb, but RDS offers Multi-AZ DB clusters only for mysql and postgres/);
    assert.match(on('Gp2Cluster')[0].message, /StorageType: gp2.*io1, io2 or gp3, so creating it fails/);
    assert.match(on('BareCluster')[0].message, /without AllocatedStorage, Iops and StorageType: /);
    const extra = on('ExtraInstance')[0];
    assert.match(extra.message, /^ExtraInstance names GoodCluster in DBClusterIdentifier, but GoodCluster is a Multi-AZ DB cluster: .* no DB instance can join it/);
    assert.deepEqual(extra.related.map((r) => [textOf(result, r), r.message]), [['GoodCluster', 'Multi-AZ DB cluster GoodCluster']]);
  });

  it('is silent on Aurora clusters and members, complete clusters and unknown values', () => {
    assertSilentOn(result, RULE, ['GoodCluster', 'UnknownStorageType', 'AuroraWithClass', 'AuroraCluster', 'AuroraMember']);
  });
});

describe('RDS205: Terraform JSON', () => {
  it('speaks Terraform and reports the joining aws_rds_cluster_instance', () => {
    const result = lintFixtures('rules/RDS205/clusters.tf.json');
    const findings = findingsOf(result, RULE);
    assertExpected(sortedAt(result, findings), RULE, 'speaks Terraform and reports the joining aws_rds_cluster_instance');
    assert.match(findings.find((f) => f.resource === 'aws_rds_cluster.bare')!.message, /without allocated_storage and iops: .*Set allocated_storage and iops \(storage_type io1, io2 or gp3\)/);
    assert.match(findings.find((f) => f.resource === 'aws_rds_cluster.oracle')!.message, /engine = "oracle-ee"/);
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS205/clusters.tf.json', severity: 'warning', count: 3 });
describeDocExamples(RULE);
