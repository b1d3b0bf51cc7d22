/**
 * The top-level layout of a block-style CloudFormation YAML template: where
 * each resource under `Resources` starts and ends in the text. An edit inside
 * one resource's lines (below its logical-id line) can be re-read on its own.
 *
 *     Resources:
 *       Orders:                  <- key line of resource 0 (its column: `indent`)
 *         Type: ...              <- body of resource 0
 *         # a comment            <- still resource 0's text
 *       Replica:                 <- key line of resource 1
 */
import type { AnalyzedDocument } from '../lint';
import type { MapEntry, MapNode } from '../parse/tree';
import type { MovedResource } from './movedResource';

export interface Segments {
  /** Index of `Resources` among the root's entries. */
  readonly resourcesIndex: number;
  readonly resources: MapNode;
  /** Column of every logical id. */
  readonly indent: number;
  /** Per resource: offset of its key line. */
  readonly lineStarts: readonly number[];
  /** Per resource: offset of the `\n` that ends its key line (-1: none). */
  readonly keyLineEnds: readonly number[];
  /** Where the last resource's text ends: the next top-level key's line, or the end of the text. */
  readonly end: number;
  /** Logical id -> resource index. */
  readonly indexOf: ReadonlyMap<string, number>;
  readonly names: ReadonlySet<string>;
  /** Per resource: its stand-in in the tree when an edit before it moved it (movedResource.ts); absent: none is. */
  readonly moved?: readonly (MovedResource | undefined)[];
}

const cache = new WeakMap<AnalyzedDocument, Segments | null>();

/** The layout of an analyzed block-style CloudFormation YAML template; null when it is not one. */
export function segmentsOf(doc: AnalyzedDocument): Segments | null {
  let s = cache.get(doc);
  if (s === undefined) {
    s = compute(doc);
    cache.set(doc, s);
  }
  return s;
}

/** Passes on a layout the incremental analysis derived for a new version of the document. */
export function rememberSegments(doc: AnalyzedDocument, segments: Segments): void {
  cache.set(doc, segments);
}

function compute(doc: AnalyzedDocument): Segments | null {
  const { root, text } = doc;
  if (doc.format !== 'yaml' || doc.kind !== 'cloudformation' || !root || root.kind !== 'map' || root.flow) return null;
  let resourcesIndex = -1;
  for (let i = 0; i < root.entries.length; i++) {
    const e = root.entries[i];
    if (!plainKeyAt(text, e, 0)) return null;
    if (e.key === 'Resources') {
      if (resourcesIndex >= 0) return null;
      resourcesIndex = i;
    }
  }
  if (resourcesIndex < 0) return null;
  // Directives (`%YAML 1.1`, `%TAG`) change how every scalar and tag reads: a resource's text alone would read differently.
  if (/^%/m.test(text.slice(0, root.entries[resourcesIndex].keyRange.start))) return null;
  const resources = root.entries[resourcesIndex].value;
  if (resources.kind !== 'map' || resources.flow || resources.entries.length === 0) return null;
  const first = resources.entries[0];
  const indent = first.keyRange.start - lineStart(text, first.keyRange.start);
  if (indent < 1) return null;
  const lineStarts: number[] = [];
  const keyLineEnds: number[] = [];
  const indexOf = new Map<string, number>();
  for (const [i, e] of resources.entries.entries()) {
    if (!plainKeyAt(text, e, indent) || indexOf.has(e.key)) return null;
    lineStarts.push(e.keyRange.start - indent);
    keyLineEnds.push(text.indexOf('\n', e.keyRange.end));
    indexOf.set(e.key, i);
  }
  const next = root.entries[resourcesIndex + 1];
  const end = next ? next.keyRange.start : text.length;
  return { resourcesIndex, resources, indent, lineStarts, keyLineEnds, end, indexOf, names: new Set(indexOf.keys()) };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A plain key written at column `column`, alone at the start of its line and followed by `:`. */
function plainKeyAt(text: string, e: MapEntry, column: number): boolean {
  const start = e.keyRange.start;
  if (start - lineStart(text, start) !== column) return false;
  for (let i = start - column; i < start; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return e.keyRange.end - start === e.key.length && text.startsWith(e.key, start) && text.charCodeAt(e.keyRange.end) === 0x3a /* : */
    && /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(e.key);
}
