/**
 * lsp/publishedDiagnostics.ts without a connection: the JSON a message writes
 * of itself is JSON.stringify's of the plain publishDiagnostics parameter
 * (the same bytes), for findings whose fixes edit another file, documents
 * with and without a version, and a configuration file's own problems; a kept
 * diagnostic is reused only while toDiagnostic would give it again. A
 * diagnostic's `data` names its finding only: its fix stays on the server.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { lintDocuments } from '../../server/src/lint';
import { toDiagnostic, type DocumentLookup } from '../../server/src/lsp/diagnostics';
import { DiagnosticMemory, DiagnosticsMessage } from '../../server/src/lsp/publishedDiagnostics';
import { ruleDocLinks } from '../../server/src/lsp/ruleDocLinks';
import { OWN_JSON, encodeMessage } from '../../server/src/lsp/stdioTransport';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { readFixture } from '../helpers';

const PRIMARY = 'file:///w/crossfile/primary.yaml';
const REPLICA = 'file:///w/crossfile/replica.yaml';

function lint(primaryText: string, replicaText: string) {
  return lintDocuments([{ uri: PRIMARY, text: primaryText }, { uri: REPLICA, text: replicaText }]);
}

function lookupOf(texts: ReadonlyMap<string, string>, versions: ReadonlyMap<string, number | null>): DocumentLookup {
  const indexes = new Map([...texts].map(([uri, text]) => [uri, new LineIndex(text)]));
  return { lineIndexOf: (f) => indexes.get(f), versionOf: (f) => versions.get(f) ?? null };
}

/** What the server sent before it kept anything: every finding converted, the parameter JSON.stringify'd. */
function plainJson(uri: string, version: number | null, extra: Diagnostic[], findings: Parameters<typeof toDiagnostic>[0][], lookup: DocumentLookup, docLink = ruleDocLinks({ commandLinks: true })): string {
  return JSON.stringify({ uri, ...(version !== null ? { version } : {}), diagnostics: [...extra, ...findings.map((f) => toDiagnostic(f, lookup, docLink))] });
}

