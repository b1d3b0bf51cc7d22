/**
 * The fastest way from YAML text to the value tree, for the YAML nearly every
 * CloudFormation template is written in: block maps and sequences (compact
 * ones too, `- Key: a`), plain and quoted scalars (over several lines too),
 * literal and folded block scalars, flow collections, comments,
 * `---` before the document, and the CloudFormation short tags. It reads the
 * characters directly, with no tokens in between: about ten times as fast as
 * yaml's lexer and parser that yamlCst.ts reads (warm, on the benchmark's
 * 4,000-resource template and on the corpus), and far less garbage.
 *
 * It gives exactly the tree yamlCst.ts gives (the same values, resolved by the
 * same schema tags, and the same ranges), or undefined: anything outside that
 * subset (anchors and aliases, other tags, explicit keys, several documents,
 * tabs outside comment lines, CR line ends, comments inside flow collections,
 * multi-line scalars inside them, indentation indicators) and anything yaml
 * would call an error or a warning. parse/yaml.ts then reads the text the
 * next way, so problems are always yaml's own. test/parse/yaml-block.test.ts
 * compares the tree with yaml's on every fixture, the corpus and random
 * mutations of them.
 */
import { CST } from 'yaml';
import { intrinsic, SHORT_TAG_TO_FUNCTION } from './intrinsics';
import { mapOrFunction, repeatedKey, scalarValue, schemaFor, type Schema } from './yamlCst';
import type { MapEntry, Range, ScalarNode, ValueNode } from './tree';

/** Thrown wherever this reader stops: the caller reads the text another way. */
class Bail extends Error {}

function bail(): never {
  throw new Bail();
}

/** Deeper than any template; a deeper text goes the general way (which enforces MAX_NESTING_DEPTH). */
const MAX_DEPTH = 200;

/** yaml refuses an implicit key longer than 1024 characters; such keys go the general way. */
const MAX_KEY_LENGTH = 1000;

const NL = 0x0a;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;

/**
 * A node and, for yaml's composer, where its text ends with what follows it
 * on its line (yaml's range[2]): a short tag before a block collection ends
 * there.
 */
interface Read {
  readonly node: ValueNode;
  readonly end: number;
}

