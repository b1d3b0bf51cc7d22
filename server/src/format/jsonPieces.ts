/**
 * A report's JSON text, as `JSON.stringify(report, null, 2)` and a line
 * break would write it, in pieces: the items of its one long array are
 * made and written one at a time. 135,000 findings are ~220 MB of JSON;
 * made as one object tree and one string, they took the CLI past 1.3 GB.
 */

/** Characters gathered before a piece is handed on (one piece per item was a system call per finding). */
const PIECE_CHARS = 1 << 16;

/**
 * `head` is the report with its long array empty; the array is the last
 * value written (the last key of every object that holds it), so in the text
 * only closing brackets follow it. The pieces are the text of `head` with
 * `items` in that array.
 */
export function* prettyJsonPieces(head: unknown, items: Iterable<unknown>): Generator<string> {
  const text = JSON.stringify(head, null, 2);
  const at = text.lastIndexOf('[]');
  if (at < 0 || !/^[\s\]}]*$/.test(text.slice(at + 2))) throw new Error('prettyJsonPieces: the long array must be written last');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = /^ */.exec(text.slice(lineStart, at))![0];
  // An item's lines are indented two spaces deeper than the array's line. A line break in the text of a string is
  // escaped (\n), so every one JSON.stringify writes is between lines.
  const itemBreak = `\n${indent}  `;
  let piece = text.slice(0, at + 1);
  let first = true;
  for (const item of items) {
    piece += `${first ? '' : ','}${itemBreak}${JSON.stringify(item, null, 2).replaceAll('\n', itemBreak)}`;
    first = false;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}${first ? '' : `\n${indent}`}]${text.slice(at + 2)}\n`;
}
