/**
 * A Terraform module folder in HCL (test/fixtures/hcl/module/: main.tf,
 * replicas.tf, proxy.tf, variables.tf and a Terraform JSON file) through the
 * whole engine: references across files and formats, variables and locals
 * from sibling files, count/for_each addresses, suppressions in comments,
 * target-level proxy findings on aws_db_proxy_target.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { LintResult } from '../../server/src/lint';
import { lintDocuments } from '../../server/src/lint';
import { initHcl } from '../../server/src/parse/hcl';
import { fixture, readFixture, slice } from '../helpers';
import { lintFiles } from '../rules/harness';

const MODULE = fixture('hcl', 'module');
const file = (name: string) => fixture('hcl', 'module', name);

function lintModule(): LintResult {
  return lintFiles(readdirSync(MODULE).filter((n) => /\.tf(\.json)?$/.test(n)).sort().map(file));
}

const textOf = (r: LintResult, f: { file: string; range: { start: number; end: number } }) => slice(r.documents.get(f.file)!.text, f.range);

describe('HCL module folder: the model', () => {
  let result: LintResult;
  before(async () => {
    assert.ok(await initHcl());
    result = lintModule();
  });

  it('reads every file of the folder as one configuration, without problems', () => {
    for (const d of result.documents.values()) assert.equal(d.problem, undefined, d.uri);
    assert.deepEqual([...result.documents.values()].map((d) => [d.uri.slice(MODULE.length + 1), d.format, d.kind ?? d.skipped]), [
      ['archive.tf.json', 'json', 'terraform'],
      ['main.tf', 'hcl', 'terraform'],
      ['proxy.tf', 'hcl', 'terraform'],
      ['replicas.tf', 'hcl', 'terraform'],
      ['variables.tf', 'hcl', 'terraform'],
    ]);
  });

  it('expands count and literal for_each (a variable default from variables.tf) into Terraform\'s addresses', () => {
    const ids = result.topology.instances.map((i) => i.id).sort();
    assert.deepEqual(ids, [
      'aws_db_instance.orders', 'aws_db_instance.orders_archive', 'aws_db_instance.orders_archive_copy', 'aws_db_instance.orders_legacy_copy',
      'aws_db_instance.orders_read[0]', 'aws_db_instance.orders_read[1]', 'aws_db_instance.orders_zonal["a"]', 'aws_db_instance.orders_zonal["b"]',
      'aws_db_instance.reporting', 'aws_db_instance.scratch',
    ]);
    const read1 = result.topology.instances.find((i) => i.id === 'aws_db_instance.orders_read[1]')!;
    assert.deepEqual(read1.identifier?.known && read1.identifier.value, 'orders-read-1');
    const zonalB = result.topology.instances.find((i) => i.id === 'aws_db_instance.orders_zonal["b"]')!;
    assert.equal(zonalB.availabilityZone?.known && zonalB.availabilityZone.value, 'eu-west-1b');
  });

  it('resolves references across .tf files and between .tf and .tf.json in one folder', () => {
    const edges = result.topology.edges.map((e) => `${e.kind}:${e.from.id}->${e.to.id}`).sort();
    assert.deepEqual(edges, [
      'proxy-target:aws_db_proxy.orders->aws_db_instance.orders',
      'proxy-target:aws_db_proxy.orders->aws_db_instance.orders_read[1]',
      // archive.tf.json (JSON) replicates main.tf (HCL)...
      'replication:aws_db_instance.orders->aws_db_instance.orders_archive',
      'replication:aws_db_instance.orders->aws_db_instance.orders_legacy_copy',
      'replication:aws_db_instance.orders->aws_db_instance.orders_read[0]',
      'replication:aws_db_instance.orders->aws_db_instance.orders_read[1]',
      'replication:aws_db_instance.orders->aws_db_instance.orders_zonal["a"]',
      'replication:aws_db_instance.orders->aws_db_instance.orders_zonal["b"]',
      // ...and replicas.tf (HCL) replicates archive.tf.json.
      'replication:aws_db_instance.orders_archive->aws_db_instance.orders_archive_copy',
    ]);
  });

  it('resolves locals and variable defaults declared in sibling files', () => {
    const orders = result.topology.instances.find((i) => i.id === 'aws_db_instance.orders')!;
    assert.deepEqual(orders.identifier?.known && orders.identifier.value, 'orders-prod');
    assert.deepEqual(orders.engine.known && orders.engine.value, 'postgres');
    assert.deepEqual(orders.backupRetention.known && orders.backupRetention.value, 7);
    assert.deepEqual(orders.region.known && orders.region.value, 'eu-west-1');
    // instance_class = var.instance_class: declared without a default, so unknown.
    assert.equal(orders.instanceClass?.known, false);
  });

  it('reports on the resource the finding belongs to, in the file that holds it', () => {
    const lines = result.findings.map((f) => `${f.ruleId} ${f.resource} ${f.file.slice(MODULE.length + 1)}`);
    assert.deepEqual(lines, [
      'RDS301 aws_db_instance.orders main.tf',
      'RDS201 aws_db_instance.reporting main.tf',
      'RDS503 aws_db_proxy.orders proxy.tf',
      'RDS504 aws_db_proxy_target.primary proxy.tf',
      'RDS504 aws_db_proxy_target.replica proxy.tf',
      'RDS506 aws_db_proxy_target.replica proxy.tf',
      'RDS202 aws_db_instance.orders_zonal["a"] replicas.tf',
      'RDS202 aws_db_instance.orders_zonal["b"] replicas.tf',
      // orders_archive is itself a replica with no retention (RDS's replica default: backups off), and it feeds orders_archive_copy.
      'RDS103 aws_db_instance.orders_archive_copy replicas.tf',
    ]);
  });

  it('points at the block label for an absence and at the attribute for a written value', () => {
    const by = (rule: string, resource: string) => result.findings.find((f) => f.ruleId === rule && f.resource === resource)!;
    assert.equal(textOf(result, by('RDS201', 'aws_db_instance.reporting')), '"reporting"');
    assert.equal(textOf(result, by('RDS503', 'aws_db_proxy.orders')), '"orders"');
    assert.equal(textOf(result, by('RDS202', 'aws_db_instance.orders_zonal["a"]')), 'availability_zone   = each.value');
    assert.equal(textOf(result, by('RDS504', 'aws_db_proxy_target.replica')), 'db_instance_identifier = aws_db_instance.orders_read[1].identifier');
  });

  it('honours rdscope:ignore comments above a block and inside it (#, //, /* */)', () => {
    assert.deepEqual(result.suppressed.map((f) => `${f.ruleId} ${f.resource}`), [
      'RDS201 aws_db_instance.scratch',
      'RDS105 aws_db_instance.scratch',
      'RDS306 aws_db_instance.orders_legacy_copy',
    ]);
  });
});

