/**
 * Turns fix intents into minimal text edits against the original text:
 * replace one value, insert one property with the file's own indentation,
 * quoting and line endings, or remove one property. Nothing else in the file
 * moves, so comments and formatting survive.
 */
import type { Entity } from '../model/topology';
import type { MapNode, Range, Scalar, SourceFormat, ValueNode } from '../parse/tree';
import type { FixIntent, FixProposal } from '../rules/types';

export interface TextEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

export interface MaterializedFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface FixDocument {
  readonly text: string;
  readonly format: SourceFormat;
}

/** CloudFormation attributes that sit beside Type/Properties, not inside Properties. */
const RESOURCE_LEVEL_KEYS = new Set(['DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'Condition', 'DependsOn']);

/** Returns undefined when the fix cannot be written safely (the caller then offers none). */
export function materializeFix(fix: FixProposal, documentOf: (file: string) => FixDocument | undefined): MaterializedFix | undefined {
  const edits: TextEdit[] = [];
  for (const intent of fix.intents) {
    const doc = documentOf(intent.entity.file);
    if (!doc) return undefined;
    const edit = intentToEdit(intent, doc);
    if (!edit) return undefined;
    edits.push({ file: intent.entity.file, ...edit });
  }
  return { title: fix.title, edits: mergeInsertsAtSameOffset(edits) };
}

/** Two inserts at one offset (TF `skip_final_snapshot` + `final_snapshot_identifier`) become one edit. */
function mergeInsertsAtSameOffset(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const prev = out.find((o) => o.file === e.file && o.range.start === o.range.end && e.range.start === e.range.end && o.range.start === e.range.start);
    if (prev) out[out.indexOf(prev)] = { ...prev, newText: prev.newText + e.newText };
    else out.push(e);
  }
  return out;
}

function intentToEdit(intent: FixIntent, doc: FixDocument): { range: Range; newText: string } | undefined {
  if (intent.kind === 'remove') return removeEntry(intent.entity, intent.key, intent.keyRange, doc);
  if (intent.valueRange) return { range: intent.valueRange, newText: replacementValue(intent.value, intent.valueRange, doc) };
  const target = containerFor(intent.entity, intent.key);
  if (target.kind === 'map') return insertEntry(target, intent.key, intent.value, doc);
  // No Properties map yet: add `Properties` with the one property to the resource.
  const resource = intent.entity.anchor.resourceNode;
  if (resource.kind !== 'map') return undefined;
  return insertEntry(resource, 'Properties', { [intent.key]: intent.value }, doc);
}

function containerFor(entity: Entity, key: string): MapNode | { kind: 'missing' } {
  const { resourceNode, propertiesNode } = entity.anchor;
  if (entity.provider === 'cloudformation' && RESOURCE_LEVEL_KEYS.has(key)) {
    return resourceNode.kind === 'map' ? resourceNode : { kind: 'missing' };
  }
  return propertiesNode?.kind === 'map' ? propertiesNode : { kind: 'missing' };
}

type InsertValue = Scalar | Record<string, Scalar>;

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The new value written the way the old one was: same quotes, or none. */
function replacementValue(value: Scalar, oldRange: Range, doc: FixDocument): string {
  const old = doc.text.slice(oldRange.start, oldRange.end);
  const quote = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : undefined;
  if (quote && value !== null) return quote === '"' ? JSON.stringify(String(value)) : `'${String(value).replace(/'/g, "''")}'`;
  return scalarText(value, doc.format);
}

function scalarText(value: Scalar, format: SourceFormat): string {
  if (typeof value === 'string') {
    if (format === 'json' || format === 'hcl') return JSON.stringify(value);
    // Plain when YAML would read it back as the same string, else double-quoted.
    return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
  }
  return value === null ? 'null' : String(value);
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The whitespace before `offset` on its line, if only whitespace (or a `- `) precedes it. */
function columnIndent(text: string, offset: number): string {
  const before = text.slice(lineStartOf(text, offset), offset);
  return /^[ \t-]*$/.test(before) ? before.replace(/-/g, ' ') : ' '.repeat(before.length);
}

/** End of the line holding `offset`, after the newline (or the end of the text). */
function afterLineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function insertEntry(map: MapNode, key: string, value: InsertValue, doc: FixDocument): { range: Range; newText: string } | undefined {
  return doc.format === 'json' || map.flow ? insertIntoFlow(map, key, value, doc) : insertIntoBlock(map, key, value, doc);
}

function insertIntoBlock(map: MapNode, key: string, value: InsertValue, doc: FixDocument): { range: Range; newText: string } | undefined {
  const { text } = doc;
  const eol = eolOf(text);
  if (map.entries.length === 0) return undefined;
  const first = map.entries[0];
  const indent = columnIndent(text, first.keyRange.start);
  const last = map.entries[map.entries.length - 1];
  let at = afterLineEnd(text, Math.max(last.value.range.end, last.keyRange.end));
  const needsLeadingEol = at === text.length && !text.endsWith('\n');
  let body: string;
  if (typeof value === 'object' && value !== null) {
    const step = indentStep(text, map);
    body = `${key}:${eol}` + Object.entries(value).map(([k, v]) => `${indent}${step}${k}: ${scalarText(v, 'yaml')}${eol}`).join('');
  } else {
    body = `${key}: ${scalarText(value, 'yaml')}${eol}`;
  }
  // Never insert inside a trailing block of comments that belong to the next key.
  at = Math.min(at, text.length);
  return { range: { start: at, end: at }, newText: `${needsLeadingEol ? eol : ''}${indent}${body}` };
}

/** The file's indentation step: how far a nested block map sits inside its parent. */
function indentStep(text: string, map: MapNode): string {
  for (const entry of map.entries) {
    const v = entry.value;
    if (v.kind === 'map' && !v.flow && v.entries.length > 0) {
      const outer = columnIndent(text, entry.keyRange.start).length;
      const inner = columnIndent(text, v.entries[0].keyRange.start).length;
      if (inner > outer) return ' '.repeat(inner - outer);
    }
  }
  return '  ';
}

function insertIntoFlow(map: MapNode, key: string, value: InsertValue, doc: FixDocument): { range: Range; newText: string } {
  const { text, format } = doc;
  const eol = eolOf(text);
  const json = format === 'json';
  const k = json ? JSON.stringify(key) : key;
  const valueText = (v: InsertValue, indent: string, step: string): string => {
    if (typeof v !== 'object' || v === null) return scalarText(v, format);
    const items = Object.entries(v).map(([ik, iv]) => `${indent}${step}${json ? JSON.stringify(ik) : ik}: ${scalarText(iv, format)}`);
    return `{${eol}${items.join(`,${eol}`)}${eol}${indent}}`;
  };
  if (map.entries.length === 0) {
    // `{}`: write the entry between the braces, on one line.
    const at = map.range.start + 1;
    return { range: { start: at, end: map.range.end - 1 }, newText: `${k}: ${valueText(value, '', '  ')}` };
  }
  const last = map.entries[map.entries.length - 1];
  const lastOwnLine = text.slice(lineStartOf(text, last.keyRange.start), last.keyRange.start).trim() === '';
  const at = last.value.range.end;
  if (!lastOwnLine) return { range: { start: at, end: at }, newText: `, ${k}: ${valueText(value, '', '  ')}` };
  const indent = columnIndent(text, last.keyRange.start);
  const step = jsonIndentStep(text, map, indent);
  return { range: { start: at, end: at }, newText: `,${eol}${indent}${k}: ${valueText(value, indent, step)}` };
}

function jsonIndentStep(text: string, map: MapNode, indent: string): string {
  const outer = columnIndent(text, map.range.start).length;
  const step = indent.length - outer;
  return step > 0 ? (indent.startsWith('\t') ? '\t' : ' '.repeat(step)) : '  ';
}

function removeEntry(entity: Entity, key: string, keyRange: Range, doc: FixDocument): { range: Range; newText: string } | undefined {
  const map = findMapHolding(entity, keyRange);
  if (!map) return undefined;
  const index = map.entries.findIndex((e) => e.keyRange.start === keyRange.start && e.key === key);
  if (index < 0) return undefined;
  const entry = map.entries[index];
  const { text } = doc;
  if (doc.format === 'json' || map.flow) {
    const next = map.entries[index + 1];
    if (next) return { range: { start: entry.keyRange.start, end: next.keyRange.start }, newText: '' };
    const prev = map.entries[index - 1];
    if (prev) return { range: { start: prev.value.range.end, end: entry.value.range.end }, newText: '' };
    return { range: { start: entry.keyRange.start, end: entry.value.range.end }, newText: '' };
  }
  // Block YAML: remove the entry's whole lines (its value may span several).
  if (map.entries.length === 1) return undefined; // would leave an empty map where one is required
  const start = lineStartOf(text, entry.keyRange.start);
  const end = afterLineEnd(text, Math.max(entry.value.range.end, entry.keyRange.end));
  return { range: { start, end }, newText: '' };
}

function findMapHolding(entity: Entity, keyRange: Range): MapNode | undefined {
  for (const node of [entity.anchor.propertiesNode, entity.anchor.resourceNode] as (ValueNode | undefined)[]) {
    if (node?.kind === 'map' && node.entries.some((e) => e.keyRange.start === keyRange.start)) return node;
  }
  return undefined;
}
