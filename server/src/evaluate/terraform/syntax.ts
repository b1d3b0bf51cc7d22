/**
 * The Terraform expression language (HCL native syntax), parsed from text:
 * the inside of a `${...}` that hclTree.ts writes for a computed HCL
 * expression, and Terraform JSON strings, which are templates
 * (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping).
 *
 * Grammar: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 * (conditionals, binary and unary operators by precedence, templates with
 * `${}` interpolations and `%{if}`/`%{for}` directives, `for` expressions,
 * attribute and index access, `[*]` and `.*` splats, function calls with a
 * final `...`). Parsing is one pass, linear in the text; nesting deeper than
 * MAX_DEPTH is a parse error (hostile input stays off the stack limit).
 *
 * Ranges are offsets into the parsed text; the caller adds where that text
 * starts in its file.
 */
import type { Range, Scalar } from '../../parse/tree';

export type Expr =
  | { readonly kind: 'literal'; readonly value: Scalar; readonly range: Range }
  | { readonly kind: 'template'; readonly parts: readonly TemplatePart[]; readonly range: Range }
  | { readonly kind: 'variable'; readonly name: string; readonly range: Range }
  | { readonly kind: 'getattr'; readonly object: Expr; readonly name: string; readonly range: Range }
  | { readonly kind: 'index'; readonly object: Expr; readonly key: Expr; readonly range: Range }
  /** `list[*].a.b`: `each` is evaluated with `splat-item` bound to every element. */
  | { readonly kind: 'splat'; readonly object: Expr; readonly each: Expr; readonly range: Range }
  | { readonly kind: 'splat-item'; readonly range: Range }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly expandFinal: boolean; readonly range: Range }
  | { readonly kind: 'tuple'; readonly items: readonly Expr[]; readonly range: Range }
  | { readonly kind: 'object'; readonly items: readonly { readonly key: Expr; readonly value: Expr }[]; readonly range: Range }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly operand: Expr; readonly range: Range }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly range: Range }
  | { readonly kind: 'conditional'; readonly condition: Expr; readonly then: Expr; readonly else: Expr; readonly range: Range }
  | {
    readonly kind: 'for'; readonly keyVar?: string; readonly valueVar: string; readonly collection: Expr;
    /** Set for an object `for` (`{for k, v in m : k => v}`). */
    readonly keyExpr?: Expr; readonly valueExpr: Expr; readonly condition?: Expr; readonly group: boolean; readonly range: Range;
  };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'interpolation'; readonly expr: Expr }
  | { readonly kind: 'if'; readonly condition: Expr; readonly then: readonly TemplatePart[]; readonly else: readonly TemplatePart[] }
  | { readonly kind: 'for'; readonly keyVar?: string; readonly valueVar: string; readonly collection: Expr; readonly body: readonly TemplatePart[] };

export class HclSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Deeper nesting than this is not read. */
const MAX_DEPTH = 64;
const MAX_CHAIN = 256;

/** A bare expression (`var.a ? 1 : 0`). Throws HclSyntaxError. */
export function parseExpressionText(text: string): Expr {
  const p = new Parser(text, 0, text.length);
  const e = p.expression();
  p.skipSpace();
  if (p.pos < text.length) throw new HclSyntaxError(`unexpected ${JSON.stringify(text.slice(p.pos, p.pos + 20))}`, p.pos);
  return e;
}

/**
 * A template string (Terraform JSON's strings, HCL quoted strings once their
 * escapes are decoded). Throws HclSyntaxError.
 */
export function parseTemplateText(text: string): Expr {
  return simpleTemplate(text) ?? parseTemplateTextInFull(text);
}

/** parseTemplateText with the full parser only: what simpleTemplate must agree with (test/evaluate). */
export function parseTemplateTextInFull(text: string): Expr {
  const p = new Parser(text, 0, text.length);
  const parts = p.templateParts(text.length, 'top');
  return { kind: 'template', parts, range: { start: 0, end: text.length } };
}

