/**
 * A template written as a string inside another one (a StackSet's literal
 * `TemplateBody`), parsed as a template of its own, with every range of its
 * value tree moved to where that text is in the outer file, so findings,
 * hovers and the diagram point into the string.
 *
 * The string's value is lined up, character by character, with the source
 * text that produces it:
 * - block scalars (`|`, `>`): line by line, less the block's indentation
 *   (a folded `>` line break that became a space maps to that line break);
 * - quoted strings (YAML `"..."` / `'...'`, a JSON string): through their
 *   escapes, so `\"` is one character of the value spanning two of the file.
 * Every character of the value must match what its source gives; when one
 * does not (an escape or a folding rule not modelled here, an explicit
 * indentation indicator), the mapping is not exact and every range becomes
 * the whole TemplateBody value: findings still land on the right property,
 * just not on the word.
 *
 * Only a block literal (`|`) maps the file's text one to one, so only there
 * may a fix edit inside the string (fix/edits.ts replaces values only: the
 * outer file is re-parsed after a fix, the embedded template is not).
 */
import { parseCloudFormationText } from '../../parse/detect';
import type { MapEntry, Range, ScalarNode, ValueNode } from '../../parse/tree';

/**
 * How exactly the embedded template's ranges point into the outer file:
 * `block-literal`: exactly, and its values may be replaced in place;
 * `mapped`: exactly, but an edit there would not read back the same (folding, escapes);
 * `approximate`: every range is the whole string.
 */
export type EmbeddedMapping = 'block-literal' | 'mapped' | 'approximate';

export type EmbeddedTemplate =
  | { readonly kind: 'parsed'; readonly root: ValueNode; readonly mapping: EmbeddedMapping }
  | { readonly kind: 'unparsed'; readonly reason: string };

/** The template in the string `node` of `outerText` (the outer file's text), with ranges in `outerText`. */
export function embeddedTemplate(outerText: string | undefined, node: ScalarNode): EmbeddedTemplate {
  const value = node.value as string;
  const parsed = parseCloudFormationText('TemplateBody', value);
  if (!parsed.root || parsed.problems.length > 0) {
    return { kind: 'unparsed', reason: parsed.problems[0]?.message ?? 'it is empty' };
  }
  const spans = outerText === undefined ? undefined : sourceSpans(outerText, node, value);
  const mapping: EmbeddedMapping = !spans ? 'approximate'
    : spans.literal && (parsed.aliased ?? []).length === 0 ? 'block-literal' : 'mapped';
  const move = spans
    ? (r: Range): Range => mappedRange(r, spans, node.range)
    : (): Range => node.range;
  return { kind: 'parsed', root: remap(parsed.root, move), mapping };
}

/** For each character of the value, its [start, end) in the outer text. */
interface Spans {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** A `|` block scalar: the value is the file's text less indentation, one to one. */
  readonly literal: boolean;
}

function mappedRange(r: Range, spans: Spans, whole: Range): Range {
  const n = spans.starts.length;
  if (n === 0) return whole;
  const at = (i: number) => (i < n ? spans.starts[i] : spans.ends[n - 1]);
  if (r.end <= r.start) {
    const p = at(Math.min(r.start, n));
    return { start: p, end: p };
  }
  return { start: at(r.start), end: spans.ends[Math.min(r.end, n) - 1] };
}

function remap(node: ValueNode, move: (r: Range) => Range): ValueNode {
  switch (node.kind) {
    case 'scalar': return { ...node, range: move(node.range) };
    case 'map': return {
      ...node,
      range: move(node.range),
      entries: node.entries.map((e): MapEntry => ({ key: e.key, keyRange: move(e.keyRange), value: remap(e.value, move) })),
    };
    case 'seq': return { ...node, range: move(node.range), items: node.items.map((i) => remap(i, move)) };
    case 'intrinsic': return { ...node, range: move(node.range), nameRange: move(node.nameRange), arg: remap(node.arg, move) };
    case 'tagged': return { ...node, range: move(node.range), value: remap(node.value, move) };
  }
}

/** One character the source gives, or a line break (which folding may turn into a space or drop). */
interface Unit {
  readonly ch: string;
  readonly start: number;
  readonly end: number;
  readonly lineBreak?: true;
}

function sourceSpans(text: string, node: ScalarNode, value: string): Spans | undefined {
  const { start, end } = node.range;
  if (end > text.length) return undefined;
  let units: Unit[] | undefined;
  let literal = false;
  const first = text[start];
  if (node.style === 'block' && (first === '|' || first === '>')) {
    units = blockUnits(text, start, end);
    literal = first === '|';
  } else if ((node.style === 'double' || node.style === 'json') && first === '"') {
    units = quotedUnits(text, start + 1, end - 1, node.style);
  } else if (node.style === 'single' && first === "'") {
    units = quotedUnits(text, start + 1, end - 1, 'single');
  }
  if (!units) return undefined;
  const spans = align(value, units);
  return spans ? { ...spans, literal } : undefined;
}

