/**
 * The small part of the Terraform expression language that can be known
 * without running Terraform: template strings (`"db-${var.env}"`), literals,
 * traversals (`var.x`, `aws_db_instance.primary[0].arn`, `each.value.az`),
 * tuples and `toset`/`tolist`. Everything else (operators, conditionals, other
 * functions, `for` expressions, splats, `%{}` directives) parses to
 * `undefined`, which the builders report as unknown, never as a guess.
 *
 * In Terraform JSON every string in an expression position is a template:
 * `$${` and `%%{` escape a literal `${` / `%{`
 * (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping).
 * HCL files are mapped onto the same strings, so this serves both.
 */
import type { Scalar } from '../parse/tree';

export type Step = { readonly kind: 'attribute'; readonly name: string } | { readonly kind: 'index'; readonly key: Expression };

export type Expression =
  | { readonly kind: 'literal'; readonly value: Scalar }
  | { readonly kind: 'template'; readonly parts: readonly TemplatePart[] }
  | { readonly kind: 'traversal'; readonly root: string; readonly steps: readonly Step[]; readonly text: string }
  | { readonly kind: 'tuple'; readonly items: readonly Expression[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expression[] };

/** A literal piece of a template, or one `${...}` interpolation. */
export type TemplatePart = string | { readonly expression: Expression | undefined; readonly text: string };

/** Deeper nesting than this inside one string is not read (hostile input). */
const MAX_EXPRESSION_DEPTH = 32;

/**
 * A template string split into literal text and interpolations. Undefined when
 * it holds a `%{` directive or an unterminated `${`: not statically known.
 */
export function parseTemplate(text: string, depth = 0): TemplatePart[] | undefined {
  if (depth > MAX_EXPRESSION_DEPTH) return undefined;
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) { literal += '${'; i += 3; continue; }
    if (text.startsWith('%%{', i)) { literal += '%{'; i += 3; continue; }
    if (text.startsWith('%{', i)) return undefined;
    if (text.startsWith('${', i)) {
      const end = interpolationEnd(text, i + 2, depth);
      if (end < 0) return undefined;
      if (literal) { parts.push(literal); literal = ''; }
      // `${~ x ~}` strip markers trim whitespace around the interpolation; the value is the same.
      let inner = text.slice(i + 2, end);
      if (inner.startsWith('~')) inner = inner.slice(1);
      if (inner.endsWith('~')) inner = inner.slice(0, -1);
      parts.push({ expression: parseExpression(inner, depth + 1), text: inner.trim() });
      i = end + 1;
      continue;
    }
    literal += text[i++];
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}

/** True when the string holds no interpolation at all: a plain literal. */
export function isLiteralTemplate(text: string): boolean {
  return !text.includes('${') && !text.includes('%{');
}

/** Index of the `}` that closes an interpolation opened just before `start`, or -1. */
function interpolationEnd(text: string, start: number, depth: number): number {
  if (depth > MAX_EXPRESSION_DEPTH) return -1;
  let braces = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = quotedStringEnd(text, i + 1, depth + 1);
      if (i < 0) return -1;
    } else if (c === '{') {
      braces++;
    } else if (c === '}') {
      if (braces === 0) return i;
      braces--;
    }
  }
  return -1;
}

/** Index of the closing quote of an HCL quoted string whose content starts at `start`, or -1. */
function quotedStringEnd(text: string, start: number, depth: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') { i++; continue; }
    if (c === '"') return i;
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) { i += 2; continue; }
    if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      i = interpolationEnd(text, i + 2, depth + 1);
      if (i < 0) return -1;
    }
  }
  return -1;
}

