/**
 * The server keeps open documents as SyncedDocuments (lsp/syncedDocument.ts)
 * in place of vscode-languageserver-textdocument's TextDocument: after any
 * sequence of editor changes both hold the same text and convert positions
 * the same way, and the one edit a SyncedDocument remembers turns the text
 * before into its text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SyncedDocument } from '../../server/src/lsp/syncedDocument';

const UNITS = ['a', 'é', '😀', ' ', '\n', '\r', '\r\n', '\t', ':'];
const textOf = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 40 });
/** A position, often off the text (past a line's end, past the last line): both must clamp it alike. */
const position = fc.record({ line: fc.integer({ min: 0, max: 12 }), character: fc.integer({ min: 0, max: 15 }) });
const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text: textOf }) },
  { weight: 1, arbitrary: fc.record({ text: textOf }) },
);

function assertSame(mine: SyncedDocument, theirs: TextDocument, context: string): void {
  const text = theirs.getText();
  assert.equal(mine.getText(), text, `${context}: text`);
  assert.equal(mine.lineCount, theirs.lineCount, `${context}: line count`);
  assert.equal(mine.version, theirs.version, `${context}: version`);
  for (let offset = -1; offset <= text.length + 1; offset++) assert.deepEqual(mine.positionAt(offset), theirs.positionAt(offset), `${context}: positionAt(${offset})`);
  for (let line = 0; line <= theirs.lineCount; line++) {
    for (let character = 0; character <= 6; character++) {
      assert.equal(mine.offsetAt({ line, character }), theirs.offsetAt({ line, character }), `${context}: offsetAt(${line}:${character})`);
    }
  }
}

function onExistingLines(changes: readonly TextDocumentContentChangeEvent[], doc: TextDocument): TextDocumentContentChangeEvent[] {
  let lines = doc.lineCount;
  return changes.map((c) => {
    if (!('range' in c)) { lines = c.text.split(/\r\n|\r|\n/).length; return c; }
    const at = (p: { line: number; character: number }) => ({ line: Math.min(p.line, lines - 1), character: p.character });
    const range = { start: at(c.range.start), end: at(c.range.end) };
    // Later changes of the same notification: their lines are counted on a text that grows or shrinks; stay on the first lines.
    lines = Math.max(1, Math.min(lines, Math.min(range.start.line, range.end.line) + 1));
    return { range, text: c.text };
  });
}

describe('SyncedDocument keeps the text as the editor does', () => {
  it('equals vscode-languageserver-textdocument after any changes (several per notification, reversed ranges, \\r\\n, surrogate pairs)', () => {
    fc.assert(fc.property(textOf, fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), (initial, notifications) => {
      let mine = SyncedDocument.create('file:///t.yaml', 'yaml', 1, initial);
      let theirs = TextDocument.create('file:///t.yaml', 'yaml', 1, initial);
      assertSame(mine, theirs, 'opened');
      notifications.forEach((sent, i) => {
        const before = mine.getText();
        // Editors send lines that exist: the library's own line bookkeeping goes wrong for a range past the last line
        // (an empty text and a range at line 6 gives it 8 lines), so ranged changes keep to the document's lines.
        const changes = onExistingLines(sent, theirs);
        mine = SyncedDocument.update(mine, changes, i + 2);
        theirs = TextDocument.update(theirs, changes, i + 2);
        assertSame(mine, theirs, `after notification ${i + 1}`);
        // The remembered edit, when there is one, is exactly the change: one ranged change per notification.
        const last = mine.lastChange;
        if (changes.length === 1 && 'range' in changes[0]) {
          assert.ok(last, 'one ranged change is remembered');
          assert.equal(last.before, before);
          const { rangeOffset, rangeLength, text } = last.change;
          assert.equal(before.slice(0, rangeOffset) + text + before.slice(rangeOffset + rangeLength), mine.getText());
        } else {
          assert.equal(last, undefined, 'several changes, or a whole text, are not one edit');
        }
      });
    }), { numRuns: 400 });
  });

  it('getText(range) reads the same span', () => {
    fc.assert(fc.property(textOf, position, position, (t, a, b) => {
      const mine = SyncedDocument.create('file:///t.yaml', 'yaml', 1, t);
      const theirs = TextDocument.create('file:///t.yaml', 'yaml', 1, t);
      assert.equal(mine.getText({ start: a, end: b }), theirs.getText({ start: a, end: b }));
    }), { numRuns: 300 });
  });
});