/**
 * Lines up the value with the units: equal characters map, a line break maps
 * to a `\n` (kept) or a space (folded), or is skipped (folding drops the
 * break before empty lines; chomping drops trailing ones).
 */
function align(value: string, units: readonly Unit[]): { starts: Int32Array; ends: Int32Array } | undefined {
  const starts = new Int32Array(value.length);
  const ends = new Int32Array(value.length);
  let u = 0;
  for (let i = 0; i < value.length;) {
    const unit = units[u];
    if (!unit) return undefined;
    const c = value[i];
    if (!unit.lineBreak && unit.ch === c) {
      starts[i] = unit.start; ends[i] = unit.end; i++; u++;
    } else if (unit.lineBreak && (c === '\n' || c === ' ')) {
      starts[i] = unit.start; ends[i] = unit.end; i++; u++;
    } else if (unit.lineBreak) {
      u++;
    } else {
      return undefined;
    }
  }
  for (; u < units.length; u++) if (!units[u].lineBreak) return undefined;
  return { starts, ends };
}

/** `|` / `>` with chomping, then the indented lines; an explicit indentation digit is not modelled. */
function blockUnits(text: string, start: number, end: number): Unit[] | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return [];
  const header = text.slice(start + 1, headerEnd).replace(/\s+#.*$/, '').trim();
  if (!/^[+-]?$/.test(header)) return undefined;
  const lines: { from: number; to: number; breakEnd: number }[] = [];
  for (let from = headerEnd + 1; from < end;) {
    const nl = text.indexOf('\n', from);
    const breakEnd = nl < 0 || nl >= end ? end : nl + 1;
    let to = nl < 0 || nl >= end ? end : nl;
    if (to > from && text[to - 1] === '\r') to--;
    lines.push({ from, to, breakEnd });
    from = breakEnd;
  }
  const contentLine = lines.find((l) => text.slice(l.from, l.to).trim() !== '');
  if (!contentLine) return [];
  const indent = /^ */.exec(text.slice(contentLine.from, contentLine.to))![0].length;
  const units: Unit[] = [];
  for (const line of lines) {
    for (let p = line.from + indent; p < line.to; p++) units.push({ ch: text[p], start: p, end: p + 1 });
    if (line.breakEnd > line.to) units.push({ ch: '\n', start: line.to, end: line.breakEnd, lineBreak: true });
  }
  return units;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
/** YAML's double-quoted escapes beyond JSON's (https://yaml.org/spec/1.2.2/#escaped-characters). */
const YAML_ESCAPES: Readonly<Record<string, string>> = { '0': '\0', a: '\x07', v: '\v', e: '\x1b', ' ': ' ', '\t': '\t', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029' };
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A quoted string's characters: YAML `"..."` and JSON through their escapes, YAML `'...'` through `''`; raw line breaks fold. */
function quotedUnits(text: string, from: number, to: number, style: 'json' | 'double' | 'single'): Unit[] | undefined {
  const units: Unit[] = [];
  for (let p = from; p < to;) {
    const c = text[p];
    if (style === 'single' && c === "'" && text[p + 1] === "'") { units.push({ ch: "'", start: p, end: p + 2 }); p += 2; continue; }
    if (style !== 'single' && c === '\\') {
      const next = escapeUnits(text, p, to, style === 'json', units);
      if (next === undefined) return undefined;
      p = next;
      continue;
    }
    if (c === '\n' || c === '\r') {
      const breakEnd = c === '\r' && text[p + 1] === '\n' ? p + 2 : p + 1;
      units.push({ ch: '\n', start: p, end: breakEnd, lineBreak: true });
      p = skipIndentation(text, breakEnd, to);
      continue;
    }
    units.push({ ch: c, start: p, end: p + 1 });
    p++;
  }
  return units;
}

/** The escape at `p` (a backslash) as units; the offset after it, or undefined for an escape not modelled. */
function escapeUnits(text: string, p: number, to: number, json: boolean, units: Unit[]): number | undefined {
  const e = text[p + 1];
  const simple = SIMPLE_ESCAPES[e] ?? (json ? undefined : YAML_ESCAPES[e]);
  if (simple !== undefined) { units.push({ ch: simple, start: p, end: p + 2 }); return p + 2; }
  const digits = HEX_DIGITS[e];
  if (digits && (e === 'u' || !json)) {
    const hex = text.slice(p + 2, p + 2 + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return undefined;
    for (const ch of String.fromCodePoint(parseInt(hex, 16)).split('')) units.push({ ch, start: p, end: p + 2 + digits });
    return p + 2 + digits;
  }
  // An escaped line break (YAML) joins the lines: nothing of it, nor the next line's indentation, is in the value.
  if (!json && (e === '\n' || e === '\r')) return skipIndentation(text, p + (e === '\r' && text[p + 2] === '\n' ? 3 : 2), to);
  return undefined;
}

function skipIndentation(text: string, p: number, to: number): number {
  while (p < to && (text[p] === ' ' || text[p] === '\t')) p++;
  return p;
}
