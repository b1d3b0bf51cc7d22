/**
 * Incremental analysis: after an edit, re-read only the resource it touched.
 *
 * yaml's parser reads about 1-2 MB/s, so a keystroke in a 5 MB template
 * cannot afford a full parse. For a block-style CloudFormation YAML template
 * (the common case) an edit below a resource's logical-id line, that keeps
 * every line of that resource indented below the logical id, changes that
 * resource only: its text is parsed on its own (same parser, same options),
 * spliced into the previous tree, the resources after it are moved by the
 * edit's length, and only its entities are built again. An edit inside
 * another top-level section (Parameters, Conditions, Outputs...) re-parses
 * that section alone and builds every entity from the spliced tree
 * (sectionEdit). Anything else (an edit on a key line, across resources or
 * sections, before the first section, anchors and
 * aliases, a parse error, JSON, Terraform) is a full analysis, so the result
 * is always what analyzeDocument returns for the new text
 * (test/incremental/equivalence.test.ts checks it after random edits).
 */
import { DEFAULT_CONFIG, type LintConfig } from '../config/config';
import { deploymentParameters } from '../evaluate/cloudformation/parameters';
import { NO_FILES, type FileSource } from '../evaluate/inputs';
import { analyzeDocument, type AnalyzedDocument } from '../lint';
import { buildCloudFormationResources, hasNestedStacks } from '../model/cloudformation';
import type { DbInstance, EditAnchor, Entity, FileModel } from '../model/topology';
import { MAX_NESTING_DEPTH } from '../parse/limits';
import { LineIndex } from '../parse/lineIndex';
import type { MapEntry, MapNode, ParsedText, ValueNode } from '../parse/tree';
import { parsedLeniently, parseYaml, parseYamlLikelyBroken } from '../parse/yaml';
import { changeBetween, plausibleChange, type TextChange } from './change';
import type { Lineage } from './derivation';
import { rememberSegments, segmentsOf, type Segments } from './segments';
import { MovedResource, plainAnchor } from './movedResource';
import type { LinkResolver } from './linkRecord';
import { movedEntity, movedParts } from './movedEntity';
import { shiftEntry, shiftRange, type Shift } from './shift';

export type { TextChange } from './change';

/** Counts, for the benchmark and the tests. */
export const incrementalStats = {
  incremental: 0, full: 0, reasons: new Map<string, number>(),
  /** Of `incremental`: edits inside a section other than Resources (Parameters, Conditions, ...). */
  sections: 0,
};

function fullAnalysis(previous: AnalyzedDocument, text: string, config: LintConfig, reason: string, files: FileSource, lineIndex: LineIndex | undefined): AnalyzedDocument {
  incrementalStats.full++;
  incrementalStats.reasons.set(reason, (incrementalStats.reasons.get(reason) ?? 0) + 1);
  // The edited part did not parse on its own: the whole most likely has the same error. It is read without the fast
  // readers, which would stop there having read up to it for nothing (analyzeDocument still decides the format). After a
  // version that did not parse, skipping them as well saved nothing measurable, so that case reads as usual.
  const likelyBroken = reason === FRAGMENT_UNREADABLE.resource || reason === FRAGMENT_UNREADABLE.section;
  return analyzeDocument({ uri: previous.uri, text }, config, { lineIndex: lineIndex && (() => lineIndex), readYaml: likelyBroken ? parseYamlLikelyBroken : undefined }, files);
}

const FRAGMENT_UNREADABLE = { resource: 'the resource does not parse on its own', section: 'the section does not parse on its own' } as const;

/**
 * The analysis of `text`, the new content of the document `previous` was the
 * analysis of. `change`, when given, is the edit that turned previous.text
 * into `text` (LSP incremental sync); without it the change is found by
 * comparing the texts. `lineIndex`, when given, is the index of `text` (the
 * editor's copy keeps one: lsp/syncedDocument.ts). Equal to
 * analyzeDocument({uri, text}, config). `previous` is not modified and stays valid.
 */
