/**
 * The rdscope language server: LSP wiring only. What to lint and how lives in
 * lsp/ (workspace model, diagnostics, code actions, hover, settings, scan);
 * the engine is lint.ts, the same one the CLI runs.
 *
 * `node dist/server.js --stdio` (as the extension starts it), or `--node-ipc`.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type CodeAction, type CodeActionParams, type Connection, type Diagnostic, type InitializeParams, type InitializeResult, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { DEFAULT_CONFIG } from './config/config';
import { suppressionFix } from './fix/suppress';
import type { Finding } from './lint';
import { readTemplateFile } from './io/readTemplateFile';
import { readFileHead } from './io/regularFile';
import { initHcl } from './parse/hcl';
import { FILE_RULES, RULES } from './rules/registry';
import { fixAll, fixAllAction, minimalEdit, quickFixActions, kindRequested, toWorkspaceEdit, type CodeActionEnv, type TextCheck } from './lsp/codeActions';
import { toLspRange, type DocumentLookup } from './lsp/diagnostics';
import { DiagnosticMemory, type SeverityCounts } from './lsp/publishedDiagnostics';
import { stdioTransport } from './lsp/stdioTransport';
import { SYNCED_DOCUMENTS } from './lsp/syncedDocument';
import { hoverAt } from './lsp/hover';
import { codeLenses, documentSymbols } from './lsp/outline';
import { ruleDocLinks, type RdscopeInitializationOptions, type RuleDocLink } from './lsp/ruleDocLinks';
import { ruleDocUrl } from './projectLinks';
import { configFileLoader } from './lsp/configFiles';
import { deploymentsResult, deploymentStatus } from './lsp/deployments';
import {
  DEPLOYMENTS_REQUEST, FIX_ALL_KIND, FIX_ALL_REQUEST, LINT_WORKSPACE_REQUEST, RULES_REQUEST, STATUS_NOTIFICATION, TOPOLOGY_REQUEST,
  type DeploymentsResult, type FixAllParams, type LintWorkspaceResult, type RuleInfo, type StatusParams, type TopologyParams,
} from './lsp/protocol';
import { CANDIDATE_FILE, scanWorkspace, SKIPPED_FOLDERS, yieldToEventLoop, type ScanFolder } from './lsp/scan';
import { LintScheduler, type CancellationFlag } from './lsp/scheduler';
import { Scopes, type WorkspaceFolderInfo } from './lsp/scopes';
import { readSettings, type EditorSettings } from './lsp/settings';
import { matchesAnyGlob } from './io/glob';
import { pathToUri, relativeInside, uriToPath } from './lsp/uris';
import { fileSystemSource } from './io/fileSource';
import { WorkspaceModel, type DocumentEntry, type WorkspaceLint } from './lsp/workspace';

let shuttingDown = false;
// Over stdio (VS Code and every other editor), diagnostics go out as the JSON kept for them (lsp/stdioTransport.ts); over IPC the library's transport.
const connection: Connection = process.argv.includes('--stdio')
  ? createConnection(ProposedFeatures.all, ...stdioTransport(() => shuttingDown))
  : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(SYNCED_DOCUMENTS);

const log = (message: string) => connection.console.log(`[rdscope] ${message}`);
const logError = (context: string, error: unknown) =>
  connection.console.error(`[rdscope] ${context}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);

// A failure anywhere must not take the server (and every other document's diagnostics) down.
process.on('uncaughtException', (error) => logError('uncaught exception', error));
process.on('unhandledRejection', (error) => logError('unhandled rejection', error));

/** Problems of invalid configuration files, published on those files (the editor falls back to the settings). */
const configDiagnostics = new Map<string, Diagnostic[]>();
/** The first problem of an invalid configuration file, for the status bar (cleared when the files change). */
let configProblem: StatusParams['configProblem'];

