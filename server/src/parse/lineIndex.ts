/**
 * Offset <-> line/character conversion. Characters are UTF-16 code units,
 * as LSP positions and JavaScript strings count them; a `\r\n` ends a line
 * like `\n` does.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  /** Offset where each line starts (a typed array: a 5 MB template has 170,000 lines, rebuilt on every keystroke). */
  private readonly lineStarts: Int32Array;

  constructor(private readonly text: string, lineStarts?: Int32Array) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    let starts = new Int32Array(Math.max(16, (text.length >> 5) + 1));
    let n = 1;
    let i = text.indexOf('\n');
    while (i !== -1) {
      if (n === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = i + 1;
      i = text.indexOf('\n', i + 1);
    }
    this.lineStarts = starts.slice(0, n);
  }

  /**
   * The index of `text`, which is `previous`'s text with `rangeLength`
   * characters at `rangeOffset` replaced by `inserted`: the lines before the
   * change are kept, the ones after it move, without scanning the text again.
   */
  static afterChange(previous: LineIndex, text: string, change: { readonly rangeOffset: number; readonly rangeLength: number; readonly text: string }): LineIndex {
    const old = previous.lineStarts;
    const { rangeOffset, rangeLength, text: inserted } = change;
    const delta = inserted.length - rangeLength;
    // Lines starting at or before the change stay; those whose `\n` was removed go; the ones after move.
    const keep = upperBound(old, rangeOffset);
    const after = upperBound(old, rangeOffset + rangeLength);
    let added = 0;
    for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) added++;
    const starts = new Int32Array(keep + added + (old.length - after));
    starts.set(old.subarray(0, keep));
    let n = keep;
    for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) starts[n++] = rangeOffset + i + 1;
    for (let k = after; k < old.length; k++) starts[n++] = old[k] + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= o) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: o - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }
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
