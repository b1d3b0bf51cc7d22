import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { linkTopology } from '../../server/src/model/link';
import { buildTerraformPlan } from '../../server/src/model/plan';
import type { Attr, DbInstance, Entity, FileModel } from '../../server/src/model/topology';
import { parseJson } from '../../server/src/parse/json';
import type { ValueNode } from '../../server/src/parse/tree';
import { CORPUS, CORPUS_MISSING_MESSAGE, CORPUS_PRESENT, readFixture, slice } from '../helpers';

const FILE = 'test/fixtures/terraform-plan/plan.json';

function rootOf(text: string): ValueNode {
  const parsed = parseJson(text);
  assert.deepEqual(parsed.problems, []);
  return parsed.root!;
}

function knownValue<T>(attr: Attr<T> | undefined, what = 'attribute'): T {
  assert.ok(attr, `${what} is absent`);
  assert.ok(attr.known, `${what} is unknown: ${attr.known ? '' : attr.reason}`);
  return attr.value;
}

function unknownReason(attr: Attr<unknown> | undefined): string {
  assert.ok(attr, 'attribute is absent');
  assert.equal(attr.known, false, `should be unknown, is ${JSON.stringify(attr.known && attr.value)}`);
  return attr.known ? '' : attr.reason;
}

function byId<T extends Entity>(list: readonly T[], id: string): T {
  const found = list.find((e) => e.id === id);
  assert.ok(found, `no entity ${id} among ${list.map((e) => e.id).join(', ')}`);
  return found;
}

