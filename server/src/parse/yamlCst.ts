/**
 * The fast way from YAML text to the value tree: yaml's own parser builds the
 * concrete syntax tree (tokens with offsets), and this reads it straight into
 * ValueNodes, skipping yaml's composer (its Document of YAMLMap/Pair/Scalar
 * objects that parse/yaml.ts would then convert). A CloudFormation template
 * reads about a third faster, with a third less garbage.
 *
 * It follows yaml's composer (compose/*.js in the yaml package) step for
 * step, with the same scalar resolution (the same schema tags) and the same
 * ranges, for the YAML templates are written in: block and flow collections,
 * plain, quoted and block scalars, comments, the CloudFormation short tags.
 * Anything else (anchors and aliases, other tags, explicit keys, directives,
 * several documents, tabs in indentation) and every place where the composer
 * would report an error or a warning returns undefined: parse/yaml.ts then
 * composes the text as before, so problems are always yaml's own. The
 * differential tests (test/incremental/yaml-fast-path.test.ts) check that
 * both ways give the same tree on every fixture, the corpus and mutations.
 */
import { CST, Document, isScalar, Parser } from 'yaml';
import { CONDITION_FUNCTION, intrinsic, isLongFormFunctionKey, longForm, SHORT_TAG_TO_FUNCTION } from './intrinsics';
import { MAX_NESTING_DEPTH } from './limits';
import type { MapEntry, Range, Scalar, ScalarStyle, ValueNode } from './tree';

type SourceToken = CST.SourceToken;
type Token = CST.Token;

/** Thrown wherever the composer would do something this reader does not: the caller composes instead. */
class Bail extends Error {}

function bail(): never {
  throw new Bail();
}

export interface Schema {
  readonly tags: readonly { default?: boolean | 'key'; test?: RegExp; tag: string; collection?: string; resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown }[];
}

let schemaState: { schema: Schema; options: unknown } | undefined;

/** The schema (its tags, in order) and options yaml composes with, from a Document made with the same options. */
export function schemaFor(options: object): { schema: Schema; options: unknown } {
  if (!schemaState) {
    const doc = new Document(null, options);
    schemaState = { schema: doc.schema as unknown as Schema, options: doc.options };
  }
  return schemaState;
}

/**
 * The value tree of `text` (one document), or undefined when yaml's composer
 * must read it (see above). `options` are the composer's options
 * (YAML_FAST_PARSE_OPTIONS): the CloudFormation tags are looked up there.
 */
export function readYamlFast(text: string, options: object, tokens: Iterable<CST.Token> = new Parser().parse(text)): ValueNode | undefined {
  try {
    return new CstReader(text, schemaFor(options)).read(tokens);
  } catch (error) {
    if (error instanceof Bail || error instanceof RangeError) return undefined;
    throw error;
  }
}

interface Props {
  readonly comma: SourceToken | null;
  readonly found: SourceToken | null;
  readonly hasNewline: boolean;
  readonly tag: SourceToken | null;
  readonly newlineAfterProp: SourceToken | null;
  readonly end: number;
  readonly start: number;
  readonly comment: boolean;
}

/** A node as the converter makes it, and the end of its text with trailing comments and spaces (yaml's range[2]). */
interface Read {
  readonly node: ValueNode;
  readonly end: number;
}

class CstReader {
  constructor(private readonly text: string, private readonly schema: { schema: Schema; options: unknown }) {}

