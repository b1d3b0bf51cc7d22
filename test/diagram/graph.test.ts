import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDiagram, nodeKey, type DiagramGraph, type DiagramNode } from '../../server/src/diagram/graph';
import { toDiagramInput } from '../../server/src/diagram/input';
import { diagramFixture, diagramOf, largeTemplate } from './helpers';

const byResource = (g: DiagramGraph, id: string, kind?: DiagramNode['kind']): DiagramNode => {
  const found = g.nodes.find((n) => n.resource === id && (kind === undefined || n.kind === kind));
  assert.ok(found, `no ${kind ?? 'node'} for ${id}`);
  return found;
};
const edgeNames = (g: DiagramGraph, kind: string) => g.edges.filter((e) => e.kind === kind).map((e) => e.name).sort();
const badgeTexts = (n: DiagramNode) => n.badges.map((b) => b.text);

describe('diagram graph: every shape of all-shapes.yaml', () => {
  const input = diagramFixture('all-shapes.yaml');
  const g = buildDiagram(input);

  it('draws a node for every resource, plus what RDS creates without one', () => {
    const kinds: Record<string, number> = {};
    for (const n of g.nodes) kinds[n.kind] = (kinds[n.kind] ?? 0) + 1;
    assert.deepEqual(kinds, {
      cluster: 2,               // Analytics (Aurora), Billing (Multi-AZ DB cluster)
      instance: 10,             // every DBInstance, Aurora members included
      standby: 1,               // Orders is Multi-AZ
      'cluster-instance': 3,    // Billing's writer and two readers
      snapshot: 1,              // OrdersFromSnapshot's source snapshot
      proxy: 1,
      'proxy-endpoint': 1,
    });
    assert.equal(g.resourceCount, 14);
    assert.equal(g.hiddenReplicas, 0);
  });

  it('shows a Multi-AZ instance as a primary and a standby joined by a sync edge; the standby serves no reads', () => {
    const primary = byResource(g, 'Orders', 'instance');
    const standby = byResource(g, 'Orders', 'standby');
    assert.equal(standby.parent, primary.parent);
    assert.match(primary.detail, /Multi-AZ primary · AZ 1/);
    assert.match(standby.detail, /standby · AZ 2 · no reads/);
    assert.deepEqual(badgeTexts(standby), ['no reads']);
    assert.ok(g.edges.some((e) => e.kind === 'sync' && e.from === primary.key && e.to === standby.key));
  });

  it('shows a Multi-AZ DB cluster as one writer and two readers in three AZs inside the cluster', () => {
    const billing = byResource(g, 'Billing', 'cluster');
    const members = g.nodes.filter((n) => n.parent === billing.key);
    assert.deepEqual(members.map((n) => n.detail), ['writer · AZ 1', 'reader · AZ 2 · serves reads', 'reader · AZ 3 · serves reads']);
    assert.deepEqual(edgeNames(g, 'sync').filter((n) => n.startsWith('Billing')), ['Billing writer -> Billing reader 1', 'Billing writer -> Billing reader 2']);
    assert.ok(g.compounds.has(billing.key));
  });

  it('draws an Aurora cluster containing its member instances', () => {
    const analytics = byResource(g, 'Analytics', 'cluster');
    assert.deepEqual(g.nodes.filter((n) => n.parent === analytics.key).map((n) => n.resource).sort(), ['AnalyticsReader', 'AnalyticsWriter']);
    assert.match(analytics.subtitle, /^Aurora · aurora-postgresql/);
  });

  it('joins replicas to their source with async edges, chains included; a cross-region one in its own region group', () => {
    assert.deepEqual(edgeNames(g, 'async'), ['Orders -> OrdersReplica', 'Orders -> OrdersWestReplica', 'OrdersReplica -> OrdersReplicaOfReplica']);
    const west = byResource(g, 'OrdersWestReplica');
    const orders = byResource(g, 'Orders', 'instance');
    assert.notEqual(west.parent, orders.parent);
    const westGroup = g.groups.find((x) => x.key === west.parent);
    assert.equal(westGroup?.kind, 'region');
    assert.equal(westGroup?.label, 'Another region (cross-region replicas)');
    assert.equal(g.edges.find((e) => e.name === 'Orders -> OrdersWestReplica')?.crossRegion, true);
  });

  it('groups by region, then by availability zone where one is written', () => {
    assert.deepEqual(g.groups.map((x) => [x.kind, x.label]), [
      ['region', 'Another region (cross-region replicas)'],
      ['region', 'Region set at deploy time'],
      ['az', 'AZ us-east-1a'],
    ]);
    const reporting = byResource(g, 'Reporting');
    assert.equal(g.groups.find((x) => x.key === reporting.parent)?.label, 'AZ us-east-1a');
  });

  it('draws proxies with edges to their targets and to a read-only endpoint that reaches the readers', () => {
    assert.deepEqual(edgeNames(g, 'proxy'), ['Proxy -> Analytics', 'Proxy -> Orders']);
    assert.deepEqual(edgeNames(g, 'endpoint'), ['Proxy -> ProxyReader']);
    assert.deepEqual(edgeNames(g, 'readers'), ['ProxyReader -> Analytics']);
    assert.equal(g.edges.find((e) => e.kind === 'endpoint')?.label, 'read-only');
  });

  it('draws PITR and snapshot restores with an edge from their source', () => {
    assert.deepEqual(edgeNames(g, 'restore'), ['Orders -> OrdersRestore']);
    assert.deepEqual(edgeNames(g, 'snapshot-restore'), ['orders-2024-06-01 -> OrdersFromSnapshot']);
    assert.deepEqual(g.edges.filter((e) => e.kind.endsWith('restore')).map((e) => e.label), ['restore', 'restore']);
    assert.match(g.edges.find((e) => e.kind === 'restore')!.description, /^point-in-time restore/);
  });

  it('puts backup, PITR, final snapshot and encryption badges on databases', () => {
    assert.deepEqual(badgeTexts(byResource(g, 'Orders', 'instance')), ['14d backup', 'PITR', 'final snap', 'encrypted']);
    const reporting = byResource(g, 'Reporting');
    assert.deepEqual(reporting.badges.filter((b) => b.kind !== 'finding').map((b) => [b.text, b.state]),
      [['no backups', 'off'], ['no final snap', 'off'], ['unencrypted', 'off']]);
    // Cluster-level settings sit on the cluster, not on its members.
    assert.deepEqual(badgeTexts(byResource(g, 'AnalyticsWriter')), []);
  });

  it('marks each resource with its worst finding, coloured by severity, with the count', () => {
    const reporting = byResource(g, 'Reporting');
    const onIt = input.findings.filter((f) => f.resource === 'Reporting');
    assert.ok(onIt.length >= 2, 'the fixture has several findings on Reporting');
    const chip = reporting.badges.find((b) => b.kind === 'finding');
    assert.equal(chip?.state, reporting.worst);
    assert.equal(reporting.worst, onIt.some((f) => f.severity === 'error') ? 'error' : 'warning');
    assert.match(chip!.text, new RegExp(`^${reporting.findings[0].ruleId} \\+${onIt.length - 1}$`));
    assert.match(reporting.tooltip, /RDS101/);
    assert.match(reporting.ariaLabel, /automated backups off/);
  });

  it('carries each database its recovery profile; a replica gets its source\'s', () => {
    assert.equal(byResource(g, 'Orders', 'instance').recovery?.failures.length, 4);
    const replica = byResource(g, 'OrdersReplica').recovery;
    assert.equal(replica?.database, 'Orders');
    assert.equal(byResource(g, 'Proxy').recovery, undefined);
  });

  it('marks conditional resources', () => {
    assert.equal(byResource(g, 'Conditional').condition, 'IsProd');
    assert.match(byResource(g, 'Conditional').detail, /if IsProd$/);
  });

  it('gives every node a key unique in the diagram, stable across calls', () => {
    assert.equal(new Set(g.nodes.map((n) => n.key)).size, g.nodes.length);
    assert.deepEqual(buildDiagram(input).nodes.map((n) => n.key), g.nodes.map((n) => n.key));
  });
});

