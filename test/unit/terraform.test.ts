import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import { fileSystemSource } from '../../server/src/io/fileSource';
import { analyzeDocument, modelsOf } from '../../server/src/lint';
import type { Attr, DbCluster, DbInstance, Entity, FileModel, ResourceReference } from '../../server/src/model/topology';
import { linkTopology } from '../../server/src/model/link';
import { buildTerraform, terraformModuleFolder } from '../../server/src/model/terraform';
import { buildTerraformDeployment } from '../../server/src/model/terraformDeployment';
import { parseExpression, parseTemplate } from '../../server/src/model/terraformExpressions';
import { parseJson } from '../../server/src/parse/json';
import type { ValueNode } from '../../server/src/parse/tree';
import { CORPUS, CORPUS_MISSING_MESSAGE, CORPUS_PRESENT, readFixture, slice } from '../helpers';

const FOLDER = 'test/fixtures/terraform-json';

function rootOf(text: string): ValueNode {
  const parsed = parseJson(text);
  assert.deepEqual(parsed.problems, []);
  return parsed.root!;
}

function load(name: string): { text: string; model: FileModel } {
  const text = readFixture('terraform-json', name);
  return { text, model: buildTerraform(`${FOLDER}/${name}`, rootOf(text)) };
}

function byId<T extends Entity>(list: readonly T[], id: string): T {
  const found = list.find((e) => e.id === id);
  assert.ok(found, `no entity ${id} among ${list.map((e) => e.id).join(', ')}`);
  return found;
}

function knownValue<T>(attr: Attr<T> | undefined, what = 'attribute'): T {
  assert.ok(attr, `${what} is absent`);
  assert.ok(attr.known, `${what} is unknown: ${attr.known ? '' : attr.reason}`);
  return attr.value;
}

function unknownReason(attr: Attr<unknown> | undefined, what = 'attribute'): string {
  assert.ok(attr, `${what} is absent`);
  assert.equal(attr.known, false, `${what} should be unknown, is ${JSON.stringify(attr.known && attr.value)}`);
  return attr.known ? '' : attr.reason;
}

const reference = (target: string, attribute?: string): ResourceReference => ({ kind: 'reference', target, attribute });