export function reanalyzeDocument(
  lineage: Lineage, previous: AnalyzedDocument, text: string, change?: TextChange, config: LintConfig = DEFAULT_CONFIG, files: FileSource = NO_FILES, lineIndex?: LineIndex,
): AnalyzedDocument {
  if (text === previous.text) return previous;
  const c = change && plausibleChange(previous.text, text, change) ? change : changeBetween(previous.text, text);
  const indexOfText = () => lineIndex ?? LineIndex.afterChange(previous.lineIndex, text, c);
  const result = incremental(lineage, previous, text, c, config, files, indexOfText);
  const doc = typeof result === 'string' ? fullAnalysis(previous, text, config, result, files, lineIndex) : result;
  lineage.markLive(doc);
  return doc;
}

/**
 * What the first edit of `doc` would work out on its own (its resources'
 * layout, whether it has nested stacks), worked out now: the language server
 * calls this when idle after a full analysis, so the first keystroke does
 * not pay for it (~40 ms in a 5 MB template).
 */
export function prepareForEdits(doc: AnalyzedDocument): void {
  if (doc.kind !== 'cloudformation' || doc.format !== 'yaml' || !doc.root || !doc.model || parsedLeniently(doc.root)) return;
  if (segmentsOf(doc)) hadNestedStacks(doc);
}

