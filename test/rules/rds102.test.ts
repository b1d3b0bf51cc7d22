import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clampRetention } from '../../server/src/rules/rds102-backup-retention-range';
import { assertExpected, assertFixedAs, assertFixesInto, assertFixRoundTrip, assertSilentOn, describeConfiguration, describeDocExamples, describeFixture, findingsOf, findingsOn, lintFixtures, suppressedOn, textOf } from './harness';
import { said } from './said';

const ID = 'RDS102';
const { one } = findingsOn(ID);

describeFixture(ID, 'RDS102 backup-retention-range: CloudFormation YAML', 'rules/RDS102/retention.yaml', { fires: 'fires on values outside the range, and on any retention on an Aurora member', severity: 'error' }, ({ result: r }) => {
  it('explains each kind of bad value and clamps it into range', () => {
    const expect: [string, RegExp, string, string][] = [
      ['TooHigh', /40 days is above the 35-day maximum, and an instance accepts whole days 0-35/, 'Set BackupRetentionPeriod: 35', 'BackupRetentionPeriod: 35 # compliance wants 40 days\n'],
      ['Negative', /-1 is below the minimum of 0/, 'Set BackupRetentionPeriod: 0', 'BackupRetentionPeriod: 0\n'],
      ['Fraction', /7\.5 is not a whole number of days/, 'Set BackupRetentionPeriod: 8', 'BackupRetentionPeriod: 8\n'],
      ['Word', /"seven" is not a number of days/, 'Set BackupRetentionPeriod: 7', 'BackupRetentionPeriod: 7\n'],
      ['StringTooHigh', /36 days is above the 35-day maximum/, 'Set BackupRetentionPeriod: 35', 'BackupRetentionPeriod: "35"\n'],
      ['ClusterZero', /0 is below the minimum of 1 \(a cluster cannot turn automated backups off\), and a cluster accepts whole days 1-35/, 'Set BackupRetentionPeriod: 1', 'BackupRetentionPeriod: 1\n'],
      ['ClusterTooHigh', /a cluster accepts whole days 1-35/, 'Set BackupRetentionPeriod: 35', 'BackupRetentionPeriod: 35\n'],
    ];
    for (const [id, message, title, fixedLine] of expect) {
      const f = one(r, id);
      assert.match(f.message, new RegExp(`^${id} has retention .*, outside [01]-35 days: RDS rejects it$`), id);
      assert.match(f.detail!, /^BackupRetentionPeriod: /, id);
      assert.match(said(f), message, id);
      assert.match(said(f), /RDS rejects/, id);
      assert.match(said(f), /stack fails and rolls back/, id);
      assert.equal(f.fix?.title, title, id);
      assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes(fixedLine), id);
    }
    assert.match(said(one(r, 'TooHigh')), /for longer retention keep manual snapshots or use AWS Backup/);
  });

  it('counts a parameter Default; no fix edits it away', () => {
    const f = one(r, 'FromParameterDefault');
    assert.match(said(f), /BackupRetentionPeriod: 60, from a parameter's Default/);
    assert.equal(f.fix, undefined);
  });

  it('reports retention on an Aurora member, points at the cluster, and removes it', () => {
    const f = one(r, 'ClusterMember');
    assert.equal(f.message, 'ClusterMember sets BackupRetentionPeriod on an Aurora cluster member: RDS rejects it (retention belongs to the cluster)');
    assert.match(f.detail!, /^BackupRetentionPeriod: 7: RDS rejects a backup retention on an Aurora member.*Remove it here and set it on ClusterTooHigh\./);
    assert.equal(f.related.length, 1);
    assert.equal(textOf(r, f.related[0]), 'BackupRetentionPeriod: 50');
    assert.match(said(f.related[0]), /the retention of ClusterTooHigh \(BackupRetentionPeriod: 50\) applies to every member/);
    assert.equal(f.fix?.title, 'Remove BackupRetentionPeriod');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('      DBInstanceClass: db.r6g.large\n      PubliclyAccessible: false\n'));
  });

  it('is silent on 0 and 35 on instances, 1 on clusters, defaults, unknown values, plain members and suppressions', () => {
    assertSilentOn(r, ID, ['Disabled', 'Maximum', 'Defaulted', 'Unknown', 'Conditional', 'ClusterOne', 'ClusterDefaulted', 'MemberWithoutRetention', 'MultiAzCluster', 'Suppressed']);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS102 backup-retention-range: exact fixed text', () => {
  it('YAML: removes the member\'s retention line, other comments kept', () => {
    assertFixesInto(lintFixtures('rules/RDS102/member-fix.yaml'), ID, 'OrdersWriter', 'rules/RDS102/member-fix.yaml.fixed');
  });

  it('JSON: clamps, keeps quotes, removes from a member', () => {
    const r = lintFixtures('rules/RDS102/retention.json');
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'JSON: clamps, keeps quotes, removes from a member');
    const original = r.documents.values().next().value!.text;
    assert.equal(assertFixRoundTrip(r, one(r, 'TooHigh')).get(one(r, 'TooHigh').file), original.replace('"BackupRetentionPeriod": 40', '"BackupRetentionPeriod": 35'));
    assert.equal(assertFixRoundTrip(r, one(r, 'Cluster')).get(one(r, 'Cluster').file), original.replace('"BackupRetentionPeriod": "0"', '"BackupRetentionPeriod": "1"'));
    const member = one(r, 'Member');
    assertFixedAs(r, member, 'rules/RDS102/retention.json.fixed');
  });
});