describe('Terraform JSON: replicas, restores and references (replicas.tf.json)', () => {
  const { text, model } = load('replicas.tf.json');
  const instance = (id: string): DbInstance => byId(model.instances, id);

  it('expands literal count and for_each into one instance per address, and keeps a computed count as one', () => {
    assert.deepEqual(model.instances.map((i) => i.id), [
      'aws_db_instance.primary',
      'aws_db_instance.replica[0]', 'aws_db_instance.replica[1]', 'aws_db_instance.replica[2]',
      'aws_db_instance.reporting["apac"]', 'aws_db_instance.reporting["eu"]',
      'aws_db_instance.analytics["bi"]', 'aws_db_instance.analytics["ml"]',
      'aws_db_instance.west', 'aws_db_instance.west_by_name', 'aws_db_instance.restored',
      'aws_db_instance.canary[0]', 'aws_db_instance.unsure',
    ]);
    assert.ok(model.instances.every((i) => i.provider === 'terraform' && i.resourceType === 'aws_db_instance' && i.file === `${FOLDER}/replicas.tf.json`));
  });

  it('gives each instance its role: a restore_to_point_in_time block is a restore, not a replica', () => {
    assert.deepEqual(Object.fromEntries(model.instances.map((i) => [i.id, i.role])), {
      'aws_db_instance.primary': 'standalone',
      'aws_db_instance.replica[0]': 'replica', 'aws_db_instance.replica[1]': 'replica', 'aws_db_instance.replica[2]': 'replica',
      'aws_db_instance.reporting["apac"]': 'replica', 'aws_db_instance.reporting["eu"]': 'replica',
      'aws_db_instance.analytics["bi"]': 'replica', 'aws_db_instance.analytics["ml"]': 'replica',
      'aws_db_instance.west': 'replica', 'aws_db_instance.west_by_name': 'replica', 'aws_db_instance.restored': 'restored',
      'aws_db_instance.canary[0]': 'replica', 'aws_db_instance.unsure': 'replica',
    });
    const restored = instance('aws_db_instance.restored');
    assert.equal(restored.replicationSourceRef, undefined);
    assert.deepEqual(knownValue(restored.restoreSourceRef), reference('aws_db_instance.primary', 'identifier'));
    assert.equal(slice(text, restored.restoreSourceRef!.valueRange!), '"${aws_db_instance.primary.identifier}"');
  });

  it('shares the block ranges among expanded instances and points idRange at the block label', () => {
    const replicas = ['[0]', '[1]', '[2]'].map((i) => instance(`aws_db_instance.replica${i}`));
    for (const r of replicas) {
      assert.deepEqual(r.range, replicas[0].range);
      assert.equal(slice(text, r.idRange), '"replica"');
      assert.ok(slice(text, r.range).startsWith('"replica": {\n        "count"'));
      assert.ok(slice(text, r.range).endsWith('"skip_final_snapshot": true\n      }'));
      assert.equal(r.anchor.resourceNode, r.anchor.propertiesNode);
      assert.equal(r.anchor.resourceNode.kind, 'map');
      assert.ok(slice(text, r.anchor.resourceNode.range).startsWith('{\n        "count"'));
    }
  });

  it('evaluates count.index, each.key and each.value inside each instance', () => {
    assert.deepEqual(['[0]', '[1]', '[2]'].map((i) => knownValue(instance(`aws_db_instance.replica${i}`).identifier)),
      ['orders-replica-0', 'orders-replica-1', 'orders-replica-2']);
    assert.equal(knownValue(instance('aws_db_instance.reporting["eu"]').identifier), 'orders-reporting-eu');
    assert.equal(knownValue(instance('aws_db_instance.analytics["bi"]').instanceClass), 'db.r6g.xlarge');
    assert.equal(knownValue(instance('aws_db_instance.analytics["ml"]').instanceClass), 'db.r6g.2xlarge');
    assert.equal(knownValue(instance('aws_db_instance.analytics["ml"]').identifier), 'orders-ml');
  });

  it('resolves references to resources, indexed instances and references held by a local', () => {
    assert.deepEqual(knownValue(instance('aws_db_instance.replica[1]').replicationSourceRef), reference('aws_db_instance.primary', 'identifier'));
    assert.deepEqual(knownValue(instance('aws_db_instance.reporting["apac"]').replicationSourceRef), reference('aws_db_instance.replica[0]', 'identifier'));
    assert.deepEqual(knownValue(instance('aws_db_instance.analytics["bi"]').replicationSourceRef), reference('aws_db_instance.primary', 'arn'));
    assert.deepEqual(knownValue(instance('aws_db_instance.canary[0]').replicationSourceRef), reference('aws_db_instance.primary', 'id'));
  });

  it('reads a literal ARN (through a local) and a literal identifier as replication sources', () => {
    const west = instance('aws_db_instance.west');
    assert.deepEqual(knownValue(west.replicationSourceRef), {
      kind: 'arn', arn: 'arn:aws:rds:us-east-1:123456789012:db:orders-primary', region: 'us-east-1', account: '123456789012', identifier: 'orders-primary',
    });
    assert.equal(slice(text, west.replicationSourceRef!.valueRange!), '"${local.primary_arn}"');
    assert.deepEqual(knownValue(instance('aws_db_instance.west_by_name').replicationSourceRef), { kind: 'identifier', identifier: 'orders-primary' });
  });

  it('takes the region from the provider, or from the aliased provider a resource names', () => {
    const primary = instance('aws_db_instance.primary');
    assert.ok(primary.region.known);
    assert.equal(primary.region.value, 'us-east-1');
    assert.equal(primary.region.origin, 'template');
    assert.equal(primary.region.key, 'region');
    assert.equal(slice(text, primary.region.valueRange!), '"us-east-1"');
    for (const id of ['aws_db_instance.west', 'aws_db_instance.west_by_name']) {
      const region = instance(id).region;
      assert.ok(region.known, id);
      assert.equal(region.value, 'us-west-2');
      assert.equal(region.origin, 'variable-default');
      assert.equal(slice(text, region.valueRange!), '"${var.west_region}"');
    }
  });

  it('reads literal values with their origin, text and exact ranges', () => {
    const primary = instance('aws_db_instance.primary');
    const identifier = primary.identifier!;
    assert.ok(identifier.known);
    assert.equal(identifier.value, 'orders-primary');
    assert.equal(identifier.origin, 'template');
    assert.equal(slice(text, identifier.keyRange!), '"identifier"');
    assert.equal(slice(text, identifier.valueRange!), '"${local.name}-primary"');

    assert.ok(primary.engine.known);
    assert.equal(primary.engine.value, 'postgres');
    assert.equal(primary.engine.origin, 'variable-default');

    const retention = primary.backupRetention;
    assert.ok(retention.known);
    assert.equal(retention.value, 7);
    assert.equal(retention.text, '7');
    assert.equal(slice(text, retention.valueRange!), '"7"');
    assert.equal(knownValue(primary.deletionProtection), true);
    assert.equal(knownValue(primary.multiAz), true);
    assert.equal(knownValue(primary.storageEncrypted), true);
    assert.equal(knownValue(primary.masterUsername), 'orders_admin');
    assert.equal(primary.masterPassword, undefined, 'manage_master_user_password is not a credential');
    assert.equal(knownValue(primary.finalSnapshotIdentifier), 'orders-final');
    assert.equal(primary.availabilityZone, undefined, 'a variable whose default is null leaves the argument unset');
  });

  it('turns skip_final_snapshot into snapshotOnDelete, keeping what was written', () => {
    const primary = instance('aws_db_instance.primary').snapshotOnDelete;
    assert.deepEqual(primary, { known: true, value: true, origin: 'aws-default', key: 'skip_final_snapshot', text: 'false' });
    const replica = instance('aws_db_instance.replica[0]').snapshotOnDelete;
    assert.ok(replica.known);
    assert.equal(replica.value, false);
    assert.equal(replica.origin, 'template');
    assert.equal(replica.text, 'true');
    assert.equal(slice(text, replica.keyRange!), '"skip_final_snapshot"');
    assert.equal(slice(text, replica.valueRange!), 'true');
    assert.equal(instance('aws_db_instance.replica[0]').snapshotOnReplace, undefined, 'CloudFormation only');
  });

  it('applies AWS defaults to absent attributes', () => {
    const replica = instance('aws_db_instance.replica[2]');
    // A read replica's absent retention is RDS's replica default: backups off.
    assert.deepEqual(replica.backupRetention, { known: true, value: 0, origin: 'aws-default', key: 'backup_retention_period' });
    assert.deepEqual(replica.multiAz, { known: true, value: false, origin: 'aws-default', key: 'multi_az' });
    assert.deepEqual(replica.autoMinorVersionUpgrade, { known: true, value: true, origin: 'aws-default', key: 'auto_minor_version_upgrade' });
    assert.equal(unknownReason(replica.engine), 'no engine given');
    assert.equal(replica.engineWritten, undefined);
  });

  it('leaves unknown what depends on deploy time, saying why', () => {
    const unsure = instance('aws_db_instance.unsure');
    assert.match(unknownReason(unsure.replicationSourceRef), /`aws_db_instance\.replica\.identifier`: a list has no attributes/);
    assert.match(unknownReason(unsure.masterPassword), /module\.secrets/);
    assert.match(unknownReason(unsure.snapshotOnDelete), /variable retention_days has no value/);
    assert.equal(unknownReason(instance('aws_db_instance.restored').backupRetention), 'variable retention_days has no value (no default, tfvars or --var)');
    // var.create_canary defaults to true: count = 1, so count.index is 0.
    assert.equal(knownValue(instance('aws_db_instance.canary[0]').identifier), 'orders-canary-0');
  });

  it('keeps literal tags only', () => {
    assert.deepEqual([...instance('aws_db_instance.primary').tags], [['Name', 'orders-primary'], ['Engine', 'postgres']]);
  });

  it('reads // suppressions on a block and at the top level', () => {
    assert.deepEqual([...instance('aws_db_instance.primary').suppressions], ['RDS201']);
    assert.deepEqual([...instance('aws_db_instance.replica[0]').suppressions], []);
    assert.deepEqual([...model.summary.suppressions], ['RDS104']);
    assert.equal(model.summary.provider, 'terraform');
  });

  it('scopes names to the module folder', () => {
    assert.equal(model.scope, FOLDER);
  });
});