describe('diagram graph: replica fleets', () => {
  const fleetOf = (replicas: number) => diagramOf('fleet.yaml', largeTemplate(0, replicas));

  it('keeps a fleet at the threshold as it is', () => {
    const g = buildDiagram(fleetOf(6), { fleetThreshold: 6 });
    assert.equal(g.nodes.filter((n) => n.kind === 'fleet').length, 0);
    assert.equal(edgeNames(g, 'async').length, 6);
  });

  it('collapses replicas beyond the threshold into one "+N replicas" node', () => {
    const g = buildDiagram(fleetOf(40), { fleetThreshold: 6 });
    const fleet = g.nodes.filter((n) => n.kind === 'fleet');
    assert.equal(fleet.length, 1);
    assert.equal(fleet[0].title, '+35 replicas');
    assert.equal(fleet[0].fleet?.source, 'FleetSource');
    assert.equal(fleet[0].fleet?.replicas.length, 35);
    assert.equal(g.hiddenReplicas, 35);
    assert.equal(g.nodes.filter((n) => n.resource?.startsWith('FleetReplica')).length, 5);
    // Five replicas and the fleet, each joined to the source once.
    assert.equal(edgeNames(g, 'async').length, 6);
    assert.ok(g.edges.every((e) => g.nodes.some((n) => n.key === e.from) && g.nodes.some((n) => n.key === e.to)));
  });

  it('shows every replica once the user expands the fleet', () => {
    const input = fleetOf(40);
    const fleetKey = buildDiagram(input).nodes.find((n) => n.kind === 'fleet')!.key;
    const g = buildDiagram(input, { expandedFleets: new Set([fleetKey]) });
    assert.equal(g.nodes.filter((n) => n.kind === 'fleet').length, 0);
    assert.equal(edgeNames(g, 'async').length, 40);
  });

  it('keeps replicas that have replicas of their own, so chains stay visible', () => {
    const text = `${largeTemplate(0, 10)}  Chained:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      SourceDBInstanceIdentifier: !Ref FleetReplica9\n`;
    const g = buildDiagram(diagramOf('chain.yaml', text), { fleetThreshold: 3 });
    assert.ok(g.nodes.some((n) => n.resource === 'FleetReplica9'), 'the replica with a replica is kept');
    assert.ok(g.edges.some((e) => e.name === 'FleetReplica9 -> Chained'));
  });
});

