/**
 * A module instance evaluates a template string that is the same in every
 * instance once per text (model/terraform.ts template()): the model must be
 * what evaluating each string where it is written gives. Read from a real
 * Terraform JSON file: per-instance texts (count.index, each.key) differ per
 * instance, texts of variables and resources give each resource the same
 * value and inputs, and a local that refers to itself stays unknown wherever
 * it is read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTerraform } from '../../server/src/model/terraform';
import type { Attr, DbInstance } from '../../server/src/model/topology';
import { parseJson } from '../../server/src/parse/json';
import { fixture, readFixture } from '../helpers';

const file = fixture('terraform-template-values', 'main.tf.json');
const parsed = parseJson(readFixture('terraform-template-values', 'main.tf.json'));
const model = buildTerraform(file, parsed.root!);
const byId = new Map(model.instances.map((i) => [i.id, i]));

function instance(id: string): DbInstance {
  const found = byId.get(id);
  assert.ok(found, `${id} is in the model (have ${[...byId.keys()].join(', ')})`);
  return found;
}

function knownValue<T>(attr: Attr<T> | undefined): T {
  assert.ok(attr?.known, `known: ${JSON.stringify(attr)}`);
  return attr.value;
}

describe('template strings evaluated once per text', () => {
  it('gives each count and for_each instance its own value', () => {
    assert.equal(knownValue(instance('aws_db_instance.counted[0]').identifier), 'db-0');
    assert.equal(knownValue(instance('aws_db_instance.counted[1]').identifier), 'db-1');
    assert.equal(knownValue(instance('aws_db_instance.each["a"]').identifier), 'db-a');
    assert.equal(knownValue(instance('aws_db_instance.each["b"]').identifier), 'db-b');
  });

  it('gives every resource writing the same variable template its value and the variable it rests on', () => {
    for (const id of ['aws_db_instance.counted[0]', 'aws_db_instance.counted[1]', 'aws_db_instance.each["a"]', 'aws_db_instance.named']) {
      const attr = instance(id).finalSnapshotIdentifier;
      assert.equal(knownValue(attr), 'final-prod', id);
      assert.ok(attr?.known);
      assert.deepEqual(attr.inputs?.map((i) => [i.kind, i.name, i.display]), [['variable-default', 'var.env', 'prod']], id);
      // Each attribute points at its own resource's text.
      const own = instance(id).idRange;
      assert.ok(attr!.valueRange!.start > own.start, `${id}: the value is written in its own block`);
    }
    assert.equal(knownValue(instance('aws_db_instance.named').identifier), 'orders-prod');
  });

  it('links both replicas that name the same source through the same text', () => {
    for (const id of ['aws_db_instance.replica', 'aws_db_instance.replica_too']) {
      const ref = instance(id).replicationSourceRef;
      assert.deepEqual(knownValue(ref), { kind: 'reference', target: 'aws_db_instance.named', attribute: 'identifier' }, id);
    }
  });

  it('keeps a local that refers to itself unknown in every argument that reads it', () => {
    const looped = instance('aws_db_instance.looped');
    for (const attr of [looped.identifier, looped.finalSnapshotIdentifier]) {
      assert.equal(attr?.known, false, JSON.stringify(attr));
      assert.match((attr as { reason: string }).reason, /refers to itself/);
    }
  });
});
