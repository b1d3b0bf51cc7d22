// Editor figures over the real language server (`node dist/server.js --stdio`),
// spoken to as an editor does (vscode-languageserver-protocol, client side):
//
//  - latency: open a large template, wait for its diagnostics, then make
//    one-character edits inside resource property values, each time timing
//    didChange -> the publishDiagnostics of that version;
//  - memory: open N small templates, wait for all their diagnostics, read
//    the server's resident set size.
//
// The server debounces edits (server/src/lsp/scheduler.ts DEBOUNCE_MS, 150 ms):
// the raw figure includes it; `processing` subtracts it (what the issue's
// targets are about). When the server honours RDSCOPE_DEBOUNCE_MS the harness
// sets it to 0 and the two figures coincide.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

export const SERVER_DEBOUNCE_MS = 150;
/** USER_HZ: /proc reports CPU time in these; 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

export class BenchClient {
  static async start(root, { debounceMs, server = join(root, 'dist', 'server.js') } = {}) {
    const env = { ...process.env };
    if (debounceMs !== undefined) env.RDSCOPE_DEBOUNCE_MS = String(debounceMs);
    const proc = spawn(process.execPath, [...(process.env.RDSCOPE_SERVER_NODE_ARGS ? process.env.RDSCOPE_SERVER_NODE_ARGS.split(' ') : []), server, '--stdio'], { stdio: 'pipe', env });
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new BenchClient(proc, connection);
    proc.stderr.on('data', (d) => client.stderr.push(d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p) => client.onPublish(p));
    connection.onNotification('window/logMessage', (p) => client.logs.push(p.message));
    connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification(() => {});
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid, rootUri: null, workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, synchronization: { didSave: true } },
      },
    });
    connection.sendNotification('initialized', {});
    return client;
  }

  constructor(proc, connection) {
    this.proc = proc;
    this.connection = connection;
    this.stderr = [];
    this.logs = [];
    this.waiters = [];
    this.latest = new Map();
  }

  onPublish(p) {
    this.latest.set(p.uri, p);
    const now = performance.now();
    this.waiters = this.waiters.filter((w) => {
      if (w.uri !== p.uri || (w.version !== undefined && p.version !== w.version)) return true;
      w.resolve({ at: now, params: p });
      return false;
    });
  }

  /** Resolves with the first publishDiagnostics for `uri` (and `version`, if given) from now on. */
  nextPublish(uri, version, timeoutMs = 600_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, version, resolve: (r) => { clearTimeout(timer); resolve(r); } });
    });
  }

  open(uri, text, version = 1) {
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri, version, changes) {
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** CPU time (user + system) the server process has used, in ms (Linux; undefined elsewhere). */
  cpuMs() {
    try {
      const stat = readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch { return undefined; }
  }

  rssBytes() {
    try {
      const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
      if (m) return Number(m[1]) * 1024;
    } catch { /* not Linux */ }
    return undefined;
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      this.connection.sendNotification('exit');
    } catch { /* already gone */ }
    setTimeout(() => this.proc.kill(), 500).unref();
    await new Promise((r) => (this.proc.exitCode !== null ? r() : this.proc.on('exit', r)));
    this.connection.dispose();
  }
}

function lineCol(text, offset) {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) { line++; last = i; }
  return { line, character: offset - last - 1 };
}

/**
 * One-character edits inside property values, spread over the file: a digit
 * of `AllocatedStorage: 100` (findings unchanged) and `BackupRetentionPeriod:
 * 7` <-> `0` (a finding appears or goes). Each edit is undone by a later one,
 * so the text stays realistic.
 */
export function editPlan(text, count) {
  const sites = [];
  for (const [pattern, a, b] of [[/AllocatedStorage: 10(0)/g, '0', '5'], [/BackupRetentionPeriod: ([07])\n/g, null, null]]) {
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const at = m.index + m[0].indexOf(m[1], m[0].indexOf(':'));
      sites.push({ at, a: a ?? m[1], b: b ?? (m[1] === '7' ? '0' : '7') });
    }
  }
  sites.sort((x, y) => x.at - y.at);
  const picked = [];
  for (let i = 0; i < count / 2; i++) picked.push(sites[Math.floor(((i * 7919) % count) / count * sites.length)]);
  // Each site edited twice: to b, later back to a.
  const edits = [];
  for (const s of picked) edits.push({ at: s.at, from: s.a, to: s.b });
  for (const s of picked) edits.push({ at: s.at, from: s.b, to: s.a });
  return edits.slice(0, count);
}

/**
 * Typing: a character inserted inside a property value (`AllocatedStorage:
 * 100` -> `1500`), then deleted again (backspace): every edit moves the text
 * after it.
 */
export function insertionPlan(text, count) {
  const sites = [];
  for (let m, re = /AllocatedStorage: 1(0)0/g; (m = re.exec(text));) sites.push(m.index + m[0].indexOf('0'));
  const picked = [];
  for (let i = 0; i < count / 2; i++) picked.push(sites[Math.floor(((i * 7919) % count) / count * sites.length)]);
  // Typed, then deleted again (the text returns to what it was before the next pair).
  const edits = [];
  for (const at of picked) edits.push({ at, from: '', to: '5' }, { at, from: '5', to: '' });
  return edits.slice(0, count);
}

