/**
 * YAML (CloudFormation) to the value tree, with exact ranges.
 *
 * The `yaml` package does the parsing; every CloudFormation short tag is
 * registered for scalars, sequences and maps with an identity resolver, so the
 * tags cost nothing at parse time and we read `node.tag` while converting.
 */
import {
  Alias, CST, Document, isAlias, isMap, isPair, isScalar, isSeq, Parser, Composer,
  Scalar as YamlScalar, type Node as YamlNode, type ScalarTag, type CollectionTag,
} from 'yaml';
import { CONDITION_FUNCTION, intrinsic, isLongFormFunctionKey, longForm, SHORT_TAG_TO_FUNCTION } from './intrinsics';
import { MAX_ALIAS_EXPANSION_NODES, MAX_NESTING_DEPTH } from './limits';
import { readYamlBlock } from './yamlBlock';
import { readYamlFast } from './yamlCst';
import { excessiveNestingAt } from './yamlDepth';
import { applyInsertions, OffsetMap, reindentFlowCollection, type Insertion } from './yamlLeniency';
import type { MapEntry, ParsedText, ParseProblem, Range, ScalarStyle, ValueNode } from './tree';

function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  for (const tag of SHORT_TAG_TO_FUNCTION.keys()) {
    tags.push({ tag, resolve: (s: string) => s } as ScalarTag);
    tags.push({ tag, collection: 'seq', resolve: (c: unknown) => c } as unknown as CollectionTag);
    tags.push({ tag, collection: 'map', resolve: (c: unknown) => c } as unknown as CollectionTag);
  }
  return tags;
}

/** Shared by the parser and the benchmark's parse-floor baseline. */
export const YAML_PARSE_OPTIONS = {
  customTags: cloudFormationTags(),
  keepSourceTokens: false,
  // CloudFormation rejects duplicate keys; so do we (as RDS000).
  uniqueKeys: true,
  prettyErrors: false,
  strict: false,
} as const;

/**
 * The same without yaml's duplicate-key check, which compares each key with
 * every earlier key of its map: quadratic, minutes on a 20,000-resource
 * `Resources`. The converter finds duplicates with a set instead; a file that
 * has one (or any error) is parsed again with YAML_PARSE_OPTIONS, so what is
 * reported is exactly what yaml reports.
 */
export const YAML_FAST_PARSE_OPTIONS = { ...YAML_PARSE_OPTIONS, uniqueKeys: false } as const;

class ParseAbort extends Error {
  constructor(readonly problem: ParseProblem) {
    super(problem.message);
  }
}

export function parseYaml(text: string): ParsedText {
  return parseYamlWith(text, 'fast');
}

/**
 * parseYaml for a text likely to have a syntax error (the editor's: a part of
 * it did not parse on its own). The same result, without the readers that
 * stop at the first error, having read up to it for nothing.
 */
export function parseYamlLikelyBroken(text: string): ParsedText {
  return parseYamlWith(text, 'composed');
}

/** parseYaml with yaml's own (quadratic) duplicate-key check only: the reference the fast path must equal (tests). */
export function parseYamlExact(text: string): ParsedText {
  return parseYamlWith(text, 'exact');
}

/**
 * How a text is read: straight from its characters or yaml's syntax tree
 * where it is plain enough, else composed without yaml's duplicate-key
 * check ('fast'); composed without the check ('composed'); yaml's own way ('exact').
 */
type Way = 'fast' | 'composed' | 'exact';