/** Text with no template syntax but `${name.name...}` interpolations (`"db-${var.env}"`, `"${aws_db_proxy.p.name}"`). */
const SIMPLE_TEMPLATE = /^(?:[^$%]|\$\{[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*\})*$/;

/**
 * The parse of the templates nearly every Terraform JSON string is, without
 * the full parser (whose code takes a while to warm up in a short process):
 * the same parts, names and ranges as Parser gives. Undefined for anything else.
 */
function simpleTemplate(text: string): Expr | undefined {
  if (!SIMPLE_TEMPLATE.test(text)) return undefined;
  const parts: TemplatePart[] = [];
  let last = 0;
  // SIMPLE_TEMPLATE holds: every `$` opens a `${names}` that the next `}` closes (indexOf, not a
  // matchAll iterator and its match arrays: most of these strings are read once, in cold code).
  for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', last)) {
    const close = text.indexOf('}', open + 2);
    if (open > last) parts.push({ kind: 'text', text: text.slice(last, open) });
    const names = text.slice(open + 2, close).split('.');
    // `true`, `false` and `null` are literals, not names: the parser reads those.
    if (names[0] === 'true' || names[0] === 'false' || names[0] === 'null') return undefined;
    const start = open + 2;
    let end = start + names[0].length;
    let expr: Expr = { kind: 'variable', name: names[0], range: { start, end } };
    for (let i = 1; i < names.length; i++) {
      end += 1 + names[i].length;
      expr = { kind: 'getattr', object: expr, name: names[i], range: { start, end } };
    }
    parts.push({ kind: 'interpolation', expr });
    last = close + 1;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return { kind: 'template', parts, range: { start: 0, end: text.length } };
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /\d+(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

const BINARY_LEVELS: readonly (readonly BinaryOp[])[] = [
  ['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%'],
];

/** The first characters of the binary operators. */
const OPERATOR_STARTS: ReadonlySet<string | undefined> = new Set(BINARY_LEVELS.flat().map((op) => op[0]));

type TemplateEnd = 'top' | 'quote' | 'directive';

class Parser {
  depth = 0;
  constructor(readonly text: string, public pos: number, readonly end: number) {}

  fail(message: string): never {
    throw new HclSyntaxError(message, this.pos);
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels is not read`);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < this.end) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { this.pos++; continue; }
      if (c === '#' || (c === '/' && t[this.pos + 1] === '/')) {
        while (this.pos < this.end && t[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (c === '/' && t[this.pos + 1] === '*') {
        const close = t.indexOf('*/', this.pos + 2);
        this.pos = close < 0 ? this.end : close + 2;
        continue;
      }
      break;
    }
  }

  peek(s: string): boolean {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }

  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }

  expect(s: string): void {
    if (!this.eat(s)) this.fail(`expected ${JSON.stringify(s)}`);
  }

  match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m || m.index !== this.pos) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  ident(): string {
    this.skipSpace();
    return this.match(IDENT) ?? this.fail('expected a name');
  }

  expression(): Expr {
    this.enter();
    try {
      const start = this.posAfterSpace();
      const condition = this.binary(0);
      if (!this.eat('?')) return condition;
      const then = this.expression();
      this.expect(':');
      const otherwise = this.expression();
      return { kind: 'conditional', condition, then, else: otherwise, range: { start, end: this.pos } };
    } finally {
      this.depth--;
    }
  }

  posAfterSpace(): number {
    this.skipSpace();
    return this.pos;
  }

  binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary();
    const start = this.posAfterSpace();
    let left = this.binary(level + 1);
    // Evaluation recurses down a chain (`a + b + c...`): a chain longer than this is not read.
    for (let operands = 1; ; operands++) {
      if (operands > MAX_CHAIN) this.fail(`more than ${MAX_CHAIN} operands in one chain are not read`);
      this.skipSpace();
      // Most operands are followed by no operator at all: no search at each of the six levels.
      if (!OPERATOR_STARTS.has(this.text[this.pos])) return left;
      const op = BINARY_LEVELS[level].find((o) => this.text.startsWith(o, this.pos)
        // `<=` is not `<`, `==` not `=` (an object item), `=>` not `>`.
        && !(o === '<' && this.text[this.pos + 1] === '=') && !(o === '>' && this.text[this.pos + 1] === '=')
        && !(o === '/' && (this.text[this.pos + 1] === '/' || this.text[this.pos + 1] === '*')));
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { kind: 'binary', op, left, right, range: { start, end: this.pos } };
    }
  }

  unary(): Expr {
    const start = this.posAfterSpace();
    const c = this.text[this.pos];
    if (c === '!' || c === '-') {
      this.pos++;
      this.enter();
      const operand = this.unary();
      this.depth--;
      return { kind: 'unary', op: c, operand, range: { start, end: this.pos } };
    }
    return this.postfix(this.primary(), start);
  }

  postfix(expr: Expr, start: number): Expr {
    let e = expr;
    for (;;) {
      if (this.peek('.') && !this.text.startsWith('...', this.pos)) {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === '*') {
          this.pos++;
          // Legacy attribute-only splat: `a.*.b.c`.
          return { kind: 'splat', object: e, each: this.splatSteps(true), range: { start, end: this.pos } };
        }
        const index = this.match(/\d+/y);
        if (index !== undefined) {
          const r = { start: this.pos - index.length, end: this.pos };
          e = { kind: 'index', object: e, key: { kind: 'literal', value: Number(index), range: r }, range: { start, end: this.pos } };
          continue;
        }
        e = { kind: 'getattr', object: e, name: this.ident(), range: { start, end: this.pos } };
      } else if (this.peek('[')) {
        this.pos++;
        if (this.eat('*')) {
          this.expect(']');
          return { kind: 'splat', object: e, each: this.splatSteps(false), range: { start, end: this.pos } };
        }
        const key = this.expression();
        this.expect(']');
        e = { kind: 'index', object: e, key, range: { start, end: this.pos } };
      } else {
        return e;
      }
    }
  }

  /** The traversal after a splat, applied to each element. */
  splatSteps(attributesOnly: boolean): Expr {
    const start = this.pos;
    let e: Expr = { kind: 'splat-item', range: { start, end: start } };
    for (;;) {
      if (this.peek('.') && /[A-Za-z_]/.test(this.text[this.pos + 1] ?? '')) {
        this.pos++;
        e = { kind: 'getattr', object: e, name: this.ident(), range: { start, end: this.pos } };
      } else if (!attributesOnly && this.peek('[') && !this.text.startsWith('[*', this.pos)) {
        this.pos++;
        const key = this.expression();
        this.expect(']');
        e = { kind: 'index', object: e, key, range: { start, end: this.pos } };
      } else {
        return e;
      }
    }
  }

  primary(): Expr {
    const start = this.posAfterSpace();
    const c = this.text[this.pos];
    if (c === undefined || this.pos >= this.end) this.fail('expected an expression');
    if (c === '(') {
      this.pos++;
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (c === '"') return this.quoted();
    if (c === '<' && this.text.startsWith('<<', this.pos)) return this.heredoc();
    if (c === '[') return this.tupleOrFor();
    if (c === '{') return this.objectOrFor();
    const number = this.match(NUMBER);
    if (number !== undefined) return { kind: 'literal', value: Number(number), range: { start, end: this.pos } };
    const name = this.match(IDENT);
    if (name === undefined) this.fail(`unexpected ${JSON.stringify(c)}`);
    const range = { start, end: this.pos };
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', range };
    if (name === 'null') return { kind: 'literal', value: null, range };
    // `provider::aws::arn_parse(...)` and friends: provider functions are run by Terraform only.
    if (this.text.startsWith('::', this.pos)) {
      let full = name;
      while (this.text.startsWith('::', this.pos)) { this.pos += 2; full += `::${this.match(IDENT) ?? this.fail('expected a name')}`; }
      if (!this.peek('(')) this.fail('expected "("');
      return this.call(full, start);
    }
    if (this.peek('(')) return this.call(name, start);
    return { kind: 'variable', name, range };
  }

  call(name: string, start: number): Expr {
    this.expect('(');
    const args: Expr[] = [];
    let expandFinal = false;
    this.enter();
    while (!this.eat(')')) {
      args.push(this.expression());
      if (this.eat('...')) expandFinal = true;
      if (!this.eat(',') && !this.peek(')')) this.fail('expected "," or ")"');
    }
    this.depth--;
    return { kind: 'call', name, args, expandFinal, range: { start, end: this.pos } };
  }

  tupleOrFor(): Expr {
    const start = this.pos;
    this.pos++; // [
    if (this.peekKeyword('for')) return this.forExpr(start, ']');
    const items: Expr[] = [];
    this.enter();
    while (!this.eat(']')) {
      items.push(this.expression());
      if (!this.eat(',') && !this.peek(']')) this.fail('expected "," or "]"');
    }
    this.depth--;
    return { kind: 'tuple', items, range: { start, end: this.pos } };
  }

  objectOrFor(): Expr {
    const start = this.pos;
    this.pos++; // {
    if (this.peekKeyword('for')) return this.forExpr(start, '}');
    const items: { key: Expr; value: Expr }[] = [];
    this.enter();
    while (!this.eat('}')) {
      const key = this.expression();
      if (!this.eat('=') && !this.eat(':')) this.fail('expected "=" or ":"');
      const value = this.expression();
      items.push({ key, value });
      this.eat(',');
    }
    this.depth--;
    return { kind: 'object', items, range: { start, end: this.pos } };
  }

  peekKeyword(word: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(word, this.pos)) return false;
    const after = this.text[this.pos + word.length];
    return after === undefined || !/[A-Za-z0-9_-]/.test(after);
  }

  forExpr(start: number, close: ']' | '}'): Expr {
    this.enter();
    this.pos += 3; // for
    const first = this.ident();
    const second = this.eat(',') ? this.ident() : undefined;
    if (!this.peekKeyword('in')) this.fail('expected "in"');
    this.pos += 2;
    const collection = this.expression();
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valueExpr = this.expression();
    if (close === '}') {
      this.expect('=>');
      keyExpr = valueExpr;
      valueExpr = this.expression();
    }
    const group = close === '}' && this.eat('...');
    let condition: Expr | undefined;
    if (this.peekKeyword('if')) {
      this.pos += 2;
      condition = this.expression();
    }
    this.expect(close);
    this.depth--;
    return {
      kind: 'for', keyVar: second === undefined ? undefined : first, valueVar: second ?? first, collection,
      keyExpr, valueExpr, condition, group, range: { start, end: this.pos },
    };
  }

  /** A quoted template inside an expression: escapes decoded as the template is read. */
  quoted(): Expr {
    const start = this.pos;
    this.pos++; // "
    const parts = this.templateParts(this.end, 'quote');
    return { kind: 'template', parts, range: { start, end: this.pos } };
  }

  heredoc(): Expr {
    const start = this.pos;
    const m = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/y;
    m.lastIndex = this.pos;
    const head = m.exec(this.text);
    if (!head) this.fail('expected a heredoc');
    const marker = head[2];
    const bodyStart = this.pos + head[0].length;
    const closing = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, 'm');
    const rest = this.text.slice(bodyStart, this.end);
    const found = closing.exec(rest);
    if (!found) this.fail(`heredoc ${marker} is not closed`);
    let body = rest.slice(0, found.index);
    if (head[1] === '-') {
      const lines = body.split('\n');
      const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
      const strip = indents.length ? Math.min(...indents) : 0;
      body = lines.map((l) => l.slice(Math.min(strip, /^[ \t]*/.exec(l)![0].length))).join('\n');
    }
    this.pos = bodyStart + found.index + found[0].length;
    const inner = parseTemplateText(body);
    return { ...inner, range: { start, end: this.pos } };
  }

  /**
   * Template content up to its end: the text's end (`top`), a closing quote
   * (`quote`, decoding escapes), or a `%{else}`/`%{endif}`/`%{endfor}`
   * directive (`directive`, which the caller reads).
   */
  templateParts(limit: number, until: TemplateEnd): TemplatePart[] {
    this.enter();
    const parts: TemplatePart[] = [];
    let text = '';
    let stripNext = false;
    const pushText = () => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    const t = this.text;
    for (;;) {
      if (this.pos >= limit) {
        if (until === 'quote') this.fail('unterminated string');
        if (until === 'directive') this.fail('a %{ directive is not closed');
        break;
      }
      const c = t[this.pos];
      if (until === 'quote' && c === '"') { this.pos++; break; }
      if (until === 'quote' && c === '\\') {
        const next = t[this.pos + 1];
        const u = /^(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})/.exec(t.slice(this.pos + 1, this.pos + 10));
        if (u) { text += String.fromCodePoint(Number.parseInt(u[0].slice(1), 16)); this.pos += 1 + u[0].length; continue; }
        const escaped = next === undefined ? undefined : ESCAPES[next];
        if (escaped === undefined) this.fail(`invalid escape \\${next ?? ''}`);
        text += escaped;
        this.pos += 2;
        continue;
      }
      if ((c === '$' || c === '%') && t[this.pos + 1] === c && t[this.pos + 2] === '{') { text += `${c}{`; this.pos += 3; continue; }
      if (c === '$' && t[this.pos + 1] === '{') {
        this.pos += 2;
        if (t[this.pos] === '~') { text = text.replace(/\s+$/, ''); this.pos++; }
        pushText();
        const expr = this.expression();
        this.skipSpace();
        stripNext = t[this.pos] === '~';
        if (stripNext) this.pos++;
        if (t[this.pos] !== '}') this.fail('expected "}"');
        this.pos++;
        parts.push({ kind: 'interpolation', expr });
        if (stripNext) this.stripLeadingSpace(limit);
        continue;
      }
      if (c === '%' && t[this.pos + 1] === '{') {
        const save = this.pos;
        const keyword = this.directiveKeyword();
        if (keyword === 'else' || keyword === 'endif' || keyword === 'endfor') {
          if (until !== 'directive') this.fail(`unexpected %{${keyword}}`);
          this.pos = save;
          if (/\s$/.test(text) && t[save + 2] === '~') text = text.replace(/\s+$/, '');
          break;
        }
        if (t[save + 2] === '~') text = text.replace(/\s+$/, '');
        pushText();
        parts.push(keyword === 'if' ? this.ifDirective(limit) : this.forDirective(limit));
        continue;
      }
      text += c;
      this.pos++;
    }
    pushText();
    this.depth--;
    return parts;
  }

  stripLeadingSpace(limit: number): void {
    while (this.pos < limit && /\s/.test(this.text[this.pos])) this.pos++;
  }

  /** Reads `%{~? word` and leaves pos after the word. */
  directiveKeyword(): string {
    this.pos += 2;
    if (this.text[this.pos] === '~') this.pos++;
    return this.ident();
  }

  /** Reads the `~? }` that closes a directive tag. */
  closeDirective(limit: number): void {
    this.skipSpace();
    const strip = this.text[this.pos] === '~';
    if (strip) this.pos++;
    if (this.text[this.pos] !== '}') this.fail('expected "}"');
    this.pos++;
    if (strip) this.stripLeadingSpace(limit);
  }

  ifDirective(limit: number): TemplatePart {
    const condition = this.expression();
    this.closeDirective(limit);
    const then = this.templateParts(limit, 'directive');
    let otherwise: TemplatePart[] = [];
    let keyword = this.directiveKeyword();
    this.closeDirective(limit);
    if (keyword === 'else') {
      otherwise = this.templateParts(limit, 'directive');
      keyword = this.directiveKeyword();
      this.closeDirective(limit);
    }
    if (keyword !== 'endif') this.fail('expected %{endif}');
    return { kind: 'if', condition, then, else: otherwise };
  }

  forDirective(limit: number): TemplatePart {
    const first = this.ident();
    const second = this.eat(',') ? this.ident() : undefined;
    if (!this.peekKeyword('in')) this.fail('expected "in"');
    this.pos += 2;
    const collection = this.expression();
    this.closeDirective(limit);
    const body = this.templateParts(limit, 'directive');
    const keyword = this.directiveKeyword();
    this.closeDirective(limit);
    if (keyword !== 'endfor') this.fail('expected %{endfor}');
    return { kind: 'for', keyVar: second === undefined ? undefined : first, valueVar: second ?? first, collection, body };
  }
}

/** The source text of an expression, for messages. */
export function sourceOf(text: string, range: Range): string {
  const s = text.slice(range.start, range.end).trim().replace(/\s+/g, ' ');
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/**
 * Every name an expression reads as a variable (`var` of `var.env`, `count`
 * of `count.index`, a `for` expression's own names too): what it can depend
 * on besides its text.
 */
export function variableNames(expr: Expr, into = new Set<string>()): Set<string> {
  switch (expr.kind) {
    case 'literal': case 'splat-item': break;
    case 'variable': into.add(expr.name); break;
    case 'template': partNames(expr.parts, into); break;
    case 'getattr': variableNames(expr.object, into); break;
    case 'index': variableNames(expr.object, into); variableNames(expr.key, into); break;
    case 'splat': variableNames(expr.object, into); variableNames(expr.each, into); break;
    case 'call': case 'tuple': for (const a of expr.kind === 'call' ? expr.args : expr.items) variableNames(a, into); break;
    case 'object':
      // A bare name as a key is the key itself (`{ engine = ... }`), as the evaluator reads it.
      for (const i of expr.items) { if (i.key.kind !== 'variable') variableNames(i.key, into); variableNames(i.value, into); }
      break;
    case 'unary': variableNames(expr.operand, into); break;
    case 'binary': variableNames(expr.left, into); variableNames(expr.right, into); break;
    case 'conditional': variableNames(expr.condition, into); variableNames(expr.then, into); variableNames(expr.else, into); break;
    case 'for':
      for (const e of [expr.collection, expr.keyExpr, expr.valueExpr, expr.condition]) if (e) variableNames(e, into);
      break;
  }
  return into;
}

function partNames(parts: readonly TemplatePart[], into: Set<string>): void {
  for (const p of parts) {
    switch (p.kind) {
      case 'text': break;
      case 'interpolation': variableNames(p.expr, into); break;
      case 'if': variableNames(p.condition, into); partNames(p.then, into); partNames(p.else, into); break;
      case 'for': variableNames(p.collection, into); partNames(p.body, into); break;
    }
  }
}
