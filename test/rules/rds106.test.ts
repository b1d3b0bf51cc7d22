import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertFixedAs, assertFixesInto, assertFixRoundTrip, assertSilentOn, describeConfiguration, describeDocExamples, describeFixture, findingsOf, findingsOn, lintFixtures, suppressedOn, textOf } from './harness';
import { said } from './said';

const ID = 'RDS106';
const { one } = findingsOn(ID);

describeFixture(ID, 'RDS106 replacement-without-snapshot: CloudFormation YAML', 'rules/RDS106/replacement.yaml', { fires: 'informs on resources RDS105 covers whose UpdateReplacePolicy is absent or Delete', severity: 'info' }, ({ result: r }) => {
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
    assertSilentOn(r, ID, ['Snapshotted', 'Retained', 'RetainedWriter', 'LedgerReplica', 'CustomSqlServer', 'Conditional', 'Suppressed']);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS106 replacement-without-snapshot: exact fixed text', () => {
  it('YAML: inserted at the end of the resource, replaced in place, comments and blank lines kept', () => {
    const r = lintFixtures('rules/RDS106/fix.yaml');
    assertFixesInto(r, ID, 'Ledger', 'rules/RDS106/fix.yaml.fixed');
    const orders = one(r, 'Orders');
    assert.ok(assertFixRoundTrip(r, orders).get(orders.file)!.includes('    UpdateReplacePolicy: Snapshot # set by the old template\n'));
  });

  it('JSON: inserted after Properties, replaced in place', () => {
    const r = lintFixtures('rules/RDS106/fix.json');
    const ledger = one(r, 'Ledger');
    assert.equal(textOf(r, ledger), '"Ledger"');
    assertFixedAs(r, ledger, 'rules/RDS106/fix.json.fixed');
    const orders = one(r, 'Orders');
    assert.ok(assertFixRoundTrip(r, orders).get(orders.file)!.includes('"UpdateReplacePolicy": "Snapshot",'));
  });
});

describe('RDS106 replacement-without-snapshot: Terraform', () => {
  it('never fires on Terraform (no such attribute)', () => {
    assert.deepEqual(findingsOf(lintFixtures('rules/RDS106/terraform.tf.json'), ID), []);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS106/fix.json', severity: 'warning', count: 2, templateSuppression: { fixture: 'rules/RDS106/suppressed-template.yaml', suppressed: ['info Ledger'] } });
describeDocExamples(ID, { firing: ['Failing: CloudFormation YAML'], fix: 'round-trip' });