function parseYamlWith(text: string, way: Way): ParsedText {
  const tooDeep = excessiveNestingAt(text);
  if (tooDeep !== undefined) {
    return { format: 'yaml', problems: [{ message: `Nesting deeper than ${MAX_NESTING_DEPTH} levels is not read`, range: { start: tooDeep, end: tooDeep + 1 } }] };
  }
  const first = parseOnce(text, text, undefined, way);
  // CloudFormation accepts under-indented flow collections; retry those (yamlLeniency.ts).
  let attempt = first;
  let insertions: Insertion[] = [];
  for (let retry = 0; retry < MAX_LENIENT_RETRIES && attempt.badFlowIndentAt !== undefined; retry++) {
    const at = new OffsetMap(insertions).toOriginal(attempt.badFlowIndentAt);
    const fresh = (reindentFlowCollection(text, at) ?? []).filter((m) => !insertions.some((i) => i.at === m.at));
    if (fresh.length === 0) break;
    insertions = [...insertions, ...fresh];
    attempt = parseOnce(applyInsertions(text, insertions), text, new OffsetMap(insertions), way);
  }
  // If leniency did not make the file readable, report what was wrong in the first place.
  if (attempt !== first && attempt.result.root) lenientRoots.add(attempt.result.root);
  return attempt.result.root || attempt === first ? attempt.result : first.result;
}

const lenientRoots = new WeakSet<ValueNode>();

/** The tree was read from a re-indented copy (yamlLeniency.ts): the incremental analysis leaves such files to a full parse. */
export function parsedLeniently(root: ValueNode): boolean {
  return lenientRoots.has(root);
}

const MAX_LENIENT_RETRIES = 20;

interface Attempt {
  readonly result: ParsedText;
  /** Offset (in the parsed copy) of a flow collection YAML 1.2 finds under-indented. */
  readonly badFlowIndentAt?: number;
}

function parseOnce(source: string, original: string, map: OffsetMap | undefined, way: Way): Attempt {
  const tree = new SyntaxTree(source);
  return (way !== 'exact' ? parseOnceFast(source, original, map, tree, way === 'fast') : undefined) ?? parseOnceExact(source, original, map, tree);
}

/**
 * yaml's syntax tree of a text (its lexer and parser, about half the cost of
 * a parse), made once when first asked for: the readers below may all need
 * it. A template with a syntax error used to be lexed three times and
 * composed twice (~2 s per keystroke in a 1 MB template, ~14 s in 5 MB).
 * yaml's composer reads the tree and never changes it.
 */
class SyntaxTree {
  private tokens: CST.Token[] | undefined;

  constructor(private readonly text: string) {}

  get(): CST.Token[] {
    return (this.tokens ??= Array.from(new Parser().parse(this.text)));
  }
}

/** Thrown by the converter at the first duplicate key (or a key it cannot compare): parse again the exact way. */
class NeedsExactParse extends Error {}

/**
 * One document without errors, read without yaml's quadratic duplicate-key
 * check (first by the fast readers, when `readers`); or the problems of a
 * text with errors or several documents, when it has no duplicate key (the
 * only thing the check adds); undefined for anything else (duplicates, a
 * converter failure), which parseOnceExact reads as it always has.
 */
function parseOnceFast(source: string, original: string, map: OffsetMap | undefined, tree: SyntaxTree, readers: boolean): Attempt | undefined {
  // Straight from the characters when the text is in the usual block style (yamlBlock.ts); else from yaml's
  // syntax tree, without its composer, when the text is plain enough (yamlCst.ts).
  const read = readers && !map;
  if (read) {
    const root = readYamlBlock(source, YAML_FAST_PARSE_OPTIONS);
    if (root) return { result: { format: 'yaml', root, problems: [] } };
  }
  try {
    if (read) {
      const root = readYamlFast(source, YAML_FAST_PARSE_OPTIONS, tree.get());
      if (root) return { result: { format: 'yaml', root, problems: [] } };
    }
    const docs = composeAll(tree.get(), source, YAML_FAST_PARSE_OPTIONS);
    if (docs.length === 0) return { result: { format: 'yaml', problems: [] } };
    const doc = docs[0];
    // yaml's duplicate-key check only adds DUPLICATE_KEY errors (compose/util-map-includes.js): without a
    // duplicate, the exact parse has these very documents and errors.
    if (docs.length > 1 || doc.errors.length > 0) return hasDuplicateKeys(docs) ? undefined : problemsOf(docs, source, original, map);
    if (!doc.contents) return { result: { format: 'yaml', problems: [] } };
    const converter = new Converter(doc, source, map, true);
    const root = converter.convert(doc.contents as YamlNode, 0, false);
    return { result: { format: 'yaml', root, problems: [], ...converter.aliasedRanges() } };
  } catch {
    return undefined;
  }
}