describe('Terraform plan JSON (plan.json)', () => {
  const text = readFixture('terraform-plan', 'plan.json');
  const model: FileModel = buildTerraformPlan(FILE, rootOf(text));
  const instance = (id: string): DbInstance => byId(model.instances, id);
  const plannedValuesEnd = text.indexOf('"resource_changes"');

  it('takes the managed resources of the root and child modules, with their addresses as printed', () => {
    assert.deepEqual(model.instances.map((i) => i.id), [
      'aws_db_instance.orders', 'aws_db_instance.replica[0]', 'aws_db_instance.replica[1]', 'aws_db_instance.west',
      'module.analytics.aws_db_instance.warehouse', 'module.analytics.aws_db_instance.warehouse_replica',
    ]);
    assert.ok(model.instances.every((i) => i.provider === 'terraform-plan' && i.file === FILE && i.suppressions.size === 0));
    assert.equal(model.summary.provider, 'terraform-plan');
    assert.equal(model.scope, FILE);
  });

  it('gives each instance its role', () => {
    assert.deepEqual(Object.fromEntries(model.instances.map((i) => [i.id, i.role])), {
      'aws_db_instance.orders': 'standalone', 'aws_db_instance.replica[0]': 'replica', 'aws_db_instance.replica[1]': 'replica',
      'aws_db_instance.west': 'replica', 'module.analytics.aws_db_instance.warehouse': 'standalone',
      'module.analytics.aws_db_instance.warehouse_replica': 'replica',
    });
  });

  it('points the entity at its resource object and idRange at its address, inside planned_values', () => {
    const orders = instance('aws_db_instance.orders');
    const whole = slice(text, orders.range);
    assert.ok(whole.startsWith('{\n          "address": "aws_db_instance.orders",'));
    assert.ok(whole.endsWith('}'));
    assert.equal(slice(text, orders.idRange), '"aws_db_instance.orders"');
    assert.ok(orders.range.end < plannedValuesEnd);
    assert.equal(orders.anchor.resourceNode.range, orders.range);
    assert.ok(orders.anchor.propertiesNode && slice(text, orders.anchor.propertiesNode.range).startsWith('{\n            "allocated_storage": 100,'));
  });

  it('reads concrete values with ranges inside values', () => {
    const orders = instance('aws_db_instance.orders');
    const retention = orders.backupRetention;
    assert.ok(retention.known && retention.value === 7 && retention.origin === 'template');
    assert.equal(slice(text, retention.keyRange!), '"backup_retention_period"');
    assert.equal(slice(text, retention.valueRange!), '7');
    assert.ok(retention.valueRange!.start > orders.range.start && retention.valueRange!.end < orders.range.end);
    assert.equal(knownValue(orders.identifier), 'orders');
    assert.equal(knownValue(orders.engine), 'mysql');
    assert.equal(knownValue(orders.multiAz), true);
    assert.equal(knownValue(orders.snapshotOnDelete), true);
    assert.equal(slice(text, orders.snapshotOnDelete.valueRange!), 'false');
    assert.equal(knownValue(orders.finalSnapshotIdentifier), 'orders-final');
    assert.deepEqual([...orders.tags], [['Team', 'orders']]);
    assert.equal(orders.restoreSourceRef, undefined, 'an empty restore_to_point_in_time list is no block');
    assert.equal(orders.availabilityZone, undefined, 'computed by AWS and not written: absent');
  });

  it('keeps the password out of the model while noting that one is set', () => {
    const password = instance('aws_db_instance.orders').masterPassword;
    assert.ok(password?.known);
    assert.equal(password.value, '(sensitive)');
    assert.equal(password.text, undefined);
    assert.equal(slice(text, password.keyRange!), '"password"');
  });

  it('reads replication sources: an identifier, an ARN, and a reference for a value known only after apply', () => {
    assert.deepEqual(knownValue(instance('aws_db_instance.replica[1]').replicationSourceRef), { kind: 'identifier', identifier: 'orders' });
    const arn = knownValue(instance('module.analytics.aws_db_instance.warehouse_replica').replicationSourceRef);
    assert.ok(arn.kind === 'arn' && arn.region === 'us-east-1' && arn.identifier === 'analytics-warehouse' && arn.account === '123456789012');
    const west = instance('aws_db_instance.west').replicationSourceRef;
    assert.deepEqual(knownValue(west), { kind: 'reference', target: 'aws_db_instance.orders', attribute: 'arn' });
    assert.equal(slice(text, west!.keyRange!), '"replicate_source_db"');
    assert.ok(west!.keyRange!.start > plannedValuesEnd, 'the key is the after_unknown mark in resource_changes');
  });

  it('treats a value computed after apply that the configuration never wrote as absent (AWS default)', () => {
    const replica = instance('aws_db_instance.replica[0]');
    // A read replica's absent retention is RDS's replica default: backups off.
    assert.deepEqual(replica.backupRetention, { known: true, value: 0, origin: 'aws-default', key: 'backup_retention_period' });
    assert.equal(unknownReason(replica.engine), 'no engine given');
    assert.equal(replica.kmsKeyId, undefined);
  });

  it('takes the region from the provider configuration each resource uses', () => {
    const orders = instance('aws_db_instance.orders').region;
    assert.ok(orders.known && orders.value === 'us-east-1' && orders.origin === 'template' && orders.key === 'region');
    assert.equal(slice(text, orders.valueRange!), '"us-east-1"');
    assert.equal(knownValue(instance('aws_db_instance.west').region), 'us-west-2');
    assert.equal(knownValue(instance('module.analytics.aws_db_instance.warehouse').region), 'us-east-1');
  });

  it('links by identifier, by ARN and by reference, and sees the cross-region replica', () => {
    const topology = linkTopology([model]);
    const linked = (id: string) => byId(topology.instances, id);
    assert.deepEqual(linked('aws_db_instance.orders').replicas.map((r) => r.id), ['aws_db_instance.replica[0]', 'aws_db_instance.replica[1]', 'aws_db_instance.west']);
    assert.equal(linked('module.analytics.aws_db_instance.warehouse_replica').replicationSource?.id, 'module.analytics.aws_db_instance.warehouse');
    assert.equal(linked('aws_db_instance.west').crossRegion, true);
    assert.equal(linked('aws_db_instance.replica[0]').crossRegion, false);
  });
});

