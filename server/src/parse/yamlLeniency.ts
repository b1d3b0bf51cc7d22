/**
 * CloudFormation (like PyYAML and cfn-lint) accepts a flow collection whose
 * continuation lines are indented no deeper than its key:
 *
 *     Resource: [
 *     !Sub "arn:...",
 *     ]
 *
 * YAML 1.2 and the `yaml` package reject it. When the parser reports exactly
 * that (BAD_INDENT on a flow collection), we indent those lines in a copy of
 * the text, parse the copy, and map every offset back to the original, so
 * ranges and fixes still point at the user's own text.
 */

export interface Insertion {
  /** Offset in the original text where spaces were inserted. */
  readonly at: number;
  readonly count: number;
}

/** Maps offsets in the re-indented copy back to the original text. */
export class OffsetMap {
  private readonly modifiedStarts: number[] = [];
  private readonly shifts: number[] = [];

  constructor(insertions: readonly Insertion[]) {
    let shift = 0;
    for (const ins of [...insertions].sort((a, b) => a.at - b.at)) {
      shift += ins.count;
      // Offsets at or after this point in the copy are `shift` ahead of the original.
      this.modifiedStarts.push(ins.at + shift);
      this.shifts.push(shift);
    }
  }

  toOriginal(modified: number): number {
    let low = 0;
    let high = this.modifiedStarts.length - 1;
    let shift = 0;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.modifiedStarts[mid] <= modified) { shift = this.shifts[mid]; low = mid + 1; } else high = mid - 1;
    }
    return Math.max(0, modified - shift);
  }
}

/**
 * The spaces to insert so the flow collection around `errorOffset` is
 * indented deeper than the line that opens it; undefined when the error is
 * not that case.
 */
export function reindentFlowCollection(text: string, errorOffset: number): Insertion[] | undefined {
  const open = findUnclosedOpener(text, errorOffset);
  if (open === undefined) return undefined;
  const openLineStart = text.lastIndexOf('\n', open) + 1;
  const openIndent = indentOf(text, openLineStart);
  const close = findMatchingCloser(text, open);
  const insertions: Insertion[] = [];
  let lineStart = text.indexOf('\n', open) + 1;
  while (lineStart > 0 && lineStart <= close) {
    const indent = indentOf(text, lineStart);
    const blank = /^[ \t]*(\r?\n|$)/.test(text.slice(lineStart, lineStart + indent + 2));
    if (!blank && indent <= openIndent) insertions.push({ at: lineStart, count: openIndent + 2 - indent });
    lineStart = text.indexOf('\n', lineStart) + 1;
  }
  return insertions.length > 0 ? insertions : undefined;
}

export function applyInsertions(text: string, insertions: readonly Insertion[]): string {
  let out = '';
  let last = 0;
  for (const ins of [...insertions].sort((a, b) => a.at - b.at)) {
    out += text.slice(last, ins.at) + ' '.repeat(ins.count);
    last = ins.at;
  }
  return out + text.slice(last);
}

function indentOf(text: string, lineStart: number): number {
  let i = lineStart;
  while (text[i] === ' ') i++;
  return i - lineStart;
}

/** The `[` or `{` before `offset` that is still open there (quotes and comments skipped). */
function findUnclosedOpener(text: string, offset: number): number | undefined {
  const stack: number[] = [];
  // Scan from the start of the enclosing block: a few thousand characters back is plenty.
  let i = Math.max(0, text.lastIndexOf('\n', Math.max(0, offset - 4000)) + 1);
  while (i < offset) {
    const c = text[i];
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) { const nl = text.indexOf('\n', i); i = nl < 0 ? text.length : nl; continue; }
    if (c === '"' || (c === "'" && stack.length > 0)) { i = skipQuoted(text, i); continue; }
    if (c === '[' || c === '{') stack.push(i);
    else if ((c === ']' || c === '}') && stack.length > 0) stack.pop();
    else if (c === '\n' && stack.length === 0) { /* a new block line: nothing open */ }
    i++;
  }
  return stack.length > 0 ? stack[0] : undefined;
}

function findMatchingCloser(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") { i = skipQuoted(text, i); continue; }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') { depth--; if (depth === 0) return i; }
    i++;
  }
  return text.length;
}

function skipQuoted(text: string, start: number): number {
  const q = text[start];
  let i = start + 1;
  while (i < text.length) {
    if (q === '"' && text[i] === '\\') { i += 2; continue; }
    if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") { i += 2; continue; }
      return i + 1;
    }
    if (text[i] === '\n' && q === "'" ) return i; // a lone apostrophe in a plain scalar
    i++;
  }
  return i;
}
