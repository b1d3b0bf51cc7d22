/**
 * JSON to the value tree, with exact ranges. Hand-written because JSON.parse
 * gives no positions; depth-limited so 100,000 nested brackets end in a
 * located error instead of a stack overflow. Objects that are CloudFormation
 * long-form intrinsics (`{"Ref": "X"}`) become intrinsic nodes, as in YAML.
 */
import { CONDITION_FUNCTION, isLongFormFunctionKey } from './intrinsics';
import { MAX_NESTING_DEPTH } from './limits';
import { longForm } from './intrinsics';
import type { MapEntry, ParsedText, ValueNode } from './tree';

class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number, readonly length = 1) {
    super(message);
  }
}

export function parseJson(text: string): ParsedText {
  try {
    const parser = new JsonParser(text);
    const root = parser.parseDocument();
    return { format: 'json', root, problems: [] };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const start = Math.min(error.offset, text.length);
      return { format: 'json', problems: [{ message: error.message, range: { start, end: Math.min(start + error.length, text.length) } }] };
    }
    throw error;
  }
}

const enum Ch {
  Tab = 9, LF = 10, CR = 13, Space = 32, Quote = 34, Plus = 43, Comma = 44, Minus = 45, Dot = 46,
  Zero = 48, Nine = 57, Colon = 58, E = 69, OpenBracket = 91, Backslash = 92, CloseBracket = 93,
  LowerE = 101, OpenBrace = 123, CloseBrace = 125, Bom = 0xfeff,
}

