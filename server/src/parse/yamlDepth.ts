/**
 * A linear pre-scan for YAML nested far beyond MAX_NESTING_DEPTH. The `yaml`
 * package survives 100,000 nested brackets (it catches its own stack
 * overflow), but only after seconds of work, twice over when the parse is
 * retried: long enough to stall the language server on every keystroke. Text
 * this deep could never be read anyway (the converter stops at the same
 * limit), so it is refused before yaml sees it.
 *
 * Counted as nesting: `[` and `{` where YAML starts a flow collection (at the
 * start of a line or a value, after `:`, `-`, `,`, `?`, another opener, a tag
 * or an anchor), and the `- - -` of compact nested sequences on one line.
 * Brackets inside quoted scalars, comments and plain text (`a[b`, a script's
 * `if [ -f x ]`) are not, so a real template is never refused by mistake.
 */
import { MAX_NESTING_DEPTH } from './limits';

/** Offset of the bracket or dash that goes past the limit, or undefined. */
export function excessiveNestingAt(text: string, limit = MAX_NESTING_DEPTH): number | undefined {
  let depth = 0;
  let dashes = 0;
  // Whether the last significant character lets a flow collection, a quoted scalar or a `- ` start here.
  let valueStart = true;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) { valueStart = true; dashes = 0; continue; }
    if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
    if (c === 0x23 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? n : nl) - 1;
      continue;
    }
    if (valueStart && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
      i = quotedEnd(text, i);
      valueStart = false;
      continue;
    }
    if (valueStart && depth === 0 && (c === 0x7c /* | */ || c === 0x3e /* > */)) {
      // A block scalar: its lines (indented deeper than the line that opens it) are text.
      i = blockScalarEnd(text, i);
      valueStart = true;
      dashes = 0;
      continue;
    }
    if (valueStart && (c === 0x21 /* ! */ || c === 0x26 /* & */)) {
      // A tag or an anchor: the value still starts after it.
      while (i + 1 < n && !isSpace(text.charCodeAt(i + 1)) && text[i + 1] !== '[' && text[i + 1] !== '{') i++;
      continue;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (valueStart || depth > 0) {
        if (++depth > limit) return i;
        valueStart = true;
        continue;
      }
    } else if ((c === 0x5d /* ] */ || c === 0x7d /* } */) && depth > 0) {
      depth--;
      valueStart = false;
      continue;
    } else if ((c === 0x2c /* , */ && depth > 0) || c === 0x3a /* : */ || c === 0x3f /* ? */) {
      valueStart = c !== 0x3a || i + 1 >= n || isSpace(text.charCodeAt(i + 1)) || depth > 0;
      continue;
    } else if (c === 0x2d /* - */ && valueStart && depth === 0 && (i + 1 >= n || isSpace(text.charCodeAt(i + 1)))) {
      if (++dashes > limit) return i;
      continue;
    }
    valueStart = false;
  }
  return undefined;
}

/** The newline before the first line after a block scalar's content (or the end of the text). */
function blockScalarEnd(text: string, indicator: number): number {
  const lineStart = text.lastIndexOf('\n', indicator) + 1;
  let indent = 0;
  while (text[lineStart + indent] === ' ') indent++;
  let nl = text.indexOf('\n', indicator);
  while (nl >= 0) {
    let next = nl + 1;
    let spaces = 0;
    while (text[next + spaces] === ' ') spaces++;
    const rest = text[next + spaces];
    const blank = rest === undefined || rest === '\n' || rest === '\r';
    if (!blank && spaces <= indent) return nl - 1;
    next = text.indexOf('\n', next);
    if (next < 0) return text.length - 1;
    nl = next;
  }
  return text.length - 1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Index of the closing quote of a quoted scalar opened at `start` (or the last index). */
function quotedEnd(text: string, start: number): number {
  const q = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (q === '"' && c === '\\') { i++; continue; }
    if (c === q) {
      if (q === "'" && text[i + 1] === "'") { i++; continue; }
      return i;
    }
  }
  return text.length - 1;
}
