/**
 * Offset <-> line/character conversion. Characters are UTF-16 code units,
 * as LSP positions and JavaScript strings count them; `\r\n` and a lone `\r`
 * end a line like `\n` does (LSP's three line endings).
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    if (text.includes('\r')) {
      // A lone `\r` ends a line too, for LSP (and so the editor), YAML and JSON alike.
      const eol = /\r\n?|\n/g;
      for (let m = eol.exec(text); m; m = eol.exec(text)) starts.push(m.index + m[0].length);
    } else {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    let o = Math.max(0, Math.min(offset, this.text.length));
    // Between the `\r` and `\n` of one line break is no LSP position: the editor puts it before the `\r`.
    if (o > 0 && this.text.charCodeAt(o - 1) === 13 && this.text.charCodeAt(o) === 10) o--;
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