const scopes = new Scopes(configFileLoader, (message, problems) => {
  log(`${message}\n(using the editor settings instead)`);
  void connection.window.showWarningMessage(`rdscope: ${message.split('\n')[0]} ${problems.length ? `(${problems.length} problem${problems.length === 1 ? '' : 's'}, see the Problems view)` : ''}: the editor settings apply until it is fixed.`);
  // Shown by the status the lint pass that resolves this scope sends when it ends: sending one here would say
  // "ready" in the middle of that pass.
  if (!configProblem) {
    const p = problems[0];
    configProblem = p ? { uri: pathToUri(p.file), file: p.file, line: p.line, column: p.column, message: p.message } : { message: message.split('\n')[0] };
  }
  for (const p of problems) {
    const uri = pathToUri(p.file);
    const list = configDiagnostics.get(uri) ?? [];
    const position = { line: p.line - 1, character: p.column - 1 };
    list.push({ range: { start: position, end: position }, severity: 1, source: 'rdscope', message: p.message });
    configDiagnostics.set(uri, list);
    // An open configuration file gets them with the next publish; a closed one now.
    if (!model.get(uri)) void connection.sendDiagnostics({ uri, diagnostics: list });
  }
});

function configFilesChanged(): void {
  for (const uri of configDiagnostics.keys()) if (!model.get(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  configDiagnostics.clear();
  configProblem = undefined;
  scopes.configFilesChanged();
  model.setScopeResolver(scopes.resolve);
}
const model = new WorkspaceModel(scopes.resolve);
// Terraform modules, tfvars and nested templates are read from the disk (regular files), open documents
// first, each under the size limit of the configuration that governs it, as templates are (readDiskFile).
model.setFileSource(fileSystemSource({ maxBytesFor: (path) => scopes.resolve(pathToUri(path)).config.maxFileBytes ?? DEFAULT_CONFIG.maxFileBytes }));

let capabilities = {
  configuration: false,
  dynamicConfiguration: false,
  documentChanges: false,
  workspaceFolders: false,
  codeLensRefresh: false,
};
/** `files.exclude` globs that are on, by workspace folder URI. */
let filesExclude = new Map<string, string[]>();
const scanState = { generation: 0 };
/** Where rule codes link (lsp/ruleDocLinks.ts); set from the client's initializationOptions. */
let docLink: RuleDocLink = ruleDocUrl;
/** What was published last, kept for the next publish (lsp/publishedDiagnostics.ts); made once the client's docLink is known. */
let diagnosticMemory: DiagnosticMemory | undefined;
/**
 * Terraform HCL is parsed by WebAssembly, loaded once in the background at
 * start; `.tf` files wait for it (never fails: without it they are skipped
 * with the reason).
 */
let hclReady = false;
const hclLoaded: Promise<unknown> = initHcl().finally(() => { hclReady = true; });
const isHcl = (uri: string) => /\.tf$/i.test(uri);

/** Linting waits for the first settings, so no diagnostics flash with defaults the user has overridden. */
let settingsLoaded!: () => void;
const firstSettings = new Promise<void>((resolve) => { settingsLoaded = resolve; });

// ---------------------------------------------------------------------------
// Lint passes and publishing

const lookup: DocumentLookup = {
  lineIndexOf: (file) => model.lineIndexOf(file),
  versionOf: (file) => model.versionOf(file),
};

/** Published in place of the findings of a file the diagnostics scope leaves out. */
const NOTHING: readonly Finding[] = [];

/**
 * `rdscope.diagnostics.scope`: `openFiles` publishes the findings of open documents only.
 * Asked for every file of the workspace on every lint pass (publish, sendStatus): the
 * per-file settings lookup (a URI to path and a path.relative per folder) is made only
 * when some folder asks for `openFiles` at all.
 */
function inScope(uri: string, entry: DocumentEntry): boolean {
  return entry.open || !scopes.anyOpenFilesOnly || scopes.settingsFor(uri).diagnosticsScope !== 'openFiles';
}

function publish(lint: WorkspaceLint): void {
  const memory = (diagnosticMemory ??= new DiagnosticMemory(docLink));
  for (const [uri, linted] of lint.findingsByUri) {
    const entry = model.get(uri);
    // A document edited since its analysis gets its diagnostics from the next pass.
    if (!entry || entry.dirty) continue;
    const findings = inScope(uri, entry) ? linted : NOTHING;
    if (findings === NOTHING && !memory.hasPublished(uri) && !configDiagnostics.has(uri)) continue;
    try {
      // An open configuration file shows its own problems too.
      const { message, severities } = memory.publish(uri, findings, entry.version, configDiagnostics.get(uri), lookup);
      if (severities) severityCounts.set(findings, severities);
      if (message) void connection.sendDiagnostics(message);
    } catch (error) {
      logError(`diagnostics for ${uri}`, error);
    }
  }
  for (const uri of memory.publishedUris()) {
    if (lint.findingsByUri.has(uri)) continue;
    memory.forget(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }
  sendStatus('ready');
}

/** Each findings array's counts by severity: a link group not linted again hands out the same array, counted once. */
const severityCounts = new WeakMap<readonly Finding[], SeverityCounts>();

function countsOf(findings: readonly Finding[]): SeverityCounts {
  let counts = severityCounts.get(findings);
  if (!counts) {
    let errors = 0, warnings = 0, infos = 0;
    for (const f of findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
    }
    counts = { errors, warnings, infos };
    severityCounts.set(findings, counts);
  }
  return counts;
}

function sendStatus(state: StatusParams['state'], extra: Partial<StatusParams> = {}): void {
  let errors = 0, warnings = 0, infos = 0;
  for (const [uri, findings] of model.lint.findingsByUri) {
    const entry = model.get(uri);
    if (entry && !inScope(uri, entry)) continue;
    const counts = countsOf(findings);
    errors += counts.errors;
    warnings += counts.warnings;
    infos += counts.infos;
  }
  const effective = state === 'ready' && !scopes.anyEnabled ? 'disabled' : state;
  const config = configProblem ? { configProblem } : {};
  const deployment = deploymentStatus(scopes.deploymentsInUse());
  void connection.sendNotification(STATUS_NOTIFICATION, {
    state: effective, templates: model.lint.templates, errors, warnings, infos, configFiles: model.lint.configFiles,
    ...(deployment ? { deployment } : {}), ...config, ...extra,
  } satisfies StatusParams);
}

function analyzeSafely(entry: DocumentEntry): void {
  try {
    model.analyze(entry);
  } catch (error) {
    logError(`analyzing ${entry.uri}`, error);
  }
}

/** One lint pass: analyze what changed (open documents first), link, run the rules, publish. */
async function lintPass(token: CancellationFlag): Promise<void> {
  try {
    await firstSettings;
    const started = performance.now();
    const dirty = [...model.all()].filter((e) => e.dirty).sort((a, b) => Number(b.open) - Number(a.open));
    if (!hclReady && dirty.some((e) => isHcl(e.uri))) {
      await hclLoaded;
      if (token.cancelled) return;
    }
    if (dirty.length > 0) sendStatus('linting');
    for (const entry of dirty) {
      analyzeSafely(entry);
      // Let a newer edit in; if one came, this pass is stale.
      await yieldToEventLoop();
      if (token.cancelled) return;
    }
    const analyzed = performance.now();
    const lint = model.relint();
    const linted = performance.now();
    await yieldToEventLoop();
    if (token.cancelled) return;
    publish(lint);
    // Idle now: what the first keystroke after a full analysis would work out, worked out before it comes.
    setImmediate(() => { if (!token.cancelled) model.prepareForEdits(); });
    const total = performance.now() - started;
    if (total > SLOW_PASS_MS) {
      log(`slow lint pass: ${Math.round(total)} ms (analyze ${dirty.length} file${dirty.length === 1 ? '' : 's'} ${Math.round(analyzed - started)} ms, link + rules ${Math.round(linted - analyzed)} ms for ${lint.relinted} of ${lint.groups} link groups, publish ${Math.round(performance.now() - linted)} ms)`);
    }
  } catch (error) {
    logError('lint pass', error);
    sendStatus('error', { message: error instanceof Error ? error.message : String(error) });
  }
}

/** Passes slower than this are logged with their stages. */
const SLOW_PASS_MS = 500;

const scheduler = new LintScheduler(lintPass);

/** For a request that needs current results (hover, explicit code actions, fix all, topology): lint now, synchronously. */
function ensureCurrent(): void {
  if (!model.hasDirty()) return;
  // A `.tf` file waits for its parser (the next pass analyzes it) rather than being skipped for good.
  for (const entry of model.all()) if (entry.dirty && (hclReady || !isHcl(entry.uri))) analyzeSafely(entry);
  publish(model.relint());
}

// ---------------------------------------------------------------------------
// Settings

let settingsFingerprint = '';

/** Reads the settings again; returns whether they changed. */
async function refreshSettings(pushed?: unknown): Promise<boolean> {
  let global: EditorSettings;
  const byFolder = new Map<string, EditorSettings>();
  const read = (raw: unknown, where: string): EditorSettings => {
    const { settings, problems } = readSettings(raw);
    for (const p of problems) log(`${p} (${where})`);
    return settings;
  };
  const newExclude = new Map<string, string[]>();
  if (capabilities.configuration) {
    try {
      const folders = scopes.workspaceFolders;
      const items = [{ section: 'rdscope' }, ...folders.flatMap((f) => [{ scopeUri: f.uri, section: 'rdscope' }, { scopeUri: f.uri, section: 'files.exclude' }])];
      const values: unknown[] = await connection.workspace.getConfiguration(items);
      global = read(values[0], 'user settings');
      folders.forEach((f, i) => {
        byFolder.set(f.uri, read(values[1 + 2 * i], f.name));
        newExclude.set(f.uri, excludeGlobs(values[2 + 2 * i]));
      });
    } catch (error) {
      logError('reading settings', error);
      global = read(null, 'defaults');
    }
  } else {
    // No workspace/configuration: the settings a didChangeConfiguration pushed, if any, else the defaults.
    const section = typeof pushed === 'object' && pushed !== null ? (pushed as Record<string, unknown>).rdscope : undefined;
    global = read(section ?? null, 'pushed settings');
  }
  const fingerprint = JSON.stringify([global, [...byFolder], [...newExclude]]);
  if (fingerprint === settingsFingerprint) return false;
  settingsFingerprint = fingerprint;
  filesExclude = newExclude;
  scopes.setSettings(global, byFolder);
  model.setScopeResolver(scopes.resolve);
  return true;
}

function excludeGlobs(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  // `true` excludes; `{ when: ... }` depends on sibling files, which the scan does not check: not excluded.
  return Object.entries(value as Record<string, unknown>).filter(([, on]) => on === true).map(([glob]) => glob);
}

// ---------------------------------------------------------------------------
// Workspace files

function scanFolders(): ScanFolder[] {
  return scopes.workspaceFolders
    .filter((f) => scopes.settingsFor(f.uri).enable && scopes.settingsFor(f.uri).scanWorkspace)
    .map((f) => ({ path: f.path, exclude: filesExclude.get(f.uri) ?? [] }));
}

/** A file in a workspace folder that the scan would read (not excluded, not under node_modules). */
function belongsToScan(path: string): boolean {
  const folder = scopes.folderOf(path);
  if (!folder) return false;
  const settings = scopes.settingsFor(folder.uri);
  if (!settings.enable || !settings.scanWorkspace) return false;
  const rel = relativeInside(folder.path, path);
  if (rel === undefined || !CANDIDATE_FILE.test(path)) return false;
  if (rel.split('/').some((part) => SKIPPED_FOLDERS.has(part))) return false;
  return !matchesAnyGlob(rel, filesExclude.get(folder.uri) ?? []);
}

const HEAD_BYTES = 64 * 1024;

/** Reads a file into the model (open documents keep their editor text); returns whether the model changed. */
function readDiskFile(path: string): boolean {
  const uri = pathToUri(path);
  const existing = model.get(uri);
  if (existing?.open) return false;
  const max = scopes.resolve(uri).config.maxFileBytes ?? DEFAULT_CONFIG.maxFileBytes;
  let entry: DocumentEntry | undefined;
  try {
    const read = readTemplateFile(path, max);
    entry = model.setDiskDocument(uri, read.ok ? { text: read.text } : { problem: read.message, head: readHead(path) });
  } catch {
    // Vanished or unreadable between listing and reading: it is simply not in the workspace.
    return model.removeDocument(uri) !== undefined;
  }
  if (!entry) return existing !== undefined;
  if (entry.dirty) {
    analyzeSafely(entry);
    // Not a template after all (or excluded): keep nothing.
    if (!entry.analyzed || entry.analyzed.skipped) model.removeDocument(uri);
  }
  return true;
}

function readHead(path: string): string {
  // Regular files only: a FIFO named *.yaml must not block the server (io/regularFile.ts).
  return readFileHead(path, HEAD_BYTES).toString('latin1');
}

/** Lints every template of the workspace, in the background; a newer scan replaces this one. */
function startScan(): Promise<LintWorkspaceResult> {
  const generation = ++scanState.generation;
  const isCancelled = () => shuttingDown || scanState.generation !== generation;
  const run = (async (): Promise<LintWorkspaceResult> => {
    await hclLoaded;
    const folders = scanFolders();
    const started = performance.now();
    let changed = false;
    let lastProgress = 0;
    const result = await scanWorkspace(folders, {
      isCancelled,
      giveWay: () => scheduler.idle(),
      onFile: (path) => { if (readDiskFile(path)) changed = true; },
      onProgress: (scanned, total) => {
        // A few updates a second are enough for a status bar.
        const now = performance.now();
        if (now - lastProgress < 250 && scanned < total) return;
        lastProgress = now;
        sendStatus('scanning', { scanned, toScan: total });
      },
    });
    if (!result.cancelled) {
      if (changed) {
        // Settle now so the result counts what was found; the pass also publishes.
        await scheduler.idle();
        ensureCurrent();
        publish(model.relint());
      } else sendStatus('ready');
      log(`workspace scan: ${result.files} files read, ${model.lint.templates} templates, ${Math.round(performance.now() - started)} ms${result.truncated ? ' (stopped at the file limit)' : ''}`);
    }
    let findings = 0;
    for (const list of model.lint.findingsByUri.values()) findings += list.length;
    return { files: result.files, templates: model.lint.templates, findings, truncated: result.truncated, cancelled: result.cancelled };
  })();
  return run;
}

// ---------------------------------------------------------------------------
// LSP handlers: each one thin, each one guarded

function guard<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (error) {
      logError(name, error);
      return fallback;
    }
  };
}

/**
 * A request that lints first waits for the first settings: answered earlier,
 * it would lint (and publish) with defaults the user has overridden, such as
 * the deployment chosen in rdscope.deployment.
 */
function afterSettings<P, R>(handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    await firstSettings;
    return handler(params);
  };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const c = params.capabilities;
  capabilities = {
    configuration: !!c.workspace?.configuration,
    dynamicConfiguration: !!c.workspace?.didChangeConfiguration?.dynamicRegistration,
    documentChanges: !!c.workspace?.workspaceEdit?.documentChanges,
    workspaceFolders: !!c.workspace?.workspaceFolders,
    codeLensRefresh: !!c.workspace?.codeLens?.refreshSupport,
  };
  const folders: WorkspaceFolderInfo[] = [];
  for (const f of params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : [])) {
    const path = uriToPath(f.uri);
    if (path && existsSync(path)) folders.push({ uri: f.uri, path, name: f.name });
  }
  scopes.setFolders(folders);
  const options = (params.initializationOptions ?? {}) as RdscopeInitializationOptions;
  // The bundle is dist/server.js: the package root, with docs/rules/, is its parent.
  docLink = ruleDocLinks({ commandLinks: options.ruleDocLinks === 'command', packageRoot: dirname(__dirname) });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: false },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'rdscope', version: '0.1.0' },
  };
});

