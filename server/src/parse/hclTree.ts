/**
 * A tree-sitter syntax tree of Terraform HCL onto the value tree that
 * Terraform JSON gives, so model/terraform.ts reads both the same way
 * (https://developer.hashicorp.com/terraform/language/syntax/json):
 *
 * - a body is a block map (`flow: false`); `resource "aws_db_instance" "a" {}`
 *   is `resource → aws_db_instance → a → {body}`, each label a one-entry map
 *   whose key range is the label's text; blocks of one type in one body are
 *   one entry, a sequence when there are several (JSON's array form);
 * - literals are scalars (quoted strings `double`, so fixes keep the quotes);
 *   tuples and objects are flow sequences and maps, item by item;
 * - a template string keeps its `${...}` interpolations as written, with
 *   escapes decoded: exactly the string Terraform JSON would hold;
 * - every other expression (references, calls, operators, for, splat) is the
 *   string `"${<source text>}"` with the expression's range, which the
 *   Terraform builder resolves exactly as it resolves JSON's.
 *
 * Comments carry suppressions: `# rdscope:ignore RDS201` (or `//`, `/* *\/`)
 * inside a top-level block, or on the lines directly above it, becomes a
 * `"//"` entry of the block's body, the key Terraform JSON comments use.
 *
 * Offsets are what web-tree-sitter reports for a JS string: UTF-16 code
 * units, the value tree's unit (checked by the non-ASCII tests).
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LineIndex } from './lineIndex';
import { MAX_NESTING_DEPTH } from './limits';
import type { MapEntry, MapNode, ParsedText, ParseProblem, Range, ScalarNode, SeqNode, ValueNode } from './tree';

/** Terraform JSON's comment property; model/terraformResources.ts reads suppressions from it. */
const COMMENT_KEY = '//';
const DIRECTIVE = 'rdscope:ignore';

class HclNestingError extends Error {
  constructor(readonly range: Range) {
    super(`Nesting deeper than ${MAX_NESTING_DEPTH} levels is not read`);
  }
}

export function hclToValueTree(root: SyntaxNode, text: string): ParsedText {
  if (root.hasError) return { format: 'hcl', problems: [syntaxProblem(root, text)] };
  try {
    return { format: 'hcl', root: new HclMapper(text).file(root), problems: [] };
  } catch (error) {
    if (error instanceof HclNestingError) return { format: 'hcl', problems: [{ message: error.message, range: error.range }] };
    throw error;
  }
}

const rangeOf = (node: SyntaxNode): Range => ({ start: node.startIndex, end: node.endIndex });

/** The first error in document order, located as narrowly as tree-sitter allows. */
function syntaxProblem(root: SyntaxNode, text: string): ParseProblem {
  let node: SyntaxNode = root;
  for (;;) {
    if (node.isMissing) {
      const closing = CLOSING[node.type];
      if (closing) return { message: `Syntax error: missing ${closing}`, range: { start: node.startIndex, end: node.startIndex } };
      // Another token tree-sitter would insert to recover: what stands there is the problem.
      const at = node.startIndex + (/^\s*/.exec(text.slice(node.startIndex))?.[0].length ?? 0);
      const token = /^[^\s]{1,40}/.exec(text.slice(at))?.[0];
      return { message: token ? `Syntax error: unexpected ${JSON.stringify(token)}` : 'Syntax error: unexpected end of file', range: { start: at, end: at + (token?.length ?? 0) } };
    }
    if (node.isError) {
      // The error node can span to the end of the file: point at its first line.
      const start = node.startIndex;
      const lineEnd = text.slice(start, node.endIndex).search(/\r?\n/);
      const end = lineEnd < 0 ? node.endIndex : start + lineEnd;
      const snippet = text.slice(start, Math.min(end, start + 40)).trim();
      return { message: snippet ? `Syntax error: unexpected ${JSON.stringify(snippet)}` : 'Syntax error', range: { start, end: Math.max(end, start) } };
    }
    const next = node.children.find((c) => c.hasError || c.isMissing || c.isError);
    if (!next) return { message: 'Syntax error', range: rangeOf(node) };
    node = next;
  }
}

