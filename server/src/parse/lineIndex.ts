/**
 * Offset <-> line/character conversion. Characters are UTF-16 code units,
 * as LSP positions and JavaScript strings count them. Lines end as the
 * editor ends them (vscode-languageserver-textdocument): at `\n`, `\r\n` or
 * a lone `\r`; a position inside a line break is the end of its line.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

const CR = 13;
const LF = 10;

/**
 * How an index came from another one by one edit: the old lines `first`
 * (where the replaced text starts) to `last` (where it ends, at `from`) held
 * the edit; the lines before them start where they did; each old line after
 * them is now `lines` further down (negative: up) and starts `delta` later;
 * offsets at or after `from` moved by `delta`. So a position off the edited
 * lines is known without looking (the language server's publisher).
 */
export interface LineShift {
  /** The serial of the index it came from. */
  readonly of: number;
  readonly first: number;
  readonly last: number;
  readonly from: number;
  readonly delta: number;
  readonly lines: number;
}

let serials = 0;

export class LineIndex {
  /** Offset where each line starts (a typed array: a 5 MB template has 170,000 lines, rebuilt on every keystroke). */
  private readonly lineStarts: Int32Array;
  // Private: an index equals another of the same text whatever its history (the incremental tests compare them).
  readonly #serial = ++serials;
  readonly #lineShift: LineShift | undefined;
  /** The line of the last positionAt answer (private: not part of what makes two indexes equal). */
  #lastLine = 0;

  constructor(private readonly text: string, lineStarts?: Int32Array, lineShift?: LineShift) {
    this.lineStarts = lineStarts ?? lineStartsOf(text);
    this.#lineShift = lineShift;
  }

  /** Tells this index from every other one (LineShift.of). */
  get serial(): number {
    return this.#serial;
  }

  /** How it came from another index by one edit (LineIndex.afterChange), if it did. */
  get lineShift(): LineShift | undefined {
    return this.#lineShift;
  }

  /**
   * The index of `text`, which is `previous`'s text with `rangeLength`
   * characters at `rangeOffset` replaced by `change.text`: the lines before
   * the change are kept, the ones after it move, without scanning the text
   * again. A change that touches a `\r` is indexed afresh.
   */
  static afterChange(previous: LineIndex, text: string, change: { readonly rangeOffset: number; readonly rangeLength: number; readonly text: string }): LineIndex {
    const old = previous.lineStarts;
    const { rangeOffset, rangeLength, text: inserted } = change;
    const before = previous.text;
    if (inserted.includes('\r') || before.charCodeAt(rangeOffset - 1) === CR || before.slice(rangeOffset, rangeOffset + rangeLength).includes('\r')) {
      return new LineIndex(text);
    }
    const delta = inserted.length - rangeLength;
    // Lines starting at or before the change stay; those whose line break was removed go; the ones after move.
    const keep = upperBound(old, rangeOffset);
    const after = upperBound(old, rangeOffset + rangeLength);
    let added = 0;
    for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) added++;
    const starts = new Int32Array(keep + added + (old.length - after));
    starts.set(old.subarray(0, keep));
    let n = keep;
    for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) starts[n++] = rangeOffset + i + 1;
    for (let k = after; k < old.length; k++) starts[n++] = old[k] + delta;
    return new LineIndex(text, starts, { of: previous.serial, first: keep - 1, last: after - 1, from: rangeOffset + rangeLength, delta, lines: added - (after - keep) });
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    // Callers mostly ask in text order (a report's findings, a range's start then end): the line of
    // the last answer, when it holds the offset, is the answer without a search, else a bound for it.
    const last = this.#lastLine;
    if (last <= high && this.lineStarts[last] <= o) {
      low = last;
      if (last === high || this.lineStarts[last + 1] > o) high = last;
    }
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= o) low = mid;
      else high = mid - 1;
    }
    this.#lastLine = low;
    const start = this.lineStarts[low];
    return { line: low, character: this.beforeLineBreak(o, start) - start };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return this.beforeLineBreak(Math.min(start + position.character, next), start);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** An offset inside or after a line's break is the end of the line's text (as the editor counts it). */
  private beforeLineBreak(offset: number, lineStart: number): number {
    let o = offset;
    while (o > lineStart) {
      const c = this.text.charCodeAt(o - 1);
      if (c !== LF && c !== CR) break;
      o--;
    }
    return o;
  }
}

function lineStartsOf(text: string): Int32Array {
  let starts: Int32Array = new Int32Array(Math.max(16, (text.length >> 5) + 1));
  let n = 1;
  const push = (at: number) => {
    if (n === starts.length) starts = grown(starts);
    starts[n++] = at;
  };
  if (!text.includes('\r')) {
    // The common case, written out without the closure: a call per line in cold code (a template has ~50,000).
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (n === starts.length) starts = grown(starts);
      starts[n++] = i + 1;
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === CR) {
        if (text.charCodeAt(i + 1) === LF) i++;
        push(i + 1);
      } else if (c === LF) push(i + 1);
    }
  }
  return starts.slice(0, n);
}

/** `starts` copied into an array twice as long. */
function grown(starts: Int32Array): Int32Array {
  const bigger = new Int32Array(starts.length * 2);
  bigger.set(starts);
  return bigger;
}

/** Number of elements <= value in a sorted array. */
function upperBound(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