connection.onInitialized(guard('initialized', undefined, async () => {
  if (capabilities.dynamicConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: ['rdscope', 'files.exclude'] });
  }
  if (capabilities.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(guard('workspace folders', undefined, async (event) => {
      const removed = new Set(event.removed.map((f) => f.uri));
      const folders = scopes.workspaceFolders.filter((f) => !removed.has(f.uri));
      for (const f of event.added) {
        const path = uriToPath(f.uri);
        if (path) folders.push({ uri: f.uri, path, name: f.name });
      }
      scopes.setFolders(folders);
      for (const e of [...model.all()]) if (!e.open && !belongsToScan(uriToPath(e.uri) ?? '')) model.removeDocument(e.uri);
      await refreshSettings();
      void startScan();
    }));
  }
  try {
    await refreshSettings();
  } finally {
    settingsLoaded();
  }
  scheduler.soon();
  void startScan();
}));

connection.onDidChangeConfiguration(guard('configuration', undefined, async (change) => {
  if (!await refreshSettings(change.settings)) return;
  // `rdscope.codeLens.enable` may have changed: the client asks for lenses again.
  if (capabilities.codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh');
  // Include/exclude or enable may have changed which files count: read the workspace again.
  for (const e of [...model.all()]) if (!e.open && !belongsToScan(uriToPath(e.uri) ?? '')) model.removeDocument(e.uri);
  scheduler.soon();
  void startScan();
}));

documents.onDidOpen((event) => {
  try {
    model.openDocument(event.document.uri, event.document.getText(), event.document.version, event.document);
    model.nestedTemplateChanged(event.document.uri);
    scheduler.soon();
  } catch (error) { logError('didOpen', error); }
});

documents.onDidChangeContent((event) => {
  try {
    const entry = model.get(event.document.uri);
    // Opening fires this too, with the version the open already recorded.
    if (entry?.open && entry.version === event.document.version) return;
    model.changeDocument(event.document.uri, event.document.getText(), event.document.version, event.document);
    model.nestedTemplateChanged(event.document.uri);
    scheduler.edited();
  } catch (error) { logError('didChange', error); }
});

documents.onDidSave(() => scheduler.soon());

documents.onDidClose((event) => {
  try {
    const uri = event.document.uri;
    model.closeDocument(uri);
    // A workspace file goes back to what is on disk; anything else leaves the model and its diagnostics go.
    const path = uriToPath(uri);
    if (path && belongsToScan(path) && existsSync(path)) readDiskFile(path);
    model.nestedTemplateChanged(uri);
    scheduler.soon();
  } catch (error) { logError('didClose', error); }
});

connection.onDidChangeWatchedFiles(guard('watched files', undefined, (params) => {
  let configChanged = false;
  let changed = false;
  for (const change of params.changes) {
    const path = uriToPath(change.uri);
    if (!path) continue;
    if (/(^|[\\/])\.rdscope\.(ya?ml|json)$/.test(path)) { configChanged = true; continue; }
    // A deployment's parameter file: the templates it feeds are analyzed again.
    if (model.inputFileChanged(path)) changed = true;
    if (model.get(change.uri)?.open) continue; // the editor's text wins
    if (model.nestedTemplateChanged(change.uri)) changed = true;
    if (change.type === 3 /* Deleted */ || !existsSync(path)) {
      if (model.removeDocument(change.uri)) changed = true;
    } else if (belongsToScan(path)) {
      if (readDiskFile(path)) changed = true;
    }
  }
  if (configChanged) {
    configFilesChanged();
    void startScan();
  }
  if (changed || configChanged) scheduler.soon();
}));

connection.onHover(guard('hover', null, afterSettings((params) => {
  const entry = model.get(params.textDocument.uri);
  if (!entry) return null;
  ensureCurrent();
  const doc = entry.analyzed;
  if (!doc?.model) return null;
  const findings = inScope(entry.uri, entry) ? model.lint.findingsByUri.get(entry.uri) ?? [] : [];
  return hoverAt(doc, doc.lineIndex.offsetAt(params.position), model.lint.topology, { findings, docLink });
})));

connection.onCodeLens(guard('codeLens', [], afterSettings((params) => {
  const entry = model.get(params.textDocument.uri);
  if (!entry || !scopes.settingsFor(entry.uri).codeLens) return [];
  ensureCurrent();
  const doc = entry.analyzed;
  return doc?.model ? codeLenses(doc, model.lint.topology) : [];
})));

connection.onDocumentSymbol(guard('documentSymbol', [], afterSettings((params) => {
  const entry = model.get(params.textDocument.uri);
  if (!entry) return [];
  ensureCurrent();
  const doc = entry.analyzed;
  return doc?.model ? documentSymbols(doc, model.lint.topology) : [];
})));

connection.onCodeAction(guard('codeAction', [] as CodeAction[], afterSettings((params: CodeActionParams): CodeAction[] => {
  const uri = params.textDocument.uri;
  const entry = model.get(uri);
  if (!entry) return [];
  const only = params.context.only;
  const automatic = params.context.triggerKind === 2 /* Automatic */;
  if (entry.dirty && automatic && !(only && kindRequested(only, FIX_ALL_KIND) && !kindRequested(only, 'quickfix'))) {
    // The light bulb while typing: the diagnostics are about to be replaced; answer cheaply.
    return [];
  }
  ensureCurrent();
  const actions = quickFixActions(params.context.diagnostics, only, codeActionEnv(entry));
  if (only && only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`))) {
    const edit = fixAllEdit(entry);
    if (edit) actions.push(fixAllAction('Fix all rdscope findings', edit));
  }
  return actions;
})));

function codeActionEnv(entry: DocumentEntry): CodeActionEnv {
  return {
    ...lookup,
    uri: entry.uri,
    findings: model.lint.findingsByUri.get(entry.uri) ?? [],
    documentChanges: capabilities.documentChanges,
    suppression: (ruleId, resource) => {
      const entity = model.entity(entry.uri, resource);
      const doc = entry.analyzed;
      return entity && doc ? suppressionFix(entity, ruleId, { text: doc.text, format: doc.format }) : undefined;
    },
  };
}

/** Every fix of one document that edits only that document, applied as eslint --fix does (several passes). */
function fixAllEdit(entry: DocumentEntry): WorkspaceEdit | undefined {
  const doc = entry.analyzed;
  if (!doc || doc.skipped) return undefined;
  const findings = model.lint.findingsByUri.get(entry.uri) ?? [];
  if (!findings.some((f) => f.fix)) return undefined;
  const result = fixAll(entry.uri, doc.text, findings, (text) => checkWithText(entry, text));
  const change = minimalEdit(doc.text, result.text);
  if (!change) return undefined;
  const range = toLspRange(doc.lineIndex, { start: change.start, end: change.end });
  return toWorkspaceEdit(
    { title: 'Fix all', edits: [{ uri: entry.uri, range, newText: change.newText }], versions: { [entry.uri]: entry.version } },
    { documentChanges: capabilities.documentChanges },
  );
}

/** A document as if its text were `text`, with the rest of the workspace as it is: does it still parse as the same template, and its findings. */
function checkWithText(entry: DocumentEntry, text: string): TextCheck {
  const saved = { text: entry.text, analyzed: entry.analyzed, dirty: entry.dirty };
  try {
    entry.text = text;
    entry.dirty = true;
    model.analyze(entry);
    const parses = !entry.analyzed?.problem && entry.analyzed?.kind === saved.analyzed?.kind;
    return { parses, findings: model.relint().findingsByUri.get(entry.uri) ?? [] };
  } finally {
    Object.assign(entry, saved);
    // Put the workspace's links back as they were for the real text.
    model.relint();
  }
}

connection.onRequest(TOPOLOGY_REQUEST, guard(TOPOLOGY_REQUEST, null, afterSettings((params: TopologyParams | undefined) => {
  ensureCurrent();
  return params?.diagram ? model.diagramInput(params.uri) : model.topologyJson(params?.uri);
})));

connection.onRequest(FIX_ALL_REQUEST, guard(FIX_ALL_REQUEST, null, afterSettings((params: FixAllParams) => {
  const entry = model.get(params.uri);
  if (!entry) return null;
  ensureCurrent();
  return fixAllEdit(entry) ?? null;
})));

connection.onRequest(LINT_WORKSPACE_REQUEST, guard(LINT_WORKSPACE_REQUEST, null, async () => {
  configFilesChanged();
  scheduler.soon();
  return startScan();
}));

connection.onRequest(DEPLOYMENTS_REQUEST, guard(DEPLOYMENTS_REQUEST, { configurations: [] } as DeploymentsResult, () => deploymentsResult(scopes.deploymentsInUse())));

connection.onRequest(RULES_REQUEST, guard(RULES_REQUEST, [] as RuleInfo[], () => [
  ...[...FILE_RULES, ...RULES].map((r) => ({ id: r.id, name: r.name, defaultSeverity: r.defaultSeverity, summary: r.summary, docUrl: ruleDocUrl(r.id) })),
]));

connection.onShutdown(() => {
  shuttingDown = true;
  scheduler.dispose();
});

documents.listen(connection);
connection.listen();
