/**
 * Terraform's built-in functions that real RDS configurations use
 * (https://developer.hashicorp.com/terraform/language/functions). Each takes
 * known argument values and returns a value or throws as Terraform
 * fails the plan. `try` and `can` are not here: they evaluate their arguments
 * themselves (evaluator.ts).
 *
 * A function whose name is not here is run only by Terraform: its result is
 * unknown, never guessed (file(), templatefile(), timestamp(), uuid()...).
 */
import { asBool, asList, asMap, asNumber, asString, asWholeNumber, formatNumber, isPrimitive } from './convert';
import { containsPending, equalValues, isList, isMap, isPending, Pending, typeName, EvalError, type TfValue } from './values';

export interface TfFunction {
  readonly run: (args: readonly TfValue[]) => TfValue;
  readonly minArgs: number;
  readonly maxArgs?: number;
  /**
   * Moves values around without looking into them, so a Pending element
   * (a resource attribute) passes through: `one(aws_db_instance.this[*].arn)`.
   * Other functions give a Pending result when any argument holds one.
   */
  readonly passesPending?: true;
}

const fn = (minArgs: number, maxArgs: number | undefined, run: TfFunction['run'], passesPending?: true): TfFunction =>
  ({ run, minArgs, maxArgs, ...(passesPending ? { passesPending } : {}) });

function sortedKeys(m: ReadonlyMap<string, TfValue>): string[] {
  return [...m.keys()].sort();
}

/** Terraform's sets of strings iterate in lexical order; other sets keep their first-seen order here. */
function toSet(items: readonly TfValue[]): TfValue[] {
  const out: TfValue[] = [];
  for (const item of items) {
    if (isPending(item)) throw new EvalError('pending');
    if (!out.some((x) => equalValues(x, item))) out.push(item);
  }
  return out.every((x) => typeof x === 'string') ? (out as string[]).sort() : out;
}

function flatten(items: readonly TfValue[], out: TfValue[], depth: number): TfValue[] {
  if (depth > 64) throw new EvalError('flatten: nesting too deep');
  for (const item of items) {
    if (isList(item)) flatten(item, out, depth + 1); else out.push(item);
  }
  return out;
}

/** Go's fmt verbs as Terraform's format() takes them: %s %d %f %v %q %% (with simple widths). */
function format(spec: string, args: readonly TfValue[]): string {
  let i = 0;
  return spec.replace(/%([-+# 0]*)(\d+)?(?:\.(\d+))?([sdfvqt%])/g, (_whole, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) throw new EvalError('format: not enough arguments');
    const arg = args[i++];
    let out: string;
    switch (verb) {
      case 'd': out = formatNumber(Math.trunc(asNumber(arg, 'format'))); break;
      case 'f': out = asNumber(arg, 'format').toFixed(precision === undefined ? 6 : Number(precision)); break;
      case 'q': out = JSON.stringify(asString(arg, 'format')); break;
      case 't': out = String(asBool(arg, 'format')); break;
      default: out = isPrimitive(arg) ? asString(arg) : JSON.stringify(arg);
    }
    if (width !== undefined && out.length < Number(width)) {
      out = flags.includes('-') ? out.padEnd(Number(width)) : out.padStart(Number(width), flags.includes('0') ? '0' : ' ');
    }
    return out;
  });
}

/** replace(): a `/regex/` pattern is a regular expression (RE2; the common subset matches JavaScript's). */
function replace(text: string, search: string, replacement: string): string {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    let re: RegExp;
    try { re = new RegExp(search.slice(1, -1), 'g'); } catch { throw new EvalError(`replace: invalid regular expression ${search}`); }
    return text.replace(re, replacement.replace(/\$\{(\d+)\}/g, '$$$1'));
  }
  return search === '' ? text : text.split(search).join(replacement);
}

function lengthOf(v: TfValue): number {
  if (typeof v === 'string') return [...v].length;
  if (isList(v)) return v.length;
  if (isMap(v)) return v.size;
  throw new EvalError(`length: a collection or string is required, not ${typeName(v)}`);
}