/** The value tree of `text` (one document, a block map at its root), or undefined when it is outside this reader's subset. */
export function readYamlBlock(text: string, options: object): ValueNode | undefined {
  // CR line ends and a byte-order mark change how yaml counts positions; tabs, how it counts indentation and
  // trims: the general way reads them (tabs in comment lines excepted: many templates have them).
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff || !tabsOnlyInCommentLines(text)) return undefined;
  try {
    return new BlockReader(text, schemaFor(options)).document();
  } catch (error) {
    if (error instanceof Bail || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Every tab is on a line whose first character other than spaces is `#`. */
function tabsOnlyInCommentLines(text: string): boolean {
  for (let t = text.indexOf('\t'); t >= 0; t = text.indexOf('\t', t + 1)) {
    let i = text.lastIndexOf('\n', t) + 1;
    while (text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) !== HASH || i > t) return false;
  }
  return true;
}

/** The first character of a content line: where, and how deep it is indented. */
interface Line {
  readonly pos: number;
  readonly indent: number;
}

class BlockReader {
  private readonly n: number;
  constructor(private readonly text: string, private readonly schema: { schema: Schema; options: unknown }) {
    this.n = text.length;
  }

  document(): ValueNode {
    let first = this.nextContent(0, true);
    if (!first) bail();
    if (first.indent === 0 && this.isDocumentMarker(first.pos, '---')) {
      // `---` alone on its line (a comment may follow); content on the same line goes the general way.
      const after = this.skipSpaces(first.pos + 3);
      if (after < this.n && !this.atLineEnd(first.pos + 3, after)) bail();
      first = this.nextContent(this.lineAfter(after), false);
      if (!first) bail();
    }
    if (!this.isKeyStart(first.pos)) bail();
    const root = this.blockMap(first.pos, first.indent, 0, false);
    if (this.nextContent(root.next, false)) bail();
    return root.node;
  }

  // --- lines -------------------------------------------------------------------

  /**
   * The next line, from the line start `p`, with content that is not a
   * comment; undefined at the end of the text. Document markers (`---`,
   * `...`) and directives go the general way, except a first `---`.
   */
  private nextContent(p: number, atStart: boolean): Line | undefined {
    const { text, n } = this;
    while (p < n) {
      let i = p;
      while (i < n && text.charCodeAt(i) === SPACE) i++;
      if (i >= n) return undefined;
      const c = text.charCodeAt(i);
      if (c === NL) { p = i + 1; continue; }
      if (c === HASH) { p = this.lineAfter(i); continue; }
      if (i === p) {
        if (c === 0x25 /* % */) bail();
        if (this.isDocumentMarker(i, '...') || (!atStart && this.isDocumentMarker(i, '---'))) bail();
      }
      return { pos: i, indent: i - p };
    }
    return undefined;
  }

  private isDocumentMarker(p: number, marker: string): boolean {
    if (!this.text.startsWith(marker, p)) return false;
    const c = this.text.charCodeAt(p + 3);
    return p + 3 >= this.n || c === SPACE || c === NL;
  }

  /** The start of the line after the one `p` is on (the text's end on the last line). */
  private lineAfter(p: number): number {
    const nl = this.text.indexOf('\n', p);
    return nl < 0 ? this.n : nl + 1;
  }

  private skipSpaces(p: number): number {
    while (p < this.n && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** At `after` (spaces skipped from `from`) the line ends, or a comment starts after a space. */
  private atLineEnd(from: number, after: number): boolean {
    if (after >= this.n) return true;
    const c = this.text.charCodeAt(after);
    return c === NL || (c === HASH && after > from);
  }

  /** After a node that ends at `p`: only spaces and a comment may follow on its line; the start of the next line. */
  private restOfLine(p: number): number {
    const after = this.skipSpaces(p);
    if (!this.atLineEnd(p, after)) bail();
    return this.lineAfter(after);
  }

  // --- block collections ---------------------------------------------------------

  /** `- ` or `-` at the end of the line. */
  private isSeqItem(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    const c = this.text.charCodeAt(p + 1);
    return p + 1 >= this.n || c === SPACE || c === NL;
  }

  /** Whether an implicit key (a one-line plain or quoted scalar, then `: `) starts at `p`. */
  private isKeyStart(p: number): boolean {
    const c = this.text.charCodeAt(p);
    if (c === 0x27 /* ' */ || c === 0x22 /* " */) {
      const close = this.quotedEnd(p);
      return close >= 0 && this.isValueIndicator(this.skipSpaces(close));
    }
    return this.plainKeyEnd(p) >= 0;
  }

  /** `:` followed by a space, the line's end or the text's end. */
  private isValueIndicator(p: number): boolean {
    if (this.text.charCodeAt(p) !== COLON) return false;
    const c = this.text.charCodeAt(p + 1);
    return p + 1 >= this.n || c === SPACE || c === NL;
  }

  /** The offset of the `:` ending a plain key starting at `p` on its line, or -1 when the line holds no key. */
  private plainKeyEnd(p: number): number {
    const { text, n } = this;
    if (startsNonPlain(text.charCodeAt(p), text.charCodeAt(p + 1), p + 1 >= n)) return -1;
    for (let i = p; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === NL) return -1;
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) return -1;
      if (c === COLON && this.isValueIndicator(i)) return i;
    }
    return -1;
  }

  /**
   * A block map whose keys stand at column `col` (the first at `p`). `next` is
   * where the map's text stops: the start of the first line after it.
   */
  private blockMap(p: number, col: number, depth: number, insideFunction: boolean): Read & { next: number } {
    if (depth > MAX_DEPTH) bail();
    const entries: MapEntry[] = [];
    const seen = new Set<unknown>();
    let end = -1;
    let next: number;
    for (;;) {
      const key = this.key(p);
      if (repeatedKey(seen, key.raw)) bail();
      const afterColon = key.colon + 1;
      const s = this.skipSpaces(afterColon);
      let value: Read & { next: number };
      if (this.atLineEnd(afterColon, s)) {
        value = this.valueOnLinesBelow(s, col, depth, insideFunction, true);
      } else {
        if (this.isSeqItem(s)) bail(); // `key: - a`
        value = this.inlineValue(s, col, depth + 1, insideFunction, true);
      }
      entries.push({ key: String(key.raw), keyRange: key.range, value: value.node });
      end = value.end;
      next = value.next;
      const line = this.nextContent(next, false);
      if (!line || line.indent < col) break;
      if (line.indent > col || !this.isKeyStart(line.pos)) bail();
      p = line.pos;
    }
    const last = entries[entries.length - 1];
    const range = { start: entries[0].keyRange.start, end: Math.max(last.keyRange.end, last.value.range.end) };
    return { node: mapOrFunction(entries, range, false, insideFunction), end, next };
  }

  /** A block sequence whose dashes stand at column `col` (the first at `p`). */
  private blockSeq(p: number, col: number, depth: number, insideFunction: boolean): Read & { next: number } {
    if (depth > MAX_DEPTH) bail();
    const start = p;
    const items: ValueNode[] = [];
    let end = -1;
    let next: number;
    for (;;) {
      const s = this.skipSpaces(p + 1);
      let value: Read & { next: number };
      if (this.atLineEnd(p + 1, s)) {
        value = this.valueOnLinesBelow(s, col, depth, insideFunction, false);
      } else if (this.isSeqItem(s)) {
        value = this.blockSeq(s, col + (s - p), depth + 1, insideFunction); // `- - a`
      } else if (this.isKeyStart(s)) {
        value = this.blockMap(s, col + (s - p), depth + 1, insideFunction); // `- Key: a`
      } else {
        value = this.inlineValue(s, col, depth + 1, insideFunction, false);
      }
      items.push(value.node);
      end = value.end;
      next = value.next;
      const line = this.nextContent(next, false);
      if (!line || line.indent < col) break;
      if (line.indent > col) bail();
      if (!this.isSeqItem(line.pos)) break; // the map this sequence is a value of goes on
      p = line.pos;
    }
    const range = { start, end: items[items.length - 1].range.end };
    return { node: { kind: 'seq', items, range, flow: false }, end, next };
  }

  /**
   * The value of `key:` or `-` with nothing after it on its line: a block
   * collection on the lines below (a sequence may stand at the key's own
   * column), or an empty value (null) right after the indicator and its spaces.
   */
  private valueOnLinesBelow(s: number, col: number, depth: number, insideFunction: boolean, ofKey: boolean): Read & { next: number } {
    const next = this.lineAfter(s);
    const line = this.nextContent(next, false);
    if (line && (line.indent > col || (ofKey && line.indent === col && this.isSeqItem(line.pos)))) {
      if (this.isSeqItem(line.pos) || this.isKeyStart(line.pos)) return this.blockCollection(line, depth + 1, insideFunction);
      // A scalar, flow collection or tag on a line of its own (after a comment line, yaml may read it as a key).
      for (let i = next; i < line.pos; i++) if (this.text.charCodeAt(i) === HASH) bail();
      return this.inlineValue(line.pos, col, depth + 1, insideFunction, false);
    }
    const empty: ScalarNode = { kind: 'scalar', value: null, range: { start: s, end: s }, style: 'plain' };
    return { node: empty, end: this.emptyEnd(s), next };
  }

  /** yaml's end of an empty value at `s`: there, or after the comment that follows on its line. */
  private emptyEnd(s: number): number {
    return s < this.n && this.text.charCodeAt(s) === HASH ? this.lineAfter(s) : s;
  }

  /** A block map or sequence starting at `line`; anything else on a line of its own goes the general way. */
  private blockCollection(line: Line, depth: number, insideFunction: boolean): Read & { next: number } {
    if (this.isSeqItem(line.pos)) return this.blockSeq(line.pos, line.indent, depth, insideFunction);
    if (this.isKeyStart(line.pos)) return this.blockMap(line.pos, line.indent, depth, insideFunction);
    return bail();
  }

  // --- keys and values on a line -----------------------------------------------------

  /** An implicit key at `p`: its resolved value (the schema's, as at a key), range and the offset of its `:`. */
  private key(p: number): { raw: unknown; range: Range; colon: number } {
    const c = this.text.charCodeAt(p);
    if (c === 0x27 || c === 0x22) {
      const close = this.quotedEnd(p);
      const colon = close < 0 ? -1 : this.skipSpaces(close);
      if (colon < 0 || !this.isValueIndicator(colon) || colon - p > MAX_KEY_LENGTH) bail();
      return { raw: this.quotedValue(p, close), range: { start: p, end: close }, colon };
    }
    const colon = this.plainKeyEnd(p);
    if (colon < 0 || colon - p > MAX_KEY_LENGTH) bail();
    let end = colon;
    while (end > p && this.text.charCodeAt(end - 1) === SPACE) end--; // `Key :`
    return { raw: this.resolvePlain(this.text.slice(p, end), true), range: { start: p, end }, colon };
  }

  /**
   * A value that starts on the line of its key or dash, at `s`: a scalar, a
   * flow collection, a block scalar, or a short tag before any of them or
   * before a block collection on the lines below. `col` is the column of the
   * collection it belongs to; `ofKey`: it is a map's, whose values may be
   * sequences at the key's own column.
   */
  private inlineValue(s: number, col: number, depth: number, insideFunction: boolean, ofKey: boolean): Read & { next: number } {
    if (depth > MAX_DEPTH) bail();
    if (this.text.charCodeAt(s) === 0x21 /* ! */) return this.taggedValue(s, col, depth, insideFunction, ofKey);
    return this.untaggedValue(s, col, depth, insideFunction, false);
  }

  private untaggedValue(s: number, col: number, depth: number, insideFunction: boolean, tagged: boolean): Read & { next: number } {
    const { text } = this;
    const c = text.charCodeAt(s);
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      const flow = this.flowCollection(s, col, depth, insideFunction);
      const next = this.restOfLine(flow.after);
      return { node: flow.node, end: next, next };
    }
    if (c === 0x27 || c === 0x22) {
      let close = this.quotedEnd(s);
      let value: string;
      if (close >= 0) {
        value = this.quotedValue(s, close);
      } else {
        close = this.quotedEnd(s, col);
        value = this.folded(c === 0x27 ? 'single-quoted-scalar' : 'double-quoted-scalar', s, close, col);
      }
      const next = this.restOfLine(close);
      const node: ScalarNode = { kind: 'scalar', value, range: { start: s, end: close }, style: c === 0x27 ? 'single' : 'double' };
      return { node, end: next, next };
    }
    if (c === 0x7c /* | */ || c === 0x3e /* > */) return this.blockScalar(s, col);
    const lineEnd = this.plainEnd(s);
    const more = this.plainContinuationEnd(lineEnd, col);
    const end = more ?? lineEnd;
    const next = this.restOfLine(end);
    const source = more === undefined ? text.slice(s, end) : this.folded('scalar', s, end, col);
    const node: ScalarNode = { kind: 'scalar', value: tagged ? source : scalarValue(this.resolvePlain(source, false)), range: { start: s, end }, style: 'plain' };
    return { node, end: next, next };
  }

  /**
   * A plain scalar in a block goes on over the lines below indented deeper
   * than its collection (`col`), up to a comment or a line less deep
   * (lexer.js parsePlainScalar). The end of its last line, or undefined when
   * it is on one line. Continuation lines that could be anything but text go
   * the general way.
   */
  private plainContinuationEnd(lineEnd: number, col: number): number | undefined {
    const { text, n } = this;
    let p = this.skipSpaces(lineEnd);
    if (p >= n || text.charCodeAt(p) !== NL) return undefined; // a comment ends it
    let end: number | undefined;
    for (p++; p < n;) {
      const q = this.skipSpaces(p);
      if (q >= n) break;
      const c = text.charCodeAt(q);
      if (c === NL) { p = q + 1; continue; }
      if (q - p <= col || c === HASH) break;
      if (startsNonPlain(c, text.charCodeAt(q + 1), q + 1 >= n) || c === 0x5b || c === 0x7b) bail();
      let lineEndAt = q;
      let i = q;
      let comment = false;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === NL) break;
        if (d === SPACE) continue;
        if (d === HASH && text.charCodeAt(i - 1) === SPACE) { comment = true; break; }
        if (d === COLON && this.isValueIndicator(i)) bail();
        lineEndAt = i + 1;
      }
      end = lineEndAt;
      if (comment) break; // a comment ends it
      p = i + 1;
    }
    return end;
  }

  /** yaml's own folding of a scalar over several lines (resolve-flow-scalar.js); any error goes the general way. */
  private folded(type: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar', s: number, end: number, col: number): string {
    const resolved = CST.resolveAsScalar({ type, offset: s, indent: col, source: this.text.slice(s, end) }, false, () => bail());
    if (!resolved) bail();
    return resolved.value;
  }

  /** The end of a one-line plain scalar in a block (trailing spaces and a comment excluded). */
  private plainEnd(s: number): number {
    const { text, n } = this;
    if (startsNonPlain(text.charCodeAt(s), text.charCodeAt(s + 1), s + 1 >= n)) bail();
    let end = s;
    for (let i = s; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === NL) break;
      if (c === SPACE) continue;
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) break;
      if (c === COLON && this.isValueIndicator(i)) bail(); // `key: a: b`
      end = i + 1;
    }
    return end;
  }

  /** `!Tag value`: Converter.convertShortForm (yamlCst.ts node()). */
  private taggedValue(s: number, col: number, depth: number, insideFunction: boolean, ofKey: boolean): Read & { next: number } {
    const { text, n } = this;
    let tagEnd = s + 1;
    while (tagEnd < n) {
      const c = text.charCodeAt(tagEnd);
      if (c === SPACE || c === NL) break;
      tagEnd++;
    }
    const fn = SHORT_TAG_TO_FUNCTION.get(text.slice(s, tagEnd));
    if (!fn) bail();
    const nameRange = { start: s, end: tagEnd };
    const v = this.skipSpaces(tagEnd);
    let content: Read & { next: number };
    let contentEnd: number;
    const c = text.charCodeAt(v);
    if (v >= n || c === NL || c === HASH) {
      const line = this.nextContent(this.lineAfter(v), false);
      if (!line || line.indent < col || (line.indent === col && !(ofKey && this.isSeqItem(line.pos)))) {
        // `!GetAZs` alone: the tag of an empty string, where the tag's spaces end.
        const empty: ScalarNode = { kind: 'scalar', value: '', range: { start: v, end: v }, style: 'plain' };
        content = { node: empty, end: this.emptyEnd(v), next: this.lineAfter(v) };
        contentEnd = v;
      } else {
        // A block collection on the lines below (a comment in between would move yaml's name range: the general way).
        if (c === HASH || !/^\s*$/.test(text.slice(tagEnd, line.pos))) bail();
        content = this.blockCollection(line, depth + 1, true);
        // yaml ends the collection after its last line; a comment line below it indented deeper than the tag's
        // collection may belong to it, and any comment line to an empty value that ends it: the general way.
        const emptyLast = content.end < n && text.charCodeAt(content.end - 1) !== NL;
        if (this.deeperCommentFollows(this.lineAfter(content.end - 1), emptyLast ? -1 : col)) bail();
        contentEnd = content.end;
      }
    } else {
      if (c === 0x21 || this.isSeqItem(v)) bail(); // a tag on a tag, a tag before a dash
      content = this.untaggedValue(v, col, depth + 1, true, true);
      contentEnd = content.node.range.end;
    }
    const node = intrinsic(fn, content.node, { start: s, end: Math.max(contentEnd, tagEnd) }, nameRange);
    return { node, end: content.end, next: content.next };
  }

  /** Whether, from the line start `p` up to the next content line, a comment line is indented deeper than `col`. */
  private deeperCommentFollows(p: number, col: number): boolean {
    const { text, n } = this;
    while (p < n) {
      const q = this.skipSpaces(p);
      if (q >= n) return false;
      const c = text.charCodeAt(q);
      if (c === HASH) {
        if (q - p > col) return true;
      } else if (c !== NL) {
        return false;
      }
      p = this.lineAfter(q);
    }
    return false;
  }

  // --- scalars -------------------------------------------------------------------------

  /** compose-scalar.js for a plain scalar: the first default tag whose test matches (null, bool, int, float), else the string. */
  private resolvePlain(source: string, atKey: boolean): unknown {
    // Every default tag's test needs one of these first characters (or the empty string, null).
    if (source.length > 0 && !MAYBE_NOT_STRING.has(source.charCodeAt(0))) return source;
    const tag = this.schema.schema.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(source));
    if (!tag) return source;
    const res = tag.resolve(source, () => bail(), this.schema.options) as { value?: unknown } | unknown;
    return res !== null && typeof res === 'object' && 'value' in res ? (res as { value: unknown }).value : res;
  }

  /**
   * The offset after the closing quote of the quoted scalar at `p`: on one
   * line (-1 when it goes on), or, given `deeperThan`, over several lines each
   * indented deeper than that column.
   */
  private quotedEnd(p: number, deeperThan?: number): number {
    const { text, n } = this;
    const q = text.charCodeAt(p);
    for (let i = p + 1; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === NL) {
        if (deeperThan === undefined) return -1;
        const k = this.skipSpaces(i + 1);
        if (k < n && text.charCodeAt(k) !== NL && k - (i + 1) <= deeperThan) bail();
        continue;
      }
      // An escaped character; not an escaped line break (`\` at a line's end), which goes on to the next line.
      if (q === 0x22 && c === 0x5c /* \ */) {
        if (text.charCodeAt(i + 1) !== NL) i++;
        continue;
      }
      if (c === q) {
        if (q === 0x27 && text.charCodeAt(i + 1) === 0x27) { i++; continue; }
        return i + 1;
      }
    }
    return deeperThan === undefined ? -1 : bail();
  }

  private quotedValue(p: number, close: number): string {
    const inner = this.text.slice(p + 1, close - 1);
    if (this.text.charCodeAt(p) === 0x27) return inner.includes("'") ? inner.replace(/''/g, "'") : inner;
    if (!inner.includes('\\')) return inner;
    // Escapes: yaml's own resolution (resolve-flow-scalar.js); any error goes the general way.
    const resolved = CST.resolveAsScalar({ type: 'double-quoted-scalar', offset: p, indent: 0, source: this.text.slice(p, close) }, false, () => bail());
    if (!resolved) bail();
    return resolved.value;
  }

  /**
   * A literal or folded block scalar whose header is at `s`, in a collection
   * at column `col`: the lexer's extent (lexer.js parseBlockScalar) and the
   * composer's value (resolve-block-scalar.js), without indentation
   * indicators.
   */
  private blockScalar(s: number, col: number): Read & { next: number } {
    const { text, n } = this;
    const folded = text.charCodeAt(s) === 0x3e;
    let h = s + 1;
    let chomp = '';
    const c1 = text.charCodeAt(h);
    if (c1 === DASH || c1 === 0x2b /* + */) { chomp = text[h]; h++; }
    const afterHeader = this.skipSpaces(h);
    if (!this.atLineEnd(h, afterHeader)) bail(); // indentation indicators, junk after the header
    const pos = this.lineAfter(afterHeader);
    // The content's indentation: that of the first line with something on it.
    let indent = 0;
    let i = pos;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE) indent++;
      else if (c === NL) indent = 0;
      else break;
    }
    if (i >= n || indent <= col) bail(); // empty block scalars
    let nl = i - indent - 1;
    // continueScalar: a line goes on while it is empty or indented at least as deep as the first.
    do {
      const start = nl + 1;
      let k = start;
      while (k < n && text.charCodeAt(k) === SPACE) k++;
      if (!(k >= n || text.charCodeAt(k) === NL || k - start >= indent)) break;
      nl = text.indexOf('\n', k);
    } while (nl !== -1);
    if (nl === -1) nl = n;
    if (chomp !== '+') {
      // Trailing lines of spaces no deeper than the content are not part of it.
      for (;;) {
        let k = nl - 1;
        const lastChar = k;
        while (text.charCodeAt(k) === SPACE) k--;
        if (text.charCodeAt(k) === NL && k >= pos && k + 1 + indent > lastChar) nl = k;
        else break;
      }
    }
    const source = text.slice(pos, nl + 1);
    const end = pos + source.length;
    const value = blockScalarValue(source, folded, chomp);
    const node: ScalarNode = { kind: 'scalar', value, range: { start: s, end }, style: 'block' };
    return { node, end, next: end };
  }

  // --- flow collections ----------------------------------------------------------------

  /**
   * `[a, b]` or `{k: v}` at `s`, over several lines if need be (each indented
   * deeper than `col`), without comments, empty items or `[k: v]` pairs.
   */
  private flowCollection(s: number, col: number, depth: number, insideFunction: boolean): { node: ValueNode; after: number } {
    if (depth > MAX_DEPTH) bail();
    const { text } = this;
    const isMap = text.charCodeAt(s) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const entries: MapEntry[] = [];
    const items: ValueNode[] = [];
    const seen = new Set<unknown>();
    let p = this.flowSpace(s + 1, col);
    if (text.charCodeAt(p) !== close) {
      for (;;) {
        if (isMap) {
          const c = text.charCodeAt(p);
          let raw: unknown;
          let keyRange: Range;
          let after: number;
          if (c === 0x27 || c === 0x22) {
            const q = this.quotedEnd(p);
            if (q < 0) bail();
            raw = this.quotedValue(p, q);
            keyRange = { start: p, end: q };
            after = q;
            // After a quoted key the value may follow the colon at once, as in JSON: `{"k":"v"}`.
            if (text.charCodeAt(after) !== COLON) bail();
          } else {
            const end = this.flowPlainEnd(p);
            raw = this.resolvePlain(text.slice(p, end), true);
            keyRange = { start: p, end };
            after = end;
            if (!this.isValueIndicator(after) || text.charCodeAt(after + 1) !== SPACE) bail(); // `{k}`, `{k:\n v}`, `{k : v}`
          }
          if (repeatedKey(seen, raw)) bail();
          const v = this.flowSpace(after + 1, col);
          const value = this.flowValue(v, col, depth + 1, insideFunction);
          entries.push({ key: String(raw), keyRange, value: value.node });
          p = this.flowSpace(value.after, col);
        } else {
          const value = this.flowValue(p, col, depth + 1, insideFunction);
          items.push(value.node);
          p = this.flowSpace(value.after, col);
          if (text.charCodeAt(p) === COLON) bail(); // `[k: v]`
        }
        const c = text.charCodeAt(p);
        if (c === 0x2c /* , */) {
          p = this.flowSpace(p + 1, col);
          if (text.charCodeAt(p) === close) break; // a trailing comma
          continue;
        }
        if (c === close) break;
        bail();
      }
    }
    const range = { start: s, end: p + 1 };
    const node: ValueNode = isMap ? mapOrFunction(entries, range, true, insideFunction) : { kind: 'seq', items, range, flow: true };
    return { node, after: p + 1 };
  }

  /** Spaces and line ends inside a flow collection; every new line indented deeper than `col`; no comments. */
  private flowSpace(p: number, col: number): number {
    const { text, n } = this;
    for (;;) {
      p = this.skipSpaces(p);
      if (p >= n) bail(); // unclosed
      const c = text.charCodeAt(p);
      if (c === HASH) bail();
      if (c !== NL) return p;
      const start = p + 1;
      p = this.skipSpaces(start);
      if (p < n && text.charCodeAt(p) !== NL && p - start <= col) bail(); // under-indented: yaml's leniency or error
    }
  }

  /** An item or value in a flow collection: a scalar on one line, a nested flow collection, or a short tag before either. */
  private flowValue(p: number, col: number, depth: number, insideFunction: boolean): { node: ValueNode; after: number } {
    if (depth > MAX_DEPTH) bail();
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === 0x21 /* ! */) {
      let tagEnd = p + 1;
      while (tagEnd < this.n && !FLOW_TAG_END.has(text.charCodeAt(tagEnd))) tagEnd++;
      const fn = SHORT_TAG_TO_FUNCTION.get(text.slice(p, tagEnd));
      if (!fn || text.charCodeAt(tagEnd) !== SPACE) bail();
      const v = this.skipSpaces(tagEnd);
      const vc = text.charCodeAt(v);
      if (vc === NL || vc === 0x21 || vc === 0x2c || vc === 0x5d || vc === 0x7d || vc === HASH) bail();
      const content = this.flowUntagged(v, col, depth + 1, true, true);
      const node = intrinsic(fn, content.node, { start: p, end: Math.max(content.node.range.end, tagEnd) }, { start: p, end: tagEnd });
      return { node, after: content.after };
    }
    return this.flowUntagged(p, col, depth, insideFunction, false);
  }

  private flowUntagged(p: number, col: number, depth: number, insideFunction: boolean, tagged: boolean): { node: ValueNode; after: number } {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === 0x5b || c === 0x7b) return this.flowCollection(p, col, depth, insideFunction);
    if (c === 0x27 || c === 0x22) {
      const q = this.quotedEnd(p);
      if (q < 0) bail();
      const node: ScalarNode = { kind: 'scalar', value: this.quotedValue(p, q), range: { start: p, end: q }, style: c === 0x27 ? 'single' : 'double' };
      return { node, after: q };
    }
    const end = this.flowPlainEnd(p);
    const source = text.slice(p, end);
    const node: ScalarNode = { kind: 'scalar', value: tagged ? source : scalarValue(this.resolvePlain(source, false)), range: { start: p, end }, style: 'plain' };
    return { node, after: end };
  }

  /** The end of a one-line plain scalar inside a flow collection: before `,[]{}`, `: ` and trailing spaces. */
  private flowPlainEnd(p: number): number {
    const { text, n } = this;
    const c0 = text.charCodeAt(p);
    if (startsNonPlain(c0, text.charCodeAt(p + 1), p + 1 >= n) || FLOW_INDICATORS.has(c0) || c0 === NL) bail();
    let end = p;
    for (let i = p; i < n; i++) {
      const c = text.charCodeAt(i);
      if (FLOW_INDICATORS.has(c)) break;
      if (c === NL) {
        // A plain scalar going on to the next line is folded: the general way.
        const k = this.skipSpaces(i + 1);
        const d = text.charCodeAt(k);
        if (!(d === 0x2c || d === 0x5d || d === 0x7d)) bail();
        break;
      }
      if (c === SPACE) continue;
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) bail();
      if (c === COLON) {
        const d = text.charCodeAt(i + 1);
        if (i + 1 >= n || d === SPACE || d === NL || FLOW_INDICATORS.has(d)) break;
      }
      end = i + 1;
    }
    if (end === p) bail();
    return end;
  }
}

