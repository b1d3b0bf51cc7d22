import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LintResult } from '../../server/src/lint';
import type { DbCluster, DbInstance } from '../../server/src/model/topology';
import { finalSnapshotIdentifierFor, recoveryFor, recoveryProfile, type FailureKind, type RecoveryProfile } from '../../server/src/rules/recovery';
import { settingText, writtenRange } from '../../server/src/rules/wording';
import { lintFixtures } from './harness';

function db(r: LintResult, id: string): DbInstance | DbCluster {
  const found = [...r.topology.instances, ...r.topology.clusters].find((d) => d.id === id);
  assert.ok(found, `${id} is in the topology`);
  return found;
}

function profile(r: LintResult, id: string): RecoveryProfile {
  const p = recoveryProfile(db(r, id), r.topology);
  assert.ok(p, `${id} has a recovery profile`);
  return p;
}

/** `RPO / RTO` values for one failure kind. */
const cell = (p: RecoveryProfile, kind: FailureKind) => `${recoveryFor(p, kind).rpo.value} / ${recoveryFor(p, kind).rto.value}`;

describe('recovery profile: every figure is a labelled estimate', () => {
  const r = lintFixtures('rules/recovery/deployments.yaml');

  it('marks the profile and each RPO/RTO as an estimate, for all four failure kinds', () => {
    for (const id of ['SingleAz', 'NoBackups', 'MultiAz', 'Unknowns', 'Aurora', 'AuroraSolo', 'MultiAzCluster']) {
      const p = profile(r, id);
      assert.equal(p.estimate, true);
      assert.deepEqual(p.failures.map((f) => f.failure), ['instance-failure', 'az-outage', 'region-outage', 'data-corruption'], id);
      for (const f of p.failures) {
        assert.equal(f.rpo.estimate, true);
        assert.equal(f.rto.estimate, true);
        assert.ok(f.rpo.reason.length > 20 && f.rto.reason.length > 20, `${id} ${f.failure} gives reasons`);
        assert.ok(f.rpo.value === 'unknown' || f.rpo.value === 'unbounded' || f.rpo.value.startsWith('~'), `${id} ${f.failure} RPO ${f.rpo.value}`);
      }
    }
  });
});

describe('recovery profile: instances', () => {
  const r = lintFixtures('rules/recovery/deployments.yaml');

  it('Single-AZ with backups: PITR ~5 min, restores take tens of minutes, region outage unbounded', () => {
    const p = profile(r, 'SingleAz');
    assert.equal(p.deployment, 'single-az-instance');
    assert.equal(p.summary, 'Single-AZ instance, backups 7 days');
    assert.deepEqual(Object.fromEntries(p.failures.map((f) => [f.failure, cell(p, f.failure)])), {
      'instance-failure': '~5 min / tens of minutes+',
      'az-outage': '~5 min / tens of minutes+',
      'region-outage': 'unbounded / hours+',
      'data-corruption': '~5 min / tens of minutes+',
    });
    assert.match(recoveryFor(p, 'instance-failure').rpo.reason, /no Multi-AZ standby \(MultiAZ absent, default false\)/);
    assert.match(recoveryFor(p, 'data-corruption').rpo.reason, /point-in-time recovery is on \(BackupRetentionPeriod: 7\)/);
    assert.match(recoveryFor(p, 'data-corruption').rto.reason, /new database with a new endpoint/);
    assert.match(recoveryFor(p, 'region-outage').rpo.reason, /no cross-region read replica/);
  });

  it('backups off and no snapshot on delete: corruption RPO unbounded, PITR off', () => {
    const p = profile(r, 'NoBackups');
    assert.equal(p.summary, 'Single-AZ instance, backups off');
    const corruption = recoveryFor(p, 'data-corruption');
    assert.equal(corruption.rpo.value, 'unbounded');
    assert.equal(corruption.rpo.class, 'unbounded');
    assert.match(corruption.rpo.reason, /^RPO unbounded: PITR off \(BackupRetentionPeriod: 0\)/);
    assert.match(corruption.rpo.reason, /leaves no final snapshot \(DeletionPolicy: Delete\)/);
    assert.equal(cell(p, 'instance-failure'), 'unbounded / unbounded');
  });

  it('Multi-AZ: ~0 and ~1-2 min for instance and AZ failures; replicas do not help against corruption', () => {
    const p = profile(r, 'MultiAz');
    assert.equal(p.deployment, 'multi-az-instance');
    assert.equal(p.summary, 'Multi-AZ instance, backups 14 days, 2 read replicas');
    assert.equal(cell(p, 'instance-failure'), '~0 / ~1-2 min');
    assert.equal(cell(p, 'az-outage'), '~0 / ~1-2 min');
    assert.match(recoveryFor(p, 'az-outage').rpo.reason, /replicated synchronously \(MultiAZ: true\)/);
    assert.equal(cell(p, 'region-outage'), 'unbounded / hours+', 'replicas in the same template share the stack\'s region');
    assert.match(recoveryFor(p, 'data-corruption').rpo.reason, /Read replicas do not help/);
  });

  it('a replica, at any depth, gets the profile of the root of its chain', () => {
    assert.equal(profile(r, 'MultiAzReader').database.id, 'MultiAz');
    assert.equal(profile(r, 'MultiAzReaderOfReader').database.id, 'MultiAz');
    assert.equal(recoveryProfile(db(r, 'OrphanReplica'), r.topology), undefined, 'its source is not in the analyzed files');
  });

  it('a point-in-time restore is a database of its own', () => {
    const p = profile(r, 'SingleAzRestored');
    assert.equal(p.database.id, 'SingleAzRestored');
    assert.equal(p.summary, 'point-in-time restore: Single-AZ instance, backups 1 day');
  });

  it('says unknown when Multi-AZ or retention cannot be known', () => {
    const p = profile(r, 'Unknowns');
    assert.equal(p.deployment, 'instance-multi-az-unknown');
    assert.equal(cell(p, 'instance-failure'), 'unknown / unknown');
    assert.match(recoveryFor(p, 'instance-failure').rpo.reason, /MultiAZ unknown: parameter MultiAzNoDefault has no Default/);
    assert.equal(cell(p, 'data-corruption'), 'unknown / unknown');
    assert.match(recoveryFor(p, 'data-corruption').rpo.reason, /BackupRetentionPeriod unknown: parameter RetentionNoDefault has no Default/);
  });
});