function parseOnceExact(source: string, original: string, map: OffsetMap | undefined, tree: SyntaxTree): Attempt {
  let doc: Document;
  try {
    const docs = composeAll(tree.get(), source, YAML_PARSE_OPTIONS);
    if (docs.length === 0) return { result: { format: 'yaml', problems: [] } };
    const problems = problemsOf(docs, source, original, map);
    if (problems) return problems;
    doc = docs[0];
  } catch (error) {
    return { result: { format: 'yaml', problems: [failure(error, original)] } };
  }
  if (!doc.contents) return { result: { format: 'yaml', problems: [] } };
  try {
    const converter = new Converter(doc, source, map);
    const root = converter.convert(doc.contents as YamlNode, 0, false);
    return { result: { format: 'yaml', root, problems: [], ...converter.aliasedRanges() } };
  } catch (error) {
    if (error instanceof ParseAbort) return { result: { format: 'yaml', problems: [error.problem] } };
    return { result: { format: 'yaml', problems: [failure(error, original)] } };
  }
}

/** What is wrong with the documents yaml composed: its errors, a second document; undefined when nothing is. */
function problemsOf(docs: readonly Document[], source: string, original: string, map: OffsetMap | undefined): Attempt | undefined {
  // The yaml package may place an error one past the end (at a missing closing bracket); keep ranges inside the text.
  const back = (o: number) => Math.min(map ? map.toOriginal(o) : o, original.length);
  const doc = docs[0];
  const badFlow = doc.errors.find((e) => e.code === 'BAD_INDENT' && /^Flow (sequence|mapping)/.test(e.message));
  const problems: ParseProblem[] = doc.errors.map((e) => ({
    // The yaml package catches its own stack overflow on deep nesting; say what it means.
    message: /call stack/i.test(e.message) ? `The YAML is nested too deeply to read (more than about ${MAX_NESTING_DEPTH} levels)` : e.message.split('\n')[0],
    range: { start: back(e.pos[0]), end: back(Math.max(e.pos[1], e.pos[0])) },
  }));
  if (docs.length > 1) {
    const second = docs[1].range ?? [source.length, source.length];
    problems.push({ message: 'A template holds one YAML document; found a second one (---)', range: { start: back(second[0]), end: back(second[0]) } });
  }
  return problems.length > 0 ? { result: { format: 'yaml', problems }, badFlowIndentAt: badFlow?.pos[0] } : undefined;
}

/**
 * Whether a map of the documents has two keys yaml's duplicate-key check
 * finds equal: the same node, or scalars of the same value (===, so NaN
 * never equals NaN). Every map it composes is checked, keys' maps too.
 */
function hasDuplicateKeys(docs: readonly Document[]): boolean {
  const stack: unknown[] = docs.map((d) => d.contents);
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const scalars = new Set<unknown>();
      const others = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          const value = key.value;
          if (!(typeof value === 'number' && Number.isNaN(value))) {
            if (scalars.has(value)) return true;
            scalars.add(value);
          }
        } else {
          if (others.has(key)) return true;
          others.add(key);
        }
        stack.push(key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return false;
}

/** yaml.parseAllDocuments from a syntax tree, with our options. */
function composeAll(tokens: readonly CST.Token[], text: string, options: typeof YAML_PARSE_OPTIONS | typeof YAML_FAST_PARSE_OPTIONS): Document[] {
  return Array.from(new Composer(options).compose(tokens, true, text.length)) as Document[];
}