/** The incremental analysis, or why there is none. */
function incremental(lineage: Lineage, previous: AnalyzedDocument, text: string, change: TextChange, config: LintConfig, files: FileSource, indexOfText: () => LineIndex): AnalyzedDocument | string {
  if (previous.kind !== 'cloudformation' || previous.format !== 'yaml' || !previous.root || !previous.model) return 'not a CloudFormation YAML template';
  if (parsedLeniently(previous.root)) return 'read leniently';
  const seg = segmentsOf(previous);
  if (!seg) return 'not block-style';
  const old = previous.text;
  const editStart = change.rangeOffset;
  const editEnd = change.rangeOffset + change.rangeLength;
  if (/[\r]/.test(change.text) || old.slice(editStart, editEnd).includes('\r')) return 'line endings';
  const section = lastSectionAtOrBefore(previous.root as MapNode, editStart);
  if (section < 0) return 'before the first section';
  if (section !== seg.resourcesIndex) return sectionEdit(previous, text, change, config, files, seg, section, indexOfText);

  // The resource whose lines hold the edit: the last one whose key line starts at or before it.
  const j = lastAtOrBefore(seg.lineStarts, editStart);
  if (j < 0) return 'before the first resource';
  const keyLineEnd = seg.keyLineEnds[j];
  const last = j === seg.lineStarts.length - 1;
  const segEnd = last ? seg.end : seg.lineStarts[j + 1];
  // The `\n` before the next key line stays: nothing may join that line or be written on it.
  const limit = segEnd === old.length ? old.length : segEnd - 1;
  if (keyLineEnd < 0 || editStart <= keyLineEnd || editEnd > limit || editStart > limit) return 'not inside a resource body';

  const delta = change.text.length - change.rangeLength;
  const oldEntry = seg.resources.entries[j];
  const newEntry = reparsed(old, text, seg.lineStarts[j], segEnd, delta, seg.indent, oldEntry, 'resource');
  if (typeof newEntry === 'string') return newEntry;
  // In the template this resource sits two levels deeper than in its own text (its own: a map of one entry).
  if (depthOf(newEntry.value) + 1 > MAX_NESTING_DEPTH - 4) return 'deep nesting';

  const shift: Shift = { from: editEnd, delta };

  // The new tree: the entries before the edit shared, the resource replaced, the ones after it moved.
  const root = previous.root as MapNode;
  const resourceEntries: MapEntry[] = seg.resources.entries.slice(0, j);
  resourceEntries.push(newEntry);
  // Stand-ins for the resources after the edit (movedResource.ts): their trees are copied only when read.
  const movedAfter: (MovedResource | undefined)[] = seg.moved ? seg.moved.slice(0, j) : [];
  movedAfter[j] = undefined;
  for (let k = j + 1; k < seg.resources.entries.length; k++) {
    const e = seg.resources.entries[k];
    if (delta === 0) { resourceEntries.push(e); movedAfter[k] = seg.moved?.[k]; continue; }
    const after = MovedResource.after(e, seg.moved?.[k], delta);
    resourceEntries.push(after.entry);
    movedAfter[k] = after.moved;
  }
  // The map ends where its last resource does (lastItemEnd), read without copying a stand-in's tree.
  const resourcesEnd = j === seg.resources.entries.length - 1 ? lastItemEnd(resourceEntries) : seg.resources.range.end + delta;
  const resources: MapNode = { kind: 'map', entries: resourceEntries, range: { start: seg.resources.range.start, end: resourcesEnd }, flow: false };
  const rootEntries: MapEntry[] = root.entries.slice(0, seg.resourcesIndex);
  const resourcesEntry = root.entries[seg.resourcesIndex];
  rootEntries.push({ key: resourcesEntry.key, keyRange: resourcesEntry.keyRange, value: resources });
  for (let k = seg.resourcesIndex + 1; k < root.entries.length; k++) rootEntries.push(delta === 0 ? root.entries[k] : shiftEntry(root.entries[k], shift));
  const newRoot: MapNode = { kind: 'map', entries: rootEntries, range: { start: root.range.start, end: lastItemEnd(rootEntries) }, flow: false };
  // Nested stacks bring entities and RDS001s from other files: the whole template is analyzed again.
  if (hadNestedStacks(previous) || hasNestedStacks(resourcesOnly(newEntry))) return 'nested stacks';
  // Text that aliases repeat (fixes leave it alone) lies outside this resource, which has no anchors: it moves with the text.
  const aliased = previous.aliased?.map((r) => shiftRange(r, shift));
  const spliced: ParsedText = { format: 'yaml', root: newRoot, problems: [], ...(aliased ? { aliased } : {}) };

  const standIns: Entity[] = [];
  const removed: Entity[] = [];
  const added: Entity[] = [];
  const doc = analyzeDocument({ uri: previous.uri, text }, config, {
    lineIndex: indexOfText,
    parse: () => spliced,
    model: (kind, uri) => (kind === 'cloudformation' && uri === previous.uri
      ? splicedModel(previous.model!, seg, j, buildCloudFormationResources(uri, newRoot, [newEntry], seg.names, { parameters: deploymentParameters(config.deployment, files).given, files }), shift, resourceEntries, movedAfter, lineage.resolverOf(previous), standIns, removed, added)
      : undefined),
  });
  if (doc.root !== newRoot) return doc;
  incrementalStats.incremental++;
  // Neither the previous template nor the resource rebuilt has one.
  nestedStacks.set(doc, false);
  // It shares the entities of every other resource with `previous` (and the links a lint writes into them).
  lineage.joinFamily(doc, previous);
  if (doc.kind === 'cloudformation' && doc.model) {
    lineage.setDerivation(doc, { base: previous, changed: new Set([oldEntry.key]), shift, standIns, removed, added });
    rememberSegments(doc, movedSegments(seg, j, delta, resources, movedAfter));
  }
  return doc;
}

/**
 * An edit inside one top-level section other than `Resources` (Parameters,
 * Conditions, Mappings, Outputs, ...), below its key line, every line of it
 * still indented: only that section's text is parsed again and spliced into
 * the previous tree; the sections after it move with the text. Parameter defaults and conditions feed every
 * resource, so the entities are all built again from the spliced tree and
 * linted as after a full analysis: the saving is the parse (~1-2 MB/s).
 */