export const FUNCTIONS: ReadonlyMap<string, TfFunction> = new Map<string, TfFunction>([
  // Values and collections.
  ['coalesce', fn(1, undefined, (args) => {
    for (const a of args) {
      if (isPending(a)) throw new PendingResult(a);
      if (a !== null && a !== '') return a;
    }
    throw new EvalError('coalesce: no non-null, non-empty argument');
  }, true)],
  ['coalescelist', fn(1, undefined, (args) => {
    for (const a of args) {
      if (isPending(a)) throw new PendingResult(a);
      if (asList(a, 'coalescelist').length > 0) return a;
    }
    throw new EvalError('coalescelist: no non-empty list');
  }, true)],
  ['one', fn(1, 1, ([v]) => {
    if (v === null) return null;
    const items = isMap(v) ? [...v.values()] : asList(v, 'one');
    if (items.length > 1) throw new EvalError('one: more than one element');
    return items.length === 0 ? null : items[0];
  }, true)],
  ['length', fn(1, 1, ([v]) => lengthOf(v), true)],
  ['lookup', fn(2, 3, ([m, key, fallback]) => {
    const map = asMap(m, 'lookup');
    const k = asString(key, 'lookup key');
    if (map.has(k)) return map.get(k)!;
    if (fallback === undefined) throw new EvalError(`lookup: no key ${JSON.stringify(k)}`);
    return fallback;
  }, true)],
  ['concat', fn(0, undefined, (args) => args.flatMap((a) => asList(a, 'concat')), true)],
  ['merge', fn(0, undefined, (args) => {
    const out = new Map<string, TfValue>();
    for (const a of args) { if (a !== null) for (const [k, v] of asMap(a, 'merge')) out.set(k, v); }
    return out;
  }, true)],
  ['contains', fn(2, 2, ([list, value]) => {
    if (containsPending(value)) throw new PendingResult(containsPending(value)!);
    let pending: Pending | undefined;
    for (const item of asList(list, 'contains')) {
      if (containsPending(item)) { pending ??= containsPending(item); continue; }
      if (equalValues(item, value)) return true;
    }
    if (pending) throw new PendingResult(pending);
    return false;
  }, true)],
  ['element', fn(2, 2, ([list, index]) => {
    const items = asList(list, 'element');
    if (items.length === 0) throw new EvalError('element: empty list');
    const i = asWholeNumber(index, 'element index');
    if (i < 0) throw new EvalError('element: negative index');
    return items[i % items.length];
  }, true)],
  ['index', fn(2, 2, ([list, value]) => {
    const i = asList(list, 'index').findIndex((x) => equalValues(x, value));
    if (i < 0) throw new EvalError('index: value not found');
    return i;
  })],
  ['keys', fn(1, 1, ([m]) => sortedKeys(asMap(m, 'keys')), true)],
  ['values', fn(1, 1, ([m]) => { const map = asMap(m, 'values'); return sortedKeys(map).map((k) => map.get(k)!); }, true)],
  ['compact', fn(1, 1, ([list]) => asList(list, 'compact').filter((x) => x !== null && x !== '').map((x) => asString(x, 'compact')))],
  ['flatten', fn(1, 1, ([list]) => flatten(asList(list, 'flatten'), [], 0), true)],
  ['distinct', fn(1, 1, ([list]) => {
    const out: TfValue[] = [];
    for (const item of asList(list, 'distinct')) if (!out.some((x) => equalValues(x, item))) out.push(item);
    return out;
  })],
  ['reverse', fn(1, 1, ([list]) => [...asList(list, 'reverse')].reverse(), true)],
  ['slice', fn(3, 3, ([list, from, to]) => {
    const items = asList(list, 'slice');
    const a = asWholeNumber(from, 'slice');
    const b = asWholeNumber(to, 'slice');
    if (a < 0 || b > items.length || a > b) throw new EvalError('slice: index out of range');
    return items.slice(a, b);
  }, true)],
  ['zipmap', fn(2, 2, ([keys, values]) => {
    const k = asList(keys, 'zipmap');
    const v = asList(values, 'zipmap');
    if (k.length !== v.length) throw new EvalError('zipmap: lists of different lengths');
    return new Map(k.map((key, i) => [asString(key, 'zipmap key'), v[i]]));
  }, true)],
  ['range', fn(1, 3, (args) => {
    const [start, end, step] = args.length === 1 ? [0, asNumber(args[0]), 1] : [asNumber(args[0]), asNumber(args[1]), args[2] === undefined ? 1 : asNumber(args[2])];
    if (step === 0 || Math.abs((end - start) / step) > 1024) throw new EvalError('range: too many elements');
    const out: number[] = [];
    for (let x = start; step > 0 ? x < end : x > end; x += step) out.push(x);
    return out;
  })],
  ['setunion', fn(1, undefined, (args) => toSet(args.flatMap((a) => asList(a, 'setunion'))))],
  ['setintersection', fn(1, undefined, (args) => {
    const [first, ...rest] = args.map((a) => toSet(asList(a, 'setintersection')));
    return first.filter((x) => rest.every((r) => r.some((y) => equalValues(x, y))));
  })],
  ['setsubtract', fn(2, 2, ([a, b]) => {
    const other = toSet(asList(b, 'setsubtract'));
    return toSet(asList(a, 'setsubtract')).filter((x) => !other.some((y) => equalValues(x, y)));
  })],
  ['sort', fn(1, 1, ([list]) => asList(list, 'sort').map((x) => asString(x, 'sort')).sort())],
  // Conversions.
  ['tostring', fn(1, 1, ([v]) => (v === null ? null : asString(v, 'tostring')))],
  ['tonumber', fn(1, 1, ([v]) => (v === null ? null : asNumber(v, 'tonumber')))],
  ['tobool', fn(1, 1, ([v]) => (v === null ? null : asBool(v, 'tobool')))],
  ['tolist', fn(1, 1, ([v]) => (v === null ? null : asList(v, 'tolist')), true)],
  ['toset', fn(1, 1, ([v]) => (v === null ? null : toSet(asList(v, 'toset'))))],
  ['tomap', fn(1, 1, ([v]) => (v === null ? null : asMap(v, 'tomap')), true)],
  // Strings.
  ['format', fn(1, undefined, ([spec, ...rest]) => format(asString(spec, 'format'), rest))],
  ['formatlist', fn(1, undefined, ([spec, ...rest]) => {
    const lists = rest.filter(isList);
    const n = lists.length === 0 ? 1 : lists[0].length;
    return Array.from({ length: n }, (_, i) => format(asString(spec, 'formatlist'), rest.map((a) => (isList(a) ? a[i] : a))));
  })],
  ['join', fn(2, undefined, ([sep, ...lists]) => lists.flatMap((l) => asList(l, 'join')).map((x) => asString(x, 'join')).join(asString(sep, 'join')))],
  ['split', fn(2, 2, ([sep, text]) => asString(text, 'split').split(asString(sep, 'split')))],
  ['lower', fn(1, 1, ([s]) => asString(s, 'lower').toLowerCase())],
  ['upper', fn(1, 1, ([s]) => asString(s, 'upper').toUpperCase())],
  ['title', fn(1, 1, ([s]) => asString(s, 'title').replace(/\b\w/g, (c) => c.toUpperCase()))],
  ['trimspace', fn(1, 1, ([s]) => asString(s, 'trimspace').trim())],
  ['trim', fn(2, 2, ([s, chars]) => {
    const set = new Set(asString(chars, 'trim'));
    let t = asString(s, 'trim');
    while (t && set.has(t[0])) t = t.slice(1);
    while (t && set.has(t[t.length - 1])) t = t.slice(0, -1);
    return t;
  })],
  ['trimprefix', fn(2, 2, ([s, p]) => { const t = asString(s); const x = asString(p); return t.startsWith(x) ? t.slice(x.length) : t; })],
  ['trimsuffix', fn(2, 2, ([s, p]) => { const t = asString(s); const x = asString(p); return x && t.endsWith(x) ? t.slice(0, -x.length) : t; })],
  ['replace', fn(3, 3, ([s, search, replacement]) => replace(asString(s, 'replace'), asString(search, 'replace'), asString(replacement, 'replace')))],
  ['substr', fn(3, 3, ([s, offset, length]) => {
    const chars = [...asString(s, 'substr')];
    const o = asWholeNumber(offset, 'substr');
    const l = asWholeNumber(length, 'substr');
    const from = o < 0 ? chars.length + o : o;
    return chars.slice(from, l < 0 ? undefined : from + l).join('');
  })],
  ['startswith', fn(2, 2, ([s, p]) => asString(s).startsWith(asString(p)))],
  ['endswith', fn(2, 2, ([s, p]) => asString(s).endsWith(asString(p)))],
  ['strcontains', fn(2, 2, ([s, p]) => asString(s).includes(asString(p)))],
  ['regex', fn(2, 2, ([pattern, s]) => {
    let re: RegExp;
    try { re = new RegExp(asString(pattern, 'regex')); } catch { throw new EvalError('regex: invalid pattern'); }
    const m = re.exec(asString(s, 'regex'));
    if (!m) throw new EvalError('regex: no match');
    if (m.groups) return new Map(Object.entries(m.groups).map(([k, v]) => [k, v ?? null]));
    return m.length > 1 ? m.slice(1).map((x) => x ?? null) : m[0];
  })],
  // Numbers.
  ['min', fn(1, undefined, (args) => Math.min(...args.map((a) => asNumber(a, 'min'))))],
  ['max', fn(1, undefined, (args) => Math.max(...args.map((a) => asNumber(a, 'max'))))],
  ['abs', fn(1, 1, ([n]) => Math.abs(asNumber(n, 'abs')))],
  ['ceil', fn(1, 1, ([n]) => Math.ceil(asNumber(n, 'ceil')))],
  ['floor', fn(1, 1, ([n]) => Math.floor(asNumber(n, 'floor')))],
  ['signum', fn(1, 1, ([n]) => Math.sign(asNumber(n, 'signum')))],
  ['parseint', fn(2, 2, ([s, base]) => {
    const n = Number.parseInt(asString(s, 'parseint'), asWholeNumber(base, 'parseint'));
    if (Number.isNaN(n)) throw new EvalError('parseint: not a number');
    return n;
  })],
  // Type checks that need no value.
  ['alltrue', fn(1, 1, ([list]) => asList(list, 'alltrue').every((x) => asBool(x, 'alltrue')))],
  ['anytrue', fn(1, 1, ([list]) => asList(list, 'anytrue').some((x) => asBool(x, 'anytrue')))],
]);

/**
 * Thrown by a function that moves values around when the value it would
 * decide on is a Pending one: the result is that pending value's kind of
 * unknown (exists, content known after apply).
 */
export class PendingResult extends Error {
  constructor(readonly pending: Pending) {
    super(pending.reason);
  }
}
