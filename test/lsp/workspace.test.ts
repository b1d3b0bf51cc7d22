/**
 * The workspace side of the server: a replica and its source in two
 * templates, the background scan on start (bounded by files.exclude and
 * node_modules), files changing on disk, settings, and rapid edits.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { fixture, readFixture } from '../helpers';
import { TestClient, toUri } from './client';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();
const has = (id: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === id);
const lacks = (id: string) => (ds: Diagnostic[]) => !ds.some((d) => d.code === id);

function tempWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdscope-lsp-'));
  cpSync(fixture('lsp', 'crossfile'), join(dir, 'crossfile'), { recursive: true });
  // Never read: node_modules, and a folder files.exclude names.
  for (const skipped of ['node_modules/some-package', 'generated']) {
    mkdirSync(join(dir, skipped), { recursive: true });
    cpSync(fixture('lsp', 'orders.yaml'), join(dir, skipped, 'orders.yaml'));
  }
  cpSync(fixture('lsp', 'not-a-template.yaml'), join(dir, 'docker-compose.yaml'));
  writeFileSync(join(dir, 'binary.json'), Buffer.from([0x7b, 0x00, 0xff, 0x7d]));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }));
  return dir;
}

describe('LSP: cross-file replica and source', () => {
  let client: TestClient;
  const primary = toUri(fixture('lsp', 'crossfile', 'primary.yaml'));
  const replica = toUri(fixture('lsp', 'crossfile', 'replica.yaml'));
  before(async () => { client = await TestClient.start(); });
  after(async () => { await client.stop(); });

  it('finds a source named by DBInstanceIdentifier in another open document', async () => {
    client.open(replica, readFixture('lsp', 'crossfile', 'replica.yaml'));
    // Alone, the replica's source is unknown: no RDS103.
    assert.deepEqual(codes(await client.waitForDiagnostics(replica)), []);
    client.open(primary, readFixture('lsp', 'crossfile', 'primary.yaml'));
    const ds = await client.waitForDiagnostics(replica, has('RDS103'));
    const rds103 = ds.find((d) => d.code === 'RDS103')!;
    assert.equal(rds103.relatedInformation?.[0].location.uri, primary, 'related information points into the other file');
    assert.deepEqual(codes(await client.waitForDiagnostics(primary, has('RDS104'))), ['RDS101', 'RDS104', 'RDS106']);
  });

  it('fixes the source from the replica: the edit targets the other document', async () => {
    const ds = await client.waitForDiagnostics(replica, has('RDS103'));
    const actions = await client.codeActions(replica, ds.filter((d) => d.code === 'RDS103'));
    const fix = actions.find((a) => a.title.startsWith('Set BackupRetentionPeriod: 7 on Primary'))!;
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    const edited = client.applyWorkspaceEdit(fix.edit!);
    assert.deepEqual([...edited.keys()], [primary]);
    assert.match(edited.get(primary)!, /BackupRetentionPeriod: 7/);
    // The source changed, so the replica's finding goes: cross-file findings follow either file.
    assert.deepEqual(codes(await client.waitForDiagnostics(replica, lacks('RDS103'))), []);
    assert.deepEqual(codes(await client.waitForDiagnostics(primary, lacks('RDS101'))), ['RDS106']);
  });

  it('returns the model of a document and the files linked to it (rdscope/topology)', async () => {
    const json = await client.request<{ files: { file: string }[]; instances: { id: string; replicationSource: { id: string } | null }[]; edges: { kind: string; from: string; to: string }[] }>('rdscope/topology', { uri: replica });
    assert.deepEqual(json.files.map((f) => f.file).sort(), [primary, replica].sort());
    assert.deepEqual(json.instances.map((i) => i.id).sort(), ['Primary', 'ShopReplica']);
    assert.deepEqual(json.edges.map((e) => [e.kind, e.from, e.to]), [['replication', 'Primary', 'ShopReplica']]);
    const all = await client.request<{ files: unknown[] }>('rdscope/topology', {});
    assert.ok(all.files.length >= 2);
  });

  it('with diagram: true, adds what the diagram draws: the findings on those files and the recovery estimates', async () => {
    const input = await client.request<{ version: number; topology: { files: { file: string }[] }; findings: { ruleId: string; file: string; resource?: string }[]; recovery: { resource: string; summary: string }[] }>(
      'rdscope/topology', { uri: replica, diagram: true });
    assert.equal(input.version, 1);
    assert.deepEqual(input.topology.files.map((f) => f.file).sort(), [primary, replica].sort());
    // The primary's backups were fixed above: RDS106 is what is left, on Primary.
    assert.deepEqual(input.findings.map((f) => [f.ruleId, f.file, f.resource]), [['RDS106', primary, 'Primary']]);
    assert.deepEqual(input.recovery.map((r) => r.resource).sort(), ['Primary', 'ShopReplica']);
  });
});

describe('LSP: workspace scan and files on disk', () => {
  let dir: string;
  let client: TestClient;
  const uriOf = (...p: string[]) => toUri(join(dir, ...p));

  before(async () => {
    dir = tempWorkspace();
    client = await TestClient.start({
      workspaceFolders: [dir],
      settings: (section) => (section === 'files.exclude' ? { '**/generated': true, '**/.git': true } : section === 'rdscope' ? {} : null),
    });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lints every template in the background on start, cross-file included, nothing opened', async () => {
    const ds = await client.waitForDiagnostics(uriOf('crossfile', 'replica.yaml'), has('RDS103'));
    assert.deepEqual(codes(ds), ['RDS103']);
    assert.deepEqual(codes(await client.waitForDiagnostics(uriOf('crossfile', 'primary.yaml'))), ['RDS101', 'RDS104', 'RDS106']);
    await client.waitFor('a ready status after the scan', () => client.statuses.some((s) => s.state === 'ready' && s.templates === 2));
  });

  it('skips node_modules, files.exclude, non-templates and unreadable non-templates', () => {
    const published = new Set(client.publishes.map((p) => p.uri));
    for (const skipped of [['node_modules', 'some-package', 'orders.yaml'], ['generated', 'orders.yaml'], ['docker-compose.yaml'], ['binary.json'], ['package.json']]) {
      assert.equal(published.has(uriOf(...skipped)), false, `${skipped.join('/')} is not linted`);
    }
  });

  it('an open document overrides the disk; closing it goes back to the disk', async () => {
    const primary = uriOf('crossfile', 'primary.yaml');
    const replica = uriOf('crossfile', 'replica.yaml');
    const text = readFileSync(join(dir, 'crossfile', 'primary.yaml'), 'utf8');
    client.open(primary, text);
    client.change(primary, text.replace('BackupRetentionPeriod: 0', 'BackupRetentionPeriod: 7'));
    await client.waitForDiagnostics(replica, lacks('RDS103'));
    client.close(primary);
    // Unsaved edits are gone with the editor: the file on disk still has backups off.
    await client.waitForDiagnostics(replica, has('RDS103'));
  });

  it('follows files changed on disk (workspace/didChangeWatchedFiles)', async () => {
    const path = join(dir, 'crossfile', 'primary.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('BackupRetentionPeriod: 0', 'BackupRetentionPeriod: 3'));
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: toUri(path), type: 2 }] });
    await client.waitForDiagnostics(uriOf('crossfile', 'replica.yaml'), lacks('RDS103'));
    rmSync(path);
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: toUri(path), type: 3 }] });
    // The source is gone: its diagnostics are cleared, the replica's source is unknown again.
    await client.waitForDiagnostics(toUri(path), (d) => d.length === 0);
    const newFile = join(dir, 'crossfile', 'primary2.yaml');
    writeFileSync(newFile, readFixture('lsp', 'crossfile', 'primary.yaml'));
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: toUri(newFile), type: 1 }] });
    await client.waitForDiagnostics(uriOf('crossfile', 'replica.yaml'), has('RDS103'));
  });

  it('lints the workspace again on request (rdscope/lintWorkspace)', async () => {
    const result = await client.request<{ files: number; templates: number; findings: number; cancelled: boolean }>('rdscope/lintWorkspace');
    assert.equal(result.cancelled, false);
    assert.equal(result.templates, 2);
    assert.ok(result.files >= 4, `read ${result.files} candidate files`);
    assert.ok(result.findings >= 4);
  });
});