  /** `tokens`: yaml's syntax tree of the text (Parser.parse), which the caller may compose as well. */
  read(tokens: Iterable<CST.Token>): ValueNode | undefined {
    let doc: CST.Document | undefined;
    for (const token of tokens) {
      switch (token.type) {
        case 'document':
          if (doc) bail();
          doc = token;
          break;
        case 'byte-order-mark': case 'space': case 'comment': case 'newline':
          break;
        default:
          // directives, doc-end markers, errors
          bail();
      }
    }
    if (!doc || !doc.value || doc.value.type === 'block-scalar') bail();
    const props = resolveProps(doc.start, { indicator: 'doc-start', next: doc.value ?? doc.end?.[0], offset: doc.offset, parentIndent: 0, startOnNewline: true });
    if (props.tag) bail();
    if (props.found && (doc.value.type === 'block-map' || doc.value.type === 'block-seq') && !props.hasNewline) bail();
    const content = this.node(doc.value, props, 0, false, false);
    resolveEnd(doc.end, content.end, false);
    return content.node;
  }

  /** compose-node.js composeNode, then parse/yaml.ts Converter.convertNode. */
  private node(token: Token, props: Props, depth: number, insideFunction: boolean, atKey: boolean): Read {
    if (depth > MAX_NESTING_DEPTH) bail();
    const tag = props.tag;
    const fn = tag ? SHORT_TAG_TO_FUNCTION.get(tag.source) : undefined;
    if (tag && !fn) bail();
    if (!fn) return this.untagged(token, undefined, depth, insideFunction, atKey);
    // Converter.convertShortForm: the function's range starts at `!Tag`.
    const content = this.untagged(token, tag!, depth + 1, true, atKey);
    const nodeRange = content.yamlRange;
    const rawStart = nodeRange.start;
    const tagStart = this.text.lastIndexOf(tag!.source, rawStart);
    const nameRange = tagStart >= 0 && /^\s*$/.test(this.text.slice(tagStart + tag!.source.length, rawStart))
      ? { start: tagStart, end: tagStart + tag!.source.length }
      : { start: nodeRange.start, end: nodeRange.start };
    const range = { start: nameRange.start, end: Math.max(nodeRange.end, nameRange.end) };
    return { node: intrinsic(fn, content.node, range, nameRange), end: content.end };
  }

  /** The node without its tag: a scalar or a collection (Converter.convertUntagged). `yamlRange` is yaml's node range (start, end). */
  private untagged(token: Token, tag: SourceToken | undefined, depth: number, insideFunction: boolean, atKey: boolean): Read & { yamlRange: Range } {
    switch (token.type) {
      case 'scalar': case 'single-quoted-scalar': case 'double-quoted-scalar': case 'block-scalar': {
        const s = this.scalar(token, tag !== undefined, atKey);
        return { node: s.node, end: s.end, yamlRange: s.node.range };
      }
      case 'block-map': return this.blockMap(token, depth, insideFunction);
      case 'block-seq': return this.blockSeq(token, depth, insideFunction);
      case 'flow-collection': return this.flowCollection(token, depth, insideFunction);
      default: bail();
    }
  }

