/**
 * Turns fix intents into minimal text edits against the original text:
 * replace one value, insert one property with the file's own indentation,
 * quoting and line endings, or remove one property. Nothing else in the file
 * moves, so comments and formatting survive.
 */
import type { Entity } from '../model/topology';
import { getEntry, type MapEntry, type MapNode, type Range, type Scalar, type SourceFormat, type ValueNode } from '../parse/tree';
import type { FixIntent, FixProposal, MaterializedFix, TextEdit } from '../rules/types';

export type { MaterializedFix, TextEdit } from '../rules/types';

export interface FixDocument {
  readonly text: string;
  readonly format: SourceFormat;
  /** YAML text that aliases repeat elsewhere (ParsedText.aliased). */
  readonly aliased?: readonly Range[];
}

/** CloudFormation attributes that sit beside Type/Properties, not inside Properties. */
const RESOURCE_LEVEL_KEYS = new Set(['DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'Condition', 'DependsOn']);

/** Returns undefined when the fix cannot be written safely (the caller then offers none). */
export function materializeFix(fix: FixProposal, documentOf: (file: string) => FixDocument | undefined): MaterializedFix | undefined {
  const edits: TextEdit[] = [];
  for (const intent of fix.intents) {
    const file = intent.kind === 'set-argument' ? intent.file : intent.entity.file;
    // A module's body is shared by every call of it: only its caller's argument is edited (set-argument).
    if (intent.kind !== 'set-argument' && intent.entity.moduleCalls) return undefined;
    // A StackSet's TemplateBody: the outer file is re-parsed after a fix, the template in its string is not, so
    // only a value replaced in a block literal (`|`, the file's text one to one) is safe there.
    if (intent.entity.embedded && !(intent.entity.embedded === 'block-literal' && intent.kind === 'set' && intent.valueRange)) return undefined;
    // `terraform init` owns `.terraform/`: never edited.
    if (INSTALLED_BY_TERRAFORM.test(file)) return undefined;
    const doc = documentOf(file);
    if (!doc) return undefined;
    const edit = intentToEdit(intent, doc);
    if (!edit || editsAliasedText(edit.range, doc)) return undefined;
    edits.push({ file, ...edit });
  }
  return { title: fix.title, kind: fix.kind, edits: mergeInsertsAtSameOffset(edits) };
}

/**
 * An edit inside text that YAML aliases repeat (`Properties: &common` used by
 * `Properties: *common` elsewhere) changes every resource that uses it, not
 * just the one the finding is about: no fix then. (An insertion into an
 * anchored map goes after its last line, outside its range: insertEntry's
 * callers check the map itself, with isAliased.)
 */
function editsAliasedText(range: Range, doc: FixDocument): boolean {
  return (doc.aliased ?? []).some((a) => (range.start < range.end ? range.start < a.end && range.end > a.start : a.start < range.start && range.start < a.end));
}

/** The node is (inside) anchored text that aliases repeat. */
function isAliased(node: ValueNode, doc: FixDocument): boolean {
  return (doc.aliased ?? []).some((a) => node.range.start >= a.start && node.range.start < a.end);
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

const INSTALLED_BY_TERRAFORM = /(^|[\\/])\.terraform[\\/]/;

function intentToEdit(intent: FixIntent, doc: FixDocument): { range: Range; newText: string } | undefined {
  if (intent.kind === 'remove') return removeEntry(intent.entity, intent.key, intent.keyRange, doc);
  if (intent.kind === 'set-argument') {
    if (intent.valueRange) return { range: intent.valueRange, newText: replacementValue(intent.value, intent.valueRange, doc) };
    return isAliased(intent.call, doc) ? undefined : insertEntry(intent.call, intent.name, intent.value, doc);
  }
  if (intent.valueRange) return { range: intent.valueRange, newText: replacementValue(intent.value, intent.valueRange, doc) };
  const target = containerFor(intent.entity, intent.key);
  if (target.kind === 'map') {
    if (isAliased(target, doc)) return undefined;
    // Written but read as absent (`Key:` with no value, `null`, `!Ref AWS::NoValue`): replace that value, never add a second key.
    const existing = getEntry(target, intent.key);
    if (existing) return replaceAbsentValue(existing, intent.value, doc);
    return insertEntry(target, intent.key, intent.value, doc);
  }
  // No Properties map yet: add `Properties` with the one property to the resource.
  const resource = intent.entity.anchor.resourceNode;
  if (resource.kind !== 'map' || isAliased(resource, doc)) return undefined;
  const written = getEntry(resource, 'Properties');
  // `Properties:` or `Properties: null` (often a file cut short while typing): fill that value in, never add a
  // second `Properties` (a duplicate key breaks the template). Anything else there (a list) is no map to write into.
  if (written) return isNull(written.value) ? fillEmptyEntry(written, resource, { [intent.key]: intent.value }, doc) : undefined;
  return insertEntry(resource, 'Properties', { [intent.key]: intent.value }, doc);
}

function isNull(node: ValueNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

/** Writes a one-level map as the value of `entry`, whose value is empty or null. */
function fillEmptyEntry(entry: MapEntry, parent: MapNode, value: { readonly [key: string]: Scalar }, doc: FixDocument): { range: Range; newText: string } | undefined {
  const { text, format } = doc;
  const { range } = entry.value;
  const empty = range.start === range.end;
  const colon = text.indexOf(':', entry.keyRange.end);
  if (colon < 0 || text.slice(entry.keyRange.end, colon).trim() !== '' || (!empty && colon >= range.start)) return undefined;
  if (format === 'json' || parent.flow) {
    const json = format === 'json';
    const inline = `{ ${Object.entries(value).map(([k, v]) => `${json ? JSON.stringify(k) : k}: ${scalarText(v, format)}`).join(', ')} }`;
    return empty ? { range: { start: colon + 1, end: colon + 1 }, newText: ` ${inline}` } : { range, newText: inline };
  }
  // Block YAML: the map goes on the lines below the key, one indentation step deeper.
  if (!empty && text.slice(colon + 1, range.start).trim() !== '') return undefined;
  const eol = eolOf(text);
  const indent = blockKeyIndent(text, entry.keyRange.start) + indentStep(text, parent);
  const body = Object.entries(value).map(([k, v]) => `${eol}${indent}${k}: ${scalarText(v, 'yaml')}`).join('');
  return { range: { start: colon + 1, end: empty ? colon + 1 : range.end }, newText: body };
}

function replaceAbsentValue(entry: MapEntry, value: Scalar, doc: FixDocument): { range: Range; newText: string } | undefined {
  const { range } = entry.value;
  if (range.start < range.end) return { range, newText: replacementValue(value, range, doc) };
  // YAML `Key:` with nothing after it: the empty value sits at the key's end; write after the colon.
  const colon = doc.text.indexOf(':', entry.keyRange.end);
  if (colon < 0 || doc.text.slice(entry.keyRange.end, colon).trim() !== '') return undefined;
  return { range: { start: colon + 1, end: colon + 1 }, newText: ` ${scalarText(value, doc.format)}` };
}

function containerFor(entity: Entity, key: string): MapNode | { kind: 'missing' } {
  const { resourceNode, propertiesNode } = entity.anchor;
  if (entity.provider === 'cloudformation' && RESOURCE_LEVEL_KEYS.has(key)) {
    return resourceNode.kind === 'map' ? resourceNode : { kind: 'missing' };
  }
  return propertiesNode?.kind === 'map' ? propertiesNode : { kind: 'missing' };
}

/** A value a fix inserts: a scalar, a list of scalars, or a map of them (nested: suppressions write `Metadata: {rdscope: {ignore: [...]}}`). */
export type InsertValue = Scalar | readonly Scalar[] | { readonly [key: string]: InsertValue };

function isRecord(v: InsertValue): v is { readonly [key: string]: InsertValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A list written inline: `[RDS201, RDS105]` / `["RDS201", "RDS105"]`. */
export function flowSeqText(items: readonly Scalar[], format: SourceFormat): string {
  return `[${items.map((i) => scalarText(i, format)).join(', ')}]`;
}

/** Block YAML lines for `key: value` at `indent`, nested maps one `step` deeper. */
function blockEntryText(key: string, value: InsertValue, indent: string, step: string, eol: string): string {
  if (isRecord(value)) {
    return `${indent}${key}:${eol}` + Object.entries(value).map(([k, v]) => blockEntryText(k, v, indent + step, step, eol)).join('');
  }
  if (Array.isArray(value)) return `${indent}${key}: ${flowSeqText(value, 'yaml')}${eol}`;
  return `${indent}${key}: ${scalarText(value as Scalar, 'yaml')}${eol}`;
}

/**
 * Facts about the text fixes are being computed for, worked out once per
 * text: a fix is computed for every finding, and scanning a 6 MB template
 * again for each of 135,000 findings is quadratic (minutes). The last text
 * is kept (the same string object, so the comparison is a pointer check).
 */
let factsText: string | undefined;
let factsEol = '\n';
let factsLineStarts: Int32Array | undefined;

function factsOf(text: string): void {
  if (text === factsText) {
    // Equal text in another string object (the file read again): keep this one, so the next check is a pointer compare, not a full one.
    factsText = text;
    return;
  }
  factsText = text;
  factsEol = text.includes('\r\n') ? '\r\n' : '\n';
  factsLineStarts = undefined;
}

export function eolOf(text: string): string {
  factsOf(text);
  return factsEol;
}

/** The new value written the way the old one was: same quotes, or none. */
function replacementValue(value: Scalar, oldRange: Range, doc: FixDocument): string {
  const old = doc.text.slice(oldRange.start, oldRange.end);
  const quote = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : undefined;
  if (quote && value !== null) return quote === '"' ? quotedString(String(value), doc.format) : `'${String(value).replace(/'/g, "''")}'`;
  return scalarText(value, doc.format);
}

export function scalarText(value: Scalar, format: SourceFormat): string {
  if (typeof value === 'string') {
    if (format === 'json' || format === 'hcl') return quotedString(value, format);
    // Plain when YAML would read it back as the same string, else double-quoted.
    return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
  }
  return value === null ? 'null' : String(value);
}

/** A double-quoted string; in HCL `${` and `%{` would start a template, so they are escaped. */
function quotedString(value: string, format: SourceFormat): string {
  const json = JSON.stringify(value);
  return format === 'hcl' ? json.replace(/([$%])\{/g, '$1$1{') : json;
}

/** Where the line holding `offset` starts (after a `\n`). */
export function lineStartOf(text: string, offset: number): number {
  // A short line: scan back. A long one (a minified one-line template): binary search in the text's line starts.
  const floor = Math.max(0, offset - 256);
  for (let i = offset - 1; i >= floor; i--) if (text.charCodeAt(i) === 10) return i + 1;
  if (floor === 0) return 0;
  factsOf(text);
  factsLineStarts ??= newlineStarts(text);
  let low = 0;
  let high = factsLineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (factsLineStarts[mid] <= offset) low = mid; else high = mid - 1;
  }
  return factsLineStarts[low];
}

/** 0 and the offset after every `\n`. */
function newlineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  return starts;
}

/** The whitespace before `offset` on its line, if only whitespace (or a `- `) precedes it. */
export function columnIndent(text: string, offset: number): string {
  const before = text.slice(lineStartOf(text, offset), offset);
  return /^[ \t-]*$/.test(before) ? before.replace(/-/g, ' ') : ' '.repeat(before.length);
}

/**
 * The indentation of a block mapping key at `offset`: where its line's content
 * starts, after any `- ` of a sequence item or `? ` / `: ` of an explicit key. Unlike columnIndent, a tag or
 * anchor before the key (`!Sub Key: x`, `&a Key: x`) is not part of it: the
 * next key lines up with the tag, where YAML starts the entry.
 */
export function blockKeyIndent(text: string, offset: number): string {
  const before = text.slice(lineStartOf(text, offset), offset);
  // `- ` (a sequence item) and `? ` / `: ` (an explicit key and its value: `? Db` then `: Type: ...`) are indentation too.
  return /^(?:[ \t]|[-?:](?=[ \t]))*/.exec(before)![0].replace(/[-?:]/g, ' ');
}

/** End of the line holding `offset`, after the newline (or the end of the text). */
export function afterLineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export function insertEntry(map: MapNode, key: string, value: InsertValue, doc: FixDocument): { range: Range; newText: string } | undefined {
  if (doc.format === 'hcl' && !map.flow) return insertIntoHclBody(map, key, value, doc);
  return doc.format === 'json' || map.flow ? insertIntoFlow(map, key, value, doc) : insertIntoBlock(map, key, value, doc);
}

function insertIntoBlock(map: MapNode, key: string, value: InsertValue, doc: FixDocument): { range: Range; newText: string } | undefined {
  const { text } = doc;
  const eol = eolOf(text);
  if (map.entries.length === 0) return undefined;
  const first = map.entries[0];
  const indent = blockKeyIndent(text, first.keyRange.start);
  const last = map.entries[map.entries.length - 1];
  let at = afterLineEnd(text, Math.max(last.value.range.end, last.keyRange.end));
  const needsLeadingEol = at === text.length && !text.endsWith('\n');
  const body = blockEntryText(key, value, indent, isRecord(value) ? indentStep(text, map) : '  ', eol);
  // Never insert inside a trailing block of comments that belong to the next key.
  at = Math.min(at, text.length);
  return { range: { start: at, end: at }, newText: `${needsLeadingEol ? eol : ''}${body}` };
}

/** The file's indentation step: how far a nested block map sits inside its parent. */
function indentStep(text: string, map: MapNode): string {
  for (const entry of map.entries) {
    const v = entry.value;
    if (v.kind === 'map' && !v.flow && v.entries.length > 0) {
      const outer = blockKeyIndent(text, entry.keyRange.start).length;
      const inner = blockKeyIndent(text, v.entries[0].keyRange.start).length;
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
    if (Array.isArray(v)) return flowSeqText(v, format);
    if (!isRecord(v)) return scalarText(v as Scalar, format);
    const items = Object.entries(v).map(([ik, iv]) => `${indent}${step}${json ? JSON.stringify(ik) : ik}: ${valueText(iv, indent + step, step)}`);
    return `{${eol}${items.join(`,${eol}`)}${eol}${indent}}`;
  };
  /** On one line, for a map written on one line. */
  const inlineText = (v: InsertValue): string => {
    if (Array.isArray(v)) return flowSeqText(v, format);
    if (!isRecord(v)) return scalarText(v as Scalar, format);
    return `{ ${Object.entries(v).map(([ik, iv]) => `${json ? JSON.stringify(ik) : ik}: ${inlineText(iv)}`).join(', ')} }`;
  };
  // One level of scalars keeps its historical layout; deeper values go inline when the map is on one line.
  const shallow = !isRecord(value) || Object.values(value).every((v) => !isRecord(v) && !Array.isArray(v));
  // YAML flow maps stay on one line: a multi-line one must be indented deeper than the block around it.
  const oneLine = (v: InsertValue) => (shallow && json ? valueText(v, '', '  ') : inlineText(v));
  if (map.entries.length === 0) {
    // `{}`: write the entry between the braces, on one line.
    const at = map.range.start + 1;
    return { range: { start: at, end: map.range.end - 1 }, newText: `${k}: ${oneLine(value)}` };
  }
  const last = map.entries[map.entries.length - 1];
  const lastOwnLine = text.slice(lineStartOf(text, last.keyRange.start), last.keyRange.start).trim() === '';
  const at = last.value.range.end;
  if (!lastOwnLine) return { range: { start: at, end: at }, newText: `, ${k}: ${oneLine(value)}` };
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
  // A key written twice (JSON, where the last one wins): removing one would leave the other in effect.
  if (map.entries.some((e, i) => i !== index && e.key === key)) return undefined;
  const { text } = doc;
  if (doc.format === 'hcl') return removeHclAttribute(entry, text);
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

// --- Terraform HCL (.tf) ------------------------------------------------------
// parse/hclTree.ts maps a block body to a block map whose range is `{ ... }`,
// its nested blocks to block maps or sequences, and its comments' suppressions
// to a synthetic `//` entry; attributes are the other entries.

function isHclAttribute(entry: MapEntry): boolean {
  const v = entry.value;
  return entry.key !== '//' && !((v.kind === 'map' || v.kind === 'seq') && !v.flow);
}

function hclValueText(value: InsertValue): string {
  if (Array.isArray(value)) return flowSeqText(value, 'hcl');
  if (isRecord(value)) return `{ ${Object.entries(value).map(([k, v]) => `${k} = ${hclValueText(v)}`).join(', ')} }`;
  return scalarText(value as Scalar, 'hcl');
}

/** The whitespace that starts the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))![0];
}

const ownsLine = (text: string, offset: number) => text.slice(lineStartOf(text, offset), offset).trim() === '';
const sameLine = (text: string, a: number, b: number) => !/\n/.test(text.slice(Math.min(a, b), Math.max(a, b)));

/**
 * `key = value` on its own line in a block body: after the last attribute,
 * with its indentation, and with `=` in the column of the attributes above it
 * when terraform fmt has aligned them (a run of one-line attributes on
 * consecutive lines). A key too long for that column gets one space: the
 * others would have to move, and a fix edits one place only.
 */
function insertIntoHclBody(map: MapNode, key: string, value: InsertValue, doc: FixDocument): { range: Range; newText: string } | undefined {
  const { text } = doc;
  const eol = eolOf(text);
  const open = map.range.start;
  const close = map.range.end - 1;
  if (text[open] !== '{' || text[close] !== '}') return undefined;
  const headerIndent = lineIndent(text, open);
  const attributes = map.entries.filter(isHclAttribute);
  const last = attributes[attributes.length - 1];
  const line = (indent: string, pad = ' ') => `${indent}${key}${pad}= ${hclValueText(value)}`;

  if (sameLine(text, open, close)) {
    // A one-line block (`{}`, `{ a = 1 }`) holds one attribute at most: it becomes a multi-line block.
    const inner = text.slice(open + 1, close).trim();
    const indent = `${headerIndent}  `;
    return { range: { start: open + 1, end: close }, newText: `${eol}${inner ? indent + inner + eol : ''}${line(indent)}${eol}${headerIndent}` };
  }
  const bodyStart = afterLineEnd(text, open + 1);
  const firstContent = /\S/.exec(text.slice(bodyStart, close));
  const bodyIndent = firstContent ? lineIndent(text, bodyStart + firstContent.index) : '';
  const indent = last && ownsLine(text, last.keyRange.start) ? lineIndent(text, last.keyRange.start)
    : bodyIndent.length > headerIndent.length ? bodyIndent : `${headerIndent}  `;
  if (!ownsLine(text, close)) {
    // `  last = 1 }`: the new line goes before the brace, which moves to a line of its own.
    let from = close;
    while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
    return { range: { start: from, end: close }, newText: `${eol}${line(indent)}${eol}${headerIndent}` };
  }
  if (last && ownsLine(text, last.keyRange.start)) {
    const column = alignedColumn(text, attributes);
    const pad = column !== undefined && column > indent.length + key.length ? ' '.repeat(column - indent.length - key.length) : ' ';
    const at = afterLineEnd(text, last.value.range.end);
    return { range: { start: at, end: at }, newText: line(indent, pad) + eol };
  }
  // Only nested blocks, or nothing: first in the body (terraform fmt puts attributes before blocks).
  return { range: { start: bodyStart, end: bodyStart }, newText: line(indent) + eol };
}

/**
 * The column of `=` shared by the run of one-line attributes that ends with
 * the last attribute, when they share one; undefined when they do not.
 */
function alignedColumn(text: string, attributes: readonly MapEntry[]): number | undefined {
  const run: MapEntry[] = [];
  for (let i = attributes.length - 1; i >= 0; i--) {
    const a = attributes[i];
    if (!ownsLine(text, a.keyRange.start) || !sameLine(text, a.keyRange.start, a.value.range.end)) break;
    const next = run[0];
    // Consecutive lines only: a blank line, a comment line or a block ends terraform fmt's alignment group.
    if (next && text.slice(afterLineEnd(text, a.value.range.end), lineStartOf(text, next.keyRange.start)) !== '') break;
    run.unshift(a);
  }
  const columns = new Set(run.map((a) => text.indexOf('=', a.keyRange.end) - lineStartOf(text, a.keyRange.start)));
  return columns.size === 1 ? [...columns][0] : undefined;
}

/** An attribute's whole line(s), with a trailing comment about it; just the attribute when it shares its line. */
function removeHclAttribute(entry: MapEntry, text: string): { range: Range; newText: string } {
  const end = entry.value.range.end;
  const rest = text.slice(end, afterLineEnd(text, end)).trim();
  if (ownsLine(text, entry.keyRange.start) && (rest === '' || /^(#|\/\/)/.test(rest))) {
    return { range: { start: lineStartOf(text, entry.keyRange.start), end: afterLineEnd(text, end) }, newText: '' };
  }
  return { range: { start: entry.keyRange.start, end }, newText: '' };
}

/** `rdscope:ignore` and its id list, not the prose after it (as fix/suppress.ts reads Terraform JSON comments). */
const HCL_IGNORE_DIRECTIVE = /rdscope:ignore[ \t]+[A-Za-z0-9_-]+(?:(?:[ \t]*,[ \t]*|[ \t]+)(?=RDS\d|[a-z]+-[a-z-]+)[A-Za-z0-9_-]+)*/;

/**
 * "Suppress RDSnnn for this resource" in a `.tf` file: the id appended to an
 * `rdscope:ignore` comment the block already has (inside it or directly
 * above it), else a `# rdscope:ignore RDSnnn` line directly above the block.
 * parse/hclTree.ts reads both back into the block's `//` entry.
 */
export function hclSuppressionEdit(entity: Entity, ruleId: string, doc: FixDocument): { range: Range; newText: string } | undefined {
  const body = entity.anchor.propertiesNode;
  if (doc.format !== 'hcl' || body?.kind !== 'map') return undefined;
  const { text } = doc;
  const comments = getEntry(body, '//')?.value;
  for (const comment of comments?.kind === 'seq' ? comments.items : comments ? [comments] : []) {
    const m = HCL_IGNORE_DIRECTIVE.exec(text.slice(comment.range.start, comment.range.end));
    if (m) {
      const at = comment.range.start + m.index + m[0].length;
      return { range: { start: at, end: at }, newText: ` ${ruleId}` };
    }
  }
  const at = lineStartOf(text, entity.idRange.start);
  return { range: { start: at, end: at }, newText: `${lineIndent(text, at)}# rdscope:ignore ${ruleId}${eolOf(text)}` };
}
