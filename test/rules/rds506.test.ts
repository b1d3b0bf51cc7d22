import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { assertExpected, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, summaryOf, suppressedOn, textOf } from './harness';

const ID = 'RDS506';
const related = (r: LintResult, f: Finding) => f.related.map((x) => `${textOf(r, x)} | ${x.message}`);
const at = (r: LintResult, itemText: string) => {
  const found = findingsOf(r, ID).filter((f) => textOf(r, f) === itemText);
  assert.equal(found.length, 1, itemText);
  return found[0];
};

describe('RDS506 proxy-unsupported-target: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS506/targets.yaml');

  it('fires on each target-group item that is a replica, RDS Custom or Aurora Serverless v1, nothing else', () => {
    assertExpected(summaryOf(r, ID), ID, 'fires on each target-group item that is a replica, RDS Custom or Aurora Serverless v1, nothing else');
    for (const f of findingsOf(r, ID)) {
      assert.equal(f.severity, 'error');
      assert.equal(f.resourceType, 'AWS::RDS::DBProxyTargetGroup');
      assert.equal(f.fix, undefined);
    }
  });

  it('a read replica: names it, says why, points at its source', () => {
    const f = at(r, '!Ref Replica');
    assert.equal(f.message, 'Read replica Replica is a target of proxy OrdersProxy: for instances in a replication setup RDS Proxy registers '
      + 'only the source (the writer), never a read replica, so RDS refuses to register the target and the deployment fails. Target the source '
      + 'Writer instead; for pooled reads point the application at the replica directly, or use Aurora with a read-only proxy endpoint.');
    assert.deepEqual(related(r, f), ['SourceDBInstanceIdentifier: !Ref Writer | Replica replicates from Writer']);
    assert.equal(at(r, 'orders-replica').message, f.message, 'named by identifier, the same replica');
  });

  it('RDS Custom, own or inherited engine: one finding, not also "replica"', () => {
    const own = at(r, '!Ref CustomDb');
    assert.match(own.message, /^RDS Custom instance CustomDb \(engine custom-sqlserver-ee\) is a target of proxy OrdersProxy: RDS Proxy does not support RDS Custom/);
    assert.deepEqual(related(r, own), ['Engine: custom-sqlserver-ee | CustomDb runs custom-sqlserver-ee']);
    const replica = at(r, '!Ref CustomReplica');
    assert.match(replica.message, /^RDS Custom instance CustomReplica \(engine custom-sqlserver-ee\)/);
    assert.deepEqual(related(r, replica), ['Engine: custom-sqlserver-ee | CustomReplica runs custom-sqlserver-ee (inherited from CustomDb)']);
  });

  it('Aurora Serverless v1, written or from a parameter Default', () => {
    const v1 = at(r, '!Ref ServerlessV1');
    assert.match(v1.message, /^Aurora Serverless v1 cluster ServerlessV1 \(EngineMode serverless\) is a target of proxy OrdersProxy: RDS Proxy does not support Aurora Serverless v1/);
    assert.match(v1.message, /Move the cluster to Aurora Serverless v2/);
    assert.deepEqual(related(r, v1), ['EngineMode: serverless | ServerlessV1 has EngineMode serverless']);
    assert.deepEqual(related(r, at(r, '!Ref ServerlessFromParameter')), ['EngineMode: !Ref ModeDefault | ServerlessFromParameter has EngineMode serverless']);
  });

  it('is silent on the writer, provisioned or unknown engine modes, and targets outside the files', () => {
    for (const item of ['!Ref Writer', 'not-in-these-files', '!Ref Provisioned', '!Ref NoMode', '!Ref UnknownMode']) {
      assert.equal(findingsOf(r, ID).filter((f) => textOf(r, f) === item).length, 0, item);
    }
  });
});

describe('RDS506 proxy-unsupported-target: CloudFormation JSON', () => {
  const r = lintFixtures('rules/RDS506/targets.json');
  it('fires on a replica, not on a point-in-time restore; honours Metadata suppression', () => {
    assert.deepEqual(summaryOf(r, ID), ['Targets: {"Ref": "Replica"}']);
    assert.deepEqual(related(r, findingsOf(r, ID)[0]), ['"SourceDBInstanceIdentifier": {"Ref": "Writer"} | Replica replicates from Writer']);
    assert.deepEqual(suppressedOn(r, ID), ['SuppressedTargets']);
  });
});

describe('RDS506 proxy-unsupported-target: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS506/targets.tf.json');
  it('fires on the aws_db_proxy_target, with Terraform names', () => {
    assertExpected(summaryOf(r, ID), ID, 'fires on the aws_db_proxy_target, with Terraform names');
    const [replica, custom, v1] = findingsOf(r, ID);
    for (const f of [replica, custom, v1]) assert.equal(f.resourceType, 'aws_db_proxy_target');
    assert.match(replica.message, /Target the source aws_db_instance.writer instead/);
    assert.deepEqual(related(r, replica), ['"replicate_source_db": "${aws_db_instance.writer.identifier}" | aws_db_instance.replica replicates from aws_db_instance.writer']);
    assert.deepEqual(related(r, custom), ['"engine": "custom-oracle-ee" | aws_db_instance.custom runs custom-oracle-ee']);
    assert.match(v1.message, /\(engine_mode serverless\)/);
    assert.deepEqual(related(r, v1), ['"engine_mode": "serverless" | aws_rds_cluster.serverless_v1 has engine_mode serverless']);
  });
  it('honours a "//" suppression on the aws_db_proxy_target by rule name', () => {
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_proxy_target.suppressed']);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS506/targets.json', severity: 'warning', count: 1 });

describeDocExamples(ID);