describe('Terraform plan JSON: shapes', () => {
  const build = (value: unknown) => buildTerraformPlan('p.json', rootOf(JSON.stringify(value)));
  const db = (address: string, values: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({ address, mode: 'managed', type: 'aws_db_instance', name: address.split('.').pop()!.replace(/\[.*$/, ''), values, ...extra });

  it('walks nested child modules and skips data sources and other types', () => {
    const model = build({
      planned_values: { root_module: {
        resources: [{ address: 'data.aws_db_instance.x', mode: 'data', type: 'aws_db_instance', name: 'x', values: {} }, { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: {} }],
        child_modules: [{ address: 'module.a', resources: [db('module.a.aws_db_instance.one', {})], child_modules: [
          { address: 'module.a.module.b["x"]', resources: [db('module.a.module.b["x"].aws_db_instance.two', {})] },
        ] }],
      } },
    });
    assert.deepEqual(model.instances.map((i) => i.id), ['module.a.aws_db_instance.one', 'module.a.module.b["x"].aws_db_instance.two']);
    assert.equal(unknownReason(model.instances[0].region), 'the resource is not in the plan configuration');
  });

  it('reads a region from a child module provider and from a v6 resource region', () => {
    const model = build({
      planned_values: { root_module: { resources: [db('aws_db_instance.own', { region: 'ap-south-1' })], child_modules: [{ address: 'module.m', resources: [db('module.m.aws_db_instance.x', {})] }] } },
      configuration: {
        provider_config: { 'module.m:aws': { name: 'aws', module_address: 'module.m', expressions: { region: { constant_value: 'eu-west-3' } } }, aws: { name: 'aws', expressions: { region: { references: ['var.region'] } } } },
        root_module: {
          resources: [{ address: 'aws_db_instance.own', mode: 'managed', type: 'aws_db_instance', name: 'own', provider_config_key: 'aws', expressions: {} }],
          module_calls: { m: { module: { resources: [{ address: 'aws_db_instance.x', mode: 'managed', type: 'aws_db_instance', name: 'x', provider_config_key: 'module.m:aws', expressions: {} }] } } },
        },
      },
    });
    assert.equal(knownValue(model.instances[0].region), 'ap-south-1');
    assert.equal(knownValue(model.instances[1].region), 'eu-west-3');
  });

  it('keeps an attribute known only after apply unknown when the configuration is missing, and finds no reference then', () => {
    const model = build({
      planned_values: { root_module: { resources: [db('aws_db_instance.r', { identifier: 'r', restore_to_point_in_time: [{ use_latest_restorable_time: true }] })] } },
      resource_changes: [{ address: 'aws_db_instance.r', change: { actions: ['create'], after_unknown: { replicate_source_db: true, multi_az: true, restore_to_point_in_time: [{ source_db_instance_identifier: true }] } } }],
    });
    const r = model.instances[0];
    assert.equal(r.role, 'restored');
    assert.equal(unknownReason(r.multiAz), 'known only after apply');
    assert.equal(unknownReason(r.restoreSourceRef), 'known only after apply');
  });

  it('does not name a counted resource without its index', () => {
    const model = build({
      planned_values: { root_module: { resources: [db('aws_db_instance.p[0]', {}, { index: 0 }), db('aws_db_instance.r', {})] } },
      resource_changes: [{ address: 'aws_db_instance.r', change: { after_unknown: { replicate_source_db: true } } }],
      configuration: { root_module: { resources: [{ address: 'aws_db_instance.r', mode: 'managed', type: 'aws_db_instance', name: 'r', expressions: { replicate_source_db: { references: ['aws_db_instance.p'] } } }] } },
    });
    assert.equal(unknownReason(model.instances[1].replicationSourceRef), 'known only after apply');
  });

  it('builds nothing from JSON that is not a plan', () => {
    for (const value of [{}, [], { planned_values: 1 }, { planned_values: { root_module: { resources: [1, null, { address: 'x' }] } } }]) {
      const model = build(value);
      assert.equal(model.instances.length + model.clusters.length + model.proxies.length, 0);
    }
  });
});

describe('Terraform plan corpus', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE }, () => {
  it('builds every tf-plan-json file of PROVENANCE.tsv without throwing', () => {
    const lines = readFileSync(join(CORPUS, 'PROVENANCE.tsv'), 'utf8').trim().split('\n');
    const header = lines[0].split('\t');
    const plans = lines.slice(1).map((l) => l.split('\t')).filter((c) => c[header.indexOf('format')] === 'tf-plan-json').map((c) => c[header.indexOf('corpus_path')]);
    assert.ok(plans.length >= 8, `${plans.length} plans`);
    let entities = 0;
    for (const path of plans) {
      const model = buildTerraformPlan(path, rootOf(readFileSync(join(CORPUS, path), 'utf8')));
      entities += model.instances.length + model.clusters.length;
      for (const i of model.instances) assert.ok(i.id.startsWith('aws_db_instance.') || i.id.startsWith('module.'), `${path}: ${i.id}`);
    }
    assert.ok(entities >= 8, `${entities} instances and clusters`);
  });
});
