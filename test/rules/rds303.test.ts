import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/lint';
import { rds302 } from '../../server/src/rules/rds302-replica-cycle';
import { rds303 } from '../../server/src/rules/rds303-replica-chain-depth';
import { assertExpected, describeConfiguration, describeDocExamples, describeFixture, findingsOf, textOf } from './harness';
import { said } from './said';

const RULE = 'RDS303';

describeFixture(RULE, 'RDS303 replica-chain-depth: CloudFormation', 'rules/RDS303/chains.yaml', { fires: 'reports each replica deeper than the root engine allows, at its source property', severity: 'error', sorted: true }, ({ result, findings, on }) => {
  it('messages give the level, the engine\'s limit and where to attach instead', () => {
    assert.match(on('Level4').detail!, /^Level4 is the 4th replica in the chain below Shop, but mysql allows at most 3 levels of cascading read replicas: RDS refuses to create it/);
    assert.match(said(on('Level4')), /Replicate from Level2 \(or any instance nearer Shop\) instead\.$/);
    assert.match(on('Level5').detail!, /^Level5 is the 5th replica in the chain below Shop.*Replicate from Level2/);
    assert.match(on('LedgerCascade').detail!, /^LedgerCascade replicates from LedgerReplica, itself a read replica of Ledger, but oracle-ee does not support replicas of replicas: .*Replicate from Ledger instead\.$/);
    assert.match(said(on('BillingCascade')), /but sqlserver-ee does not support replicas of replicas/);
  });

  it('related information: the root and the replica\'s own source', () => {
    assertExpected(on('Level4').related.map((r) => [textOf(result, r), r.message]), RULE, 'related information: the root and the replica\'s own source');
  });

  it('silent within the limit, below an unknown root, and with an unknown engine', () => {
    for (const id of ['CatalogL3', 'Remote4', 'MysteryL2', 'Level3', 'LedgerReplica']) assert.equal(on(id), undefined, id);
  });
});

describe('RDS303 on a 30,000-instance chain', () => {
  it('finishes and reports every replica past level 3', () => {
    const resources: Record<string, unknown> = { Db0: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql' } } };
    // Listed from the bottom of the chain up, so walks start at the deepest replica.
    for (let i = 29_999; i >= 1; i--) resources[`Db${i}`] = { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: { Ref: `Db${i - 1}` } } };
    const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
    const result = lintDocuments([{ uri: 'chain.json', text }], { rules: [rds302, rds303] });
    const findings = findingsOf(result, RULE);
    assert.equal(findings.length, 29_996);
    assert.deepEqual(findingsOf(result, 'RDS302'), []);
    assert.match(findings.find((f) => f.resource === 'Db29999')!.detail!, /^Db29999 is the 29999th replica in the chain below Db0.*Replicate from Db2 /);
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS303/chains.yaml', severity: 'warning', count: 4 });
describeDocExamples(RULE);