function sectionEdit(previous: AnalyzedDocument, text: string, change: TextChange, config: LintConfig, files: FileSource, seg: Segments, i: number, indexOfText: () => LineIndex): AnalyzedDocument | string {
  const old = previous.text;
  const root = previous.root as MapNode;
  const editStart = change.rangeOffset;
  const editEnd = change.rangeOffset + change.rangeLength;
  const entry = root.entries[i];
  // Top-level keys sit at column 0 (segments.ts checked every one).
  const fragStart = entry.keyRange.start;
  const segEnd = i + 1 < root.entries.length ? root.entries[i + 1].keyRange.start : old.length;
  const keyLineEnd = old.indexOf('\n', entry.keyRange.end);
  // The `\n` before the next key line stays: nothing may join that line or be written on it.
  const limit = segEnd === old.length ? old.length : segEnd - 1;
  if (keyLineEnd < 0 || editStart <= keyLineEnd || editEnd > limit) return 'not inside a section body';
  const delta = change.text.length - change.rangeLength;
  const newEntry = reparsed(old, text, fragStart, segEnd, delta, 0, entry, 'section');
  if (typeof newEntry === 'string') return newEntry;

  // The new tree: the sections before the edit shared, this one replaced, the ones after it moved.
  const shift: Shift = { from: editEnd, delta };
  const rootEntries: MapEntry[] = root.entries.slice(0, i);
  rootEntries.push(newEntry);
  let resources = seg.resources;
  for (let k = i + 1; k < root.entries.length; k++) {
    const e = root.entries[k];
    const after = delta === 0 ? e : shiftEntry(e, shift);
    rootEntries.push(after);
    if (k === seg.resourcesIndex) resources = after.value as MapNode;
  }
  // Every entity is built again, on the resources' nodes in this tree (a stand-in left by earlier typing, in a tree
  // after Resources, gives its copy: the same node on every read), so no entity keeps a stand-in's anchor.
  const segments = i < seg.resourcesIndex ? movedSegments(seg, -1, delta, resources, []) : { ...seg, moved: [] };
  const newRoot: MapNode = { kind: 'map', entries: rootEntries, range: { start: root.range.start, end: lastItemEnd(rootEntries) }, flow: false };
  // Text that aliases repeat lies outside this section, which has no anchors: it moves with the text.
  const aliased = previous.aliased?.map((r) => shiftRange(r, shift));
  const spliced: ParsedText = { format: 'yaml', root: newRoot, problems: [], ...(aliased ? { aliased } : {}) };
  const doc = analyzeDocument({ uri: previous.uri, text }, config, {
    lineIndex: indexOfText,
    parse: () => spliced,
  }, files);
  if (doc.root !== newRoot) return doc;
  incrementalStats.incremental++;
  incrementalStats.sections++;
  if (doc.kind === 'cloudformation' && doc.model) rememberSegments(doc, segments);
  return doc;
}

/**
 * The entry whose text is `old.slice(fragStart, segEnd)` (a resource, or a
 * top-level section), parsed on its own after an edit of `delta` characters
 * inside it, with its ranges in the new text; or why it cannot be: a line
 * below its key line not indented deeper than `indent`, anchors or aliases,
 * a parse problem, another shape, its key moved.
 */
function reparsed(old: string, text: string, fragStart: number, segEnd: number, delta: number, indent: number, oldEntry: MapEntry, what: 'resource' | 'section'): MapEntry | string {
  const oldFragment = old.slice(fragStart, segEnd);
  const newFragment = text.slice(fragStart, segEnd + delta);
  if (!bodyStaysIndented(newFragment, indent)) return 'indentation';
  if (mayHoldAnchors(oldFragment) || mayHoldAnchors(newFragment)) return 'anchors or aliases';

  const parsed = parseYaml(newFragment);
  const fragmentRoot = parsed.root;
  if (parsed.problems.length > 0 || !fragmentRoot) return FRAGMENT_UNREADABLE[what];
  if (parsedLeniently(fragmentRoot)) return `the ${what} is read leniently`;
  if (fragmentRoot.kind !== 'map' || fragmentRoot.flow || fragmentRoot.entries.length !== 1 || fragmentRoot.entries[0].key !== oldEntry.key) return `the ${what} changed shape`;
  const newEntry = shiftEntry(fragmentRoot.entries[0], { from: 0, delta: fragStart });
  if (newEntry.keyRange.start !== oldEntry.keyRange.start || newEntry.keyRange.end !== oldEntry.keyRange.end) return what === 'resource' ? 'the logical id moved' : 'the section key moved';
  return newEntry;
}