/**
 * The template copied into a folder of its own (beside it: `editor/`) whose
 * `.rdscope.yaml` raises maxFileBytes, as a user with a large template would:
 * the 5 MB template is over the 4 MB default limit (parse/limits.ts), and
 * without this the server answers it with one RDS000 and lints nothing.
 */
export function editorCopy(file) {
  const folder = join(dirname(file), 'editor');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, '.rdscope.yaml'), 'maxFileBytes: 33554432\n');
  const copy = join(folder, basename(file));
  copyFileSync(file, copy);
  return copy;
}

export async function measureLatency(root, original, { edits = 50, debounceMs, server, insert = false } = {}) {
  const file = editorCopy(original);
  let text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const client = await BenchClient.start(root, { debounceMs, server });
  try {
    const opened = performance.now();
    const first = client.nextPublish(uri, 1);
    client.open(uri, text, 1);
    const firstDiagnostics = (await first).at - opened;
    const latencies = [];
    // The server's CPU time per edit: a loaded machine stretches the wall time, far less the CPU time
    // (at 10 ms granularity: read the percentiles, not one edit).
    const cpu = [];
    let version = 1;
    for (const e of insert ? insertionPlan(text, edits) : editPlan(text, edits)) {
      if (text.slice(e.at, e.at + e.from.length) !== e.from) throw new Error(`edit plan out of step at ${e.at}`);
      const pos = lineCol(text, e.at);
      text = text.slice(0, e.at) + e.to + text.slice(e.at + e.from.length);
      version++;
      const published = client.nextPublish(uri, version);
      const cpuBefore = client.cpuMs();
      const sent = performance.now();
      client.change(uri, version, [{ range: { start: pos, end: { line: pos.line, character: pos.character + e.from.length } }, rangeLength: e.from.length, text: e.to }]);
      latencies.push((await published).at - sent);
      if (cpuBefore !== undefined) cpu.push(client.cpuMs() - cpuBefore);
    }
    const findings = client.latest.get(uri)?.diagnostics.length ?? 0;
    return { bytes: text.length, firstDiagnosticsMs: firstDiagnostics, latencies, cpuMs: cpu.length === latencies.length ? cpu : undefined, findings, rssBytes: client.rssBytes() };
  } finally {
    await client.stop();
  }
}

/**
 * Typing through a YAML error: a double quote typed before a value in the
 * middle of the template (`AllocatedStorage: "100`: the YAML no longer
 * parses), a character typed inside it, then both deleted again (the YAML
 * mended). Each keystroke timed didChange -> publishDiagnostics; a broken
 * template is analyzed in full (one parse problem, no findings).
 */
export async function measureBrokenTyping(root, original, { server } = {}) {
  const file = editorCopy(original);
  let text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const client = await BenchClient.start(root, { debounceMs: 0, server });
  try {
    const first = client.nextPublish(uri, 1);
    client.open(uri, text, 1);
    await first;
    const at = text.indexOf('AllocatedStorage: 100', Math.floor(text.length / 2)) + 'AllocatedStorage: '.length;
    const steps = [{ at, from: '', to: '"' }, { at: at + 1, from: '', to: 'x' }, { at: at + 1, from: 'x', to: '' }, { at, from: '"', to: '' }];
    const latencies = [];
    const diagnostics = [];
    let version = 1;
    for (const e of steps) {
      const pos = lineCol(text, e.at);
      text = text.slice(0, e.at) + e.to + text.slice(e.at + e.from.length);
      version++;
      const published = client.nextPublish(uri, version);
      const sent = performance.now();
      client.change(uri, version, [{ range: { start: pos, end: { line: pos.line, character: pos.character + e.from.length } }, rangeLength: e.from.length, text: e.to }]);
      latencies.push((await published).at - sent);
      diagnostics.push(client.latest.get(uri)?.diagnostics.length ?? 0);
    }
    return { bytes: text.length, brokenMs: latencies.slice(0, 3), mendedMs: latencies[3], diagnostics };
  } finally {
    await client.stop();
  }
}

export async function measureMemory(root, files) {
  const client = await BenchClient.start(root);
  try {
    const before = client.rssBytes();
    const waits = [];
    for (const f of files) {
      const uri = pathToFileURL(f).href;
      waits.push(client.nextPublish(uri, 1));
      client.open(uri, readFileSync(f, 'utf8'), 1);
    }
    await Promise.all(waits);
    // Let a pass that is still running settle, then read the resident set.
    await new Promise((r) => setTimeout(r, 500));
    return { templates: files.length, rssBytes: client.rssBytes(), rssBeforeBytes: before };
  } finally {
    await client.stop();
  }
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
  const file = process.argv[2];
  const r = await measureLatency(root, file, { edits: Number(process.argv[3] ?? 20), server: process.env.RDSCOPE_SERVER, debounceMs: process.env.RDSCOPE_DEBOUNCE_MS });
  const sorted = [...r.latencies].sort((a, b) => a - b);
  console.log({ ...r, latencies: r.latencies.map(Math.round), p50: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.ceil(sorted.length * 0.95) - 1] });
}