function failure(error: unknown, text: string): ParseProblem {
  const tooDeep = error instanceof RangeError;
  return {
    message: tooDeep
      ? `The YAML is nested too deeply to read (more than about ${MAX_NESTING_DEPTH} levels)`
      : `The YAML could not be read: ${error instanceof Error ? error.message : String(error)}`,
    range: { start: 0, end: Math.min(text.length, 1) },
  };
}

let activeMap: OffsetMap | undefined;

function rangeOf(node: YamlNode): Range {
  const r = node.range ?? [0, 0, 0];
  return activeMap ? { start: activeMap.toOriginal(r[0]), end: activeMap.toOriginal(r[1]) } : { start: r[0], end: r[1] };
}

/** yaml ends a block collection after its trailing line break; we end it at its last item. */
function blockRange(range: Range, flow: boolean, lastItemEnd: number | undefined): Range {
  return flow || lastItemEnd === undefined ? range : { start: range.start, end: Math.min(range.end, lastItemEnd) };
}

function styleOf(node: YamlScalar): ScalarStyle {
  switch (node.type) {
    case 'QUOTE_SINGLE': return 'single';
    case 'QUOTE_DOUBLE': return 'double';
    case 'BLOCK_FOLDED': case 'BLOCK_LITERAL': return 'block';
    default: return 'plain';
  }
}

class Converter {
  private aliasNodes = 0;
  private readonly aliased = new Map<YamlNode, Range>();
  /** `checkKeys`: the document was composed without yaml's duplicate-key check; throw NeedsExactParse at a duplicate. */
  constructor(private readonly doc: Document, private readonly text: string, private readonly map?: OffsetMap, private readonly checkKeys = false) {}

  /** The anchored nodes aliases repeat (ParsedText.aliased), when there are any. */
  aliasedRanges(): { aliased?: readonly Range[] } {
    return this.aliased.size > 0 ? { aliased: [...this.aliased.values()] } : {};
  }

  convert(node: YamlNode, depth: number, insideFunction: boolean, viaAlias = false): ValueNode {
    if (depth === 0) {
      // rangeOf() maps offsets of a re-indented copy back to the user's text.
      activeMap = this.map;
      try { return this.convertNode(node, depth, insideFunction, viaAlias); } finally { activeMap = undefined; }
    }
    return this.convertNode(node, depth, insideFunction, viaAlias);
  }

  private convertNode(node: YamlNode, depth: number, insideFunction: boolean, viaAlias: boolean): ValueNode {
    if (depth > MAX_NESTING_DEPTH) {
      throw new ParseAbort({ message: `Nesting deeper than ${MAX_NESTING_DEPTH} levels is not read`, range: rangeOf(node) });
    }
    if (viaAlias && ++this.aliasNodes > MAX_ALIAS_EXPANSION_NODES) {
      throw new ParseAbort({
        message: `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION_NODES} nodes (an alias bomb?); the template is not read`,
        range: rangeOf(node),
      });
    }
    if (isAlias(node)) return this.convertAlias(node, depth, insideFunction);

    const tag = node.tag;
    const fn = tag ? SHORT_TAG_TO_FUNCTION.get(tag) : undefined;
    if (fn) return this.convertShortForm(node, fn, depth, viaAlias);
    const content = this.convertUntagged(node, depth, insideFunction, viaAlias);
    if (tag && tag.startsWith('!') && tag !== '!') {
      return { kind: 'tagged', tag, value: content, range: content.range };
    }
    return content;
  }

  private convertAlias(alias: Alias, depth: number, insideFunction: boolean): ValueNode {
    const target = alias.resolve(this.doc);
    if (!target) {
      throw new ParseAbort({ message: `Unknown YAML alias *${alias.source}`, range: rangeOf(alias) });
    }
    if (!this.aliased.has(target as YamlNode)) this.aliased.set(target as YamlNode, rangeOf(target as YamlNode));
    return this.convert(target as YamlNode, depth + 1, insideFunction, true);
  }

