/**
 * The language server's per-keystroke shortcuts give what a full lint gives,
 * over stdio on real files:
 * - a re-analyzed document keeps its link keys (which files it links with)
 *   only while the edited resource names the same identifiers: renaming a
 *   source to its replica's source links them, renaming it away unlinks them;
 * - the debounce the server reads from RDSCOPE_DEBOUNCE_MS.
 */
import assert from 'node:assert/strict';
import { describe, it, after, before } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { debounceFrom } from '../../server/src/lsp/scheduler';
import { fixture, readFixture } from '../helpers';
import { TestClient, toUri } from './client';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();
const has = (id: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === id);
const lacks = (id: string) => (ds: Diagnostic[]) => !ds.some((d) => d.code === id);

/** The LSP range of the first `what` in `text`. */
function rangeOf(text: string, what: string) {
  const at = text.indexOf(what);
  assert.ok(at >= 0, `${what} is in the text`);
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - (text.lastIndexOf('\n', at - 1) + 1);
  return { start: { line, character }, end: { line, character: character + what.length } };
}

describe('LSP: edits inside a resource keep cross-file links right', () => {
  let client: TestClient;
  const primary = toUri(fixture('lsp', 'crossfile', 'primary.yaml'));
  const replica = toUri(fixture('lsp', 'crossfile', 'replica.yaml'));
  before(async () => { client = await TestClient.start(); });
  after(async () => { await client.stop(); });

  it('renaming the source in its body links the replica in the other template; renaming it away unlinks it', async () => {
    client.open(replica, readFixture('lsp', 'crossfile', 'replica.yaml'));
    // Opened under another name: the two files do not link (no key in common).
    client.open(primary, readFixture('lsp', 'crossfile', 'primary.yaml').replace('shop-primary', 'shop-primarx'));
    assert.deepEqual(codes(await client.waitForDiagnostics(primary, (d) => d.length > 0)), ['RDS101', 'RDS106']);
    assert.deepEqual(codes(await client.waitForDiagnostics(replica)), []);

    // One character of the identifier (below the logical id: the incremental path). The source keeps
    // no backups, so its replica in the other file gets RDS103.
    client.edit(primary, [{ range: rangeOf(client.texts.get(primary)!, 'primarx\n'), newText: 'primary\n' }]);
    assert.deepEqual(codes(await client.waitForDiagnostics(primary, has('RDS104'))), ['RDS101', 'RDS104', 'RDS106']);
    await client.waitForDiagnostics(replica, has('RDS103'));

    client.edit(primary, [{ range: rangeOf(client.texts.get(primary)!, 'primary\n'), newText: 'primarx\n' }]);
    assert.deepEqual(codes(await client.waitForDiagnostics(primary, lacks('RDS104'))), ['RDS101', 'RDS106']);
    assert.deepEqual(codes(await client.waitForDiagnostics(replica, lacks('RDS103'))), []);

    client.edit(primary, [{ range: rangeOf(client.texts.get(primary)!, 'primarx\n'), newText: 'primary\n' }]);
    await client.waitForDiagnostics(replica, has('RDS103'));

    // A value the linker does not read (the keys stay): the replica follows the source's retention.
    client.edit(primary, [{ range: rangeOf(client.texts.get(primary)!, 'BackupRetentionPeriod: 0'), newText: 'BackupRetentionPeriod: 7' }]);
    assert.deepEqual(codes(await client.waitForDiagnostics(primary, lacks('RDS101'))), ['RDS106']);
    assert.deepEqual(codes(await client.waitForDiagnostics(replica, lacks('RDS103'))), []);
  });
});

describe('RDSCOPE_DEBOUNCE_MS', () => {
  it('sets the debounce in milliseconds; anything else is the 150 ms default', () => {
    assert.equal(debounceFrom('0'), 0);
    assert.equal(debounceFrom('40'), 40);
    for (const bad of [undefined, '', ' ', '-1', '1.5', 'fast', '1e9']) assert.equal(debounceFrom(bad), 150, String(bad));
  });
});
