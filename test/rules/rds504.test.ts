import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { assertExpected, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, summaryOf, suppressedOn, textOf } from './harness';

const ID = 'RDS504';
const related = (r: LintResult, f: Finding) => f.related.map((x) => `${textOf(r, x)} | ${x.message}`);

describe('RDS504 proxy-engine-mismatch: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS504/targets.yaml');

  it('fires on each target-group item whose engine is of another family, nothing else', () => {
    assertExpected(summaryOf(r, ID), ID, 'fires on each target-group item whose engine is of another family, nothing else');
    for (const f of findingsOf(r, ID)) {
      assert.equal(f.severity, 'error');
      assert.equal(f.resourceType, 'AWS::RDS::DBProxyTargetGroup');
      assert.equal(f.fix, undefined);
    }
  });

  it('names the target, both engines, the consequence and the remedy', () => {
    const [f] = findingsOf(r, ID);
    assert.equal(f.message, 'Instance PostgresDb (engine postgres) is a target of proxy MysqlProxy, whose EngineFamily is MYSQL: a MYSQL proxy '
      + 'cannot speak to postgres, a POSTGRESQL-family engine, so RDS refuses to register the target and the deployment fails. Set the proxy\'s '
      + 'EngineFamily to POSTGRESQL, or target a mysql, mariadb or aurora-mysql database.');
    assert.deepEqual(related(r, f), ['Engine: postgres | PostgresDb runs postgres', 'EngineFamily: MYSQL | MysqlProxy has EngineFamily MYSQL']);
  });

  it('points at the source\'s Engine for a replica that inherits it, and at a cluster\'s Engine', () => {
    const replica = findingsOf(r, ID)[2];
    assert.match(replica.message, /^Instance PostgresReplica \(engine postgres\)/);
    assert.deepEqual(related(r, replica)[0], 'Engine: postgres | PostgresReplica runs postgres (inherited from PostgresDb)');
    const cluster = findingsOf(r, ID)[3];
    assert.match(cluster.message, /^Cluster AuroraPg \(engine aurora-postgresql\) .* cannot speak to aurora-postgresql, a POSTGRESQL-family engine/);
    assert.deepEqual(related(r, cluster)[0], 'Engine: aurora-postgresql | AuroraPg runs aurora-postgresql');
  });

  it('is silent on matching families, unknown engines or families, engines no proxy fronts, and targets outside the files', () => {
    // MariaDb (MYSQL), OracleDb, UnknownEngineDb and not-in-these-files in MysqlTargets; all of PostgresTargets and UnknownFamilyTargets.
    assert.equal(findingsOf(r, ID).filter((f) => /MariaDb|OracleDb|UnknownEngineDb|not-in-these-files/.test(textOf(r, f))).length, 0);
  });
});

describe('RDS504 proxy-engine-mismatch: CloudFormation JSON', () => {
  const r = lintFixtures('rules/RDS504/targets.json');
  it('fires on a mysql target of a SQLSERVER proxy and honours Metadata suppression on the target group', () => {
    assert.deepEqual(summaryOf(r, ID), ['SqlTargets: {"Ref": "MysqlDb"}']);
    assert.match(findingsOf(r, ID)[0].message, /Set the proxy's EngineFamily to MYSQL, or target a sqlserver-\* database\.$/);
    assert.deepEqual(suppressedOn(r, ID), ['SuppressedTargets']);
  });
});

describe('RDS504 proxy-engine-mismatch: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS504/targets.tf.json');
  it('fires on the aws_db_proxy_target, with Terraform names', () => {
    assert.deepEqual(summaryOf(r, ID), ['aws_db_proxy_target.postgres: "db_instance_identifier": "${aws_db_instance.postgres.identifier}"']);
    const [f] = findingsOf(r, ID);
    assert.equal(f.resourceType, 'aws_db_proxy_target');
    assert.match(f.message, /^Instance aws_db_instance.postgres \(engine postgres\) is a target of proxy aws_db_proxy.mysql, whose engine_family is MYSQL: .*Set the proxy's engine_family to POSTGRESQL/);
    assertExpected(related(r, f), ID, 'fires on the aws_db_proxy_target, with Terraform names');
  });
  it('honours a "//" suppression on the aws_db_proxy_target', () => {
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_proxy_target.suppressed']);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS504/targets.json', severity: 'warning', count: 1 });

describeDocExamples(ID);
