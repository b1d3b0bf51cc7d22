import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/lint';
import type { DbInstance } from '../../server/src/model/topology';
import { readFixture, slice } from '../helpers';

describe('CloudFormation topology', () => {
  const uri = 'test/fixtures/cloudformation/topology.yaml';
  const text = readFixture('cloudformation', 'topology.yaml');
  const { topology } = lintDocuments([{ uri, text }]);
  const instance = (id: string): DbInstance => {
    const found = topology.instances.find((i) => i.id === id);
    assert.ok(found, id);
    return found;
  };

  it('finds every node', () => {
    assert.deepEqual(topology.instances.map((i) => i.id),
      ['Orders', 'OrdersReplica', 'OrdersWestReplica', 'OrdersRestore', 'AnalyticsWriter', 'AnalyticsReader', 'Conditional']);
    assert.deepEqual(topology.clusters.map((c) => [c.id, c.clusterKind]), [['Analytics', 'aurora'], ['Billing', 'multi-az']]);
    assert.deepEqual(topology.proxies.map((p) => p.id), ['Proxy']);
    assert.equal(topology.proxyTargets.length, 2);
    assert.equal(topology.proxyEndpoints.length, 1);
    assert.equal(topology.subnets.length, 2);
  });

  it('gives each instance its role', () => {
    assert.deepEqual(Object.fromEntries(topology.instances.map((i) => [i.id, i.role])), {
      Orders: 'standalone', OrdersReplica: 'replica', OrdersWestReplica: 'replica', OrdersRestore: 'restored',
      AnalyticsWriter: 'aurora-member', AnalyticsReader: 'aurora-member', Conditional: 'standalone',
    });
  });

  it('links replicas by Ref and by ARN, restores by identifier, members by Ref and identifier', () => {
    assert.equal(instance('OrdersReplica').replicationSource?.id, 'Orders');
    assert.equal(instance('OrdersWestReplica').replicationSource?.id, 'Orders');
    assert.equal(instance('OrdersRestore').restoreSource?.id, 'Orders');
    assert.equal(instance('OrdersRestore').replicationSource, undefined, 'a PITR restore is not a replica');
    assert.deepEqual(instance('Orders').replicas.map((r) => r.id), ['OrdersReplica', 'OrdersWestReplica']);
    assert.deepEqual(topology.clusters[0].members.map((m) => m.id), ['AnalyticsWriter', 'AnalyticsReader']);
  });

  it('draws the edges', () => {
    const edges = topology.edges.map((e) => `${e.kind}:${e.from.id}->${e.to.id}${e.crossRegion ? ' (cross-region)' : ''}`);
    assert.deepEqual(edges.sort(), [
      'membership:Analytics->AnalyticsReader',
      'membership:Analytics->AnalyticsWriter',
      'proxy-target:Proxy->Analytics',
      'proxy-target:Proxy->Orders',
      'replication:Orders->OrdersReplica',
      'replication:Orders->OrdersWestReplica (cross-region)',
      'restore:Orders->OrdersRestore',
    ]);
  });

  it('inherits a replica engine from its source', () => {
    const r = instance('OrdersReplica');
    assert.equal(r.engine.known && r.engine.value, 'postgres');
    assert.equal(r.engineWritten, undefined);
  });

  it('keeps values, origins and exact ranges', () => {
    const orders = instance('Orders');
    assert.deepEqual(orders.multiAz.known && [orders.multiAz.value, orders.multiAz.origin, orders.multiAz.text], [true, 'template', 'true']);
    assert.equal(slice(text, orders.multiAz.valueRange!), '"true"');
    assert.equal(slice(text, orders.multiAz.keyRange!), 'MultiAZ');
    const retention = orders.backupRetention;
    assert.deepEqual(retention.known && [retention.value, retention.origin], [14, 'parameter-default']);
    assert.equal(slice(text, retention.valueRange!), '!Ref Retention');
    assert.equal(slice(text, orders.idRange), 'Orders');
    const replica = instance('OrdersReplica');
    // RDS creates read replicas with backups off, and takes no final snapshot of one.
    assert.deepEqual(replica.backupRetention.known && [replica.backupRetention.value, replica.backupRetention.origin], [0, 'aws-default']);
    assert.deepEqual(replica.snapshotOnDelete.known && [replica.snapshotOnDelete.value, replica.snapshotOnDelete.origin], [false, 'aws-default']);
    assert.equal(replica.backupRetention.keyRange, undefined);
  });

  it('treats Fn::If branches and parameters without defaults as unknown, never guessed', () => {
    const c = instance('Conditional');
    assert.equal(c.multiAz.known, false);
    if (!c.multiAz.known) assert.match(c.multiAz.reason, /IsProd/);
    assert.deepEqual(c.backupRetention.known && c.backupRetention.value, 0, 'the string "0" is the number 0');
    const master = topology.clusters[0];
    assert.equal(master.region.known, false, 'the stack region is a deploy-time value');
  });

  it('resolves proxy targets, endpoints and subnets', () => {
    const proxy = topology.proxies[0];
    assert.deepEqual(proxy.targets.map((t) => t.target?.id), ['Orders', 'Analytics']);
    assert.equal(proxy.endpoints[0].targetRole.known && proxy.endpoints[0].targetRole.value, 'READ_ONLY');
    assert.deepEqual(proxy.resolvedSubnets.map((s) => s?.id), ['SubnetA', 'SubnetB']);
    assert.equal(proxy.resolvedSubnets[1]?.availabilityZone?.known, false);
    assert.equal(slice(text, topology.proxyTargets[0].range), '!Ref Orders');
  });

  it('treats deletion policies with their defaults', () => {
    const orders = instance('Orders');
    assert.equal(orders.snapshotOnDelete.known && orders.snapshotOnDelete.value, true);
    const member = instance('AnalyticsWriter');
    assert.deepEqual(member.snapshotOnDelete.known && [member.snapshotOnDelete.value, member.snapshotOnDelete.origin], [false, 'aws-default']);
    const restore = instance('OrdersRestore');
    assert.deepEqual(restore.snapshotOnReplace?.known && [restore.snapshotOnReplace.value, restore.snapshotOnReplace.origin], [false, 'aws-default']);
  });
});

describe('CloudFormation JSON and YAML give the same model', () => {
  it('for the intrinsics fixture', () => {
    const yaml = lintDocuments([{ uri: 'a.yaml', text: readFixture('cloudformation', 'intrinsics.yaml') }]).topology;
    const json = lintDocuments([{ uri: 'a.json', text: readFixture('cloudformation', 'intrinsics.json') }]).topology;
    assert.equal(yaml.instances.length, 1);
    assert.equal(json.instances.length, 1);
    assert.equal(yaml.instances[0].id, json.instances[0].id);
  });
});