const FLOW_INDICATORS = new Set([0x2c, 0x5b, 0x5d, 0x7b, 0x7d]);
const FLOW_TAG_END = new Set([SPACE, NL, 0x2c, 0x5b, 0x5d, 0x7b, 0x7d]);

/** First characters of the values the core schema's default tags (null, bool, int, float) can match. */
const MAYBE_NOT_STRING = new Set([...'~nNtTfF.+-0123456789'].map((c) => c.charCodeAt(0)));

/**
 * A plain scalar cannot start with an indicator (`-?:` only when a space
 * follows); the ones this reader leaves to yaml are refused too (`!&*|>'"%@``,
 * `#`, flow indicators at a block value's start are read before this).
 */
function startsNonPlain(c: number, next: number, atEnd: boolean): boolean {
  switch (c) {
    case DASH: case 0x3f /* ? */: case COLON:
      return atEnd || next === SPACE || next === NL || c !== DASH;
    case 0x21: case 0x26: case 0x2a: case 0x7c: case 0x3e: case 0x27: case 0x22: case 0x25: case 0x40: case 0x60: case HASH:
    case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d: case SPACE: case NL:
      return true;
    default:
      return Number.isNaN(c);
  }
}

/** resolve-block-scalar.js's value, for a header without an indentation indicator and content without tabs or CRs. */
function blockScalarValue(source: string, folded: boolean, chomp: string): string {
  const lines = splitLines(source);
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (lines[i][1] === '') chompStart = i;
    else break;
  }
  if (chompStart === 0) bail();
  let trimIndent = 0;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (content === '') {
      if (indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) bail(); // more-indented leading empty lines need an indentation indicator
      trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) bail();
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i][0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += `${lines[i][0].slice(trimIndent)}\n`;
  for (let i = contentStart; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (content && indent.length < trimIndent) bail();
    if (!folded) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent) {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  switch (chomp) {
    case '-':
      break;
    case '+':
      for (let i = chompStart; i < lines.length; ++i) value += `\n${lines[i][0].slice(trimIndent)}`;
      if (value[value.length - 1] !== '\n') value += '\n';
      break;
    default:
      value += '\n';
  }
  return value;
}

/** resolve-block-scalar.js splitLines: `[indent, content]` per line. */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0];
  const m = /^( *)/.exec(first);
  const lines: [string, string][] = [m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i], split[i + 1]]);
  return lines;
}
