/**
 * The server keeps each finding's diagnostic and JSON and sends them again
 * while the finding is the same object at the same positions
 * (lsp/publishedDiagnostics.ts). These sessions make edits that change what a
 * kept diagnostic must say without touching its resource: lines above it
 * joined with no offset moving, a replica moved to another primary, a file
 * linked to the edited one. After each edit the published diagnostics must be
 * what a fresh server publishes for the same texts, over stdio (the server
 * writes the kept bytes) and over IPC (as VS Code starts it); and the quick
 * fixes offered for them must be a fresh server's, made for the documents'
 * current versions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { readFixture } from '../helpers';
import { TestClient } from './client';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  PrimaryA:
    Type: AWS::RDS::DBInstance
    Properties:
      # the first comment
      # the second comment
      Engine: mysql
      DBInstanceClass: db.r6g.large
      AllocatedStorage: 100
      BackupRetentionPeriod: 7
      MasterUsername: admin
      ManageMasterUserPassword: true
  ReplicaA1:
    Type: AWS::RDS::DBInstance
    Properties:
      SourceDBInstanceIdentifier: !Ref PrimaryA
      DBInstanceClass: db.r6g.large
  PrimaryB:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.r6g.large
      AllocatedStorage: 100
      BackupRetentionPeriod: 0
      MasterUsername: admin
      ManageMasterUserPassword: true
  ReplicaB1:
    Type: AWS::RDS::DBInstance
    Properties:
      SourceDBInstanceIdentifier: !Ref PrimaryB
      DBInstanceClass: db.r6g.large
  Other:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.r6g.large
      AllocatedStorage: 100
      MasterUsername: admin
      ManageMasterUserPassword: true
`;

/**
 * TEMPLATE with Other between PrimaryB and its replica: typing in Other moves
 * ReplicaB1's RDS103 but not its related location and fix (in PrimaryB,
 * above), and PrimaryB's RDS104 not but its related location (in ReplicaB1).
 */
const TYPING = TEMPLATE.replace(/  ReplicaB1:\n(?:    .*\n)+/, '').replace(/(  Other:\n(?:    .*\n)+)/, `$1${/  ReplicaB1:\n(?:    .*\n)+/.exec(TEMPLATE)![0]}`);

