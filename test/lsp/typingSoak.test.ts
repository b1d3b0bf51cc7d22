/**
 * Typing soak over stdio: a session of small edits in a generated template
 * (digits typed and deleted, comment lines added inside resources, values
 * replaced), some awaited and some overtaken by the next edit, then the
 * diagnostics of the last version must be what a fresh server publishes for
 * the same text (a full lint); the model and its links (rdscope/topology)
 * must match as well. Exercises the incremental analysis, the links handed
 * over to moved copies and the workspace's kept link keys end to end (these
 * are also checked edit by edit in test/incremental/equivalence.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { cloudFormationYaml } from '../../bench/templates.mjs';
import { random } from '../incremental/support';
import { TestClient } from './client';
import { quickFixOf } from './parity';

/** What the user sees of a diagnostic, with the quick fix the session offers for it. */
async function seen(client: TestClient, uri: string, ds: Diagnostic[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const d of ds) {
    out.push({ code: d.code, range: d.range, message: d.message, severity: d.severity, related: d.relatedInformation, data: d.data, fix: await quickFixOf(client, uri, d) });
  }
  return out;
}

function positionAt(text: string, offset: number) {
  const line = text.slice(0, offset).split('\n').length - 1;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

describe('LSP: a typing session ends where a full lint of its text starts', () => {
  let session: TestClient;
  let fresh: TestClient;
  before(async () => { [session, fresh] = await Promise.all([TestClient.start(), TestClient.start()]); });
  after(async () => { await Promise.all([session.stop(), fresh.stop()]); });

  it('60 edits, two of every three awaited, the last five all', async () => {
    const uri = 'file:///virtual/typing.yaml';
    session.open(uri, cloudFormationYaml(40) as string);
    await session.waitForDiagnostics(uri, (d) => d.length > 0, 60_000);
    const rnd = random(7);
    for (let step = 0; step < 60; step++) {
      const text = session.texts.get(uri)!;
      const values = [...text.matchAll(/(?:AllocatedStorage|BackupRetentionPeriod): (\d+)/g)].map((m) => m.index! + m[0].length);
      const at = rnd.pick(values);
      const kind = rnd.int(4);
      let edit: { start: number; end: number; newText: string };
      if (kind === 0) edit = { start: at, end: at, newText: '5' };
      else if (kind === 1 && /\d\d$/.test(text.slice(at - 2, at))) edit = { start: at - 1, end: at, newText: '' };
      // A comment line inside the resource (after its value's line): every line below moves.
      else if (kind === 2) edit = { start: at, end: at, newText: '\n      # typed' };
      else edit = { start: at - 1, end: at, newText: rnd.pick(['0', '7', '1']) };
      session.edit(uri, [{ range: { start: positionAt(text, edit.start), end: positionAt(text, edit.end) }, newText: edit.newText }]);
      // The last edits each awaited: an overtaken edit is linted in full (its base was never linted), which
      // would re-link everything and hide what the incremental steps before it left.
      if (step % 3 !== 2 || step >= 55) await session.waitForDiagnostics(uri, () => true, 60_000);
    }
    const last = await session.waitForDiagnostics(uri, () => true, 60_000);
    fresh.open(uri, session.texts.get(uri)!);
    const full = await fresh.waitForDiagnostics(uri, (d) => d.length > 0, 60_000);
    assert.ok(full.length > 10, `${full.length} diagnostics`);
    assert.deepStrictEqual(await seen(session, uri, last), await seen(fresh, uri, full));
    // The model and its links (what hovers, code lenses and the diagram read) too.
    const [kept, linked] = await Promise.all([session, fresh].map((c) => c.request('rdscope/topology', { uri })));
    assert.deepStrictEqual(kept, linked);
  });
});