describe('recovery profile: clusters', () => {
  const r = lintFixtures('rules/recovery/deployments.yaml');

  it('Aurora with two instances: ~0 RPO, ~1 min failover; members get the cluster\'s profile', () => {
    const p = profile(r, 'Aurora');
    assert.equal(p.deployment, 'aurora-cluster');
    assert.equal(p.summary, 'Aurora cluster, 2 instances, backups 7 days');
    assert.equal(cell(p, 'instance-failure'), '~0 / ~1 min');
    assert.match(recoveryFor(p, 'az-outage').rto.reason, /provided the instances are in different AZs/);
    assert.equal(cell(p, 'data-corruption'), '~5 min / tens of minutes+');
    assert.match(recoveryFor(p, 'region-outage').rpo.reason, /no Aurora global database or cross-region replica/);
    assert.equal(profile(r, 'AuroraWriter').database.id, 'Aurora');
    assert.equal(profile(r, 'AuroraReader').database.id, 'Aurora');
  });

  it('Aurora with a single instance: no failover target', () => {
    const p = profile(r, 'AuroraSolo');
    assert.equal(cell(p, 'instance-failure'), '~0 / ~10 min');
    assert.match(recoveryFor(p, 'instance-failure').rto.reason, /no failover target/);
    assert.equal(p.summary, 'Aurora cluster, 1 instance, backups 1 day');
  });

  it('Multi-AZ DB cluster: ~0 RPO, under 35 seconds', () => {
    const p = profile(r, 'MultiAzCluster');
    assert.equal(p.deployment, 'multi-az-db-cluster');
    assert.equal(cell(p, 'instance-failure'), '~0 / ~35 s');
    assert.equal(cell(p, 'az-outage'), '~0 / ~35 s');
  });
});

describe('recovery profile: regions (Terraform JSON)', () => {
  const r = lintFixtures('rules/recovery/regions.tf.json');

  it('a cross-region replica turns a region outage into a promotion', () => {
    const p = profile(r, 'aws_db_instance.orders');
    assert.equal(cell(p, 'region-outage'), '~seconds-minutes / ~minutes');
    assert.match(recoveryFor(p, 'region-outage').rpo.reason, /cross-region replica aws_db_instance\.orders_dr/);
    assert.match(recoveryFor(p, 'region-outage').rto.reason, /promote the replica, then repoint clients/);
    assert.equal(profile(r, 'aws_db_instance.orders_dr').database.id, 'aws_db_instance.orders');
  });

  it('a same-region replica covers instance and AZ failures of a Single-AZ source, not the region', () => {
    const p = profile(r, 'aws_db_instance.ledger');
    assert.equal(cell(p, 'instance-failure'), '~seconds-minutes / ~minutes');
    assert.match(recoveryFor(p, 'az-outage').rpo.reason, /no Multi-AZ standby \(multi_az absent, default false\); replica aws_db_instance\.ledger_reader/);
    assert.equal(cell(p, 'region-outage'), 'unbounded / hours+');
  });
});

describe('recovery helpers', () => {
  const r = lintFixtures('rules/recovery/deployments.yaml');

  it('writes settings in the provider\'s vocabulary', () => {
    const single = db(r, 'SingleAz');
    assert.equal(settingText(single.backupRetention, 'cloudformation'), 'BackupRetentionPeriod: 7');
    assert.equal(settingText(single.backupRetention, 'terraform'), 'BackupRetentionPeriod = 7');
    assert.equal(settingText((single as DbInstance).multiAz, 'cloudformation'), 'MultiAZ absent, default false');
    const range = writtenRange(single.backupRetention)!;
    assert.equal(r.documents.get(single.file)!.text.slice(range.start, range.end), 'BackupRetentionPeriod: 7');
    assert.equal(writtenRange((single as DbInstance).multiAz), undefined);
  });

  it('names final snapshots as RDS accepts them', () => {
    const tf = lintFixtures('rules/RDS105/deletion.tf.json');
    const name = (id: string) => finalSnapshotIdentifierFor(db(tf, id));
    assert.equal(name('aws_db_instance.ledger'), 'ledger-db-final');
    assert.equal(name('aws_db_instance.staging_ledger'), 'staging-ledger-final');
    assert.equal(name('aws_db_instance.shard[1]'), 'shard-final-${count.index}');
    assert.equal(name('aws_db_instance.regional["eu"]'), 'regional-final-${each.key}');
  });
});
