import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertExpected, assertFixedAs, assertFixesInto, assertFixRoundTrip, assertSilentOn, describeConfiguration, describeDocExamples, describeFixture, findingsOf, findingsOn, lintFixtures, suppressedOn, textOf } from './harness';
import { said } from './said';

const ID = 'RDS105';
const { one } = findingsOn(ID);

describeFixture(ID, 'RDS105 no-final-snapshot: CloudFormation YAML', 'rules/RDS105/deletion.yaml', { fires: 'fires on DeletionPolicy: Delete on clusters and non-member, non-replica instances', severity: 'warning' }, ({ result: r }) => {
  it('names the resource, the policy, the consequence and the remedy; fixes to Snapshot', () => {
    const f = one(r, 'Ledger');
    assert.equal(f.message, 'Deleting Ledger leaves no final snapshot: the data is lost');
    assert.equal(f.detail, "DeletionPolicy: Delete, and RDS deletes the instance's automated backups with it by default: a stack deletion, a removed resource or a destroy loses the data for good. Set DeletionPolicy: Snapshot (or Retain).");
    assert.equal(f.fix?.title, 'Set DeletionPolicy: Snapshot');
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('    DeletionPolicy: Snapshot # it is only staging\n'));
    assert.match(said(one(r, 'Orders')), /the cluster's automated backups/);
    for (const id of ['Orders', 'Payments', 'LedgerRestored']) assertFixRoundTrip(r, one(r, id));
  });

  it('counts a parameter Default, without a fix', () => {
    const f = one(r, 'FromParameter');
    assert.match(said(f), /DeletionPolicy: Delete, from a parameter's Default/);
    assert.equal(f.fix, undefined);
  });

  it('is silent on Snapshot, Retain, defaults, replicas, Aurora members, RDS Custom, unknowns and suppressions', () => {
    assertSilentOn(r, ID, ['Snapshotted', 'Retained', 'RetainedOnCreate', 'Defaulted', 'LedgerReplica', 'OrdersWriter', 'CustomOracle', 'MaybeCustom', 'Conditional', 'Suppressed']);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS105 no-final-snapshot: exact fixed text', () => {
  it('YAML: the policy replaced in place, comments kept', () => {
    assertFixesInto(lintFixtures('rules/RDS105/fix.yaml'), ID, 'Ledger', 'rules/RDS105/fix.yaml.fixed');
  });

  it('JSON: a cluster\'s policy replaced in place', () => {
    const r = lintFixtures('rules/RDS105/fix.json');
    const f = one(r, 'Orders');
    assert.equal(textOf(r, f), '"DeletionPolicy": "Delete"');
    assertFixedAs(r, f, 'rules/RDS105/fix.json.fixed');
  });
});

describe('RDS105 no-final-snapshot: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS105/deletion.tf.json');

  it('fires on skip_final_snapshot = true on non-replica instances and clusters', () => {
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'fires on skip_final_snapshot = true on non-replica instances and clusters');
    assert.equal(one(r, 'aws_db_instance.ledger').message, 'Deleting aws_db_instance.ledger leaves no final snapshot: the data is lost');
    assert.match(one(r, 'aws_db_instance.ledger').detail!, /^skip_final_snapshot = true, .*Set skip_final_snapshot = false with a final_snapshot_identifier\.$/);
  });

  it('sets skip_final_snapshot = false and adds a final_snapshot_identifier from the identifier or block name', () => {
    const ledger = one(r, 'aws_db_instance.ledger');
    assert.equal(ledger.fix?.title, 'Set skip_final_snapshot = false with a final_snapshot_identifier');
    assert.ok(assertFixRoundTrip(r, ledger).get(ledger.file)!.includes('"skip_final_snapshot": false,\n        "final_snapshot_identifier": "ledger-db-final"\n      },'));
    const staging = one(r, 'aws_db_instance.staging_ledger');
    assert.ok(assertFixRoundTrip(r, staging).get(staging.file)!.includes('"skip_final_snapshot": "false",\n        "final_snapshot_identifier": "staging-ledger-final"\n      },'));
    const cluster = one(r, 'aws_rds_cluster.orders');
    assert.ok(assertFixRoundTrip(r, cluster).get(cluster.file)!.includes('"skip_final_snapshot": false,\n        "final_snapshot_identifier": "orders-final"\n      }'));
    const restored = one(r, 'aws_db_instance.restored');
    assert.ok(assertFixRoundTrip(r, restored).get(restored.file)!.includes('"use_latest_restorable_time": true\n        },\n        "final_snapshot_identifier": "restored-final"\n      },'));
  });

  it('keeps a written final_snapshot_identifier', () => {
    const f = one(r, 'aws_db_instance.named_final');
    assert.equal(f.fix?.title, 'Set skip_final_snapshot = false');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('"skip_final_snapshot": false,\n        "final_snapshot_identifier": "named-final-snapshot"'));
  });

  it('gives each counted or for_each instance its own snapshot name', () => {
    const shard = one(r, 'aws_db_instance.shard[0]');
    assert.ok(assertFixRoundTrip(r, shard).get(shard.file)!.includes('"final_snapshot_identifier": "shard-final-${count.index}"'));
    const regional = one(r, 'aws_db_instance.regional["eu"]');
    assert.ok(assertFixRoundTrip(r, regional).get(regional.file)!.includes('"final_snapshot_identifier": "regional-final-${each.key}"'));
  });

  it('counts a variable default, without a fix; silent on unknowns, defaults, replicas, RDS Custom, "//"', () => {
    assert.match(said(one(r, 'aws_db_instance.from_variable_default')), /skip_final_snapshot = true, from a variable's default/);
    assert.equal(one(r, 'aws_db_instance.from_variable_default').fix, undefined);
    assertSilentOn(r, ID, ['aws_db_instance.from_variable', 'aws_db_instance.defaulted', 'aws_db_instance.replica', 'aws_db_instance.custom', 'aws_db_instance.suppressed']);
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_instance.suppressed']);
  });
});

describe('RDS105 no-final-snapshot: Terraform plan', () => {
  it('fires on the planned value, without a fix', () => {
    const r = lintFixtures('rules/RDS105/deletion.plan.json');
    const f = one(r, 'aws_db_instance.ledger');
    assert.equal(textOf(r, f), '"skip_final_snapshot": true');
    assert.equal(f.fix, undefined);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS105/fix.yaml', severity: 'error', count: 1, templateSuppression: { fixture: 'rules/RDS105/suppressed-template.yaml', suppressed: ['warning Ledger'] } });
describeDocExamples(ID, { fix: 'round-trip' });