describe('LSP: settings', () => {
  const uri = toUri(fixture('lsp', 'orders.yaml'));
  let settings: Record<string, unknown> = { rules: { RDS201: 'off', 'replacement-without-snapshot': 'error' } };
  let client: TestClient;
  before(async () => { client = await TestClient.start({ settings: (section) => (section === 'rdscope' ? settings : null) }); });
  after(async () => { await client.stop(); });

  it('applies per-rule severities from workspace/configuration (ids and names)', async () => {
    client.open(uri, readFixture('lsp', 'orders.yaml'));
    const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(ds), ['RDS101', 'RDS103', 'RDS104', 'RDS106']);
    assert.equal(ds.find((d) => d.code === 'RDS106')!.severity, 1);
  });

  it('re-reads the settings when they change', async () => {
    settings = { enable: true, maxReplicas: 1, rules: {} };
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, has('RDS201'));
    settings = { exclude: ['**/orders.yaml'] };
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    settings = { enable: false };
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('a disabled status', () => client.statuses.at(-1)?.state === 'disabled');
    settings = {};
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (d) => d.length === 5);
  });

  it('maxReplicas sets the RDS301 threshold', async () => {
    settings = { maxReplicas: 1 };
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    const twoReplicas = `${readFixture('lsp', 'orders.yaml')}
  OrdersReplica2:
    Type: AWS::RDS::DBInstance
    Properties:
      SourceDBInstanceIdentifier: !Ref Orders
      DBInstanceClass: db.r6g.large
`;
    client.change(uri, twoReplicas);
    const ds = await client.waitForDiagnostics(uri, has('RDS301'));
    const rds301 = ds.find((d) => d.code === 'RDS301')!;
    assert.equal(rds301.relatedInformation?.length, 2, 'each replica is related information');
    settings = {};
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, lacks('RDS301'));
  });

  it('ignores settings of the wrong type and logs them', async () => {
    settings = { enable: 'yes', rules: { RDS999: 'off', RDS201: 'loud' }, maxReplicas: -3, include: 'x' };
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('a log about RDS999', () => client.logs.some((l) => l.includes('unknown rule RDS999')));
    await client.waitForDiagnostics(uri, has('RDS201'));
  });
});