  /** compose-scalar.js: resolve the text, then the schema's tag (by test for plain scalars; the CloudFormation tags keep the string). */
  private scalar(token: CST.FlowScalar | CST.BlockScalar, tagged: boolean, atKey: boolean): Read & { node: { kind: 'scalar'; range: Range }; raw: unknown } {
    const resolved = CST.resolveAsScalar(token, false, () => bail());
    if (!resolved) bail();
    let raw: unknown = resolved.value;
    if (!tagged && token.type === 'scalar') {
      const tag = this.schema.schema.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(resolved.value));
      if (tag) {
        const res = tag.resolve(resolved.value, () => bail(), this.schema.options);
        raw = isScalar(res) ? res.value : res;
      }
    }
    const style: ScalarStyle = resolved.type === 'QUOTE_SINGLE' ? 'single' : resolved.type === 'QUOTE_DOUBLE' ? 'double'
      : resolved.type === 'BLOCK_FOLDED' || resolved.type === 'BLOCK_LITERAL' ? 'block' : 'plain';
    const value = scalarValue(raw);
    return { node: { kind: 'scalar', value, range: { start: resolved.range[0], end: resolved.range[1] }, style }, end: resolved.range[2], raw };
  }

  /** compose-node.js composeEmptyNode: an empty plain scalar (null) where util-empty-scalar-position.js puts it. */
  private empty(offset: number, before: readonly SourceToken[] | undefined, props: Props): Read {
    if (props.tag) bail();
    const at = emptyScalarPosition(offset, before);
    const s = this.scalar({ type: 'scalar', offset: at, indent: -1, source: '' }, false, false);
    // With a comment, yaml ends the node after it (range[2]).
    return { node: s.node, end: props.comment ? props.end : s.end };
  }

  /** resolve-block-map.js */
  private blockMap(bm: CST.BlockMap, depth: number, insideFunction: boolean): Read & { yamlRange: Range } {
    const entries: MapEntry[] = [];
    const seen = new Set<unknown>();
    let offset = bm.offset;
    let commentEnd: number | null = null;
    for (const item of bm.items) {
      const { start, key, sep, value } = item as { start: SourceToken[]; key?: Token | null; sep?: SourceToken[]; value?: Token };
      if (commentEnd !== null) bail(); // content after a comment-only item: yaml's "Map comment with trailing content"
      const keyProps = resolveProps(start, { indicator: 'explicit-key-ind', next: key ?? sep?.[0], offset, parentIndent: bm.indent, startOnNewline: true });
      if (keyProps.found || keyProps.tag) bail(); // explicit keys, tagged keys
      if (!sep) {
        if (key) bail();
        commentEnd = keyProps.end;
        continue;
      }
      if (!key || (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar')) bail();
      if (key.indent !== bm.indent) bail();
      if (keyProps.newlineAfterProp || containsNewline(key)) bail();
      const k = this.scalar(key, false, true);
      if (repeatedKey(seen, k.raw)) bail();
      const valueProps = resolveProps(sep, { indicator: 'map-value-ind', next: value, offset: k.end, parentIndent: bm.indent, startOnNewline: false });
      offset = valueProps.end;
      if (!valueProps.found) bail(); // a key without a value
      if (value?.type === 'block-map' && !valueProps.hasNewline) bail();
      if (value?.type === 'block-seq') blockSeqProps(valueProps);
      const v = value ? this.node(value, valueProps, depth + 1, insideFunction, false) : this.empty(offset, sep, valueProps);
      offset = v.end;
      const keyString = String(k.raw);
      entries.push({ key: keyString, keyRange: k.node.range, value: v.node });
    }
    if (entries.length === 0) bail();
    const last = entries[entries.length - 1];
    const yamlRange = { start: bm.offset, end: offset };
    // Converter: a block map ends at its last item.
    const range = { start: bm.offset, end: Math.min(offset, Math.max(last.keyRange.end, last.value.range.end)) };
    return { node: mapOrFunction(entries, range, false, insideFunction), end: commentEnd ?? offset, yamlRange };
  }

  /** resolve-block-seq.js */
  private blockSeq(bs: CST.BlockSequence, depth: number, insideFunction: boolean): Read & { yamlRange: Range } {
    const items: ValueNode[] = [];
    let offset = bs.offset;
    let commentEnd: number | null = null;
    for (const { start, value } of bs.items) {
      if (commentEnd !== null) bail();
      const props = resolveProps(start, { indicator: 'seq-item-ind', next: value, offset, parentIndent: bs.indent, startOnNewline: true });
      if (!props.found) {
        if (props.tag || value) bail();
        commentEnd = props.end;
        continue;
      }
      if (value?.type === 'block-seq') blockSeqProps(props);
      const v = value ? this.node(value, props, depth + 1, insideFunction, false) : this.empty(props.end, start, props);
      offset = v.end;
      items.push(v.node);
    }
    if (items.length === 0) bail();
    const yamlRange = { start: bs.offset, end: offset };
    const range = { start: bs.offset, end: Math.min(offset, items[items.length - 1].range.end) };
    return { node: { kind: 'seq', items, range, flow: false }, end: commentEnd ?? offset, yamlRange };
  }

  /** resolve-flow-collection.js, for `[a, b]` and `{k: v}` (not `[k: v]` pairs, not empty items). */
  private flowCollection(fc: CST.FlowCollection, depth: number, insideFunction: boolean): Read & { yamlRange: Range } {
    const isMap = fc.start.source === '{';
    const flow = isMap ? 'flow map' : 'flow sequence';
    const entries: MapEntry[] = [];
    const items: ValueNode[] = [];
    const seen = new Set<unknown>();
    let offset = fc.offset + fc.start.source.length;
    fc.items.forEach((item, i) => {
      const { start, key, sep, value } = item as { start: SourceToken[]; key?: Token | null; sep?: SourceToken[]; value?: Token };
      const props = resolveProps(start, { flow, indicator: 'explicit-key-ind', next: key ?? sep?.[0], offset, parentIndent: fc.indent, startOnNewline: false });
      if (props.found || props.comment) bail(); // explicit keys; comments inside flow collections
      if (!props.tag && !sep && !value) {
        // An empty item: only a trailing comma (`[a, b,]`) is not an error.
        if ((i === 0 && props.comma) || i < fc.items.length - 1) bail();
        offset = props.end;
        return;
      }
      if (i === 0 ? props.comma : !props.comma) bail();
      if (!isMap) {
        if (sep || !value) bail(); // `[k: v]`, `[!Ref]`
        if (value.type === 'block-map' || value.type === 'block-seq') bail();
        const v = this.node(value, props, depth + 1, insideFunction, false);
        items.push(v.node);
        offset = v.end;
        return;
      }
      if (!key || (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar') || props.tag) bail();
      const k = this.scalar(key, false, true);
      const valueProps = resolveProps(sep ?? [], { flow, indicator: 'map-value-ind', next: value, offset: k.end, parentIndent: fc.indent, startOnNewline: false });
      if (!valueProps.found || !value || valueProps.comment) bail(); // `{k}`, `{k: }`
      if (value.type === 'block-map' || value.type === 'block-seq') bail();
      if (repeatedKey(seen, k.raw)) bail();
      const v = this.node(value, valueProps, depth + 1, insideFunction, false);
      entries.push({ key: String(k.raw), keyRange: k.node.range, value: v.node });
      offset = v.end;
    });
    const [ce, ...ee] = fc.end;
    if (ce?.source !== (isMap ? '}' : ']')) bail();
    const cePos = ce.offset + ce.source.length;
    const end = ee.length > 0 ? resolveEnd(ee, cePos, false) : cePos;
    const range = { start: fc.offset, end: cePos };
    const node = isMap ? mapOrFunction(entries, range, true, insideFunction) : { kind: 'seq' as const, items, range, flow: true };
    return { node, end, yamlRange: range };
  }
}

/**
 * Whether a map already has the key whose resolved value is `raw` (adding it
 * to `seen` when not): util-map-includes.js, scalar keys with === values are
 * the same key (NaN never is). A duplicate is yaml's to report.
 */
export function repeatedKey(seen: Set<unknown>, raw: unknown): boolean {
  if (typeof raw === 'number' && Number.isNaN(raw)) return false;
  if (seen.has(raw)) return true;
  seen.add(raw);
  return false;
}

/** parse/yaml.ts's scalar values (Converter.convertUntagged): a bigint becomes a number; anything else not a scalar, a string. */
export function scalarValue(raw: unknown): Scalar {
  return raw === undefined ? null
    : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' || raw === null ? raw
    : typeof raw === 'bigint' ? Number(raw) : String(raw);
}

/** Converter: a one-entry map whose key is a long-form function (`Ref:`, `Fn::If:`) is that function. */
export function mapOrFunction(entries: MapEntry[], range: Range, flow: boolean, insideFunction: boolean): ValueNode {
  if (entries.length === 1) {
    const only = entries[0];
    if (isLongFormFunctionKey(only.key) || (insideFunction && only.key === CONDITION_FUNCTION)) return longForm(only, range);
  }
  return { kind: 'map', entries, range, flow };
}

/** compose-collection.js: a tag before a block sequence needs a newline after it. */
function blockSeqProps(props: Props): void {
  const nl = props.newlineAfterProp;
  if (props.tag && (!nl || nl.offset < props.tag.offset)) bail();
}

/**
 * resolve-props.js, with every error a bail, and anchors, tabs and unknown
 * tokens refused outright.
 */
function resolveProps(tokens: readonly SourceToken[], ctx: { flow?: string; indicator: string; next: Token | SourceToken | null | undefined; offset: number; parentIndent: number; startOnNewline: boolean }): Props {
  const { flow, indicator, next, offset, startOnNewline } = ctx;
  let atNewline = startOnNewline;
  let hasSpace = startOnNewline;
  let hasNewline = false;
  let reqSpace = false;
  let tag: SourceToken | null = null;
  let newlineAfterProp: SourceToken | null = null;
  let comma: SourceToken | null = null;
  let found: SourceToken | null = null;
  let start: number | null = null;
  let comment = false;
  for (const token of tokens) {
    if (reqSpace) {
      if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') bail();
      reqSpace = false;
    }
    switch (token.type) {
      case 'space':
        if (token.source.includes('\t')) bail();
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) bail();
        comment = true;
        atNewline = false;
        break;
      case 'newline':
        atNewline = true;
        hasNewline = true;
        if (tag) newlineAfterProp = token;
        hasSpace = true;
        break;
      case 'tag':
        if (tag) bail();
        tag = token;
        start ??= token.offset;
        atNewline = false;
        hasSpace = false;
        reqSpace = true;
        break;
      case indicator:
        if (tag || found) bail();
        found = token;
        atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
        hasSpace = false;
        break;
      case 'comma':
        if (!flow || comma) bail();
        comma = token;
        atNewline = false;
        hasSpace = false;
        break;
      default:
        // anchors, and anything yaml reports as an unexpected token
        bail();
    }
  }
  void atNewline;
  const last = tokens[tokens.length - 1];
  const end = last ? last.offset + last.source.length : offset;
  if (reqSpace && next && next.type !== 'space' && next.type !== 'newline' && next.type !== 'comma'
    && (next.type !== 'scalar' || (next as CST.FlowScalar).source !== '')) bail();
  return { comma, found, hasNewline, tag, newlineAfterProp, end, start: start ?? end, comment };
}

/** resolve-end.js: comments, spaces and newlines after a node; its end. */
function resolveEnd(end: readonly SourceToken[] | undefined, offset: number, reqSpace: boolean): number {
  let at = offset;
  if (end) {
    let hasSpace = false;
    for (const token of end) {
      switch (token.type) {
        case 'space': hasSpace = true; break;
        case 'comment': if (reqSpace && !hasSpace) bail(); break;
        case 'newline': hasSpace = true; break;
        default: bail();
      }
      at += token.source.length;
    }
  }
  return at;
}

/** util-empty-scalar-position.js */
function emptyScalarPosition(offset: number, before: readonly SourceToken[] | undefined): number {
  if (before) {
    for (let i = before.length - 1; i >= 0; --i) {
      let st = before[i];
      switch (st.type) {
        case 'space': case 'comment': case 'newline':
          offset -= st.source.length;
          continue;
      }
      st = before[++i];
      while (st?.type === 'space') {
        offset += st.source.length;
        st = before[++i];
      }
      break;
    }
  }
  return offset;
}

/** util-contains-newline.js, for a scalar key. */
function containsNewline(key: CST.FlowScalar): boolean {
  if (key.source.includes('\n')) return true;
  return (key.end ?? []).some((st) => st.type === 'newline');
}
