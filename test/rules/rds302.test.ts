import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/lint';
import { rds302 } from '../../server/src/rules/rds302-replica-cycle';
import { rds303 } from '../../server/src/rules/rds303-replica-chain-depth';
import { fixture } from '../helpers';
import { assertExpected, describeConfiguration, describeDocExamples, describeFixture, findingsOf, lintFixtures, sortedAt, textOf } from './harness';
import { said } from './said';

const RULE = 'RDS302';

describeFixture(RULE, 'RDS302 replica-cycle: CloudFormation', 'rules/RDS302/cycles.yaml', { fires: 'reports every instance of every cycle at its source property, and nothing else', severity: 'error', sorted: true }, ({ result, findings, on }) => {
  it('messages walk the loop from the instance and say how to break it', () => {
    assert.match(on('RingD').detail!, /^RingD replicates from RingE, and the sources loop back to it \(RingD -> RingE -> RingC -> RingD\): /);
    assert.match(said(on('RingD')), /none of these instances can be created/);
    assert.match(said(on('RingD')), /make it a standalone instance by removing its SourceDBInstanceIdentifier/);
    assert.match(on('Narcissus').detail!, /^Narcissus names itself as its replication source in SourceDBInstanceIdentifier: /);
  });

  it('related information points at the source of each step', () => {
    assert.deepEqual(on('ReplicaA').related.map((r) => [textOf(result, r), r.message]), [['ReplicaB', 'ReplicaA replicates from ReplicaB']]);
    assert.deepEqual(on('Narcissus').related, []);
  });

  it('the linker: a chain inherits its root\'s engine; below a cycle the engine is unknown', () => {
    const engine = (id: string) => result.topology.instances.find((i) => i.id === id)!.engine;
    const chain2 = engine('Chain2');
    assert.equal(chain2.known && chain2.value, 'postgres');
    const hanger = engine('Hanger');
    assert.equal(hanger.known, false);
    assert.equal(!hanger.known && hanger.reason, 'the replication chain is a cycle');
    const unknownSource = engine('PointsAtUnknown');
    assert.equal(!unknownSource.known && unknownSource.reason, 'inherited from a source outside the analyzed files');
  });

  it('RDS303 stays silent inside and below the cycle', () => {
    assert.deepEqual(findingsOf(result, 'RDS303'), []);
  });
});

describe('RDS302: across files and in Terraform JSON', () => {
  it('a cycle across two stacks (YAML and JSON) by identifier', () => {
    const result = lintFixtures('rules/RDS302/west.yaml', 'rules/RDS302/east.json');
    const findings = findingsOf(result, RULE);
    assertExpected(sortedAt(result, findings), RULE, 'a cycle across two stacks (YAML and JSON) by identifier');
    const west = findings.find((f) => f.resource === 'WestReplica')!;
    assert.equal(west.related[0].file, fixture('rules/RDS302/east.json'));
    assert.equal(textOf(result, west.related[0]), '"EastReplica"');
  });

  it('Terraform: references, an ARN attribute, a literal identifier and a self-reference', () => {
    const result = lintFixtures('rules/RDS302/cycles.tf.json');
    const findings = findingsOf(result, RULE);
    assert.deepEqual(findings.map((f) => f.resource).sort(), ['aws_db_instance.a', 'aws_db_instance.b', 'aws_db_instance.c', 'aws_db_instance.self']);
    const a = findings.find((f) => f.resource === 'aws_db_instance.a')!;
    assert.equal(textOf(result, a), '"replicate_source_db": "${aws_db_instance.b.identifier}"');
    assert.match(said(a), /removing its replicate_source_db/);
  });
});

/**
 * 30,000 instances: one ring of 10,000, 5,000 pairs, 100 self-references and
 * 9,900 instances hanging below them in chains, listed in a scrambled order.
 */
function tangle(): { text: string; cycleMembers: number } {
  const sources = new Map<number, number>();
  let next = 0;
  const ring = 10_000;
  for (let i = 0; i < ring; i++) sources.set(next + i, next + ((i + 1) % ring));
  next += ring;
  for (let p = 0; p < 5_000; p++) { sources.set(next, next + 1); sources.set(next + 1, next); next += 2; }
  for (let s = 0; s < 100; s++) { sources.set(next, next); next += 1; }
  const cycleMembers = next;
  for (let h = 0; h < 9_900; h++) { sources.set(next, h % 3 === 0 ? (h * 7919) % cycleMembers : next - 1); next += 1; }
  const order = [...sources.keys()].sort((x, y) => ((x * 2654435761) % 30011) - ((y * 2654435761) % 30011));
  const resources: Record<string, unknown> = {};
  for (const i of order) resources[`Db${i}`] = { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: { Ref: `Db${sources.get(i)}` } } };
  return { text: JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }), cycleMembers };
}

describe('RDS302 on a 30,000-instance tangle', () => {
  it('finishes and reports exactly the cycle members (RDS303 silent below cycles)', () => {
    const { text, cycleMembers } = tangle();
    const result = lintDocuments([{ uri: 'tangle.json', text }], { rules: [rds302, rds303] });
    assert.equal(result.topology.instances.length, 30_000);
    assert.equal(findingsOf(result, RULE).length, cycleMembers);
    assert.equal(cycleMembers, 20_100);
    assert.equal(findingsOf(result, 'RDS303').length, 0);
    const ringMessage = findingsOf(result, RULE).find((f) => f.resource === 'Db0')!.detail!;
    assert.match(ringMessage, /\(Db0 -> Db1 -> Db2 -> \.\.\. -> Db9999 -> Db0, 10000 instances\)/);
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS302/cycles.tf.json', severity: 'warning', count: 4 });
describeDocExamples(RULE, { count: 2 });