describe('Terraform JSON: Aurora and Multi-AZ DB clusters (clusters.tf.json)', () => {
  const { text, model } = load('clusters.tf.json');
  const cluster = (id: string): DbCluster => byId(model.clusters, id);

  it('tells Aurora from a Multi-AZ DB cluster by db_cluster_instance_class', () => {
    assert.deepEqual(model.clusters.map((c) => [c.id, c.clusterKind]), [['aws_rds_cluster.analytics', 'aurora'], ['aws_rds_cluster.billing', 'multi-az']]);
  });

  it('reads the cluster attributes', () => {
    const analytics = cluster('aws_rds_cluster.analytics');
    assert.equal(knownValue(analytics.identifier), 'analytics');
    assert.equal(knownValue(analytics.backupRetention), 14);
    assert.equal(knownValue(analytics.snapshotOnDelete), false);
    assert.deepEqual(knownValue(analytics.availabilityZones), ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    const billing = cluster('aws_rds_cluster.billing');
    assert.deepEqual(billing.backupRetention, { known: true, value: 1, origin: 'aws-default', key: 'backup_retention_period' });
    assert.equal(knownValue(billing.allocatedStorage), 100);
    assert.equal(knownValue(billing.iops), 1000);
    assert.equal(slice(text, billing.iops!.valueRange!), '"1000"');
    assert.equal(knownValue(billing.storageType), 'io1');
    assert.equal(knownValue(billing.dbClusterInstanceClass), 'db.r6gd.large');
    assert.equal(knownValue(billing.finalSnapshotIdentifier), 'billing-final');
  });

  it('reads a list of // comments for suppressions', () => {
    assert.deepEqual([...cluster('aws_rds_cluster.billing').suppressions], ['RDS105', 'no-final-snapshot']);
  });

  it('makes each aws_rds_cluster_instance an Aurora member that names its cluster', () => {
    assert.deepEqual(model.instances.map((i) => [i.id, i.role]), [
      ['aws_rds_cluster_instance.analytics[0]', 'aurora-member'], ['aws_rds_cluster_instance.analytics[1]', 'aurora-member'],
    ]);
    const member = model.instances[1];
    assert.equal(member.resourceType, 'aws_rds_cluster_instance');
    assert.equal(knownValue(member.identifier), 'analytics-1');
    assert.deepEqual(knownValue(member.clusterRef), reference('aws_rds_cluster.analytics', 'id'));
    assert.match(unknownReason(member.engine), /aws_rds_cluster\.analytics\.engine/);
    assert.ok(member.instanceClass?.known && member.instanceClass.origin === 'variable-default');
    assert.equal(knownValue(member.autoMinorVersionUpgrade), false);
  });

  it('leaves the region unknown without a provider block', () => {
    assert.equal(unknownReason(model.clusters[0].region), 'provider region not set');
    assert.equal(model.clusters[0].region.key, 'region');
  });
});

describe('Terraform JSON: RDS Proxy (proxy.tf.json)', () => {
  const { text, model } = load('proxy.tf.json');

  it('reads the proxy, its auth blocks and subnets', () => {
    const proxy = byId(model.proxies, 'aws_db_proxy.orders');
    assert.equal(knownValue(proxy.identifier), 'orders-proxy');
    assert.equal(knownValue(proxy.engineFamily), 'POSTGRESQL');
    assert.deepEqual(proxy.requireTls, { known: true, value: false, origin: 'aws-default', key: 'require_tls' });
    assert.deepEqual(knownValue(proxy.auth), { entries: 2, withSecret: 1 });
    assert.deepEqual(knownValue(proxy.subnets), [reference('aws_subnet.a', 'id'), reference('aws_subnet.b', 'id')]);
    assert.deepEqual(proxy.resolvedSubnets, []);
    assert.ok(proxy.region.known && proxy.region.value === 'eu-west-1');
  });

  it('leaves a dynamic auth block and a computed subnet list unknown', () => {
    const proxy = byId(model.proxies, 'aws_db_proxy.computed');
    assert.equal(unknownReason(proxy.auth), 'auth is generated by a dynamic block');
    assert.equal(unknownReason(proxy.subnets), "variable subnet_ids is not declared in this module's files");
    assert.equal(knownValue(proxy.requireTls), true);
  });

  it('reads the default target group, each proxy target as its own resource, and the endpoints', () => {
    const group = byId(model.proxyTargetGroups, 'aws_db_proxy_default_target_group.orders');
    assert.deepEqual(knownValue(group.proxyRef), reference('aws_db_proxy.orders', 'name'));
    const orders = byId(model.proxyTargets, 'aws_db_proxy_target.orders');
    assert.equal(orders.targetKind, 'instance');
    assert.deepEqual(knownValue(orders.targetRef), reference('aws_db_instance.primary', 'identifier'));
    assert.equal(slice(text, orders.idRange), '"orders"');
    assert.ok(slice(text, orders.range).startsWith('"orders": {\n        "//": "rdscope:ignore RDS506"'));
    assert.deepEqual([...orders.suppressions], ['RDS506']);
    const analytics = byId(model.proxyTargets, 'aws_db_proxy_target.analytics');
    assert.equal(analytics.targetKind, 'cluster');
    assert.deepEqual(knownValue(analytics.targetRef), { kind: 'identifier', identifier: 'analytics' });
    assert.deepEqual(knownValue(analytics.proxyRef), { kind: 'identifier', identifier: 'orders-proxy' });
    assert.equal(knownValue(byId(model.proxyEndpoints, 'aws_db_proxy_endpoint.reader').targetRole), 'READ_ONLY');
    const writer = byId(model.proxyEndpoints, 'aws_db_proxy_endpoint.writer');
    assert.deepEqual(writer.targetRole, { known: true, value: 'READ_WRITE', origin: 'aws-default', key: 'target_role' });
    assert.equal(knownValue(writer.identifier), 'orders-writer');
  });

  it('reads subnets with their availability zones', () => {
    assert.deepEqual(model.subnets.map((s) => [s.id, knownValue(s.availabilityZone)]), [['aws_subnet.a', 'eu-west-1a'], ['aws_subnet.b', 'eu-west-1b']]);
  });
});

describe('Terraform JSON: every block as an array of objects (array-form.tf.json)', () => {
  const { text, model } = load('array-form.tf.json');

  it('reads providers, variables, locals and resources in array form', () => {
    assert.deepEqual(model.instances.map((i) => [i.id, i.role]), [['aws_db_instance.primary', 'standalone'], ['aws_db_instance.replica[0]', 'replica']]);
    const primary = model.instances[0];
    assert.equal(knownValue(primary.identifier), 'ledger');
    assert.ok(primary.region.known && primary.region.value === 'ap-southeast-2' && primary.region.origin === 'variable-default');
    const retention = primary.backupRetention;
    assert.ok(retention.known && retention.value === 0 && retention.origin === 'variable-default' && retention.text === '0');
    assert.equal(slice(text, retention.valueRange!), '"${var.retention}"');
    assert.ok(primary.multiAz.known && primary.multiAz.value === false && primary.multiAz.origin === 'template');
    assert.equal(knownValue(primary.snapshotOnDelete), false);
    assert.deepEqual([...primary.tags], [['Team', 'payments']]);
    assert.equal(slice(text, primary.idRange), '"primary"');
  });

  it('expands count = 1 into [0] and reads an empty block list as no block', () => {
    const replica = model.instances[1];
    assert.equal(knownValue(replica.identifier), 'ledger-replica');
    assert.deepEqual(knownValue(replica.replicationSourceRef), reference('aws_db_instance.primary', 'id'));
    assert.equal(replica.restoreSourceRef, undefined);
  });

  it('reads // suppressions in array form', () => {
    assert.deepEqual([...model.instances[0].suppressions], ['RDS101']);
    assert.deepEqual([...model.summary.suppressions], ['RDS503']);
  });
});

describe('Terraform JSON: a module spread over files', () => {
  const models = ['replicas.tf.json', 'clusters.tf.json', 'proxy.tf.json', 'array-form.tf.json'].map((name) => load(name).model);
  const topology = linkTopology(models);
  const instance = (id: string) => byId(topology.instances, id);

  it('links replicas, restores, members and proxy targets by address inside the folder', () => {
    assert.equal(instance('aws_db_instance.replica[2]').replicationSource?.id, 'aws_db_instance.primary');
    assert.equal(instance('aws_db_instance.reporting["eu"]').replicationSource?.id, 'aws_db_instance.replica[0]');
    assert.equal(instance('aws_db_instance.analytics["bi"]').replicationSource?.id, 'aws_db_instance.primary');
    assert.equal(instance('aws_db_instance.restored').restoreSource?.id, 'aws_db_instance.primary');
    assert.equal(instance('aws_db_instance.unsure').replicationSource, undefined);
    assert.deepEqual(byId(topology.clusters, 'aws_rds_cluster.analytics').members.map((m) => m.id),
      ['aws_rds_cluster_instance.analytics[0]', 'aws_rds_cluster_instance.analytics[1]']);
    const target = byId(topology.proxyTargets, 'aws_db_proxy_target.orders');
    assert.equal(target.proxy?.id, 'aws_db_proxy.orders');
    assert.equal(target.target?.id, 'aws_db_instance.primary', 'the target names an instance of another file of the module');
    assert.equal(byId(topology.proxyTargets, 'aws_db_proxy_target.analytics').target?.id, 'aws_rds_cluster.analytics');
  });

  it('finds a cross-region source by ARN and sees the regions differ', () => {
    const west = instance('aws_db_instance.west');
    assert.equal(west.replicationSource?.id, 'aws_db_instance.primary');
    assert.equal(west.crossRegion, true);
    assert.equal(instance('aws_db_instance.west_by_name').replicationSource?.id, 'aws_db_instance.primary');
  });

  /** The model of `file` when the module's files are built together, as a lint of the folder does. */
  const withSiblings = (file: string, root: ValueNode, siblings: readonly ValueNode[]): FileModel => {
    const folder = terraformModuleFolder(file);
    const models = buildTerraformDeployment([{ uri: file, root }, ...siblings.map((s, i) => ({ uri: `${folder}/sibling${i}.tf.json`, root: s }))]);
    return models.find((m) => m.summary.file === file)!;
  };

  it('reads variables, locals and providers from the other files of the module when given them', () => {
    const main = rootOf('{"resource": {"aws_db_instance": {"db": {"engine": "${var.engine}", "identifier": "${local.name}", "count": "${var.n}"}}}}');
    const variables = rootOf('{"variable": {"engine": {"default": "mysql"}, "n": {"default": 2}}, "locals": {"name": "x"}}');
    const providers = rootOf('{"provider": {"aws": {"region": "eu-central-1"}}}');
    const alone = buildTerraform('file:///infra/main.tf.json', main);
    assert.deepEqual(alone.instances.map((i) => i.id), ['aws_db_instance.db']);
    assert.equal(unknownReason(alone.instances[0].engine), "variable engine is not declared in this module's files");
    assert.equal(unknownReason(alone.instances[0].region), 'provider region not set');
    const together = withSiblings('file:///infra/main.tf.json', main, [variables, providers]);
    assert.deepEqual(together.instances.map((i) => i.id), ['aws_db_instance.db[0]', 'aws_db_instance.db[1]']);
    assert.ok(together.instances[0].engine.known && together.instances[0].engine.value === 'mysql');
    assert.equal(knownValue(together.instances[0].identifier), 'x');
    assert.equal(knownValue(together.instances[0].region), 'eu-central-1');
    assert.equal(together.scope, 'file:///infra');
  });

  it('checks instance keys of resources declared in the other files', () => {
    const main = rootOf('{"resource": {"aws_db_instance": {"r": {"replicate_source_db": "${aws_db_instance.p.id}"}}}}');
    const other = rootOf('{"resource": {"aws_db_instance": {"p": {"count": 2}}}}');
    assert.deepEqual(knownValue(buildTerraform('m/a.tf.json', main).instances[0].replicationSourceRef), reference('aws_db_instance.p', 'id'));
    assert.match(unknownReason(withSiblings('m/a.tf.json', main, [other]).instances[0].replicationSourceRef), /a list has no attributes/);
  });
});

describe('Terraform JSON: references and expansion corner cases', () => {
  const build = (json: string) => buildTerraform('m/main.tf.json', rootOf(json));

  it('maps an indexed reference to a resource with a computed count onto its single entity', () => {
    const model = build(`{"resource": {"aws_db_instance": {
      "p": {"count": "\${var.create ? 1 : 0}"},
      "r": {"replicate_source_db": "\${aws_db_instance.p[0].arn}"},
      "s": {"replicate_source_db": "\${aws_db_instance.p.arn}"},
      "t": {"replicate_source_db": "\${aws_db_instance.q[\\"k\\"].id}"},
      "u": {"replicate_source_db": "\${data.aws_db_instance.x.arn}"},
      "v": {"replicate_source_db": "\${var.source}"}
    }}, "variable": {"source": {"default": "arn:aws:rds:eu-west-1:111122223333:db:src"}}}`);
    assert.deepEqual(model.instances.map((i) => i.id), ['aws_db_instance.p', 'aws_db_instance.r', 'aws_db_instance.s', 'aws_db_instance.t', 'aws_db_instance.u', 'aws_db_instance.v']);
    const ref = (id: string) => byId(model.instances, id).replicationSourceRef;
    assert.deepEqual(knownValue(ref('aws_db_instance.r')), reference('aws_db_instance.p', 'arn'));
    assert.match(unknownReason(ref('aws_db_instance.s')), /has count or for_each: say which instance/);
    assert.deepEqual(knownValue(ref('aws_db_instance.t')), reference('aws_db_instance.q["k"]', 'id'));
    assert.match(unknownReason(ref('aws_db_instance.u')), /data source/);
    const v = ref('aws_db_instance.v');
    assert.ok(v?.known && v.origin === 'variable-default' && v.value.kind === 'arn' && v.value.region === 'eu-west-1');
  });

  it('rejects an index on a resource without count, and an unknown instance key', () => {
    const model = build(`{"resource": {"aws_db_instance": {
      "p": {}, "q": {"for_each": {"a": 1}},
      "r": {"replicate_source_db": "\${aws_db_instance.p[0].id}"},
      "s": {"replicate_source_db": "\${aws_db_instance.q[\\"b\\"].id}"},
      "t": {"replicate_source_db": "\${aws_db_instance.q[\\"a\\"].id}"}
    }}}`);
    const ref = (id: string) => byId(model.instances, id).replicationSourceRef;
    assert.match(unknownReason(ref('aws_db_instance.r')), /neither count nor for_each/);
    assert.match(unknownReason(ref('aws_db_instance.s')), /no element "b"/);
    assert.deepEqual(knownValue(ref('aws_db_instance.t')), reference('aws_db_instance.q["a"]', 'id'));
  });

  it('expands for_each over a variable default map and a literal list, and count = 0 into nothing', () => {
    const model = build(`{"variable": {"dbs": {"default": {"b": {"size": "db.t4g.small"}, "a": {"size": "db.t4g.micro"}}}},
      "resource": {"aws_db_instance": {
        "m": {"for_each": "\${var.dbs}", "instance_class": "\${each.value.size}", "identifier": "db-\${each.key}"},
        "l": {"for_each": ["x", "y", "x"], "identifier": "\${each.value}"},
        "z": {"count": 0}
      }}}`);
    assert.deepEqual(model.instances.map((i) => i.id), ['aws_db_instance.m["a"]', 'aws_db_instance.m["b"]', 'aws_db_instance.l["x"]', 'aws_db_instance.l["y"]']);
    const a = model.instances[0];
    assert.ok(a.instanceClass?.known && a.instanceClass.value === 'db.t4g.micro' && a.instanceClass.origin === 'variable-default');
    assert.equal(knownValue(a.identifier), 'db-a');
    assert.equal(knownValue(model.instances[3].identifier), 'y');
  });

  it('does not expand a count beyond the limit or a count that is not a whole number', () => {
    const model = build('{"resource": {"aws_db_instance": {"big": {"count": 100000000}, "neg": {"count": -1}, "frac": {"count": "1.5"}}}}');
    assert.deepEqual(model.instances.map((i) => i.id), ['aws_db_instance.big', 'aws_db_instance.neg', 'aws_db_instance.frac']);
  });

  it('survives locals that refer to themselves and odd shapes', () => {
    const model = build(`{"locals": {"a": "\${local.b}", "b": "\${local.a}"}, "resource": [
      "not a block", {"aws_db_instance": {"//": "comment", "x": null, "y": [1, {"identifier": "\${local.a}"}]}}, {"aws_db_instance": "z"}
    ], "provider": "aws"}`);
    assert.deepEqual(model.instances.map((i) => i.id), ['aws_db_instance.y']);
    assert.match(unknownReason(model.instances[0].identifier), /refers to itself/);
    assert.deepEqual(buildTerraform('m/x.tf.json', rootOf('[]')).instances, []);
  });

  it('marks an unknown that may be null (and so an absent argument) as mayBeAbsent', () => {
    const model = build(`{"resource": {"aws_db_instance": {
      "a": {"availability_zone": "\${var.az}"},
      "b": {"availability_zone": "\${var.create ? \\"us-east-1a\\" : null}"},
      "c": {"availability_zone": "\${aws_subnet.x.availability_zone}"},
      "d": {"availability_zone": "zone-\${var.az}"}
    }}}`);
    const mayBeAbsent = model.instances.map((i) => {
      const az = i.availabilityZone;
      assert.ok(az && !az.known, i.id);
      return az.known ? undefined : az.mayBeAbsent === true;
    });
    assert.deepEqual(mayBeAbsent, [true, true, false, false]);
  });

  it('treats a provider alias that is not configured as an unknown region', () => {
    const model = build('{"provider": {"aws": {"region": "us-east-1"}}, "resource": {"aws_db_instance": {"x": {"provider": "aws.east"}, "y": {"region": "eu-north-1"}}}}');
    assert.equal(unknownReason(model.instances[0].region), "provider aws.east is not configured in this module's files");
    assert.equal(knownValue(model.instances[1].region), 'eu-north-1', 'AWS provider v6: a resource may set its own region');
  });
});

describe('Terraform expressions', () => {
  it('splits templates and honours $${ and %%{ escapes', () => {
    assert.deepEqual(parseTemplate('plain'), ['plain']);
    assert.deepEqual(parseTemplate('a-$${b}-%%{c}'), ['a-${b}-%{c}']);
    const parts = parseTemplate('db-${var.env}-${count.index}');
    assert.equal(parts?.length, 4);
    assert.equal(parts?.[0], 'db-');
    assert.equal(parseTemplate('%{ if x }y%{ endif }'), undefined);
    assert.equal(parseTemplate('${unterminated'), undefined);
  });

  it('finds the end of an interpolation holding braces and quoted strings', () => {
    const parts = parseTemplate('${lookup({a = "}"}, "a")}!');
    assert.equal(parts?.length, 2);
    assert.equal(parts?.[1], '!');
  });

  it('parses traversals, literals, tuples and calls; rejects the rest', () => {
    assert.deepEqual(parseExpression('aws_db_instance.primary[0].arn'), {
      kind: 'traversal', root: 'aws_db_instance', text: 'aws_db_instance.primary[0].arn',
      steps: [{ kind: 'attribute', name: 'primary' }, { kind: 'index', key: { kind: 'literal', value: 0 } }, { kind: 'attribute', name: 'arn' }],
    });
    assert.deepEqual(parseExpression('aws_db_instance.replica.1.id')?.kind, 'traversal');
    assert.deepEqual(parseExpression(' "a" '), { kind: 'literal', value: 'a' });
    assert.deepEqual(parseExpression('toset(["a", "b"])')?.kind, 'call');
    assert.equal(parseExpression('var.a ? 1 : 0'), undefined);
    assert.equal(parseExpression('aws_db_instance.x[*].id'), undefined);
    assert.equal(parseExpression('aws_db_instance.x.*.id'), undefined);
    assert.equal(parseExpression('[for k in var.x : k]'), undefined);
    assert.equal(parseExpression('"'.repeat(10_000)), undefined);
    assert.equal(parseExpression('['.repeat(10_000)), undefined);
  });
});

describe('terraformModuleFolder', () => {
  it('cuts the file name off paths and URIs alike', () => {
    assert.equal(terraformModuleFolder('/a/b/main.tf.json'), '/a/b');
    assert.equal(terraformModuleFolder('file:///a/b/main.tf.json'), 'file:///a/b');
    assert.equal(terraformModuleFolder('C:\\infra\\db\\main.tf.json'), 'C:\\infra\\db');
    assert.equal(terraformModuleFolder('main.tf.json'), '.');
    assert.equal(terraformModuleFolder('/main.tf.json'), '/');
    assert.equal(terraformModuleFolder('file:///main.tf.json'), 'file:///');
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe('Terraform JSON corpus (tf-json-from-hcl)', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE }, () => {
  it('builds every converted file without throwing, with unique addresses', () => {
    const files = walk(join(CORPUS, 'tf-json-from-hcl')).filter((f) => f.endsWith('.tf.json'));
    assert.ok(files.length >= 40, `${files.length} files`);
    let entities = 0;
    for (const file of files) {
      const model = buildTerraform(file, rootOf(readFileSync(file, 'utf8')));
      const all: Entity[] = [...model.instances, ...model.clusters, ...model.proxies, ...model.proxyTargetGroups, ...model.proxyTargets, ...model.proxyEndpoints, ...model.subnets];
      assert.equal(new Set(all.map((e) => e.id)).size, all.length, file);
      entities += all.length;
    }
    assert.ok(entities > 150, `${entities} entities`);
  });

  it('expands a literal for_each map from the corpus', () => {
    const file = join(CORPUS, 'tf-json-from-hcl/infracost/internal/providers/terraform/aws/testdata/db_instance_test/db_instance_test.tf.json');
    const model = buildTerraform(file, rootOf(readFileSync(file, 'utf8')));
    assert.deepEqual(model.instances.filter((i) => i.id.startsWith('aws_db_instance.gp3[')).map((i) => i.id),
      ['above_high_baseline', 'above_low_baseline', 'below_high_baseline', 'below_low_baseline', 'multi_az'].map((k) => `aws_db_instance.gp3["${k}"]`));
    assert.deepEqual(knownValue(byId(model.instances, 'aws_db_instance.mysql-replica').replicationSourceRef), reference('aws_db_instance.mysql-default', 'id'));
  });
});

describe('Terraform: a one-file root folder is built once', () => {
  const MAIN = '{"variable": {"retention": {"default": 7}}, "resource": {"aws_db_instance": {"db": {"engine": "postgres", "backup_retention_period": "${var.retention}"}}}}';
  const modelsOfFolder = (dir: string, names: readonly string[]) => {
    const documents = new Map(names.map((name) => {
      const uri = join(dir, name);
      return [uri, analyzeDocument({ uri, text: readFileSync(uri, 'utf8') }, DEFAULT_CONFIG, {}, fileSystemSource({ roots: [dir] }))] as const;
    }));
    return { documents, models: modelsOf(documents, fileSystemSource({ roots: [dir] })) };
  };

  it('links the model analysis built, when the folder as a deployment is the same file alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdscope-tf-once-'));
    writeFileSync(join(dir, 'main.tf.json'), MAIN);
    const { documents, models } = modelsOfFolder(dir, ['main.tf.json']);
    assert.equal(models.length, 1);
    assert.equal(models[0].instances[0], documents.get(join(dir, 'main.tf.json'))!.model!.instances[0], 'the same entity: not built again');
    assert.equal(knownValue(models[0].instances[0].backupRetention), 7);
  });

  it('builds the deployment when a tfvars file or a second file changes what the file means', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdscope-tf-once-'));
    writeFileSync(join(dir, 'main.tf.json'), MAIN);
    writeFileSync(join(dir, 'terraform.tfvars.json'), '{"retention": 0}');
    const withTfvars = modelsOfFolder(dir, ['main.tf.json']);
    assert.notEqual(withTfvars.models[0].instances[0], withTfvars.documents.get(join(dir, 'main.tf.json'))!.model!.instances[0]);
    assert.equal(knownValue(withTfvars.models[0].instances[0].backupRetention), 0, 'the tfvars value, not the default');
    rmSync(join(dir, 'terraform.tfvars.json'));
    writeFileSync(join(dir, 'variables.tf.json'), '{"locals": {"unused": 1}}');
    const twoFiles = modelsOfFolder(dir, ['main.tf.json', 'variables.tf.json']);
    assert.notEqual(twoFiles.models[0].instances[0], twoFiles.documents.get(join(dir, 'main.tf.json'))!.model!.instances[0]);
    assert.equal(knownValue(twoFiles.models[0].instances[0].backupRetention), 7);
  });
});