class JsonParser {
  private pos = 0;
  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === Ch.Bom) this.pos = 1;
  }

  parseDocument(): ValueNode {
    this.skipWhitespace();
    if (this.pos >= this.text.length) throw new JsonSyntaxError('The file is empty: expected a JSON value', this.pos, 0);
    const value = this.parseValue(0, false);
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      throw new JsonSyntaxError('Unexpected text after the end of the JSON document', this.pos);
    }
    return value;
  }

  private skipWhitespace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === Ch.Space || c === Ch.LF || c === Ch.CR || c === Ch.Tab) p++;
      else break;
    }
    this.pos = p;
  }

  private parseValue(depth: number, insideFunction: boolean): ValueNode {
    const c = this.text.charCodeAt(this.pos);
    if (c === Ch.OpenBrace) return this.parseObject(depth + 1, insideFunction);
    if (c === Ch.OpenBracket) return this.parseArray(depth + 1, insideFunction);
    if (c === Ch.Quote) {
      const start = this.pos;
      const value = this.parseString();
      return { kind: 'scalar', value, range: { start, end: this.pos }, style: 'json' };
    }
    if (c === Ch.Minus || (c >= Ch.Zero && c <= Ch.Nine)) return this.parseNumber();
    return this.parseLiteral();
  }

  private checkDepth(depth: number): void {
    if (depth > MAX_NESTING_DEPTH) {
      throw new JsonSyntaxError(`Nesting deeper than ${MAX_NESTING_DEPTH} levels is not read`, this.pos);
    }
  }

  private parseObject(depth: number, insideFunction: boolean): ValueNode {
    this.checkDepth(depth);
    const start = this.pos++;
    const entries: MapEntry[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === Ch.CloseBrace) {
      this.pos++;
      return { kind: 'map', entries, range: { start, end: this.pos }, flow: true };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== Ch.Quote) {
        throw new JsonSyntaxError(this.pos >= this.text.length ? 'Unexpected end of file: expected a property name' : 'Expected a property name in double quotes', this.pos);
      }
      const keyStart = this.pos;
      const key = this.parseString();
      const keyRange = { start: keyStart, end: this.pos };
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== Ch.Colon) throw new JsonSyntaxError(`Expected ':' after the property name "${truncate(key)}"`, this.pos);
      this.pos++;
      this.skipWhitespace();
      if (this.pos >= this.text.length) throw new JsonSyntaxError('Unexpected end of file: expected a value', this.pos, 0);
      const childInFunction = insideFunction || isLongFormFunctionKey(key);
      const value = this.parseValue(depth, childInFunction);
      entries.push({ key, keyRange, value });
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === Ch.Comma) { this.pos++; continue; }
      if (c === Ch.CloseBrace) { this.pos++; break; }
      throw new JsonSyntaxError(this.pos >= this.text.length ? "Unexpected end of file: expected ',' or '}'" : "Expected ',' or '}' after a property value", this.pos);
    }
    const range = { start, end: this.pos };
    if (entries.length === 1) {
      const only = entries[0];
      if (isLongFormFunctionKey(only.key) || (insideFunction && only.key === CONDITION_FUNCTION)) return longForm(only, range);
    }
    return { kind: 'map', entries, range, flow: true };
  }

  private parseArray(depth: number, insideFunction: boolean): ValueNode {
    this.checkDepth(depth);
    const start = this.pos++;
    const items: ValueNode[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === Ch.CloseBracket) {
      this.pos++;
      return { kind: 'seq', items, range: { start, end: this.pos }, flow: true };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.text.length) throw new JsonSyntaxError('Unexpected end of file: expected a value', this.pos, 0);
      items.push(this.parseValue(depth, insideFunction));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === Ch.Comma) { this.pos++; continue; }
      if (c === Ch.CloseBracket) { this.pos++; break; }
      throw new JsonSyntaxError(this.pos >= this.text.length ? "Unexpected end of file: expected ',' or ']'" : "Expected ',' or ']' after an array item", this.pos);
    }
    return { kind: 'seq', items, range: { start, end: this.pos }, flow: true };
  }

  private parseString(): string {
    const t = this.text;
    const start = this.pos; // at the opening quote
    let p = start + 1;
    let hasEscape = false;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === Ch.Quote) break;
      if (c === Ch.Backslash) { hasEscape = true; p += 2; continue; }
      if (Number.isNaN(c)) throw new JsonSyntaxError('Unterminated string', start, Math.max(1, p - start));
      if (c < 0x20) throw new JsonSyntaxError('Control character in a string (use \\n, \\t ...)', p);
      p++;
    }
    this.pos = p + 1;
    if (!hasEscape) return t.slice(start + 1, p);
    try {
      return JSON.parse(t.slice(start, p + 1)) as string;
    } catch {
      throw new JsonSyntaxError('Invalid escape sequence in a string', start, p + 1 - start);
    }
  }

  private parseNumber(): ValueNode {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === Ch.Minus) p++;
    const digitsStart = p;
    while (isDigit(t.charCodeAt(p))) p++;
    if (p === digitsStart) throw new JsonSyntaxError('Invalid number', start);
    if (t.charCodeAt(digitsStart) === Ch.Zero && p - digitsStart > 1) throw new JsonSyntaxError('Numbers may not start with 0', start, p - start);
    if (t.charCodeAt(p) === Ch.Dot) {
      p++;
      const fracStart = p;
      while (isDigit(t.charCodeAt(p))) p++;
      if (p === fracStart) throw new JsonSyntaxError('Invalid number: expected digits after the decimal point', start, p - start);
    }
    const e = t.charCodeAt(p);
    if (e === Ch.E || e === Ch.LowerE) {
      p++;
      const sign = t.charCodeAt(p);
      if (sign === Ch.Plus || sign === Ch.Minus) p++;
      const expStart = p;
      while (isDigit(t.charCodeAt(p))) p++;
      if (p === expStart) throw new JsonSyntaxError('Invalid number: expected digits in the exponent', start, p - start);
    }
    this.pos = p;
    return { kind: 'scalar', value: Number(t.slice(start, p)), range: { start, end: p }, style: 'json' };
  }

  private parseLiteral(): ValueNode {
    const start = this.pos;
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, start)) {
        this.pos = start + word.length;
        return { kind: 'scalar', value, range: { start, end: this.pos }, style: 'json' };
      }
    }
    if (start >= this.text.length) throw new JsonSyntaxError('Unexpected end of file: expected a value', start, 0);
    const ch = this.text[start];
    throw new JsonSyntaxError(`Unexpected character ${JSON.stringify(ch)}: expected a JSON value`, start);
  }
}

const LITERALS: [string, boolean | null][] = [['true', true], ['false', false], ['null', null]];

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
