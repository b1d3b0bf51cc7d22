/**
 * Copies of value trees and entities whose text moved: every offset at or
 * after the end of the edit moves by the edit's length delta. Copies, never
 * in place: the previous analysis stays valid (the language server may put it
 * back, as "fix all" does after trying a text).
 */
import { builtRoleAndEngine } from '../model/link';
import type { DbInstance, EditAnchor, Entity } from '../model/topology';
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
 * edit anchor on the moved copy of its resource (`anchor`: the new anchor),
 * its link fields as the builder leaves them. Data fields
 * are copied generically (every `{start, end}` moves), so an attribute added
 * to the model later is carried along without a change here.
 *
 * The copy starts as a spread of the entity (V8 clones a fast object's shape
 * with it) and only fields holding a moved range are written again: writing
 * ~40 properties one by one onto an empty object cost ~14 ms per keystroke in
 * 1 MB and left the copies slow dictionary-mode objects, which the rules then
 * read. Data holding no moved range (an AWS default, an unknown value) is
 * shared with the entity copied: nothing writes into an entity's data.
 */
export function shiftEntity<T extends Entity>(entity: T, s: Shift, anchor: EditAnchor): T {
  const copy: Record<string, unknown> = { ...(entity as unknown as Record<string, unknown>) };
  memo.clear();
  if ((entity as unknown as DbInstance).kind === 'instance') {
    // The builder's role and engine: a lint may have written linked ones into the entity copied.
    const built = builtRoleAndEngine(entity as unknown as DbInstance);
    copy.role = built.role;
    copy.engine = built.engine;
  }
  for (const key in copy) {
    const value = copy[key];
    // Most fields are scalars or absent: nothing to move.
    if (value === null || typeof value !== 'object') continue;
    if (LINK_REFERENCES.has(key)) copy[key] = undefined;
    else if (LINK_LISTS.has(key)) copy[key] = [];
    else if (key === 'anchor') copy[key] = anchor;
    else copy[key] = shiftData(value, s);
  }
  memo.clear();
  return copy as unknown as T;
}

/** Objects copied while copying one entity: data it holds twice (an instance's engine and engineWritten) is copied once. */
const memo = new Map<object, unknown>();

/**
 * Plain data (attributes, references, ranges) with every `{start, end}` at or
 * after the edit moved: the same object when nothing in it moves, else a copy
 * (a spread, then the moved fields written). Maps and Sets (tags,
 * suppressions) are shared.
 */
function shiftData(value: object, s: Shift): unknown {
  const source = value as Record<string, unknown>;
  if (typeof source.start === 'number' && typeof source.end === 'number' && isRange(source)) {
    // Ranges are not remembered: nothing compares them by identity (~28 of an instance's ~44 objects).
    return source.start >= s.from || source.end >= s.from ? { start: at(source.start, s), end: at(source.end, s) } : value;
  }
  if (value instanceof Map || value instanceof Set) return value;
  const seen = memo.get(value);
  if (seen !== undefined) return seen;
  let out: unknown = value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      const moved = shiftData(item, s);
      if (moved === item) continue;
      if (out === value) out = value.slice();
      (out as unknown[])[i] = moved;
    }
  } else {
    for (const key in source) {
      const field = source[key];
      if (field === null || typeof field !== 'object' || !Object.hasOwn(source, key)) continue;
      const moved = shiftData(field, s);
      if (moved === field) continue;
      if (out === value) out = { ...source };
      (out as Record<string, unknown>)[key] = moved;
    }
  }
  memo.set(value, out);
  return out;
}

/** Exactly `start` and `end`, own and enumerable (a Range, not data that happens to hold both). */
function isRange(o: Record<string, unknown>): boolean {
  let n = 0;
  for (const key in o) if (Object.hasOwn(o, key) && ++n > 2) return false;
  return n === 2;
}