describe('LSP: rapid edits', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start(); });
  after(async () => { await client.stop(); });

  it('a newer edit cancels older work: only the last version is published', async () => {
    const uri = 'file:///virtual/rapid.yaml';
    const base = readFixture('lsp', 'orders.yaml');
    client.open(uri, base);
    await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const start = client.publishes.length;
    let last = 0;
    for (let i = 0; i < 40; i++) {
      // Typing a retention digit by digit, with some broken states in between.
      last = client.change(uri, base.replace('BackupRetentionPeriod: 0', i % 7 === 3 ? 'BackupRetentionPeriod: [' : `BackupRetentionPeriod: ${i % 2}`));
    }
    const ds = await client.waitForDiagnostics(uri);
    assert.equal(client.diagnostics.get(uri)!.version, last);
    assert.deepEqual(codes(ds), ['RDS106', 'RDS201'], 'the final text has backups on');
    const versions = client.publishes.slice(start).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [last], `published versions ${versions.join(', ')}`);
  });

  it('incremental changes keep ranges right', async () => {
    const uri = 'file:///virtual/incremental.yaml';
    client.open(uri, readFixture('lsp', 'orders.yaml'));
    await client.waitForDiagnostics(uri, (d) => d.length > 0);
    // Insert two comment lines at the top: every finding moves down two lines.
    const before = client.diagnostics.get(uri)!.diagnostics;
    client.edit(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# one\n# two\n' }]);
    const after = await client.waitForDiagnostics(uri);
    assert.deepEqual(after.map((d) => [d.code, d.range.start.line]), before.map((d) => [d.code, d.range.start.line + 2]));
  });
});

describe('LSP: .rdscope.yaml wins over the settings', () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdscope-lsp-config-'));
    mkdirSync(join(dir, 'infra'));
    mkdirSync(join(dir, 'legacy'));
    cpSync(fixture('lsp', 'orders.yaml'), join(dir, 'infra', 'orders.yaml'));
    cpSync(fixture('lsp', 'orders.yaml'), join(dir, 'legacy', 'orders.yaml'));
    writeFileSync(join(dir, '.rdscope.yaml'), 'rules:\n  no-multi-az: off\n  RDS106: error\nexclude: ["legacy/**"]\n');
    client = await TestClient.start({
      workspaceFolders: [dir],
      // The settings say RDS106 is off and RDS101 an error: the file wins for RDS106, RDS101 comes from the settings.
      settings: (section) => (section === 'rdscope' ? { rules: { RDS106: 'off', RDS101: 'error' } } : null),
    });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('merges the file over the settings, and its globs are relative to it', async () => {
    const ds = await client.waitForDiagnostics(toUri(join(dir, 'infra', 'orders.yaml')), (d) => d.length > 0);
    assert.deepEqual(codes(ds), ['RDS101', 'RDS103', 'RDS104', 'RDS106']);
    assert.equal(ds.find((d) => d.code === 'RDS106')!.severity, 1);
    assert.equal(ds.find((d) => d.code === 'RDS101')!.severity, 1);
    await client.waitFor('the scan', () => client.statuses.some((s) => s.state === 'ready' && s.templates === 1));
    assert.equal(client.publishes.some((p) => p.uri.includes('/legacy/')), false, 'legacy/** is excluded');
  });

  it('an invalid file is reported on the file itself; the settings apply meanwhile', async () => {
    const config = join(dir, '.rdscope.yaml');
    writeFileSync(config, 'rules:\n  RDS201: loud\n');
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: toUri(config), type: 2 }] });
    const problems = await client.waitForDiagnostics(toUri(config), (d) => d.length > 0);
    assert.equal(problems[0].range.start.line, 1);
    const ds = await client.waitForDiagnostics(toUri(join(dir, 'infra', 'orders.yaml')), has('RDS201'));
    assert.deepEqual(codes(ds), ['RDS101', 'RDS103', 'RDS104', 'RDS201']);
    await client.waitFor('the warning', () => client.logs.some((l) => l.includes('invalid configuration')));
    writeFileSync(config, 'rules:\n  RDS201: off\n');
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: toUri(config), type: 2 }] });
    await client.waitForDiagnostics(toUri(config), (d) => d.length === 0);
    await client.waitForDiagnostics(toUri(join(dir, 'infra', 'orders.yaml')), lacks('RDS201'));
  });
});