function positionAt(text: string, offset: number) {
  const line = text.slice(0, offset).split('\n').length - 1;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

/** Replaces `from` (found after `after`) with `to`, as one incremental change. */
function replace(client: TestClient, uri: string, after: string, from: string, to: string): void {
  const text = client.texts.get(uri)!;
  const at = text.indexOf(from, text.indexOf(after));
  assert.ok(at >= 0 && text.indexOf(after) >= 0, `${from} after ${after}`);
  client.edit(uri, [{ range: { start: positionAt(text, at), end: positionAt(text, at + from.length) }, newText: to }]);
}

/** The diagnostics as JSON, with `fresh`'s URIs named as the session's. */
function asSession(ds: Diagnostic[], uris: ReadonlyMap<string, string>): unknown {
  let json = JSON.stringify(ds);
  for (const [fresh, session] of uris) json = json.split(fresh).join(session);
  return JSON.parse(json);
}

let freshRound = 0;

/** What a server that never saw the session publishes for the same texts (a full lint), under the session's URIs. */
async function freshDiagnostics(texts: ReadonlyMap<string, string>): Promise<Map<string, unknown>> {
  const fresh = await TestClient.start();
  try {
    freshRound++;
    const uris = new Map<string, string>();
    for (const uri of texts.keys()) uris.set(uri.replace('/session/', `/fresh${freshRound}/`), uri);
    for (const [freshUri, uri] of uris) fresh.open(freshUri, texts.get(uri)!);
    await fresh.request('rdscope/topology', {});
    const out = new Map<string, unknown>();
    for (const [freshUri, uri] of uris) {
      const ds = await fresh.waitForDiagnostics(freshUri, () => true, 60_000);
      out.set(uri, asSession(ds, uris));
    }
    return out;
  } finally {
    await fresh.stop();
  }
}

/** What a fresh server offers for one text: the quick fixes of the diagnostic with `code` about `resource`, and fix-all. */
async function freshFixes(text: string, code: string, resource: string): Promise<{ quick: unknown; all: unknown }> {
  const fresh = await TestClient.start();
  try {
    const uri = `file:///fresh${++freshRound}/typing.yaml`;
    fresh.open(uri, text);
    const ds = await fresh.waitForDiagnostics(uri, () => true, 60_000);
    const d = ds.find((x) => x.code === code && (x.data as { resource?: string }).resource === resource);
    assert.ok(d, `${code} on ${resource} in the fresh server`);
    const quick = await fresh.codeActions(uri, [d]);
    const all = await fresh.request('rdscope/fixAll', { uri });
    return { quick: editsOf(quick, uri), all: editsOf(all, uri) };
  } finally {
    await fresh.stop();
  }
}

/** Code actions or a workspace edit, with the document's URI and versions left out (the session's are not the fresh server's). */
function editsOf(value: unknown, uri: string): unknown {
  return JSON.parse(JSON.stringify(value ?? null, (key, v) => (key === 'version' || key === 'versions' ? undefined : v)).split(uri).join('URI'));
}

/** The version each document edited by the quick fix offered for `d` is named with (documentChanges). */
async function fixVersions(session: TestClient, uri: string, d: Diagnostic): Promise<Record<string, unknown>> {
  const [fix] = await session.codeActions(uri, [d], { only: ['quickfix'] });
  assert.ok(fix?.edit?.documentChanges, 'a quick fix with versioned edits');
  return Object.fromEntries(fix.edit.documentChanges.flatMap((c) => ('textDocument' in c ? [[c.textDocument.uri, c.textDocument.version]] : [])));
}

for (const transport of ['stdio', 'ipc'] as const) {
  describe(`LSP (${transport}): kept diagnostics follow edits made elsewhere`, () => {
    let session: TestClient;
    before(async () => { session = await TestClient.start({ transport }); });
    after(async () => { await session.stop(); });

    /** After an edit: each document's last diagnostics are for its version and equal a fresh server's. */
    async function assertCurrent(uris: readonly string[], step: string): Promise<Map<string, Diagnostic[]>> {
      const published = new Map<string, Diagnostic[]>();
      for (const uri of uris) published.set(uri, await session.waitForDiagnostics(uri, () => true, 60_000));
      await session.request('rdscope/topology', {});
      for (const uri of uris) published.set(uri, session.diagnostics.get(uri)!.diagnostics);
      const texts = new Map(uris.map((u) => [u, session.texts.get(u)!]));
      const expected = await freshDiagnostics(texts);
      for (const uri of uris) {
        const ds = published.get(uri)!;
        assert.deepEqual(ds, expected.get(uri), `${step}: ${uri}`);
      }
      return published;
    }

    it('lines joined and split above kept findings, a replica moved between primaries', async () => {
      const uri = `file:///session/${transport}/template.yaml`;
      session.open(uri, TEMPLATE);
      const opened = await assertCurrent([uri], 'opened');
      assert.ok(opened.get(uri)!.length >= 5, `${opened.get(uri)!.length} diagnostics`);
      const rds104 = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'RDS104').map((d) => d.range.start.line);

      // A first edit: the server's lint from now on continues from the previous one, keeping the findings it can.
      replace(session, uri, 'Other:', 'AllocatedStorage: 100', 'AllocatedStorage: 105');
      await assertCurrent([uri], 'first edit');

      // The two comment lines become one, with no offset moving: every finding below is on the line above now.
      replace(session, uri, 'the first comment', '\n', ' ');
      const joined = await assertCurrent([uri], 'joined');
      assert.deepEqual(rds104(joined.get(uri)!).map((l) => l + 1), rds104(opened.get(uri)!), 'the kept RDS104 moved up a line');

      // Typing: a comment line typed inside PrimaryA moves every finding below it (new objects, one line down).
      replace(session, uri, 'the first comment', '# the second comment', '# the second comment\n      # typed');
      const typed = await assertCurrent([uri], 'typed a line');
      assert.deepEqual(rds104(typed.get(uri)!), rds104(joined.get(uri)!).map((l) => l + 1), 'the moved RDS104 is a line down');
      replace(session, uri, 'the first comment', '\n      # typed', '');
      await assertCurrent([uri], 'deleted the line');

      // ReplicaA1 now replicates PrimaryB (backups off): PrimaryB's findings change though PrimaryB was not edited.
      replace(session, uri, 'ReplicaA1:', '!Ref PrimaryA', '!Ref PrimaryB');
      const moved = await assertCurrent([uri], 'replica moved');
      assert.notDeepEqual(moved.get(uri)!.map((d) => d.message).sort(), joined.get(uri)!.map((d) => d.message).sort());

      replace(session, uri, 'the first comment', ' # the second', '\n      # the second');
      await assertCurrent([uri], 'split again');
      replace(session, uri, 'ReplicaA1:', '!Ref PrimaryB', '!Ref PrimaryA');
      await assertCurrent([uri], 'replica back');
      replace(session, uri, 'Other:', 'AllocatedStorage: 105', 'AllocatedStorage: 100');
      const back2 = await assertCurrent([uri], 'text as opened');
      assert.deepEqual(back2.get(uri), opened.get(uri), 'back where it started');
    });

    it('typing moves kept findings: diagnostics, quick fixes and fix-all read the moved ones as a fresh server does', async () => {
      const uri = `file:///session/${transport}/typing.yaml`;
      session.open(uri, TYPING);
      const opened = await assertCurrent([uri], 'opened');
      const rds103 = (ds: Diagnostic[]) => ds.find((d) => d.code === 'RDS103')!;
      assert.ok(rds103(opened.get(uri)!).relatedInformation?.length, 'RDS103 names the primary');
      assert.ok(rds103(opened.get(uri)!).range.start.line > rds103(opened.get(uri)!).relatedInformation![0].location.range.start.line, 'RDS103 below its primary');
      /** Edits made one after the other (each: after what, what, by what), then the diagnostics checked. */
      const step = (label: string, ...edits: [string, string, string][]) => {
        for (const [after, from, to] of edits) replace(session, uri, after, from, to);
        return assertCurrent([uri], label);
      };
      // The lint continues from the previous one from the second edit on.
      await step('first edit', ['PrimaryA:', 'AllocatedStorage: 100', 'AllocatedStorage: 105']);

      // A digit typed in Other and deleted: ReplicaB1's RDS103 moves along the line, its related location and fix stay.
      await step('typed a digit', ['Other:', 'AllocatedStorage: 100', 'AllocatedStorage: 1500']);
      await step('deleted the digit', ['Other:', 'AllocatedStorage: 1500', 'AllocatedStorage: 100']);
      // On the line right above ReplicaB1, then three keystrokes without waiting (passes cancelled, publishes skipped).
      await step('typed above the replica', ['Other:', 'ManageMasterUserPassword: true', 'ManageMasterUserPassword: true #']);
      await step('typed fast', ['Other:', 'true #', 'true # a'], ['Other:', 'true # a', 'true # ab'], ['Other:', 'true # ab', 'true # abc']);
      // A line break typed and deleted: every finding below moves a line, the ones above stay.
      const lineAdded = await step('newline typed', ['Other:', 'Engine: postgres', 'Engine: postgres\n      # typed']);
      assert.equal(rds103(lineAdded.get(uri)!).range.start.line, rds103(opened.get(uri)!).range.start.line + 1, 'RDS103 a line down');
      await step('newline deleted', ['Other:', '\n      # typed', '']);
      // A line break typed in PrimaryA, above everything kept: then typing below it, then the line break deleted.
      await step('line break above all', ['PrimaryA:', 'Engine: mysql', 'Engine: mysql\n']);
      await step('typed below the line break', ['Other:', 'AllocatedStorage: 100', 'AllocatedStorage: 1009']);
      await step('line break deleted', ['PrimaryA:', 'Engine: mysql\n\n', 'Engine: mysql\n'], ['Other:', 'AllocatedStorage: 1009', 'AllocatedStorage: 100']);
      const typed = await step('comment deleted', ['Other:', 'true # abc', 'true']);

      // A quick fix of the moved finding, from its current diagnostic and from the one published when the document
      // was opened (the server reads the moved finding's edits either way), and fix-all: what a fresh server offers.
      const checkFixes = async (published: Diagnostic[], step: string) => {
        const expected = await freshFixes(session.texts.get(uri)!, 'RDS103', 'ReplicaB1');
        const quick = await session.codeActions(uri, [rds103(published)]);
        assert.deepEqual(editsOf(quick, uri), expected.quick, `${step}: quick fix of the current diagnostic`);
        const stale = rds103(opened.get(uri)!);
        assert.deepEqual(editsOf(await session.codeActions(uri, [stale]), uri), expected.quick, `${step}: quick fix of a diagnostic published versions ago`);
        assert.deepEqual(editsOf(await session.request('rdscope/fixAll', { uri }), uri), expected.all, `${step}: fix-all`);
      };
      await checkFixes(typed.get(uri)!, 'typed below the fix');
      // Typed in PrimaryA: everything of PrimaryB and its replica moves, the fix edits too.
      await checkFixes((await step('typed above the fix', ['PrimaryA:', 'AllocatedStorage: 105', 'AllocatedStorage: 1055'])).get(uri)!, 'typed above the fix');
      await assertCurrent([uri], 'after fix-all (tried texts, put back)');
    });

    it('a file linked to the edited one: republished when its diagnostics change, not when they do not', async () => {
      const primary = `file:///session/${transport}/crossfile/primary.yaml`;
      const replica = `file:///session/${transport}/crossfile/replica.yaml`;
      session.open(primary, readFixture('lsp', 'crossfile', 'primary.yaml'));
      session.open(replica, readFixture('lsp', 'crossfile', 'replica.yaml'));
      const opened = await assertCurrent([primary, replica], 'opened');
      assert.ok(opened.get(primary)!.some((d) => d.code === 'RDS104'), 'the primary has a replica in the other file');
      // RDS103's fix sets the source's retention: the replica's quick fix edits the primary, at its version.
      const replicaRds103 = (ds: Diagnostic[]) => ds.find((d) => d.code === 'RDS103')!;
      assert.deepEqual(await fixVersions(session, replica, replicaRds103(opened.get(replica)!)), { [primary]: session.version(primary) }, 'a fix editing the other file');

      // A change to the replica that the primary's findings do not depend on: the primary is not published again.
      const publishesOfPrimary = () => session.publishes.filter((p) => p.uri === primary).length;
      const before = publishesOfPrimary();
      const statuses = session.statuses.length;
      replace(session, replica, 'DBInstanceClass', 'db.r6g.large', 'db.r6g.xlarg');
      await session.waitForDiagnostics(replica, () => true, 60_000);
      await session.waitFor('the lint pass to end', () => session.statuses.slice(statuses).some((s) => s.state === 'ready'), 60_000);
      assert.equal(publishesOfPrimary(), before, 'nothing changed for the primary: not published again');
      await assertCurrent([primary, replica], 'replica class');

      // The replica now names another source: the primary's RDS104 goes, though the primary was not edited.
      replace(session, replica, 'SourceDBInstanceIdentifier', 'shop-primary', 'shop-primarx');
      const unlinked = await assertCurrent([primary, replica], 'unlinked');
      assert.ok(!unlinked.get(primary)!.some((d) => d.code === 'RDS104'));

      // Linked again, then the primary edited: the replica's fix now names the primary's new version.
      replace(session, replica, 'SourceDBInstanceIdentifier', 'shop-primarx', 'shop-primary');
      await assertCurrent([primary, replica], 'linked again');
      replace(session, primary, 'AllocatedStorage', '100', '200');
      const edited = await assertCurrent([primary, replica], 'primary edited');
      assert.deepEqual(await fixVersions(session, replica, replicaRds103(edited.get(replica)!)), { [primary]: session.version(primary) }, 'the primary\'s new version');
    });
  });
}