/** Index of the top-level entry whose key line starts at or before `offset` (-1: none). */
function lastSectionAtOrBefore(root: MapNode, offset: number): number {
  let found = -1;
  for (let k = 0; k < root.entries.length && root.entries[k].keyRange.start <= offset; k++) found = k;
  return found;
}

/** Whether a template has nested stacks, per analysis: looking through every resource costs ~1.5 ms per keystroke in 1 MB. */
const nestedStacks = new WeakMap<AnalyzedDocument, boolean>();

function hadNestedStacks(doc: AnalyzedDocument): boolean {
  let has = nestedStacks.get(doc);
  if (has === undefined) {
    has = !!doc.root && hasNestedStacks(doc.root);
    nestedStacks.set(doc, has);
  }
  return has;
}

/** A template holding one resource, for the questions asked of a template. */
function resourcesOnly(entry: MapEntry): MapNode {
  const resources: MapNode = { kind: 'map', entries: [entry], range: entry.value.range, flow: false };
  return { kind: 'map', entries: [{ key: 'Resources', keyRange: entry.keyRange, value: resources }], range: entry.value.range, flow: false };
}

/**
 * The previous model with resource j's entities replaced by `fresh` and the
 * entities of later resources moved when the length changed (stand-ins,
 * movedEntity.ts: their data is moved only when read, their links resolved
 * through `resolver` when read).
 */
function splicedModel(previous: FileModel, seg: Segments, j: number, fresh: FileModel, shift: Shift, entries: readonly MapEntry[], movedAfter: readonly (MovedResource | undefined)[],
  resolver: LinkResolver, standIns: Entity[], removed: Entity[], added: Entity[]): FileModel {
  // For the link records: engineOwner's walks, shared by every entity.
  const owners = new Map<DbInstance, DbInstance | null>();
  const splice = <T extends Entity>(list: readonly T[], replacement: readonly T[]): T[] => {
    // Entities are in resource order: find resource j's run.
    const from = firstFrom(list, seg.indexOf, j);
    let to = from;
    while (to < list.length && seg.indexOf.get(list[to].id) === j) to++;
    for (let k = from; k < to; k++) removed.push(list[k]);
    for (const e of replacement) added.push(e);
    // One array of the final length (most edits keep the resource's entity count): pushing 10,000 entities grew it ~20 times.
    const out = list.slice(0, from).concat(replacement, list.slice(to));
    if (shift.delta === 0) return out;
    for (let k = from + replacement.length; k < out.length; k++) {
      const e = out[k];
      // Read through the parts: each field read through a stand-in is a call of its Proxy's handler.
      const parts = movedParts(e);
      const base = parts?.base ?? e;
      const r = seg.indexOf.get(base.id)!;
      const standIn = movedEntity(e, parts, shift, movedAnchor(parts?.anchor ?? e.anchor, base, r, seg, entries, movedAfter), resolver, owners);
      standIns.push(standIn);
      out[k] = standIn;
    }
    return out;
  };
  return {
    summary: previous.summary,
    scope: previous.scope,
    instances: splice(previous.instances, fresh.instances),
    clusters: splice(previous.clusters, fresh.clusters),
    proxies: splice(previous.proxies, fresh.proxies),
    proxyTargetGroups: splice(previous.proxyTargetGroups, fresh.proxyTargetGroups),
    proxyTargets: splice(previous.proxyTargets, fresh.proxyTargets),
    proxyEndpoints: splice(previous.proxyEndpoints, fresh.proxyEndpoints),
    subnets: splice(previous.subnets, fresh.subnets),
  };
}

/** Index of the first entity of resource `j` or later (binary search: lists are in resource order). */
function firstFrom(list: readonly Entity[], indexOf: ReadonlyMap<string, number>, j: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((indexOf.get(list[mid].id) ?? -1) < j) low = mid + 1;
    else high = mid;
  }
  return low;
}

