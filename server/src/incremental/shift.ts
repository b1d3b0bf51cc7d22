/**
 * Copies of value trees and entity data whose text moved: every offset at or
 * after the end of the edit moves by the edit's length delta. Copies, never
 * in place: the previous analysis stays valid (the language server may put it
 * back, as "fix all" does after trying a text).
 */
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
 * Plain data (an entity's attributes, references, ranges) with every
 * `{start, end}` at or after the edit moved: the same object when nothing in
 * it moves, else a copy (a spread, then the moved fields written). Maps and
 * Sets (tags, suppressions) are shared: nothing writes into an entity's data.
 * `memo` holds the objects moved so far for one entity: data it holds twice
 * (an instance's engine and engineWritten) is moved once, to one object.
 */
export function shiftData(value: object, s: Shift, memo: Map<object, unknown>): unknown {
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
      const moved = shiftData(item, s, memo);
      if (moved === item) continue;
      if (out === value) out = value.slice();
      (out as unknown[])[i] = moved;
    }
  } else {
    for (const key in source) {
      const field = source[key];
      if (field === null || typeof field !== 'object' || !Object.hasOwn(source, key)) continue;
      const moved = shiftData(field, s, memo);
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