describe('diagram input', () => {
  it('accepts a bare topology (what rdscope/topology and rdscope model return) with no findings', () => {
    const { topology } = diagramFixture('all-shapes.yaml');
    const input = toDiagramInput(JSON.parse(JSON.stringify(topology)));
    assert.equal(input.findings.length, 0);
    assert.equal(buildDiagram(input).resourceCount, 14);
  });

  it('refuses what is not a topology, saying why', () => {
    assert.throws(() => toDiagramInput(null), /not an object/);
    assert.throws(() => toDiagramInput({ topology: { files: [] } }), /no "instances" list/);
    assert.throws(() => toDiagramInput({ files: [], instances: [{}], clusters: [], proxies: [], proxyTargets: [], proxyEndpoints: [], edges: [] }), /no id or file/);
  });

  it('drops malformed findings and recovery entries instead of failing', () => {
    const input = diagramFixture('all-shapes.yaml');
    const noisy = toDiagramInput({ ...input, findings: [...input.findings, { ruleId: 1 }, 'x'], recovery: [{ resource: 'x' }] });
    assert.equal(noisy.findings.length, input.findings.length);
    assert.deepEqual(noisy.recovery, []);
    // An entry pointing at estimates that are not there is dropped; a malformed list of estimates is emptied.
    const orders = input.recovery!.find((r) => r.resource === 'Orders')!;
    const pointing = toDiagramInput({ ...input, recovery: [orders, { ...orders, failures: 999 }], recoveryFailures: [...input.recoveryFailures!, [{ label: 1 }]] });
    assert.deepEqual(pointing.recovery, [orders]);
    assert.deepEqual(pointing.recoveryFailures?.at(-1), []);
  });

  it('keeps the inputs behind values only when they are what the server sends', () => {
    const input = diagramFixture('all-shapes.yaml');
    const good = { resource: 'Orders', file: input.topology.files[0].file, values: [{ attribute: 'multiAz', value: 'true', inputs: ' (with Env=prod from prod.json)' }] };
    const checked = toDiagramInput({ ...input, inputs: [good, { resource: 'Orders' }, { ...good, values: [{ attribute: 'x', value: 1, inputs: '' }] }, null] });
    assert.deepEqual(checked.inputs, [good]);
    const orders = buildDiagram(checked).nodes.find((n) => n.key === nodeKey(0, 'Orders'));
    assert.deepEqual(orders?.inputs, good.values);
  });
});