describe('DiagnosticsMessage: its own JSON is the plain parameter\'s', () => {
  const primaryText = readFixture('lsp', 'crossfile', 'primary.yaml');
  const replicaText = readFixture('lsp', 'crossfile', 'replica.yaml');
  const result = lint(primaryText, replicaText);
  const texts = new Map([[PRIMARY, primaryText], [REPLICA, replicaText]]);
  const docLink = ruleDocLinks({ commandLinks: true });
  const extra: Diagnostic[] = [{ range: { start: { line: 2, character: 1 }, end: { line: 2, character: 1 } }, severity: 1, source: 'rdscope', message: 'a "quoted" problem' }];

  for (const [name, versions] of [
    ['open documents', new Map([[PRIMARY, 7], [REPLICA, 12]])],
    ['files read from disk (no version)', new Map<string, number | null>()],
    ['one open, one from disk', new Map([[REPLICA, 3]])],
  ] as const) {
    it(name, () => {
      const lookup = lookupOf(texts, versions);
      const memory = new DiagnosticMemory(docLink);
      for (const uri of [PRIMARY, REPLICA]) {
        const findings = result.findings.filter((f) => f.file === uri);
        assert.ok(findings.length > 0);
        for (const more of [[], extra]) {
          const message = new DiagnosticsMessage(uri, lookup.versionOf(uri), more, memory.encode(uri, findings, lookup));
          const expected = plainJson(uri, lookup.versionOf(uri), more, findings, lookup, docLink);
          assert.equal(message[OWN_JSON]().toString('utf8'), expected);
          assert.equal(JSON.stringify(message), expected, 'through toJSON (IPC)');
          const framed = encodeMessage({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: message } as never).toString('utf8');
          assert.equal(framed, JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: JSON.parse(expected) }));
        }
      }
      // RDS103's fix edits the primary; its diagnostic names the finding, not the fix (or any version).
      const rds103 = result.findings.find((f) => f.ruleId === 'RDS103')!;
      assert.ok(rds103.fix!.edits.some((e) => e.file === PRIMARY));
      assert.deepEqual(toDiagnostic(rds103, lookup, docLink).data, { ruleId: 'RDS103', resource: rds103.resource });
    });
  }

  it('no findings: the extra diagnostics alone, or nothing', () => {
    const lookup = lookupOf(texts, new Map([[PRIMARY, 2]]));
    const memory = new DiagnosticMemory(docLink);
    for (const more of [[], extra]) {
      const message = new DiagnosticsMessage(PRIMARY, 2, more, memory.encode(PRIMARY, [], lookup));
      assert.equal(message[OWN_JSON]().toString('utf8'), plainJson(PRIMARY, 2, more, [], lookup, docLink));
    }
  });

  it('a kept diagnostic: reused while its positions hold, converted again when lines above it moved', () => {
    const findings = result.findings.filter((f) => f.file === PRIMARY);
    const memory = new DiagnosticMemory(docLink);
    const first = memory.encode(PRIMARY, findings, lookupOf(texts, new Map([[PRIMARY, 1]])));
    // A character replaced on the last line: nothing moves.
    const same = primaryText.replace(/true\n$/, 'tru_\n');
    const again = memory.encode(PRIMARY, findings, lookupOf(new Map([[PRIMARY, same], [REPLICA, replicaText]]), new Map([[PRIMARY, 2]])));
    assert.deepEqual(again.list.map((e, i) => e === first.list[i]), findings.map(() => true));
    // The same findings (same offsets) in a text whose first line break became a space: every line is one up.
    const joined = primaryText.replace('\n', ' ');
    const joinedLookup = lookupOf(new Map([[PRIMARY, joined], [REPLICA, replicaText]]), new Map([[PRIMARY, 3]]));
    const moved = memory.encode(PRIMARY, findings, joinedLookup);
    assert.ok(moved.list.every((e, i) => e !== first.list[i]), 'converted again');
    const message = new DiagnosticsMessage(PRIMARY, 3, [], moved);
    assert.equal(message[OWN_JSON]().toString('utf8'), plainJson(PRIMARY, 3, [], findings, joinedLookup, docLink));
    // A line ending that becomes \r\n right before a position: the character count there changes.
    const crlf = primaryText.replace(/\n(?=Resources:)/, '\r\n');
    const crlfLookup = lookupOf(new Map([[PRIMARY, crlf], [REPLICA, replicaText]]), new Map([[PRIMARY, 4]]));
    const afterCrlf = new DiagnosticsMessage(PRIMARY, 4, [], memory.encode(PRIMARY, findings, crlfLookup));
    assert.equal(afterCrlf[OWN_JSON]().toString('utf8'), plainJson(PRIMARY, 4, [], findings, crlfLookup, docLink));
  });

  it('the same diagnostics again: the same message; another version or text: not', () => {
    const findings = result.findings.filter((f) => f.file === REPLICA);
    const memory = new DiagnosticMemory(docLink);
    const lookup = lookupOf(texts, new Map([[PRIMARY, 1], [REPLICA, 1]]));
    const make = (l: DocumentLookup, version: number) => new DiagnosticsMessage(REPLICA, version, [], memory.encode(REPLICA, findings, l));
    const a = make(lookup, 1);
    assert.ok(make(lookup, 1).sameAs(a));
    // A lint of equal findings (new objects): equal JSON, the same message.
    const relinted = lint(primaryText, replicaText).findings.filter((f) => f.file === REPLICA);
    assert.ok(new DiagnosticsMessage(REPLICA, 1, [], memory.encode(REPLICA, relinted, lookup)).sameAs(a));
    assert.ok(!make(lookup, 2).sameAs(a), 'another version of the document');
    // The primary (which the replica's fix edits) at another version: the replica's diagnostics say the same.
    const primaryEdited = lookupOf(texts, new Map([[PRIMARY, 5], [REPLICA, 1]]));
    assert.ok(make(primaryEdited, 1).sameAs(a), 'no version of another document in them');
  });
});
