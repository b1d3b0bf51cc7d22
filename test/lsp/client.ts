/**
 * A test LSP client: spawns the built server (`node dist/server.js --stdio`)
 * and speaks to it as an editor would, over vscode-languageserver-protocol.
 * No fixed sleeps: every wait is for a notification (or a predicate over the
 * notifications so far) with a deadline.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter,
  type CodeAction, type Diagnostic, type Hover, type InitializeResult, type ProtocolConnection,
  type PublishDiagnosticsParams, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../helpers';

export const SERVER = join(REPO_ROOT, 'dist', 'server.js');

export interface ClientOptions {
  /** Advertise workspace/configuration; the answer is `settings(section, scopeUri)`. Default: true. */
  readonly configuration?: boolean;
  /** What the client answers for a section (default: null, as a client without such settings does). */
  readonly settings?: (section: string | undefined, scopeUri: string | undefined) => unknown;
  readonly workspaceFolders?: readonly string[];
  readonly documentChanges?: boolean;
  /** Sent as `initializationOptions` (the VS Code extension sends `{ ruleDocLinks: 'command' }`). */
  readonly initializationOptions?: unknown;
  /** `--stdio` (default, as Neovim and most editors start it) or `--node-ipc` (as the VS Code extension does). */
  readonly transport?: 'stdio' | 'ipc';
}

interface Waiter {
  check(): boolean;
}