describe('RDS102 backup-retention-range: Terraform', () => {
  it('Terraform JSON: instances 0-35, clusters 1-35, in Terraform vocabulary', () => {
    const r = lintFixtures('rules/RDS102/retention.tf.json');
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'Terraform JSON: instances 0-35, clusters 1-35, in Terraform vocabulary');
    const cluster = one(r, 'aws_rds_cluster.orders');
    assert.equal(cluster.message, 'aws_rds_cluster.orders has retention 0, outside 1-35 days: RDS rejects it');
    assert.match(cluster.detail!, /^backup_retention_period = 0: 0 is below the minimum of 1/);
    assert.match(said(cluster), /The apply fails/);
    assert.equal(cluster.fix?.title, 'Set backup_retention_period = 1');
    assert.ok(assertFixRoundTrip(r, cluster).get(cluster.file)!.includes('"backup_retention_period": 1\n'));
    assertFixRoundTrip(r, one(r, 'aws_db_instance.too_high'));
    assert.match(said(one(r, 'aws_db_instance.from_variable_default')), /backup_retention_period = 99, from a variable's default/);
    assert.equal(one(r, 'aws_db_instance.from_variable_default').fix, undefined);
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_instance.suppressed']);
  });

  it('plan: fires on the planned value, without a fix', () => {
    const r = lintFixtures('rules/RDS102/retention.plan.json');
    const f = one(r, 'aws_rds_cluster.orders');
    assert.equal(textOf(r, f), '"backup_retention_period": 40');
    assert.equal(f.fix, undefined);
  });
});

describe('RDS102 backup-retention-range: clamping', () => {
  it('clamps into the range of the resource kind', () => {
    assert.equal(clampRetention(40, 0), 35);
    assert.equal(clampRetention(-1, 0), 0);
    assert.equal(clampRetention(-1, 1), 1);
    assert.equal(clampRetention(0, 1), 1);
    assert.equal(clampRetention(0.5, 0), 1);
    assert.equal(clampRetention(Number.NaN, 1), 7);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS102/member-fix.yaml', severity: 'warning', count: 1, templateSuppression: { fixture: 'rules/RDS102/suppressed-template.yaml', suppressed: ['error TooHigh'] } });
describeDocExamples(ID, { fix: 'round-trip' });
