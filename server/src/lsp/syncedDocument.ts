/**
 * The editor's copy of an open document, kept by vscode-languageserver's
 * TextDocuments manager (server.ts) in place of
 * vscode-languageserver-textdocument's TextDocument: the same contract
 * (getText, positionAt, offsetAt, lineCount), with rdscope's LineIndex.
 *
 * Why: on every keystroke that TextDocument moved the start of every later
 * line in a plain array (170,000 lines in a 5 MB template: ~4 ms, and ~30 ms
 * to index the text at the first keystroke), beside the LineIndex the
 * analysis keeps anyway. It also hands over only the new text, so the
 * analysis had to find the edit again by comparing 5 MB. A SyncedDocument
 * remembers the one edit that made it (`lastChange`), which the incremental
 * analysis takes as given (it checks it: incremental/change.ts plausibleChange),
 * and its LineIndex is the analysis's own: the text is indexed once.
 */
import type { Position, Range, TextDocumentContentChangeEvent, TextDocuments } from 'vscode-languageserver';
import type { TextChange } from '../incremental/change';
import { LineIndex } from '../parse/lineIndex';

export class SyncedDocument {
  private constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    private readonly text: string,
    /** The index of its text, which the analysis of the same text takes as its own. */
    readonly lineIndex: LineIndex,
    /** The one edit that turned `before` into this text; undefined when it came whole or from several edits. */
    readonly lastChange: { readonly before: string; readonly change: TextChange } | undefined,
  ) {}

  static create(uri: string, languageId: string, version: number, content: string): SyncedDocument {
    return new SyncedDocument(uri, languageId, version, content, new LineIndex(content), undefined);
  }

  /** The document after `changes`, applied in order (LSP: each range is in the text the changes before it made). */
  static update(doc: SyncedDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): SyncedDocument {
    let { text, lineIndex: index } = doc;
    let change: TextChange | undefined;
    for (const c of changes) {
      if (!('range' in c) || c.range === undefined) {
        text = c.text;
        index = new LineIndex(text);
        change = undefined;
        continue;
      }
      const [start, end] = ordered(index, c.range);
      const next = text.slice(0, start) + c.text + text.slice(end);
      const one: TextChange = { rangeOffset: start, rangeLength: end - start, text: c.text };
      index = LineIndex.afterChange(index, next, one);
      text = next;
      change = changes.length === 1 ? one : undefined;
    }
    return new SyncedDocument(doc.uri, doc.languageId, version, text, index, change && { before: doc.text, change });
  }

  getText(range?: Range): string {
    if (!range) return this.text;
    const [start, end] = ordered(this.lineIndex, range);
    return this.text.slice(start, end);
  }

  positionAt(offset: number): Position {
    return this.lineIndex.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.lineIndex.offsetAt(position);
  }

  get lineCount(): number {
    return this.lineIndex.lineCount;
  }
}

/** A range's offsets, start first (an editor may send it reversed, which TextDocument accepts too). */
function ordered(index: LineIndex, range: Range): [number, number] {
  const a = index.offsetAt(range.start);
  const b = index.offsetAt(range.end);
  return a <= b ? [a, b] : [b, a];
}

/** For `new TextDocuments(SYNCED_DOCUMENTS)`. */
export const SYNCED_DOCUMENTS: ConstructorParameters<typeof TextDocuments<SyncedDocument>>[0] = {
  create: SyncedDocument.create,
  update: SyncedDocument.update,
};