export const toUri = (path: string): string => pathToFileURL(path).href;

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics, in order. */
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly statuses: { state: string; templates: number; configProblem?: { file?: string; line?: number; message: string }; configFiles?: string[] }[] = [];
  readonly logs: string[] = [];
  readonly configurationRequests: unknown[] = [];
  initializeResult!: InitializeResult;
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
  private exited = false;

  private constructor(private readonly proc: ChildProcessWithoutNullStreams, readonly connection: ProtocolConnection, private readonly options: ClientOptions) {}

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`node esbuild.mjs\` first`);
    const ipc = options.transport === 'ipc';
    const proc = spawn(process.execPath, [SERVER, ipc ? '--node-ipc' : '--stdio'], { stdio: ['pipe', 'pipe', 'pipe', ...(ipc ? ['ipc' as const] : [])] }) as ChildProcessWithoutNullStreams;
    const connection = ipc
      ? createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
      : createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new TestClient(proc, connection, options);
    proc.stderr.on('data', (d: Buffer) => client.logs.push(`stderr: ${d.toString()}`));
    proc.on('exit', () => { client.exited = true; client.notify(); });
    client.wire();
    connection.listen();
    const configuration = options.configuration ?? true;
    const folders = (options.workspaceFolders ?? []).map((p, i) => ({ uri: toUri(p), name: `folder${i}` }));
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders.length ? folders : null,
      ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
      capabilities: {
        workspace: {
          configuration,
          didChangeConfiguration: { dynamicRegistration: configuration },
          workspaceEdit: { documentChanges: options.documentChanges ?? true },
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: false },
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          synchronization: { didSave: true, dynamicRegistration: false },
        },
      },
    }) as InitializeResult;
    await connection.sendNotification('initialized', {});
    return client;
  }

  private wire(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.publishes.push(p);
      this.notify();
    });
    c.onNotification('rdscope/status', (p: TestClient['statuses'][number]) => { this.statuses.push(p); this.notify(); });
    c.onNotification('window/logMessage', (p: { message: string }) => { this.logs.push(p.message); this.notify(); });
    c.onNotification('window/showMessage', (p: { message: string }) => { this.logs.push(`showMessage: ${p.message}`); });
    c.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) => {
      this.configurationRequests.push(p);
      return p.items.map((item) => (this.options.settings ? this.options.settings(item.section, item.scopeUri) : null));
    });
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onRequest('window/showMessageRequest', () => null);
  }

  private notify(): void {
    for (const w of [...this.waiters]) if (w.check()) this.waiters.delete(w);
  }

  /** Resolves with the predicate's value once it is truthy; rejects at the deadline, saying what it waited for. */
  waitFor<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nserver log:\n${this.logs.slice(-20).join('\n')}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          if (this.exited) { clearTimeout(timer); reject(new Error(`the server exited while waiting for ${what}\n${this.logs.join('\n')}`)); return true; }
          const value = predicate();
          if (!value) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
      };
      if (!waiter.check()) this.waiters.add(waiter);
    });
  }

  /** Diagnostics for `uri` published for its current version (or for a disk file), passing `accept`. */
  waitForDiagnostics(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for ${uri} (version ${this.versions.get(uri) ?? 'disk'})`, () => {
      const p = this.diagnostics.get(uri);
      if (!p) return undefined;
      const version = this.versions.get(uri);
      if (version !== undefined && p.version !== version) return undefined;
      return accept(p.diagnostics) ? p.diagnostics : undefined;
    }, timeoutMs);
  }

  open(uri: string, text: string, languageId = 'yaml'): void {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (as a client with full sync would; the server also accepts ranges). */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental change: `edits` against the current text. */
  edit(uri: string, edits: readonly TextEdit[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    const before = this.texts.get(uri)!;
    this.versions.set(uri, version);
    this.texts.set(uri, applyLspEdits(before, edits));
    // Each change applies to the text the previous one left: send them last position first.
    const ordered = edits.map((e, i) => ({ e, i, at: offsetAt(before, e.range.start) })).sort((a, b) => b.at - a.at || b.i - a.i);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: ordered.map(({ e }) => ({ range: e.range, text: e.newText })),
    });
    return version;
  }

  save(uri: string): void {
    void this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): void {
    this.versions.delete(uri);
    this.texts.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  codeActions(uri: string, diagnostics: Diagnostic[], options: { only?: string[]; range?: Diagnostic['range']; triggerKind?: 1 | 2 } = {}): Promise<CodeAction[]> {
    const range = options.range ?? diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range, context: { diagnostics, only: options.only, triggerKind: options.triggerKind ?? 1 },
    }) as Promise<CodeAction[]>;
  }

  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<Hover | null>;
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notifyServer(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /**
   * Applies a workspace edit the way an editor does: to open documents (a
   * didChange each) and returns the new texts by URI (closed files included,
   * from `diskText`).
   */
  applyWorkspaceEdit(edit: WorkspaceEdit, diskText: (uri: string) => string = () => { throw new Error('edit to a closed file'); }): Map<string, string> {
    const byUri = new Map<string, TextEdit[]>();
    const versions = new Map<string, number | null>();
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) throw new Error('unexpected resource operation');
      byUri.set(change.textDocument.uri, [...(byUri.get(change.textDocument.uri) ?? []), ...(change.edits as TextEdit[])]);
      versions.set(change.textDocument.uri, change.textDocument.version);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, [...(byUri.get(uri) ?? []), ...edits]);
    const out = new Map<string, string>();
    for (const [uri, edits] of byUri) {
      const expected = versions.get(uri);
      const open = this.texts.has(uri);
      if (open && expected !== undefined && expected !== null && expected !== this.versions.get(uri)) {
        throw new Error(`edit for ${uri} version ${expected}, document is at ${this.versions.get(uri)}`);
      }
      if (open) {
        this.edit(uri, edits);
        out.set(uri, this.texts.get(uri)!);
      } else out.set(uri, applyLspEdits(diskText(uri), edits));
    }
    return out;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), exited]);
      void this.connection.sendNotification('exit');
    } catch { /* already gone */ }
    const timer = setTimeout(() => this.proc.kill(), 5000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get hasExited(): boolean {
    return this.exited;
  }
}

/** Offsets of LSP positions in `text` (UTF-16, `\n` or `\r\n` line ends). */
export function offsetAt(text: string, position: { line: number; character: number }): number {
  let line = 0;
  let i = 0;
  while (line < position.line) {
    const nl = text.indexOf('\n', i);
    if (nl === -1) return text.length;
    i = nl + 1;
    line++;
  }
  const nl = text.indexOf('\n', i);
  return Math.min(i + position.character, nl === -1 ? text.length : nl);
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = edits.map((e, i) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText, i }));
  resolved.sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of resolved) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