describe('HCL: a folder is a module', () => {
  before(async () => assert.ok(await initHcl()));

  it('a reference to a resource of another folder does not resolve', () => {
    const main = readFixture('hcl', 'module', 'main.tf');
    const replica = 'resource "aws_db_instance" "r" {\n  replicate_source_db = aws_db_instance.orders.identifier\n  instance_class = "db.t3.micro"\n}\n';
    const sameFolder = lintDocuments([{ uri: '/infra/a/main.tf', text: main }, { uri: '/infra/a/replica.tf', text: replica }]);
    const otherFolder = lintDocuments([{ uri: '/infra/a/main.tf', text: main }, { uri: '/infra/b/replica.tf', text: replica }]);
    const edge = (r: LintResult) => r.topology.edges.some((e) => e.kind === 'replication' && e.to.id === 'aws_db_instance.r');
    assert.equal(edge(sameFolder), true);
    assert.equal(edge(otherFolder), false);
  });

  it('a count index written in one file names an instance expanded in another', () => {
    const source = 'resource "aws_db_instance" "src" {\n  count = 3\n  engine = "mysql"\n  backup_retention_period = 0\n}\n';
    const replica = 'resource "aws_db_instance" "r" {\n  replicate_source_db = aws_db_instance.src[2].identifier\n}\n';
    const r = lintDocuments([{ uri: 'm/a.tf', text: source }, { uri: 'm/b.tf', text: replica }]);
    assert.ok(r.topology.edges.some((e) => e.from.id === 'aws_db_instance.src[2]' && e.to.id === 'aws_db_instance.r'));
    assert.ok(r.findings.some((f) => f.ruleId === 'RDS103' && f.resource === 'aws_db_instance.r'));
  });

  it('for_each over a literal set and toset() gives one instance per key, in Terraform\'s order', () => {
    const text = [
      'resource "aws_db_instance" "by_set" {',
      '  for_each       = toset(["b", "a"])',
      '  identifier     = "db-${each.key}"',
      '  engine         = "postgres"',
      '}',
      'resource "aws_db_instance" "by_map" {',
      '  for_each = { west = "us-west-2a", east = "us-east-1a" }',
      '  engine   = "postgres"',
      '  multi_az = each.key == "west"',
      '}',
      'resource "aws_db_instance" "unexpanded" {',
      '  count  = var.n',
      '  engine = "postgres"',
      '}',
    ].join('\n');
    const r = lintDocuments([{ uri: 'm/main.tf', text }]);
    assert.deepEqual(r.topology.instances.map((i) => i.id), [
      'aws_db_instance.by_set["a"]', 'aws_db_instance.by_set["b"]', 'aws_db_instance.by_map["east"]', 'aws_db_instance.by_map["west"]', 'aws_db_instance.unexpanded',
    ]);
    // multi_az = each.key == "west" is evaluated per instance: false for east (RDS201), true for west; by_set has none written.
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'RDS201').map((f) => f.resource), [
      'aws_db_instance.by_set["a"]', 'aws_db_instance.by_set["b"]', 'aws_db_instance.by_map["east"]', 'aws_db_instance.unexpanded',
    ]);
  });
});