describe('diagram graph: replication chains deeper than RDS allows', () => {
  const input = diagramFixture('replica-chain-40.yaml');

  it('draws the source and 6 replicas down the chain, and folds the other 33 into one "+33 replicas" node', () => {
    const g = buildDiagram(input);
    const drawn = g.nodes.filter((n) => n.kind === 'instance').map((n) => n.resource);
    assert.deepEqual(drawn, ['Db0', 'Db1', 'Db2', 'Db3', 'Db4', 'Db5', 'Db6']);
    const folded = g.nodes.find((n) => n.kind === 'fleet');
    assert.ok(folded, 'no folded node');
    assert.equal(folded.title, '+33 replicas');
    assert.match(folded.detail, /further down the chain below Db6/);
    assert.deepEqual(folded.fleet?.replicas, Array.from({ length: 33 }, (_, i) => `Db${i + 7}`));
    assert.equal(g.hiddenReplicas, 33);
    assert.ok(g.edges.some((e) => e.kind === 'async' && e.to === folded.key && e.name === 'Db6 -> +33 replicas'));
    // RDS303's errors on the folded replicas stay visible on the folded node.
    assert.equal(folded.worst, 'error');
    assert.ok(folded.findings.some((f) => f.ruleId === 'RDS303' && f.resource === 'Db39'));
    assert.ok(folded.tooltip.split('\n').length < 30, 'the hover lists a few findings, not all of them');
  });

  it('expands the folded part like a fleet', () => {
    const folded = buildDiagram(input).nodes.find((n) => n.kind === 'fleet')!;
    const g = buildDiagram(input, { expandedFleets: new Set([folded.key]) });
    assert.equal(g.nodes.filter((n) => n.kind === 'instance').length, 40);
    assert.equal(g.hiddenReplicas, 0);
  });

  it('gives every replica of a chain its root\'s recovery profile, naming a few replicas, not thousands', () => {
    const recovery = input.recovery ?? [];
    assert.equal(recovery.length, 40);
    assert.ok(recovery.every((r) => r.database === 'Db0'));
    // One list of estimates for the chain, written once (the input crosses to the webview as JSON).
    assert.ok(recovery.every((r) => r.failures === recovery[0].failures));
    assert.equal(input.recoveryFailures?.length, 1);
    const reason = input.recoveryFailures![recovery[39].failures].find((f) => f.failure === 'instance-failure')!.rpo.reason;
    assert.match(reason, /replica Db1, Db2, Db3, Db4, Db5 and 34 more/);
  });
});
