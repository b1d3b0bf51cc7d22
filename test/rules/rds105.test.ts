import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { fixture } from '../helpers';
import { assertFixRoundTrip, configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const ID = 'RDS105';
const text = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => r.documents.get(f.file)!.text.slice(f.range.start, f.range.end);
const on = (r: LintResult, resource: string): Finding[] => findingsOf(r, ID).filter((f) => f.resource === resource);
const one = (r: LintResult, resource: string): Finding => {
  const found = on(r, resource);
  assert.equal(found.length, 1, `one ${ID} finding on ${resource}`);
  return found[0];
};

describe('RDS105 no-final-snapshot: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS105/deletion.yaml');

  it('fires on DeletionPolicy: Delete on clusters and non-member, non-replica instances', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'Ledger: DeletionPolicy: Delete',
      'Orders: DeletionPolicy: Delete',
      'Payments: DeletionPolicy: Delete',
      'LedgerRestored: DeletionPolicy: Delete',
      'FromParameter: DeletionPolicy: !Ref Policy',
    ]);
    for (const f of findingsOf(r, ID)) assert.equal(f.severity, 'warning');
  });

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
    for (const id of ['Snapshotted', 'Retained', 'RetainedOnCreate', 'Defaulted', 'LedgerReplica', 'OrdersWriter', 'CustomOracle', 'MaybeCustom', 'Conditional', 'Suppressed']) {
      assert.deepEqual(on(r, id), [], id);
    }
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Suppressed']);
  });
});

describe('RDS105 no-final-snapshot: exact fixed text', () => {
  it('YAML: the policy replaced in place, comments kept', () => {
    const r = lintFixtures('rules/RDS105/fix.yaml');
    const f = one(r, 'Ledger');
    assert.equal(assertFixRoundTrip(r, f).get(f.file), `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # Staging ledger.
  Ledger:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot # it is only staging
    UpdateReplacePolicy: Snapshot
    Properties:
      Engine: postgres
      DBInstanceClass: db.m6g.large
`);
  });

  it('JSON: a cluster\'s policy replaced in place', () => {
    const r = lintFixtures('rules/RDS105/fix.json');
    const f = one(r, 'Orders');
    assert.equal(text(r, f), '"DeletionPolicy": "Delete"');
    assert.equal(assertFixRoundTrip(r, f).get(f.file), `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Orders": {
      "Type": "AWS::RDS::DBCluster",
      "DeletionPolicy": "Snapshot",
      "UpdateReplacePolicy": "Snapshot",
      "Properties": {
        "Engine": "aurora-postgresql",
        "MasterUsername": "admin",
        "ManageMasterUserPassword": true
      }
    }
  }
}
`);
  });
});

describe('RDS105 no-final-snapshot: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS105/deletion.tf.json');

  it('fires on skip_final_snapshot = true on non-replica instances and clusters', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'aws_db_instance.ledger: "skip_final_snapshot": true',
      'aws_db_instance.staging_ledger: "skip_final_snapshot": "true"',
      'aws_db_instance.named_final: "skip_final_snapshot": true',
      'aws_db_instance.shard[0]: "skip_final_snapshot": true',
      'aws_db_instance.shard[1]: "skip_final_snapshot": true',
      'aws_db_instance.regional["eu"]: "skip_final_snapshot": true',
      'aws_db_instance.regional["us"]: "skip_final_snapshot": true',
      'aws_db_instance.from_variable_default: "skip_final_snapshot": "${var.skip_default_true}"',
      'aws_db_instance.restored: "skip_final_snapshot": true',
      'aws_rds_cluster.orders: "skip_final_snapshot": true',
    ]);
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
    for (const id of ['aws_db_instance.from_variable', 'aws_db_instance.defaulted', 'aws_db_instance.replica', 'aws_db_instance.custom', 'aws_db_instance.suppressed']) {
      assert.deepEqual(on(r, id), [], id);
    }
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['aws_db_instance.suppressed']);
  });
});

describe('RDS105 no-final-snapshot: Terraform plan', () => {
  it('fires on the planned value, without a fix', () => {
    const r = lintFixtures('rules/RDS105/deletion.plan.json');
    const f = one(r, 'aws_db_instance.ledger');
    assert.equal(text(r, f), '"skip_final_snapshot": true');
    assert.equal(f.fix, undefined);
  });
});

describe('RDS105 no-final-snapshot: doc examples', () => {
  it('the failing examples fire, the passing ones do not', () => {
    for (const kind of ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const) {
      const r = lintDocExample(ID, kind);
      assert.equal(findingsOf(r, ID).length, 1, kind);
      assertFixRoundTrip(r, findingsOf(r, ID)[0]);
    }
    for (const kind of ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const) assert.deepEqual(findingsOf(lintDocExample(ID, kind), ID), [], kind);
  });
});

describe('RDS105 no-final-snapshot: configuration and suppression', () => {
  const file = fixture('rules', 'RDS105', 'fix.yaml');

  it('takes a configured severity, or none when off', () => {
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'error' })), ID).map((f) => f.severity), ['error']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'off' })), ID), []);
  });

  it('honours template-level Metadata', () => {
    const r = lintFixtures('rules/RDS105/suppressed-template.yaml');
    assert.deepEqual(findingsOf(r, ID), []);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Ledger']);
  });
});
