/**
 * LinkResolver (incremental/linkRecord.ts): a link record names an entity by
 * its root, which keeps naming the entity while its resource is built again
 * keystroke after keystroke and while stand-ins take its place; a full link
 * starts the names afresh. Real entities from a real template.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LinkResolver } from '../../server/src/incremental/linkRecord';
import { analyzeDocument } from '../../server/src/lint';
import type { Entity } from '../../server/src/model/topology';
import { readFixture } from '../helpers';

function entitiesOf(text: string): Entity[] {
  const model = analyzeDocument({ uri: 'file:///orders.yaml', text }).model!;
  return [...model.instances, ...model.clusters];
}

describe('LinkResolver', () => {
  const text = readFixture('lsp', 'orders.yaml');

  it('a resource built again 200 times: its first entity names the last one, with no chain between them', () => {
    const resolver = new LinkResolver();
    const [first] = entitiesOf(text);
    let last = first;
    for (let step = 0; step < 200; step++) {
      // Each keystroke in the resource builds its entity again (a new object of the same resource).
      const rebuilt = entitiesOf(text)[0];
      resolver.rebuilt(last, rebuilt);
      assert.equal(resolver.rootOf(rebuilt), first, `step ${step}: the rebuilt entity continues the first one's name`);
      last = rebuilt;
    }
    assert.equal(resolver.resolve(first), last);
    // A stand-in of the last one (an object standing for it) takes its place under the same name.
    const standIn = { ...last } as Entity;
    resolver.set(last, standIn);
    assert.equal(resolver.resolve(first), standIn);
  });

  it('an entity nothing replaced is its own name and resolves to itself; a full link starts afresh', () => {
    const resolver = new LinkResolver();
    const [a, b] = entitiesOf(text);
    assert.equal(resolver.rootOf(a), a);
    assert.equal(resolver.resolve(a), a);
    const rebuilt = entitiesOf(text)[0];
    resolver.rebuilt(a, rebuilt);
    const standIn = { ...b } as Entity;
    resolver.set(b, standIn);
    const epoch = resolver.epoch;
    // The model after a full link: the rebuilt entity (its own base) and the stand-in (whose base is b).
    resolver.relinked([[rebuilt, standIn]], (e) => (e === standIn ? b : e));
    assert.ok(resolver.epoch > epoch, 'what links resolve to may have changed');
    assert.equal(resolver.rootOf(rebuilt), rebuilt, 'after a full link an entity is named by itself');
    assert.equal(resolver.resolve(a), a, 'the old name is forgotten');
    assert.equal(resolver.resolve(b), standIn);
  });
});
