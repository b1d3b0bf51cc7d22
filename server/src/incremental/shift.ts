/**
 * Copies of value trees and entities whose text moved: every offset at or
 * after the end of the edit moves by the edit's length delta. Copies, never
 * in place: the previous analysis stays valid (the language server may put it
 * back, as "fix all" does after trying a text).
 */
import { builtRoleAndEngine } from '../model/link';
import type { DbInstance, Entity } from '../model/topology';
import type { MapEntry, Range, ValueNode } from '../parse/tree';

/** Offsets at or after `from` (the end of the replaced text, in the old text) move by `delta`. */
export interface Shift {
  readonly from: number;
  readonly delta: number;
}

function at(p: number, s: Shift): number {
  return p >= s.from ? p + s.delta : p;
}

export function shiftRange(r: Range, s: Shift): Range {
  return { start: at(r.start, s), end: at(r.end, s) };
}

export function shiftNode(node: ValueNode, s: Shift): ValueNode {
  switch (node.kind) {
    case 'scalar': return { kind: 'scalar', value: node.value, range: shiftRange(node.range, s), style: node.style };
    case 'map': return { kind: 'map', entries: node.entries.map((e) => shiftEntry(e, s)), range: shiftRange(node.range, s), flow: node.flow };
    case 'seq': return { kind: 'seq', items: node.items.map((i) => shiftNode(i, s)), range: shiftRange(node.range, s), flow: node.flow };
    case 'intrinsic': return { kind: 'intrinsic', name: node.name, arg: shiftNode(node.arg, s), range: shiftRange(node.range, s), nameRange: shiftRange(node.nameRange, s) };
    case 'tagged': return { kind: 'tagged', tag: node.tag, value: shiftNode(node.value, s), range: shiftRange(node.range, s) };
  }
}

export function shiftEntry(entry: MapEntry, s: Shift): MapEntry {
  return { key: entry.key, keyRange: shiftRange(entry.keyRange, s), value: shiftNode(entry.value, s) };
}

/**
 * Fields the linker writes (model/link.ts unlink() clears them). A copy gets
 * them as the builder leaves them: empty lists, no references; the next
 * linkTopology fills them in.
 */
const LINK_LISTS = new Set(['replicas', 'members', 'resolvedSubnets', 'targetGroups', 'targets', 'endpoints']);
const LINK_REFERENCES = new Set(['replicationSource', 'restoreSource', 'cluster', 'crossRegion', 'proxy', 'target']);

/**
 * A copy of an entity of a resource after the edit: its ranges moved, its
 * edit anchor on the moved copy of its resource (`resourceNodes`: old resource
 * map -> moved copy), its link fields as the builder leaves them. Data fields
 * are copied generically (every `{start, end}` moves), so an attribute added
 * to the model later is carried along without a change here.
 */
export function shiftEntity<T extends Entity>(entity: T, s: Shift, resourceNodes: ReadonlyMap<ValueNode, ValueNode>): T {
  const memo = new Map<object, unknown>();
  const copy: Record<string, unknown> = {};
  const source = entity as unknown as Record<string, unknown>;
  const instance = (entity as unknown as DbInstance).kind === 'instance' ? builtRoleAndEngine(entity as unknown as DbInstance) : undefined;
  for (const key of Object.keys(source)) {
    if (LINK_REFERENCES.has(key)) continue;
    if (LINK_LISTS.has(key)) { copy[key] = []; continue; }
    let value = source[key];
    if (instance && key === 'role') value = instance.role;
    if (instance && key === 'engine') value = instance.engine;
    if (key === 'anchor') { copy[key] = shiftAnchor(entity.anchor, resourceNodes); continue; }
    copy[key] = shiftData(value, s, memo);
  }
  return copy as unknown as T;
}

function shiftAnchor(anchor: Entity['anchor'], resourceNodes: ReadonlyMap<ValueNode, ValueNode>): Entity['anchor'] {
  const resourceNode = resourceNodes.get(anchor.resourceNode);
  if (!resourceNode) throw new Error('incremental: an entity outside the moved resources');
  // The builder's propertiesNode, when set, is the resource's `Properties` value (the last one, as get() reads it).
  let propertiesNode: ValueNode | undefined;
  if (anchor.propertiesNode && resourceNode.kind === 'map') {
    for (let i = resourceNode.entries.length - 1; i >= 0; i--) {
      if (resourceNode.entries[i].key === 'Properties') { propertiesNode = resourceNode.entries[i].value; break; }
    }
  }
  return anchor.propertiesNode === undefined ? { resourceNode, propertiesNode: undefined } : { resourceNode, propertiesNode };
}

/**
 * Plain data (attributes, references, ranges) copied with every `{start, end}` moved; Maps and Sets (tags, suppressions) shared.
 * Ranges (most of the objects: ~28 of an instance's ~44) are copied without the memo: nothing compares them by identity.
 */
function shiftData(value: unknown, s: Shift, memo: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  if (typeof source.start === 'number' && typeof source.end === 'number' && isRange(source)) {
    return { start: at(source.start, s), end: at(source.end, s) };
  }
  if (value instanceof Map || value instanceof Set) return value;
  const seen = memo.get(value);
  if (seen !== undefined) return seen;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const item of value) out.push(shiftData(item, s, memo));
    return out;
  }
  const out: Record<string, unknown> = {};
  memo.set(value, out);
  for (const key in source) if (Object.hasOwn(source, key)) out[key] = shiftData(source[key], s, memo);
  return out;
}

/** Exactly `start` and `end`, own and enumerable (a Range, not data that happens to hold both). */
function isRange(o: Record<string, unknown>): boolean {
  let n = 0;
  for (const key in o) if (Object.hasOwn(o, key) && ++n > 2) return false;
  return n === 2;
}
