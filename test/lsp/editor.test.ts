/**
 * The editor experience over real LSP (issue 16), against the real server
 * (dist/server.js) over stdio: rule code links that work offline, the hover
 * order (summary and recovery first, findings after, each with its
 * explanation), code lenses and document symbols, the `openFiles`
 * diagnostics scope, and an invalid `.rdscope.yaml` in the status.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, Diagnostic, DocumentSymbol, MarkupContent } from 'vscode-languageserver-protocol/node';
import { fixture, readFixture, REPO_ROOT } from '../helpers';
import { TestClient, toUri } from './client';

const ORDERS_URI = toUri(fixture('lsp', 'orders.yaml'));
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

/** Asks again until the answer is there (a settings change reaches the server asynchronously). */
async function poll<T>(what: string, ask: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await ask();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('LSP: rule code links work offline', () => {
  it('any editor: the rule page shipped beside the server (a file that exists), not the network', async () => {
    const client = await TestClient.start();
    try {
      client.open(ORDERS_URI, readFixture('lsp', 'orders.yaml'));
      const ds = await client.waitForDiagnostics(ORDERS_URI, (d) => d.length > 0);
      for (const d of ds) {
        const href = d.codeDescription!.href;
        assert.equal(href, toUri(join(REPO_ROOT, 'docs', 'rules', `${d.code}.md`)));
        assert.ok(existsSync(fileURLToPath(href)), `${href} exists`);
      }
    } finally {
      await client.stop();
    }
  });

  it('the VS Code extension: a command link that opens the bundled page in a Markdown preview', async () => {
    const client = await TestClient.start({ initializationOptions: { ruleDocLinks: 'command' } });
    try {
      client.open(ORDERS_URI, readFixture('lsp', 'orders.yaml'));
      const ds = await client.waitForDiagnostics(ORDERS_URI, (d) => d.length > 0);
      const rds201 = ds.find((d) => d.code === 'RDS201')!;
      assert.equal(rds201.codeDescription!.href, `command:rdscope.openRuleDocumentation?${encodeURIComponent('["RDS201"]')}`);
      const hover = await client.hover(ORDERS_URI, { line: 5, character: 4 });
      assert.match((hover!.contents as MarkupContent).value, /\[\*\*RDS201\*\*\]\(command:rdscope\.openRuleDocumentation\?%5B%22RDS201%22%5D "no-multi-az"\)/);
    } finally {
      await client.stop();
    }
  });
});

describe('LSP: hover, code lens and symbols', () => {
  let client: TestClient;
  let lensEnabled = false;
  before(async () => {
    client = await TestClient.start({ settings: (section) => (section === 'rdscope' ? { codeLens: { enable: lensEnabled } } : null) });
    client.open(ORDERS_URI, readFixture('lsp', 'orders.yaml'));
    await client.waitForDiagnostics(ORDERS_URI, (d) => d.length > 0);
  });
  after(async () => { await client.stop(); });

  it('a database hover: summary line, recovery table, then findings (short message, then the explanation), then settings', async () => {
    const hover = await client.hover(ORDERS_URI, { line: 5, character: 4 });
    const md = (hover!.contents as MarkupContent).value;
    const lines = md.split('\n');
    assert.match(lines[0], /^\*\*Orders\*\* · AWS::RDS::DBInstance · postgres/);
    assert.match(lines[2], /^Single-AZ · no PITR · 1 replica · RTO \S/);
    const at = (re: RegExp) => { const i = lines.findIndex((l) => re.test(l)); assert.ok(i >= 0, `${re} in the hover:\n${md}`); return i; };
    const recovery = at(/^\*\*Recovery estimates\*\*/);
    const table = at(/^\| Instance failure \|/);
    const findings = at(/^\*\*Findings\*\*$/);
    const rds201 = at(/^⚠️ \[\*\*RDS201\*\*\]\(.*\) Orders is Single-AZ \\\(by default\\\): a host or AZ failure takes it down$/);
    const settings = at(/^\*\*Settings\*\*$/);
    assert.ok(recovery < table && table < findings && findings < rds201 && rds201 < settings, 'summary and recovery first, findings after, settings last');
    // The finding's explanation and remedy follow its short message.
    assert.match(lines[rds201 + 2], /^Orders is a Single-AZ DB instance .*Set MultiAZ: true/);
    assert.match(md, /\| Role \| standalone instance \|/);
  });

  it('a finding away from the id line hovers with its explanation and remedy', async () => {
    // `BackupRetentionPeriod: 0` (line 11): RDS101's range.
    const hover = await client.hover(ORDERS_URI, { line: 11, character: 10 });
    const md = (hover!.contents as MarkupContent).value;
    assert.match(md, /\[\*\*RDS101\*\*\]\(.*\) Orders has automated backups off: no point-in-time recovery/);
    assert.match(md, /last manual snapshot, however old\. Set a retention of 1-35 days/);
    assert.deepEqual(hover!.range, { start: { line: 11, character: 6 }, end: { line: 11, character: 30 } });
    assert.equal(await client.hover(ORDERS_URI, { line: 9, character: 10 }), null, 'nothing on a line without a finding');
  });

  it('document symbols name each database', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: ORDERS_URI } });
    assert.deepEqual(symbols.map((s) => `${s.name} ${s.detail} ${s.selectionRange.start.line}`), ['Orders AWS::RDS::DBInstance 5', 'OrdersReplica AWS::RDS::DBInstance 15']);
  });

  it('code lenses: off by default; on, a recovery summary above each database that opens the diagram on it', async () => {
    assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: ORDERS_URI } }), []);
    lensEnabled = true;
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    const lenses = await poll('code lenses once the setting is on', async () => {
      const l = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: ORDERS_URI } });
      return l.length > 0 ? l : undefined;
    });
    assert.deepEqual(lenses.map((l) => l.range.start.line), [5, 15]);
    assert.match(lenses[0].command!.title, /^Single-AZ · no PITR · 1 replica · RTO \S/);
    assert.match(lenses[1].command!.title, /^Read replica of Orders · Single-AZ · no PITR · 1 replica · RTO \S/);
    assert.equal(lenses[0].command!.command, 'rdscope.showTopology');
    assert.deepEqual(lenses[0].command!.arguments, [{ uri: ORDERS_URI, focus: 'Orders' }]);
  });
});

