/**
 * Issue 14's attacks on the language server, over stdio (dist/server.js):
 * a FIFO named like a template (it hung the server forever), a reversed
 * glob range `[z-a]` in the workspace's .rdscope.yaml (it stopped all
 * diagnostics) and patterns that backtrack (the server froze for 14-17 s).
 * Each test waits for diagnostics of a real template afterwards: a server
 * that hangs or dies fails on the client's deadline.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { SERVER, TestClient, toUri } from '../lsp/client';

const instance = (id: string) =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ${id}:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n`;
const has = (id: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === id);

const root = mkdtempSync(join(tmpdir(), 'rdscope-server-attacks-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('language server under attack', () => {
  it('a FIFO named *.yaml is never opened (scan and file-watcher events), the server keeps answering', { skip: process.platform === 'win32' ? 'POSIX FIFOs' : false }, async () => {
    const ws = join(root, 'fifo');
    mkdirSync(ws);
    const made = spawnSync('mkfifo', [join(ws, 'pipe.yaml')]);
    assert.equal(made.status, 0, `mkfifo: ${made.stderr}`);
    writeFileSync(join(ws, 'db.yaml'), instance('Db'));
    const client = await TestClient.start({ workspaceFolders: [ws] });
    try {
      await client.waitForDiagnostics(toUri(join(ws, 'db.yaml')), has('RDS201'));
      // The editor reports the FIFO as created and changed: the server must not block reading it.
      client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: toUri(join(ws, 'pipe.yaml')), type: 1 }, { uri: toUri(join(ws, 'pipe.yaml')), type: 2 }] });
      writeFileSync(join(ws, 'db2.yaml'), instance('Db2'));
      client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: toUri(join(ws, 'db2.yaml')), type: 1 }] });
      await client.waitForDiagnostics(toUri(join(ws, 'db2.yaml')), has('RDS201'));
      assert.equal(client.diagnostics.has(toUri(join(ws, 'pipe.yaml'))), false);
    } finally {
      await client.stop();
    }
  });

  it('[z-a] and backtracking patterns in .rdscope.yaml: diagnostics still come, with the right files excluded', async () => {
    const ws = join(root, 'globs');
    const deep = join(ws, ...Array.from({ length: 30 }, () => 'x'));
    mkdirSync(deep, { recursive: true });
    mkdirSync(join(ws, '.git'));
    const long = `${'a'.repeat(60)}.yaml`;
    writeFileSync(join(deep, long), instance('Deep'));
    writeFileSync(join(ws, 'skipped.yaml'), instance('Skipped'));
    writeFileSync(join(ws, '.rdscope.yaml'), [
      'exclude:',
      '  - "[z-a]*"',
      `  - "${'*a'.repeat(30)}*b.yaml"`,
      `  - "${'**/'.repeat(30)}y/*.yaml"`,
      '  - "skip[o-q]ed.yaml"',
      '',
    ].join('\n'));
    const client = await TestClient.start({ workspaceFolders: [ws] });
    try {
      // Excluded by `skip[o-q]ed.yaml`: opened first, it gets no finding.
      const skipped = toUri(join(ws, 'skipped.yaml'));
      client.open(skipped, instance('Skipped'));
      const uri = toUri(join(deep, long));
      client.open(uri, instance('Deep'));
      await client.waitForDiagnostics(uri, has('RDS201'));
      assert.equal(client.publishes.some((p) => p.uri === skipped && p.diagnostics.length > 0), false);
    } finally {
      await client.stop();
    }
  });
});

describe('language server: huge topologies', () => {
  it('answers rdscope/topology for 20,000 instances with a 100 KB stack (no spread of unbounded arrays)', async () => {
    // The real server with a small stack: a spread of 20,000 arguments overflows it, as 130,000 overflow the default one.
    const ws = join(root, 'huge');
    mkdirSync(ws);
    const resources = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`db${i}`, { count: 1000, engine: 'mysql', instance_class: 'db.t3.micro' }]));
    writeFileSync(join(ws, 'main.tf.json'), JSON.stringify({ resource: { aws_db_instance: resources } }));
    const proc = spawn(process.execPath, ['--stack-size=100', SERVER, '--stdio'], { stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const errors: string[] = [];
    proc.stderr.on('data', (d: Buffer) => errors.push(d.toString()));
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => { if (p.type === 1) errors.push(p.message); });
    let templates = 0;
    const ready = new Promise<void>((resolve, reject) => {
      proc.on('exit', (code) => reject(new Error(`the server exited (${code}): ${errors.join('\n')}`)));
      connection.onNotification('rdscope/status', (p: { state: string; templates: number }) => {
        templates = p.templates;
        if (p.state === 'ready' && p.templates > 0) resolve();
      });
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: toUri(ws), workspaceFolders: [{ uri: toUri(ws), name: 'huge' }], capabilities: {} });
      await connection.sendNotification('initialized', {});
      await ready;
      assert.equal(templates, 1);
      const topology = await connection.sendRequest('rdscope/topology', {}) as { instances: unknown[] } | null;
      assert.equal(topology?.instances.length, 20_000, errors.join('\n'));
      assert.deepEqual(errors.filter((e) => /Maximum call stack/.test(e)), []);
    } finally {
      await Promise.race([connection.sendRequest('shutdown').then(() => connection.sendNotification('exit')), new Promise((r) => setTimeout(r, 2000))]);
      connection.dispose();
      proc.kill();
    }
  });
});