/** One expression (the inside of `${...}`), or undefined when it is beyond static reading. */
export function parseExpression(text: string, depth = 0): Expression | undefined {
  const parser = new ExpressionParser(text, depth);
  const expression = parser.expression();
  return expression && parser.atEnd() ? expression : undefined;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

class ExpressionParser {
  private pos = 0;
  constructor(private readonly text: string, private readonly depth: number) {}

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  expression(): Expression | undefined {
    if (this.depth > MAX_EXPRESSION_DEPTH) return undefined;
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) return undefined;
    if (c === '"') return this.quoted();
    if (c === '[') return this.tuple();
    const number = this.match(NUMBER);
    if (number !== undefined) return { kind: 'literal', value: Number(number) };
    const start = this.pos;
    const name = this.match(IDENTIFIER);
    if (name === undefined) return undefined;
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'null') return { kind: 'literal', value: null };
    this.skipSpace();
    if (this.text[this.pos] === '(') return this.call(name);
    return this.traversal(name, start);
  }

  private traversal(root: string, start: number): Expression | undefined {
    const steps: Step[] = [];
    for (;;) {
      const c = this.text[this.pos];
      if (c === '.') {
        this.pos++;
        if (this.text[this.pos] === '*') return undefined; // legacy splat `a.*.id`
        const name = this.match(IDENTIFIER);
        if (name !== undefined) { steps.push({ kind: 'attribute', name }); continue; }
        // Legacy index syntax `aws_db_instance.replica.0.id`.
        const index = this.match(/\d+/y);
        if (index === undefined) return undefined;
        steps.push({ kind: 'index', key: { kind: 'literal', value: Number(index) } });
      } else if (c === '[') {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === '*') return undefined; // splat `a[*].id`
        const key = new ExpressionParser(this.text, this.depth + 1);
        key.pos = this.pos;
        const expression = key.expression();
        this.pos = key.pos;
        this.skipSpace();
        if (!expression || this.text[this.pos] !== ']') return undefined;
        this.pos++;
        steps.push({ kind: 'index', key: expression });
      } else {
        return { kind: 'traversal', root, steps, text: this.text.slice(start, this.pos) };
      }
    }
  }

  private call(name: string): Expression | undefined {
    this.pos++; // (
    const args = this.list(')');
    return args && { kind: 'call', name, args };
  }

  private tuple(): Expression | undefined {
    this.pos++; // [
    const items = this.list(']');
    return items && { kind: 'tuple', items };
  }

  private list(close: string): Expression[] | undefined {
    const items: Expression[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) { this.pos++; return items; }
      const inner = new ExpressionParser(this.text, this.depth + 1);
      inner.pos = this.pos;
      const item = inner.expression();
      if (!item) return undefined;
      this.pos = inner.pos;
      items.push(item);
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== close) return undefined;
    }
  }

  /** An HCL quoted string: itself a template. */
  private quoted(): Expression | undefined {
    const end = quotedStringEnd(this.text, this.pos + 1, this.depth + 1);
    if (end < 0) return undefined;
    const raw = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    let unescaped = '';
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] !== '\\') { unescaped += raw[i]; continue; }
      const next = raw[++i];
      const escaped = next === undefined ? undefined : ESCAPES[next];
      if (escaped === undefined) return undefined; // \uNNNN and friends: not worth guessing
      unescaped += escaped;
    }
    const parts = parseTemplate(unescaped, this.depth + 1);
    if (!parts) return undefined;
    return parts.length === 1 && typeof parts[0] === 'string' ? { kind: 'literal', value: parts[0] } : { kind: 'template', parts };
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const m = pattern.exec(this.text);
    if (!m) return undefined;
    this.pos = pattern.lastIndex;
    return m[0];
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
}

/** `aws_db_instance.primary`, `aws_db_instance.primary[0]`, `aws_db_instance.primary["a"]`. */
export function instanceAddress(type: string, name: string, key?: string | number): string {
  if (key === undefined) return `${type}.${name}`;
  return typeof key === 'number' ? `${type}.${name}[${key}]` : `${type}.${name}[${JSON.stringify(key)}]`;
}

/** Roots of traversals that are not managed resources. */
export const NON_RESOURCE_ROOTS: ReadonlySet<string> = new Set([
  'var', 'local', 'module', 'data', 'count', 'each', 'self', 'path', 'terraform', 'ephemeral',
]);
