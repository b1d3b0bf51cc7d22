import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { fixture } from '../helpers';
import { assertFixRoundTrip, configWith, findingsOf, lintDocExample, lintFiles, lintFixtures } from './harness';
import { said } from './said';

const ID = 'RDS106';
const text = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => r.documents.get(f.file)!.text.slice(f.range.start, f.range.end);
const on = (r: LintResult, resource: string): Finding[] => findingsOf(r, ID).filter((f) => f.resource === resource);
const one = (r: LintResult, resource: string): Finding => {
  const found = on(r, resource);
  assert.equal(found.length, 1, `one ${ID} finding on ${resource}`);
  return found[0];
};

describe('RDS106 replacement-without-snapshot: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS106/replacement.yaml');

  it('informs on resources RDS105 covers whose UpdateReplacePolicy is absent or Delete', () => {
    assert.deepEqual(findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`), [
      'Ledger: Ledger',
      'Orders: UpdateReplacePolicy: Delete',
      'Scratch: UpdateReplacePolicy: Delete',
      'LedgerRestored: LedgerRestored',
      'FromParameter: UpdateReplacePolicy: !Ref ReplacePolicy',
    ]);
    for (const f of findingsOf(r, ID)) assert.equal(f.severity, 'info');
  });

  it('absent: on the logical id, says the default, inserts the policy', () => {
    const f = one(r, 'Ledger');
    assert.equal(f.message, 'An update that replaces Ledger deletes the old database without a snapshot (by default)');
    assert.match(f.detail!, /^UpdateReplacePolicy absent, default Delete: /);
    assert.match(said(f), /such as DBInstanceIdentifier, DBName, MasterUsername, StorageEncrypted or KmsKeyId/);
    assert.match(said(f), /Set UpdateReplacePolicy: Snapshot so CloudFormation snapshots it first\.$/);
    assert.equal(f.fix?.title, 'Set UpdateReplacePolicy: Snapshot');
    assertFixRoundTrip(r, f);
    assertFixRoundTrip(r, one(r, 'LedgerRestored'));
  });

  it('written Delete: on the property, replaced in place', () => {
    const f = one(r, 'Orders');
    assert.match(f.detail!, /^UpdateReplacePolicy: Delete: /);
    assert.match(said(f), /such as DBClusterIdentifier, Engine, StorageEncrypted or KmsKeyId/);
    assert.ok(assertFixRoundTrip(r, f).get(f.file)!.includes('    UpdateReplacePolicy: Snapshot # set by the old template\n'));
    assertFixRoundTrip(r, one(r, 'Scratch'));
  });

  it('counts a parameter Default, without a fix', () => {
    const f = one(r, 'FromParameter');
    assert.match(said(f), /UpdateReplacePolicy: Delete, from a parameter's Default/);
    assert.equal(f.fix, undefined);
  });

  it('is silent on Snapshot, Retain, members, replicas, RDS Custom, unknowns and suppressions', () => {
    for (const id of ['Snapshotted', 'Retained', 'RetainedWriter', 'LedgerReplica', 'CustomSqlServer', 'Conditional', 'Suppressed']) assert.deepEqual(on(r, id), [], id);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Suppressed']);
  });
});

describe('RDS106 replacement-without-snapshot: exact fixed text', () => {
  it('YAML: inserted at the end of the resource, replaced in place, comments and blank lines kept', () => {
    const r = lintFixtures('rules/RDS106/fix.yaml');
    const ledger = one(r, 'Ledger');
    assert.equal(assertFixRoundTrip(r, ledger).get(ledger.file), `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # The ledger keeps every posting.
  Ledger:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: postgres # 16
      DBInstanceClass: db.m6g.large
    UpdateReplacePolicy: Snapshot

  # The orders cluster.
  Orders:
    Type: AWS::RDS::DBCluster
    UpdateReplacePolicy: Delete # set by the old template
    Properties:
      Engine: aurora-mysql
      MasterUsername: admin
      ManageMasterUserPassword: true
`);
    const orders = one(r, 'Orders');
    assert.ok(assertFixRoundTrip(r, orders).get(orders.file)!.includes('    UpdateReplacePolicy: Snapshot # set by the old template\n'));
  });

  it('JSON: inserted after Properties, replaced in place', () => {
    const r = lintFixtures('rules/RDS106/fix.json');
    const ledger = one(r, 'Ledger');
    assert.equal(text(r, ledger), '"Ledger"');
    assert.equal(assertFixRoundTrip(r, ledger).get(ledger.file), `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Ledger": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": {
        "Engine": "postgres",
        "DBInstanceClass": "db.m6g.large"
      },
      "UpdateReplacePolicy": "Snapshot"
    },
    "Orders": {
      "Type": "AWS::RDS::DBCluster",
      "UpdateReplacePolicy": "Delete",
      "Properties": {
        "Engine": "aurora-mysql",
        "MasterUsername": "admin",
        "ManageMasterUserPassword": true
      }
    }
  }
}
`);
    const orders = one(r, 'Orders');
    assert.ok(assertFixRoundTrip(r, orders).get(orders.file)!.includes('"UpdateReplacePolicy": "Snapshot",'));
  });
});

describe('RDS106 replacement-without-snapshot: Terraform', () => {
  it('never fires on Terraform (no such attribute)', () => {
    assert.deepEqual(findingsOf(lintFixtures('rules/RDS106/terraform.tf.json'), ID), []);
  });
});

describe('RDS106 replacement-without-snapshot: doc examples', () => {
  it('the failing YAML fires; the Terraform examples (CloudFormation-only rule) and passing YAML do not', () => {
    const r = lintDocExample(ID, 'Failing: CloudFormation YAML');
    assert.equal(findingsOf(r, ID).length, 1);
    assertFixRoundTrip(r, findingsOf(r, ID)[0]);
    for (const kind of ['Passing: CloudFormation YAML', 'Failing: Terraform JSON', 'Passing: Terraform JSON'] as const) {
      assert.deepEqual(findingsOf(lintDocExample(ID, kind), ID), [], kind);
    }
  });
});

describe('RDS106 replacement-without-snapshot: configuration and suppression', () => {
  const file = fixture('rules', 'RDS106', 'fix.json');

  it('takes a configured severity, or none when off', () => {
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'warning' })), ID).map((f) => f.severity), ['warning', 'warning']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'off' })), ID), []);
  });

  it('honours template-level Metadata', () => {
    const r = lintFixtures('rules/RDS106/suppressed-template.yaml');
    assert.deepEqual(findingsOf(r, ID), []);
    assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ID).map((f) => f.resource), ['Ledger']);
  });
});