describe('LSP: rdscope.diagnostics.scope and an invalid configuration in the status', () => {
  let dir: string;
  let client: TestClient;
  let scope = 'openFiles';
  const infra = () => toUri(join(dir, 'infra', 'orders.yaml'));
  const other = () => toUri(join(dir, 'other', 'orders.yaml'));
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdscope-lsp-scope-'));
    for (const folder of ['infra', 'other']) {
      mkdirSync(join(dir, folder));
      cpSync(fixture('lsp', 'orders.yaml'), join(dir, folder, 'orders.yaml'));
    }
    client = await TestClient.start({ workspaceFolders: [dir], settings: (section) => (section === 'rdscope' ? { diagnostics: { scope } } : null) });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('openFiles: the scan reads the workspace but only open files get diagnostics', async () => {
    await client.waitFor('the scan', () => client.statuses.some((s) => s.state === 'ready' && s.templates === 2));
    assert.equal(client.publishes.some((p) => p.diagnostics.length > 0), false, 'nothing published for closed files');
    client.open(infra(), readFixture('lsp', 'orders.yaml'));
    assert.deepEqual(codes(await client.waitForDiagnostics(infra(), (d) => d.length > 0)), ['RDS101', 'RDS103', 'RDS104', 'RDS106', 'RDS201']);
    assert.equal(client.diagnostics.get(other())?.diagnostics.length ?? 0, 0);
    client.close(infra());
    await client.waitForDiagnostics(infra(), (d) => d.length === 0);
  });

  it('workspace: every template again, without reopening anything', async () => {
    scope = 'workspace';
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(other(), (d) => d.length > 0);
    await client.waitForDiagnostics(infra(), (d) => d.length > 0);
  });

  it('an invalid .rdscope.yaml puts its file and line in the status; fixing it clears it', async () => {
    const config = join(dir, '.rdscope.yaml');
    writeFileSync(config, 'rules:\n  RDS201: loud\n');
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: toUri(config), type: 1 }] });
    const status = await client.waitFor('a status with the configuration problem', () => client.statuses.find((s) => s.configProblem));
    assert.equal(status.configProblem!.file, config);
    assert.equal(status.configProblem!.line, 2);
    assert.match(status.configProblem!.message, /RDS201/);
    writeFileSync(config, 'rules:\n  RDS201: off\n');
    const count = client.statuses.length;
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: toUri(config), type: 2 }] });
    const fixed = await client.waitFor('a status without it', () => client.statuses.slice(count).find((s) => s.state === 'ready' && !s.configProblem));
    // The status names the configuration file in use (the status bar's tooltip shows it).
    assert.deepEqual(fixed.configFiles, [config]);
  });
});