/** Tokens whose absence is best reported by name. */
const CLOSING: Readonly<Record<string, string>> = {
  block_end: "'}'", object_end: "'}'", tuple_end: "']'", quoted_template_end: "'\"'", template_interpolation_end: "'}'",
  ')': "')'", ']': "']'", '}': "'}'",
};

/** Content children, without comments (tree-sitter "extras" can sit between any two tokens). */
function childrenOf(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c) => c.type !== 'comment');
}

/** A block with the value it maps to: its labels wrapped around its body. */
interface MappedBlock {
  readonly type: SyntaxNode;
  readonly value: MapNode;
  readonly range: Range;
}

class HclMapper {
  private readonly comments: SyntaxNode[] = [];
  private lines: LineIndex | undefined;

  constructor(private readonly text: string) {}

  file(root: SyntaxNode): ValueNode {
    this.collectComments(root);
    const body = root.children.find((c) => c.type === 'body');
    // The grammar also reads a bare object (JSON-like .tfvars); not a configuration, but not an error either.
    const object = root.children.find((c) => c.type === 'object');
    if (object) return this.object(object, 0);
    const entries = body ? this.body(body, 0, true) : [];
    return { kind: 'map', entries, range: { start: 0, end: this.text.length }, flow: false };
  }

  private collectComments(root: SyntaxNode): void {
    // Only texts that hold the directive matter; most files have none.
    if (!this.text.includes(DIRECTIVE)) return;
    // Iterative: a hostile file nests deeper than the call stack goes.
    const stack = [root];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.type === 'comment') this.comments.push(node);
      else for (let i = node.childCount - 1; i >= 0; i--) stack.push(node.child(i)!);
    }
  }

  private body(body: SyntaxNode, depth: number, topLevel: boolean): MapEntry[] {
    this.checkDepth(body, depth);
    const entries: MapEntry[] = [];
    const blocksByType = new Map<string, { entryIndex: number; blocks: MappedBlock[] }>();
    for (const child of body.children) {
      if (child.type === 'attribute') {
        const [name, , expression] = childrenOf(child);
        entries.push({ key: name.text, keyRange: rangeOf(name), value: this.expression(expression, depth + 1) });
      } else if (child.type === 'block') {
        const block = this.block(child, depth + 1, topLevel);
        const type = block.type.text;
        const group = blocksByType.get(type);
        if (group) { group.blocks.push(block); continue; }
        blocksByType.set(type, { entryIndex: entries.length, blocks: [block] });
        // Placeholder, replaced once every block of this type is known.
        entries.push({ key: type, keyRange: rangeOf(block.type), value: block.value });
      }
    }
    for (const { entryIndex, blocks } of blocksByType.values()) {
      if (blocks.length === 1) continue;
      const seq: SeqNode = {
        kind: 'seq', items: blocks.map((b) => b.value), flow: false,
        range: { start: blocks[0].range.start, end: blocks[blocks.length - 1].range.end },
      };
      entries[entryIndex] = { ...entries[entryIndex], value: seq };
    }
    return entries;
  }

  private block(node: SyntaxNode, depth: number, topLevel: boolean): MappedBlock {
    const parts = childrenOf(node);
    const type = parts[0];
    const labels = parts.slice(1).filter((p) => p.type === 'string_lit' || p.type === 'identifier');
    const start = parts.find((p) => p.type === 'block_start')!;
    const end = parts.find((p) => p.type === 'block_end')!;
    const inner = parts.find((p) => p.type === 'body');
    const entries = inner ? this.body(inner, depth, false) : [];
    if (topLevel && labels.length > 0) {
      const suppressions = this.suppressionEntry(node);
      if (suppressions) entries.unshift(suppressions);
    }
    let value: MapNode = { kind: 'map', entries, range: { start: start.startIndex, end: end.endIndex }, flow: false };
    for (let i = labels.length - 1; i >= 0; i--) {
      const label = labels[i];
      const key = label.type === 'string_lit' ? this.quotedText(label) : label.text;
      value = { kind: 'map', entries: [{ key, keyRange: rangeOf(label), value }], range: { start: label.startIndex, end: end.endIndex }, flow: false };
    }
    return { type, value, range: rangeOf(node) };
  }

  /**
   * `rdscope:ignore` comments inside the block, or on the lines directly above
   * it (a run of comment lines with nothing else on them), as one `//` entry.
   */
  private suppressionEntry(block: SyntaxNode): MapEntry | undefined {
    if (this.comments.length === 0) return undefined;
    const found = this.comments.filter((c) => c.startIndex >= block.startIndex && c.endIndex <= block.endIndex);
    const lines = (this.lines ??= new LineIndex(this.text));
    const before = this.comments.filter((c) => c.endIndex <= block.startIndex);
    let line = lines.positionAt(block.startIndex).line;
    for (let k = before.length - 1; k >= 0; k--) {
      const c = before[k];
      const startLine = lines.positionAt(c.startIndex).line;
      const ownLine = this.text.slice(lines.lineStart(startLine), c.startIndex).trim() === '';
      if (lines.positionAt(lastCharOf(this.text, c.endIndex)).line !== line - 1 || !ownLine) break;
      found.unshift(c);
      line = startLine;
    }
    const directives = found.filter((c) => c.text.includes(DIRECTIVE));
    if (directives.length === 0) return undefined;
    const items: ScalarNode[] = directives.map((c) => ({ kind: 'scalar', value: commentText(c.text), range: rangeOf(c), style: 'plain' }));
    const value: ValueNode = items.length === 1 ? items[0]
      : { kind: 'seq', items, range: { start: items[0].range.start, end: items[items.length - 1].range.end }, flow: false };
    return { key: COMMENT_KEY, keyRange: items[0].range, value };
  }

  private expression(node: SyntaxNode, depth: number): ValueNode {
    this.checkDepth(node, depth);
    const parts = childrenOf(node);
    if (node.type === 'expression' && parts.length === 1) return this.expression(parts[0], depth + 1);
    switch (node.type) {
      case 'literal_value': return this.literal(parts[0]);
      case 'collection_value': return parts[0].type === 'tuple' ? this.tuple(parts[0], depth + 1) : this.object(parts[0], depth + 1);
      case 'template_expr': {
        const template = parts[0];
        if (template.type === 'quoted_template') return { kind: 'scalar', value: this.quotedText(template), range: rangeOf(node), style: 'double' };
        if (template.type === 'heredoc_template') return { kind: 'scalar', value: this.heredocText(template), range: rangeOf(node), style: 'block' };
        break;
      }
      default: break;
    }
    return this.computed(node);
  }

  /** Not a literal: the source text as one interpolation, as Terraform JSON writes it. */
  private computed(node: SyntaxNode): ScalarNode {
    return { kind: 'scalar', value: `\${${this.text.slice(node.startIndex, node.endIndex)}}`, range: rangeOf(node), style: 'plain' };
  }

  private literal(node: SyntaxNode): ScalarNode {
    const range = rangeOf(node);
    switch (node.type) {
      // The original text, not node.text: parseHcl may have parsed `1e9` as `000` (see there).
      case 'numeric_lit': return { kind: 'scalar', value: Number(this.text.slice(node.startIndex, node.endIndex)), range, style: 'plain' };
      case 'bool_lit': return { kind: 'scalar', value: node.text === 'true', range, style: 'plain' };
      case 'null_lit': return { kind: 'scalar', value: null, range, style: 'plain' };
      default: return { kind: 'scalar', value: this.quotedText(node), range, style: 'double' };
    }
  }

  private tuple(node: SyntaxNode, depth: number): SeqNode {
    const items = node.namedChildren.filter((c) => c.type === 'expression').map((c) => this.expression(c, depth + 1));
    return { kind: 'seq', items, range: rangeOf(node), flow: true };
  }

  /** An object constructor; one whose keys are computed (`(var.k) = 1`) is unknown as a whole. */
  private object(node: SyntaxNode, depth: number): ValueNode {
    const entries: MapEntry[] = [];
    for (const element of node.namedChildren) {
      if (element.type !== 'object_elem') continue;
      const keyNode = element.childForFieldName('key');
      const valueNode = element.childForFieldName('val');
      const key = keyNode ? this.objectKey(keyNode) : undefined;
      if (key === undefined || !keyNode || !valueNode) return this.computed(node);
      entries.push({ key, keyRange: rangeOf(keyNode), value: this.expression(valueNode, depth + 1) });
    }
    return { kind: 'map', entries, range: rangeOf(node), flow: true };
  }

  /** `name = ...`, `"name" = ...`; a key that is an expression gives undefined. */
  private objectKey(node: SyntaxNode): string | undefined {
    let inner = node;
    while (inner.type === 'expression' && childrenOf(inner).length === 1) inner = childrenOf(inner)[0];
    if (inner.type === 'variable_expr') return inner.text;
    if (inner.type === 'literal_value') {
      const lit = childrenOf(inner)[0];
      return lit.type === 'string_lit' ? this.quotedText(lit) : lit.text;
    }
    if (inner.type === 'template_expr' && childrenOf(inner)[0]?.type === 'quoted_template') {
      const value = this.quotedText(childrenOf(inner)[0]);
      return value.includes('${') || value.includes('%{') ? undefined : value;
    }
    return undefined;
  }

  /**
   * The content of a quoted string or template: escapes decoded, `${...}`
   * and `%{...}` kept as written, `$${`/`%%{` kept too (they mean the same in
   * a Terraform JSON string, which is itself a template).
   */
  private quotedText(node: SyntaxNode): string {
    const parts = childrenOf(node);
    const open = parts[0];
    const close = parts[parts.length - 1];
    const from = open.type === 'quoted_template_start' ? open.endIndex : node.startIndex;
    const to = close.type === 'quoted_template_end' ? close.startIndex : node.endIndex;
    let out = '';
    let at = from;
    for (const part of parts) {
      if (part.type !== 'template_interpolation' && part.type !== 'template_directive') continue;
      out += decodeEscapes(this.text.slice(at, part.startIndex)) + part.text;
      at = part.endIndex;
    }
    return out + decodeEscapes(this.text.slice(at, to));
  }

  /**
   * A heredoc's lines between its markers, with the final newline; `<<-`
   * removes the smallest indentation of its non-blank lines. No escapes.
   */
  private heredocText(node: SyntaxNode): string {
    const parts = childrenOf(node);
    const opener = parts.find((p) => p.type === 'heredoc_start');
    const identifiers = parts.filter((p) => p.type === 'heredoc_identifier');
    const closing = identifiers[identifiers.length - 1];
    const afterOpener = this.text.indexOf('\n', identifiers[0].endIndex);
    if (afterOpener < 0 || !closing || identifiers.length < 2) return '';
    const contentStart = afterOpener + 1;
    const contentEnd = this.text.lastIndexOf('\n', closing.startIndex - 1) + 1;
    let content = contentEnd > contentStart ? this.text.slice(contentStart, contentEnd) : '';
    if (opener?.text === '<<-') {
      const lines = content.split('\n');
      const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
      const strip = indents.reduce((least, n) => Math.min(least, n), indents.length ? Infinity : 0); // no spread: a heredoc may have 100,000 lines
      content = lines.map((l) => l.slice(Math.min(strip, /^[ \t]*/.exec(l)![0].length))).join('\n');
    }
    return content;
  }

  private checkDepth(node: SyntaxNode, depth: number): void {
    if (depth > MAX_NESTING_DEPTH) throw new HclNestingError({ start: node.startIndex, end: node.startIndex + 1 });
  }
}

/** The offset of a comment's last character, not counting the `\r` / `\n` a line comment's node may include. */
function lastCharOf(text: string, end: number): number {
  let e = end;
  while (e > 0 && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
  return Math.max(e - 1, 0);
}

/** A comment's text without `#`, `//`, `/*`, `*\/` and surrounding space. */
function commentText(raw: string): string {
  const t = raw.trim();
  if (t.startsWith('/*')) return t.slice(2, t.endsWith('*/') ? -2 : undefined).trim();
  return t.replace(/^(#|\/\/)/, '').trim();
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** HCL quoted-string escapes (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals). */
function decodeEscapes(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/gs, (whole, esc: string) => {
    if (esc.length === 1) return ESCAPES[esc] ?? whole;
    const code = Number.parseInt(esc.slice(1), 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