function movedSegments(seg: Segments, j: number, delta: number, resources: MapNode, moved: readonly (MovedResource | undefined)[]): Segments {
  const move = (list: readonly number[]) => (delta === 0 ? list : list.map((p, k) => (k > j && p >= 0 ? p + delta : p)));
  return { ...seg, resources, lineStarts: move(seg.lineStarts), keyLineEnds: move(seg.keyLineEnds), end: seg.end + delta, moved };
}

/**
 * The edit anchor of an entity (`base`: the entity the builder made) of a
 * resource after the edit, in the new tree, from its anchor in the previous
 * one: on the resource's stand-in, or on its plain entry when the moves
 * cancelled. Its old anchor is read without copying a stand-in's tree.
 */
function movedAnchor(anchor: EditAnchor, base: Entity, k: number | undefined, seg: Segments, entries: readonly MapEntry[], movedAfter: readonly (MovedResource | undefined)[]): EditAnchor {
  const was = k === undefined ? undefined : seg.moved?.[k];
  let withProperties = was?.hasPropertiesOf(anchor);
  if (withProperties === undefined) {
    // An anchor on the resource's plain node (the builder's, or one made when the moves cancelled).
    if (k === undefined || was !== undefined || anchor.resourceNode !== seg.resources.entries[k].value) throw new Error('incremental: an entity outside the moved resources');
    withProperties = anchor.propertiesNode !== undefined;
  }
  const now = movedAfter[k!];
  if (now) return now.anchor(withProperties);
  // The moves cancelled: the builder's anchor, when it is on this node (no new object per entity and keystroke).
  const built = base.anchor;
  if (built.resourceNode === entries[k!].value && (built.propertiesNode !== undefined) === withProperties) return built;
  return plainAnchor(entries[k!].value, withProperties);
}

function lastAtOrBefore(sorted: readonly number[], offset: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= offset) { found = mid; low = mid + 1; } else high = mid - 1;
  }
  return found;
}

/** yaml's converter (parse/yaml.ts blockRange) ends a block map at its last item. */
function lastItemEnd(entries: readonly MapEntry[]): number {
  const last = entries[entries.length - 1];
  return Math.max(last.keyRange.end, last.value.range.end);
}

/**
 * Every line after the key line is blank, a comment, or indented deeper than
 * the logical id: else the edit started a new resource, a top-level key, or
 * a line YAML reads in some other context.
 */
function bodyStaysIndented(fragment: string, indent: number): boolean {
  let lineStart = fragment.indexOf('\n') + 1;
  if (lineStart === 0) return false;
  while (lineStart < fragment.length) {
    let i = lineStart;
    while (fragment.charCodeAt(i) === 0x20) i++;
    const c = fragment.charCodeAt(i);
    const blank = c === 0x0a || c === 0x0d || Number.isNaN(c);
    if (!blank && c !== 0x23 /* # */ && i - lineStart <= indent) return false;
    if (!blank && c === 0x09 /* tab */) return false;
    const nl = fragment.indexOf('\n', i);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return true;
}

/**
 * An anchor or alias can only start a node: after white space, a flow
 * indicator or a `:`. This finds every one (and some text that only looks
 * like one, `a &b` in a plain scalar): such resources take the full path,
 * since other resources may use their anchors. `arn:...:*` and `'*'` do not match.
 */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:])[&*][^\s,[\]{}]/;

function mayHoldAnchors(fragment: string): boolean {
  return (fragment.includes('&') || fragment.includes('*')) && ANCHOR_OR_ALIAS.test(fragment);
}

function depthOf(node: ValueNode): number {
  switch (node.kind) {
    case 'scalar': return 1;
    case 'map': { let d = 0; for (const e of node.entries) d = Math.max(d, depthOf(e.value)); return d + 1; }
    case 'seq': { let d = 0; for (const i of node.items) d = Math.max(d, depthOf(i)); return d + 1; }
    case 'intrinsic': return depthOf(node.arg) + 1;
    case 'tagged': return depthOf(node.value) + 1;
  }
}

