import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { fixture, slice } from '../helpers';
import { configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const RULE = 'RDS205';
const textAt = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => slice(r.documents.get(f.file)!.text, f.range);
const summary = (r: LintResult, findings: Finding[]) => findings.map((f) => `${f.resource} @ ${textAt(r, f)}`).sort();

describe('RDS205 multi-az-cluster-config: CloudFormation', () => {
  const result = lintFixtures('rules/RDS205/clusters.yaml');
  const findings = findingsOf(result, RULE);
  const on = (id: string) => findings.filter((f) => f.resource === id);

  it('fires on the engine, the storage type, missing storage settings and the joining instance, at the offending text', () => {
    assert.deepEqual(summary(result, findings), [
      'BareCluster @ BareCluster',
      'ExtraInstance @ DBClusterIdentifier: !Ref GoodCluster',
      'Gp2Cluster @ StorageType: gp2',
      'MariaCluster @ Engine: mariadb',
    ]);
    for (const f of findings) assert.equal(f.severity, 'error');
  });

  it('messages name the cluster, the value, the consequence and the remedy', () => {
    assert.match(on('MariaCluster')[0].detail!, /^MariaCluster is a Multi-AZ DB cluster \(it sets DBClusterInstanceClass\) with Engine: mariadb, but RDS offers Multi-AZ DB clusters only for mysql and postgres/);
    assert.match(said(on('Gp2Cluster')[0]), /StorageType: gp2.*io1, io2 or gp3, so creating it fails/);
    assert.match(said(on('BareCluster')[0]), /without AllocatedStorage, Iops and StorageType: /);
    const extra = on('ExtraInstance')[0];
    assert.match(extra.detail!, /^ExtraInstance names GoodCluster in DBClusterIdentifier, but GoodCluster is a Multi-AZ DB cluster: .* no DB instance can join it/);
    assert.deepEqual(extra.related.map((r) => [textAt(result, r), r.message]), [['GoodCluster', 'Multi-AZ DB cluster GoodCluster']]);
  });

  it('is silent on Aurora clusters and members, complete clusters and unknown values', () => {
    for (const id of ['GoodCluster', 'UnknownStorageType', 'AuroraWithClass', 'AuroraCluster', 'AuroraMember']) assert.deepEqual(on(id), [], id);
  });
});

describe('RDS205: Terraform JSON', () => {
  it('speaks Terraform and reports the joining aws_rds_cluster_instance', () => {
    const result = lintFixtures('rules/RDS205/clusters.tf.json');
    const findings = findingsOf(result, RULE);
    assert.deepEqual(summary(result, findings), [
      'aws_rds_cluster.bare @ "bare"',
      'aws_rds_cluster.oracle @ "engine": "oracle-ee"',
      'aws_rds_cluster_instance.extra @ "cluster_identifier": "${aws_rds_cluster.bare.id}"',
    ]);
    assert.match(said(findings.find((f) => f.resource === 'aws_rds_cluster.bare')!), /without allocated_storage and iops: .*Set allocated_storage and iops \(storage_type io1, io2 or gp3\)/);
    assert.match(said(findings.find((f) => f.resource === 'aws_rds_cluster.oracle')!), /engine = "oracle-ee"/);
  });
});

describe('RDS205 configuration and docs', () => {
  it('severity override and off', () => {
    const file = fixture('rules/RDS205/clusters.tf.json');
    assert.deepEqual(findingsOf(lintFiles([file], configWith(RULE, { severity: 'warning' })), RULE).map((f) => f.severity), ['warning', 'warning', 'warning']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(RULE, { severity: 'off' })), RULE), []);
  });

  it('doc examples: failing fires, passing does not', () => {
    for (const kind of ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const) assert.equal(findingsOf(lintDocExample(RULE, kind), RULE).length, 1, kind);
    for (const kind of ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const) assert.deepEqual(findingsOf(lintDocExample(RULE, kind), RULE), [], kind);
  });
});
