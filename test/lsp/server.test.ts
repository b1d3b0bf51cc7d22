/**
 * The language server over stdio, as an editor drives it: initialize, open,
 * diagnostics, code actions (applied, and the finding gone), hovers, bad
 * input. Spawns dist/server.js: build first (`node esbuild.mjs`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol/node';
import { join } from 'node:path';
import { readFixture, fixture, REPO_ROOT } from '../helpers';
import { TestClient, toUri } from './client';

const ORDERS = fixture('lsp', 'orders.yaml');
const ORDERS_URI = toUri(ORDERS);
const byRule = (ds: Diagnostic[], id: string) => ds.filter((d) => d.code === id);
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

describe('LSP: initialize', () => {
  it('advertises incremental sync, hovers, quick fixes and source.fixAll.rdscope', async () => {
    const client = await TestClient.start();
    try {
      const caps = client.initializeResult.capabilities;
      assert.equal(typeof caps.textDocumentSync === 'object' && caps.textDocumentSync.change, 2);
      assert.equal(caps.hoverProvider, true);
      const kinds = typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds : [];
      assert.deepEqual(kinds, ['quickfix', 'source.fixAll.rdscope']);
      assert.equal(client.initializeResult.serverInfo?.name, 'rdscope');
    } finally {
      await client.stop();
    }
  });

  for (const mode of ['without configuration support', 'with a client that answers null'] as const) {
    it(`lints ${mode}`, async () => {
      const client = await TestClient.start({ configuration: mode === 'with a client that answers null' });
      try {
        client.open(ORDERS_URI, readFixture('lsp', 'orders.yaml'));
        const ds = await client.waitForDiagnostics(ORDERS_URI, (d) => d.length > 0);
        assert.deepEqual(codes(ds), ['RDS101', 'RDS103', 'RDS104', 'RDS106', 'RDS201']);
        if (mode === 'with a client that answers null') assert.ok(client.configurationRequests.length > 0, 'the server asked for its settings');
        else assert.equal(client.configurationRequests.length, 0, 'no workspace/configuration without the capability');
      } finally {
        await client.stop();
      }
    });
  }
});

describe('LSP: diagnostics, code actions, hovers', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start(); });
  after(async () => { await client.stop(); });

  it('publishes diagnostics with code, doc link, source, severity, related information and data', async () => {
    client.open(ORDERS_URI, readFixture('lsp', 'orders.yaml'));
    const ds = await client.waitForDiagnostics(ORDERS_URI, (d) => d.length > 0);
    const rds103 = byRule(ds, 'RDS103')[0];
    assert.equal(rds103.source, 'rdscope');
    assert.equal(rds103.severity, 1, 'error');
    assert.equal(rds103.codeDescription?.href, toUri(join(REPO_ROOT, 'docs', 'rules', 'RDS103.md')), 'the page shipped beside the server');
    // The replica's SourceDBInstanceIdentifier line (0-based 18).
    assert.equal(rds103.range.start.line, 18);
    assert.equal(rds103.relatedInformation?.length, 1, 'points at the source retention');
    assert.equal(rds103.relatedInformation![0].location.uri, ORDERS_URI);
    assert.equal(rds103.relatedInformation![0].location.range.start.line, 11);
    // `data` names the finding; its fix stays on the server (a quick fix asks for it).
    assert.deepEqual(rds103.data, { ruleId: 'RDS103', resource: 'OrdersReplica' });
    const [fix] = await client.codeActions(ORDERS_URI, [rds103], { only: ['quickfix'] });
    assert.match(fix.title, /BackupRetentionPeriod: 7 on Orders/);
    assert.equal(byRule(ds, 'RDS201')[0].severity, 2, 'warning');
    assert.equal(byRule(ds, 'RDS106')[0].severity, 3, 'info');
  });

  it('offers a quick fix and a suppression; applying the fix makes the finding disappear', async () => {
    const ds = await client.waitForDiagnostics(ORDERS_URI, (d) => d.length > 0);
    const rds201 = byRule(ds, 'RDS201')[0];
    const actions = await client.codeActions(ORDERS_URI, [rds201]);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [
      ['Set MultiAZ: true', 'quickfix'],
      ['Suppress RDS201 for Orders', 'quickfix'],
    ]);
    assert.equal(actions[0].isPreferred, false, 'Multi-AZ is a suggestion: offered, never the preferred (auto-fix) action');
    client.applyWorkspaceEdit(actions[0].edit!);
    assert.match(client.texts.get(ORDERS_URI)!, /^ {6}MultiAZ: true$/m);
    const after = await client.waitForDiagnostics(ORDERS_URI);
    assert.deepEqual(byRule(after, 'RDS201'), [], 'RDS201 is gone');
    assert.ok(byRule(after, 'RDS101').length === 1, 'the others stay');
  });

  it('suppresses a rule for one resource with Metadata, keeping comments', async () => {
    const ds = await client.waitForDiagnostics(ORDERS_URI, (d) => byRule(d, 'RDS106').length > 0);
    const actions = await client.codeActions(ORDERS_URI, byRule(ds, 'RDS106'));
    const suppress = actions.find((a) => a.title === 'Suppress RDS106 for Orders');
    assert.ok(suppress, `suppress action in ${actions.map((a) => a.title)}`);
    client.applyWorkspaceEdit(suppress.edit!);
    const text = client.texts.get(ORDERS_URI)!;
    assert.match(text, /\n {4}Metadata:\n {6}rdscope:\n {8}ignore: \[RDS106\]\n/);
    assert.match(text, /# turned off to save money/);
    const after = await client.waitForDiagnostics(ORDERS_URI);
    assert.deepEqual(byRule(after, 'RDS106'), []);
    // A second suppression appends to the list.
    const again = await client.codeActions(ORDERS_URI, byRule(after, 'RDS101'));
    client.applyWorkspaceEdit(again.find((a) => a.title === 'Suppress RDS101 for Orders')!.edit!);
    assert.match(client.texts.get(ORDERS_URI)!, /ignore: \[RDS106, RDS101\]/);
    const final = await client.waitForDiagnostics(ORDERS_URI);
    assert.deepEqual(codes(final), ['RDS103', 'RDS104']);
  });

  it('answers a stale diagnostic from the current findings, never from its message', async () => {
    const ds = await client.waitForDiagnostics(ORDERS_URI, (d) => byRule(d, 'RDS103').length > 0);
    const stale = { ...byRule(ds, 'RDS103')[0], message: 'edited by someone', data: { ...(byRule(ds, 'RDS103')[0].data as object), version: -1 } };
    const actions = await client.codeActions(ORDERS_URI, [stale]);
    assert.match(actions[0].title, /Set BackupRetentionPeriod: 7 on Orders/);
  });

  it('fixes everything with source.fixAll.rdscope', async () => {
    const uri = toUri(fixture('lsp', 'inventory.json'));
    client.open(uri, readFixture('lsp', 'inventory.json'), 'json');
    const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(ds), ['RDS106', 'RDS201']);
    const actions: CodeAction[] = await client.codeActions(uri, [], { only: ['source.fixAll.rdscope'] });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.rdscope');
    client.applyWorkspaceEdit(actions[0].edit!);
    const text = client.texts.get(uri)!;
    JSON.parse(text);
    assert.match(text, /"MultiAZ": false/, 'Multi-AZ is a suggestion: never applied on save');
    assert.match(text, /"UpdateReplacePolicy": "Snapshot"/);
    const after = await client.waitForDiagnostics(uri);
    assert.deepEqual(codes(after), ['RDS201']);
    // Nothing left to fix (the suggestion stays a quick fix): no action.
    assert.deepEqual(await client.codeActions(uri, [], { only: ['source.fixAll'] }), []);
  });

  it('fixes all through rdscope/fixAll (the "Fix all in file" command)', async () => {
    const uri = toUri(fixture('lsp', 'billing.tf.json'));
    client.open(uri, readFixture('lsp', 'billing.tf.json'), 'json');
    await client.waitForDiagnostics(uri, (d) => d.length > 0);
    // Its one finding (RDS201) offers a suggestion only: nothing for fix-all (see test/lsp/fixAll.test.ts for fixes).
    assert.equal(await client.request<{ documentChanges: unknown[] } | null>('rdscope/fixAll', { uri }), null);
  });

  it('lints Terraform HCL: fix and suppression comment', async () => {
    const uri = toUri(fixture('lsp', 'main.tf'));
    client.open(uri, readFixture('lsp', 'main.tf'), 'terraform');
    const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(ds), ['RDS201']);
    const actions = await client.codeActions(uri, ds);
    assert.deepEqual(actions.map((a) => a.title), ['Set multi_az = true', 'Suppress RDS201 for aws_db_instance.ledger']);
    client.applyWorkspaceEdit(actions[1].edit!);
    assert.match(client.texts.get(uri)!, /\n# rdscope:ignore RDS201\nresource "aws_db_instance" "ledger"/);
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
  });

  it('hovers a database with role, Multi-AZ, backups, replicas, proxy and recovery estimates', async () => {
    const uri = toUri(fixture('lsp', 'hover.yaml'));
    client.open(uri, readFixture('lsp', 'orders.yaml'));
    await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const hover = await client.hover(uri, { line: 5, character: 4 });
    assert.ok(hover, 'a hover on the Orders logical id');
    const md = (hover.contents as MarkupContent).value;
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match(md, /\*\*Orders\*\* · AWS::RDS::DBInstance · postgres/);
    assert.match(md, /\| Role \| standalone instance \|/);
    assert.match(md, /\| Multi-AZ \| off: Single-AZ/);
    assert.match(md, /\| Backups \| off: no automated backups/);
    assert.match(md, /\| Replicas \| `OrdersReplica`/);
    assert.match(md, /\| Proxy \| none \|/);
    assert.match(md, /\| Instance failure \| \S.* \| \S.* \|/);
    assert.match(md, /\| Data corruption or accidental deletion \| unbounded \|/);
    assert.deepEqual(hover.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 8 } });
    const replica = await client.hover(uri, { line: 15, character: 5 });
    assert.match((replica!.contents as MarkupContent).value, /read replica of `Orders`/);
    assert.match((replica!.contents as MarkupContent).value, /Recovery estimates\*\* of `Orders`/);
    assert.equal(await client.hover(uri, { line: 0, character: 3 }), null, 'no hover outside a database');
  });

  it('says nothing about a YAML file that is not a template', async () => {
    const uri = toUri(fixture('lsp', 'not-a-template.yaml'));
    client.open(uri, readFixture('lsp', 'not-a-template.yaml'));
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
    assert.equal(await client.hover(uri, { line: 2, character: 3 }), null);
    assert.deepEqual(await client.codeActions(uri, [], { only: ['source.fixAll.rdscope'] }), []);
  });

  it('survives bad input: a broken template gets RDS000, others keep working', async () => {
    const broken = 'file:///virtual/broken.template.yaml';
    client.open(broken, 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db: [unclosed\n');
    const ds = await client.waitForDiagnostics(broken, (d) => d.length > 0);
    assert.equal(ds[0].code, 'RDS000');
    const garbage = 'file:///virtual/garbage.json';
    client.open(garbage, '{"resource": ' + '['.repeat(100_000), 'json');
    const deep = 'untitled:Untitled-1';
    client.open(deep, `AWSTemplateFormatVersion: x\nResources:\n${'  a:\n'.repeat(2)}  Db: &a [*a, *a]\n\u0000\uFFFF`);
    await client.waitForDiagnostics(garbage);
    await client.waitForDiagnostics(deep);
    // Still alive and linting.
    const uri = toUri(fixture('lsp', 'inventory-again.json'));
    client.open(uri, readFixture('lsp', 'inventory.json'), 'json');
    const after = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(after), ['RDS106', 'RDS201']);
    assert.equal(client.hasExited, false);
  });
});