  private convertShortForm(node: YamlNode, name: string, depth: number, viaAlias: boolean): ValueNode {
    const nodeRange = rangeOf(node);
    // yaml's range starts after the tag; the function's range starts at `!Tag`.
    const tag = node.tag ?? '';
    const rawStart = node.range?.[0] ?? 0;
    const tagStart = this.text.lastIndexOf(tag, rawStart);
    const back = (o: number) => (this.map ? this.map.toOriginal(o) : o);
    const nameRange = tagStart >= 0 && /^\s*$/.test(this.text.slice(tagStart + tag.length, rawStart))
      ? { start: back(tagStart), end: back(tagStart) + tag.length }
      : { start: nodeRange.start, end: nodeRange.start };
    const range = { start: nameRange.start, end: Math.max(nodeRange.end, nameRange.end) };
    return intrinsic(name, this.convertUntagged(node, depth + 1, true, viaAlias), range, nameRange);
  }

  private convertUntagged(node: YamlNode, depth: number, insideFunction: boolean, viaAlias: boolean): ValueNode {
    if (isScalar(node)) {
      const v = node.value;
      const value = v === undefined ? null
        : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v
        : typeof v === 'bigint' ? Number(v) : String(v);
      return { kind: 'scalar', value, range: rangeOf(node), style: styleOf(node) };
    }
    if (isSeq(node)) {
      const items: ValueNode[] = [];
      for (const item of node.items) {
        if (item == null) continue;
        items.push(this.convert(item as YamlNode, depth + 1, insideFunction, viaAlias));
      }
      const flow = node.flow === true;
      return { kind: 'seq', items, range: blockRange(rangeOf(node), flow, items.at(-1)?.range.end), flow };
    }
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
        const keyRange = keyNode ? rangeOf(keyNode) : rangeOf(node);
        const valueNode = pair.value as YamlNode | null;
        const value: ValueNode = valueNode
          ? this.convert(valueNode, depth + 1, insideFunction, viaAlias)
          // `Key:` with nothing after it is null, located right after the key.
          : { kind: 'scalar', value: null, range: { start: keyRange.end, end: keyRange.end }, style: 'plain' };
        entries.push({ key, keyRange, value });
      }
      if (this.checkKeys && node.items.length > 1) checkUniqueKeys(node.items);
      const flow = node.flow === true;
      const last = entries.at(-1);
      const range = blockRange(rangeOf(node), flow, last ? Math.max(last.keyRange.end, last.value.range.end) : undefined);
      if (entries.length === 1) {
        const only = entries[0];
        if (isLongFormFunctionKey(only.key) || (insideFunction && only.key === CONDITION_FUNCTION)) {
          return longForm(only, range);
        }
      }
      return { kind: 'map', entries, range, flow };
    }
    // Anything else (should not happen) is an empty scalar where it stands.
    return { kind: 'scalar', value: null, range: rangeOf(node), style: 'plain' };
  }
}

/**
 * yaml's own test (util-map-includes.js): two keys are the same when they are
 * the same node, or both scalars with `===` values. A key that is not a scalar
 * (a collection, an alias) may hold maps of its own the converter never
 * visits: leave it all to yaml.
 */
function checkUniqueKeys(items: readonly unknown[]): void {
  const seen = new Set<unknown>();
  for (const pair of items) {
    if (!isPair(pair)) continue;
    const key = pair.key;
    if (key === null || key === undefined || !isScalar(key)) throw new NeedsExactParse();
    const value = key.value;
    // NaN !== NaN for yaml, but a Set would call two NaN keys equal.
    if (typeof value === 'number' && Number.isNaN(value)) continue;
    if (seen.has(value)) throw new NeedsExactParse();
    seen.add(value);
  }
}
