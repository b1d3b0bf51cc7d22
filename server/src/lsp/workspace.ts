/**
 * The workspace model the language server keeps: every template it knows
 * (open documents override what is on disk), each analyzed once per text,
 * and the linked topology over all of them, so a replica in one file finds
 * its source in another. Pure: no connection, no timers; server.ts decides
 * when to analyze and lint, this module decides what.
 */
import type { LintConfig } from '../config/config';
import { NO_FILES, type FileSource } from '../evaluate/inputs';
import { namedFilesSource } from '../config/deployments';
import type { AnalyzedDocument, Finding } from '../lint';
import { IncrementalAnalysis, type TextChange } from '../incremental';
import { diagramInput, type DiagramInput } from '../diagram/input';
import { topologyToJson, type TopologyJson } from '../model/serialize';
import type { Entity, FileModel, Node, Topology } from '../model/topology';
import { emptyTopology } from '../model/topology';
import { LineIndex } from '../parse/lineIndex';
import { looksLikeTemplate } from '../parse/detect';
import { linkGroups, linkKeysOf, type LinkKeys } from '../cli/partition';
import { canonicalKey, pathToUri, uriToPath } from './uris';

/** How one file is linted: its configuration, or nothing when it is excluded. */
export interface FileScope {
  readonly included: boolean;
  readonly config: LintConfig;
  /** Files with equal keys share a configuration (one engine run per key). */
  readonly configKey: string;
  /** The `.rdscope.*` file the configuration comes from; absent: the editor settings only. */
  readonly configFile?: string;
}

export type ScopeResolver = (uri: string) => FileScope;

export interface DocumentEntry {
  readonly key: string;
  /** The URI the engine names the file by and diagnostics are published for. */
  uri: string;
  open: boolean;
  /** The editor's version for an open document, null for a file read from disk. */
  version: number | null;
  text: string;
  /** The analysis of `text`; undefined for a file that is not a template candidate or is excluded. */
  analyzed?: AnalyzedDocument;
  /** `text` changed since `analyzed` was computed. */
  dirty: boolean;
  /** The editor's copy of `text`, when `text` came from the editor: its index, and the one edit that made it, if it sent one. */
  editor?: EditorCopy & { readonly text: string };
  /** A file that could not be read from disk (binary, invalid UTF-8, too large): RDS000 when it looks like a template. */
  readProblem?: string;
}

export interface WorkspaceLint {
  /** Reported findings by document URI (every known document has an entry, possibly empty). */
  readonly findingsByUri: ReadonlyMap<string, readonly Finding[]>;
  /** The linked topology of the whole workspace (built on first use). */
  readonly topology: Topology;
  readonly templates: number;
  /** Link groups linted again by this pass (the others kept their findings). */
  readonly relinted: number;
  readonly groups: number;
  /** The `.rdscope.*` files the linted templates take their configuration from, sorted (for the status bar). */
  readonly configFiles: readonly string[];
}

/**
 * One link group's last lint: the files that can link to each other (a
 * scope or an identifier in common, cli/partition.ts), linked and linted on
 * their own. Kept until one of its files changes or the grouping does.
 */
interface GroupLint {
  readonly members: ReadonlyMap<string, { readonly analyzed: AnalyzedDocument; readonly configKey: string }>;
  readonly findings: ReadonlyMap<string, Finding[]>;
  readonly topology: Topology;
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

const linkKeys = new WeakMap<AnalyzedDocument, LinkKeys | undefined>();

function linkKeysOfDocument(doc: AnalyzedDocument, incremental: IncrementalAnalysis): LinkKeys | undefined {
  if (!linkKeys.has(doc)) linkKeys.set(doc, keysAfterEdit(doc, incremental) ?? (doc.model ? linkKeysOf(doc.model) : undefined));
  return linkKeys.get(doc);
}

/**
 * A document re-analyzed incrementally keeps its previous version's keys
 * when the entities rebuilt name the same identifiers as the ones they
 * replace (a retention or a size changed): a file's keys are the union over
 * its entities, so the union is unchanged. Reading every entity of a 1 MB
 * template for its keys cost ~20 ms per keystroke.
 */
function keysAfterEdit(doc: AnalyzedDocument, incremental: IncrementalAnalysis): LinkKeys | undefined {
  const rebuilt = incremental.rebuilt(doc);
  const model = doc.model;
  const before = rebuilt && linkKeys.get(rebuilt.base);
  if (!rebuilt || !model || !before || before.scope !== model.scope || rebuilt.base.model?.scope !== model.scope) return undefined;
  const keysOfEntities = (entities: readonly Entity[]) => linkKeysOf(modelOfEntities(entities, model)).identifiers.join('\u0000');
  return keysOfEntities(rebuilt.removed) === keysOfEntities(rebuilt.added) ? before : undefined;
}

/** A model holding only `entities` (each in its list), with `like`'s summary and scope. */
function modelOfEntities(entities: readonly Entity[], like: FileModel): FileModel {
  const of = <K extends Node['kind']>(kind: K) => entities.filter((e) => (e as Node).kind === kind) as Extract<Node, { kind: K }>[];
  return {
    summary: like.summary, scope: like.scope,
    instances: of('instance'), clusters: of('cluster'), proxies: of('proxy'), proxyTargetGroups: of('proxy-target-group'),
    proxyTargets: of('proxy-target'), proxyEndpoints: of('proxy-endpoint'), subnets: of('subnet'),
  };
}

function mergeTopologies(parts: readonly Topology[]): Topology {
  const t = emptyTopology();
  for (const p of parts) {
    // Loops, not push(...p.instances): 130,000 arguments overflow the stack.
    for (const item of p.files) t.files.push(item);
    for (const item of p.instances) t.instances.push(item);
    for (const item of p.clusters) t.clusters.push(item);
    for (const item of p.proxies) t.proxies.push(item);
    for (const item of p.proxyTargetGroups) t.proxyTargetGroups.push(item);
    for (const item of p.proxyTargets) t.proxyTargets.push(item);
    for (const item of p.proxyEndpoints) t.proxyEndpoints.push(item);
    for (const item of p.subnets) t.subnets.push(item);
    for (const item of p.edges) t.edges.push(item);
  }
  return t;
}

/**
 * A cheap test on the text that every template passes: a file that fails it
 * is not parsed at all (the engine would parse it and then skip it as "not a
 * template"). Mirrors parse/detect.ts: a `.tf` file always counts; CloudFormation needs
 * `AWSTemplateFormatVersion` or `Resources`, Terraform a top-level
 * `resource`/`provider`/`variable`/`module`, a plan `planned_values`; a
 * broken file only counts when `looksLikeTemplate` says so.
 */
export function mayBeTemplate(uri: string, text: string): boolean {
  // Terraform HCL is Terraform by its name; the engine reports a broken one (RDS000).
  if (/\.tf$/i.test(uri) || looksLikeTemplate(text, uri)) return true;
  return /AWSTemplateFormatVersion|Resources|planned_values/.test(text)
    || /(?:^|[{,\s])["']?(?:resource|provider|variable|module)["']?\s*:/m.test(text);
}

/** What the editor's copy of an open document holds beside its text (lsp/syncedDocument.ts): the analysis need not redo it. */
export interface EditorCopy {
  readonly lineIndex: LineIndex;
  /** The one edit that turned `before` into this text, when the editor sent one. */
  readonly lastChange?: { readonly before: string; readonly change: TextChange };
}

/** What the entry keeps of the editor's copy of `text`. */
function copyOf(editor: EditorCopy, text: string): EditorCopy & { readonly text: string } {
  return { lineIndex: editor.lineIndex, lastChange: editor.lastChange, text };
}

/**
 * Analyzes one document's text. `previous` is the last analysis of the same
 * document: reused when the text is unchanged, else the incremental analysis
 * re-reads only what the edit touched.
 */
function reanalyze(incremental: IncrementalAnalysis, uri: string, text: string, previous: AnalyzedDocument | undefined, config: LintConfig, files: FileSource, editor: EditorCopy | undefined): AnalyzedDocument | undefined {
  if (previous && previous.uri === uri && previous.text === text) return previous;
  if (!mayBeTemplate(uri, text)) return undefined;
  const last = editor?.lastChange;
  const change = last && previous && last.before === previous.text ? last.change : undefined;
  return incremental.reanalyze(previous, uri, text, config, change, files, editor?.lineIndex);
}

/**
 * What one configuration's deployment reads: the parameter files it names
 * (.rdscope.yaml `deployments:`), each read once and kept, an open
 * document's text first; every other path goes to the workspace. Kept per
 * configuration, so every keystroke meets the same source and
 * deploymentParameters (which caches by source) parses nothing again; the
 * workspace drops it when one of those files changes.
 */
interface DeploymentSource {
  readonly files: FileSource;
  readonly parameterFiles: ReadonlySet<string>;
}

function deploymentSource(config: LintConfig, workspace: FileSource, openText: (path: string) => string | undefined): DeploymentSource {
  const disk = namedFilesSource([config], workspace);
  const parameterFiles = new Set(config.deployment?.parameterFiles ?? []);
  const read = new Map<string, string | undefined>();
  return {
    parameterFiles,
    files: {
      readText(path) {
        if (!parameterFiles.has(path)) return disk.readText(path);
        const open = openText(path);
        if (open !== undefined) return open;
        if (!read.has(path)) read.set(path, disk.readText(path));
        return read.get(path);
      },
      listFolder: (path) => disk.listFolder(path),
    },
  };
}

export class WorkspaceModel {
  private readonly entries = new Map<string, DocumentEntry>();
  private lastLint: WorkspaceLint = { findingsByUri: new Map(), topology: emptyTopology(), templates: 0, relinted: 0, groups: 0, configFiles: [] };
  /** By group signature (its sorted URIs). */
  private groupLints = new Map<string, GroupLint>();
  private lastGrouping: { readonly files: readonly { readonly uri: string; readonly keys?: LinkKeys }[]; readonly groups: string[][] } | undefined;
  /** The editor's incremental re-analysis: state this workspace owns (lint.ts keeps none). */
  private readonly incremental = new IncrementalAnalysis();

  /** Reads what the documents refer to (Terraform modules, tfvars); the open documents' texts win over the disk. */
  private files: FileSource = NO_FILES;
  /** By FileScope.configKey, for the configurations with a deployment. */
  private deploymentSources = new Map<string, DeploymentSource>();

  constructor(private scopeOf: ScopeResolver) {}

  /** The disk behind module and tfvars reads (server.ts: io/fileSource.ts); open documents are overlaid. */
  setFileSource(files: FileSource): void {
    this.files = {
      // Entries are keyed by the canonical form of their URI: one lookup, not a scan of the workspace per read.
      readText: (path) => this.entries.get(canonicalKey(pathToUri(path)))?.text ?? files.readText(path),
      listFolder: (path) => files.listFolder(path),
    };
    this.deploymentSources.clear();
  }

  /** Where `scope`'s analysis and lint read other files from. */
  private filesFor(scope: FileScope): FileSource {
    if (!scope.config.deployment) return this.files;
    let source = this.deploymentSources.get(scope.configKey);
    if (!source) {
      source = deploymentSource(scope.config, this.files, (path) => {
        const entry = this.entries.get(canonicalKey(pathToUri(path)));
        return entry?.open ? entry.text : undefined;
      });
      this.deploymentSources.set(scope.configKey, source);
    }
    return source.files;
  }

  /**
   * A file changed on disk, or its open document changed, opened or closed.
   * When a deployment names it as a parameter file, the documents linted
   * with that deployment are analyzed again in full (every resource may read
   * a parameter). Returns whether any is.
   */
  inputFileChanged(path: string | undefined): boolean {
    if (path === undefined) return false;
    let named = false;
    for (const [key, source] of this.deploymentSources) {
      if (source.parameterFiles.has(path)) { this.deploymentSources.delete(key); named = true; }
    }
    if (!named) return false;
    return this.reanalyzeWhere((e) => !!e.analyzed && !!this.scopeOf(e.uri).config.deployment?.parameterFiles.includes(path));
  }

  /**
   * A template other templates nest changed (edited, opened, closed, changed on
   * disk): the parents are analyzed again, since their models hold its
   * resources, built from its text with the parameters they pass. Returns
   * whether any is.
   */
  nestedTemplateChanged(uri: string): boolean {
    const key = canonicalKey(uri);
    return this.reanalyzeWhere((e) => !!e.analyzed?.model?.nestedTemplates?.some((file) => canonicalKey(file) === key));
  }

  /** Marks the entries `depends` picks for a full analysis: their own text did not change, so an analysis kept for it would be reused. */
  private reanalyzeWhere(depends: (e: DocumentEntry) => boolean): boolean {
    let any = false;
    for (const e of this.entries.values()) {
      if (!depends(e)) continue;
      e.dirty = true;
      e.analyzed = undefined;
      any = true;
    }
    return any;
  }

  setScopeResolver(scopeOf: ScopeResolver): void {
    this.scopeOf = scopeOf;
    this.deploymentSources.clear();
    this.invalidateAll();
  }

  get(uri: string): DocumentEntry | undefined {
    return this.entries.get(canonicalKey(uri));
  }

  all(): IterableIterator<DocumentEntry> {
    return this.entries.values();
  }

  get size(): number {
    return this.entries.size;
  }

  get lint(): WorkspaceLint {
    return this.lastLint;
  }

  hasDirty(): boolean {
    for (const e of this.entries.values()) if (e.dirty) return true;
    return false;
  }

  /** The editor opened a document (`editor`: what its copy holds beside the text). */
  openDocument(uri: string, text: string, version: number, editor?: EditorCopy): DocumentEntry {
    const key = canonicalKey(uri);
    const existing = this.entries.get(key);
    if (existing) {
      // The editor's spelling of the URI wins from now on.
      const renamed = existing.uri !== uri;
      Object.assign(existing, { uri, open: true, version, readProblem: undefined });
      if (renamed || existing.text !== text) { existing.text = text; existing.dirty = true; if (renamed) existing.analyzed = undefined; }
      existing.editor = editor && copyOf(editor, text);
      this.inputFileChanged(uriToPath(uri));
      return existing;
    }
    const entry: DocumentEntry = { key, uri, open: true, version, text, dirty: true, ...(editor ? { editor: copyOf(editor, text) } : {}) };
    this.entries.set(key, entry);
    this.inputFileChanged(uriToPath(uri));
    return entry;
  }

  /** The editor changed an open document to `text` (`editor`: what its copy holds beside the text). */
  changeDocument(uri: string, text: string, version: number, editor?: EditorCopy): DocumentEntry {
    const entry = this.get(uri);
    if (!entry) return this.openDocument(uri, text, version, editor);
    entry.editor = editor && copyOf(editor, text);
    entry.text = text;
    entry.version = version;
    entry.dirty = true;
    this.inputFileChanged(uriToPath(uri));
    return entry;
  }

  /** The editor closed it: forget it (the caller reads the file from disk again when it belongs to the workspace). */
  closeDocument(uri: string): DocumentEntry | undefined {
    const entry = this.get(uri);
    if (entry) this.entries.delete(entry.key);
    // A parameter file is read from the disk again.
    this.inputFileChanged(uriToPath(uri));
    return entry;
  }

  /**
   * A file read from disk; ignored while the editor has it open (its text is
   * newer). A file that cannot be a template costs nothing more: no entry, no
   * text kept. Returns the entry, or undefined when there is none (any more).
   */
  setDiskDocument(uri: string, content: { text: string } | { problem: string; head: string }): DocumentEntry | undefined {
    const key = canonicalKey(uri);
    const existing = this.entries.get(key);
    if (existing?.open) return existing;
    const candidate = 'text' in content ? mayBeTemplate(uri, content.text) : looksLikeTemplate(content.head, uri);
    if (!candidate) {
      if (existing) this.entries.delete(key);
      return undefined;
    }
    const text = 'text' in content ? content.text : '';
    const readProblem = 'problem' in content ? content.problem : undefined;
    if (existing && existing.text === text && existing.readProblem === readProblem) return existing;
    const entry: DocumentEntry = existing ?? { key, uri, open: false, version: null, text, dirty: true };
    Object.assign(entry, { uri, open: false, version: null, text, readProblem, dirty: true });
    this.entries.set(key, entry);
    return entry;
  }

  removeDocument(uri: string): DocumentEntry | undefined {
    const entry = this.get(uri);
    if (entry && !entry.open) this.entries.delete(entry.key);
    return entry && !entry.open ? entry : undefined;
  }

  /** Settings or configuration files changed: every document is analyzed again. */
  invalidateAll(): void {
    for (const e of this.entries.values()) { e.dirty = true; e.analyzed = undefined; }
  }

  /** Brings one document's analysis up to date with its text. Never throws: a failure becomes RDS000 on that file. */
  analyze(entry: DocumentEntry): void {
    if (!entry.dirty) return;
    const scope = this.scopeOf(entry.uri);
    entry.dirty = false;
    if (!scope.included) { entry.analyzed = undefined; return; }
    if (entry.readProblem) {
      entry.analyzed = { uri: entry.uri, text: '', format: 'yaml', lineIndex: new LineIndex(''), problem: { message: entry.readProblem, range: { start: 0, end: 0 } } };
      return;
    }
    try {
      // The editor's copy is of this text unless something else put a text here since (fix-all trying one).
      const editor = entry.editor?.text === entry.text ? entry.editor : undefined;
      entry.analyzed = reanalyze(this.incremental, entry.uri, entry.text, entry.analyzed, scope.config, this.filesFor(scope), editor);
    } catch (error) {
      // The engine is meant never to throw; if it does, this file reports it and the others go on.
      const message = `rdscope could not analyze this file: ${error instanceof Error ? error.message : String(error)}`;
      entry.analyzed = { uri: entry.uri, text: entry.text, format: 'yaml', lineIndex: new LineIndex(entry.text), problem: { message, range: { start: 0, end: 0 } } };
    }
  }

  /** Works out, while the server is idle, what the next keystroke in each open document would (IncrementalAnalysis.prepare). */
  prepareForEdits(): void {
    for (const e of this.entries.values()) if (e.open && !e.dirty && e.analyzed) this.incremental.prepare(e.analyzed);
  }

  analyzeAll(): void {
    for (const e of this.entries.values()) this.analyze(e);
  }

  /**
   * Links and lints the workspace. Files are cut into link groups (files that
   * share a scope or an identifier, the CLI's partition), and only the groups
   * whose files or grouping changed since the last call are linked and linted
   * again: an edit costs its own group, not the workspace. Within a group,
   * once per distinct configuration (usually one), each run keeping the
   * findings of its files: the same findings as one run over everything.
   * Dirty documents take part with their previous analysis.
   */
  relint(): WorkspaceLint {
    const docs: { uri: string; analyzed: AnalyzedDocument; scope: FileScope }[] = [];
    const findingsByUri = new Map<string, readonly Finding[]>();
    for (const e of this.entries.values()) {
      findingsByUri.set(e.uri, NO_FINDINGS);
      if (!e.analyzed || e.analyzed.skipped) continue;
      const scope = this.scopeOf(e.uri);
      if (!scope.included) continue;
      docs.push({ uri: e.analyzed.uri, analyzed: e.analyzed, scope });
    }
    // The CLI lints files in path order; the linker's tie-breaks follow the order.
    docs.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    const byUri = new Map(docs.map((d) => [d.uri, d]));
    const configFiles = [...new Set(docs.flatMap((d) => (d.scope.configFile !== undefined ? [d.scope.configFile] : [])))].sort();
    const groups = this.groupsOf(docs.map((d) => ({ uri: d.uri, keys: linkKeysOfDocument(d.analyzed, this.incremental) })));
    const next = new Map<string, GroupLint>();
    let relinted = 0;
    for (const group of groups) {
      const signature = group.join('\u0000');
      const previous = this.groupLints.get(signature);
      const unchanged = previous !== undefined && group.every((uri) => {
        const member = previous.members.get(uri);
        const d = byUri.get(uri)!;
        return member !== undefined && member.analyzed === d.analyzed && member.configKey === d.scope.configKey;
      });
      if (unchanged) { next.set(signature, previous); continue; }
      relinted++;
      next.set(signature, this.lintGroup(group.map((uri) => byUri.get(uri)!)));
    }
    this.groupLints = next;
    // A clean group hands out the same arrays again: the caller can tell unchanged files by identity.
    for (const g of next.values()) for (const [uri, list] of g.findings) if (findingsByUri.has(uri)) findingsByUri.set(uri, list);
    let topology: Topology | undefined;
    const parts = [...next.values()].map((g) => g.topology);
    this.lastLint = {
      findingsByUri,
      get topology() { return (topology ??= mergeTopologies(parts)); },
      templates: docs.length,
      relinted,
      groups: next.size,
      configFiles,
    };
    return this.lastLint;
  }

  /**
   * linkGroups(files), kept while every file has the same URI and the same
   * keys object (a keystroke that names the same identifiers keeps its
   * file's keys, keysAfterEdit): grouping a 5 MB template made ~20,000 key
   * strings per keystroke (~5 ms).
   */
  private groupsOf(files: readonly { readonly uri: string; readonly keys?: LinkKeys }[]): string[][] {
    const last = this.lastGrouping;
    if (last && last.files.length === files.length && last.files.every((f, i) => f.uri === files[i].uri && f.keys === files[i].keys)) return last.groups;
    const groups = linkGroups(files);
    this.lastGrouping = { files, groups };
    return groups;
  }

  private lintGroup(members: readonly { uri: string; analyzed: AnalyzedDocument; scope: FileScope }[]): GroupLint {
    const documents = new Map(members.map((m) => [m.uri, m.analyzed]));
    const configs = new Map<string, { config: LintConfig; files: FileSource; uris: Set<string> }>();
    for (const m of members) {
      const c = configs.get(m.scope.configKey) ?? { config: m.scope.config, files: this.filesFor(m.scope), uris: new Set<string>() };
      c.uris.add(m.uri);
      configs.set(m.scope.configKey, c);
    }
    const findings = new Map<string, Finding[]>(members.map((m) => [m.uri, []]));
    let topology = emptyTopology();
    for (const { config, files, uris } of configs.values()) {
      try {
        const result = this.incremental.lint(documents, { config, files });
        topology = result.topology;
        for (const f of result.findings) if (uris.has(f.file)) findings.get(f.file)?.push(f);
      } catch (error) {
        // A rule that throws must not take the workspace down: report it on each file of the group.
        const message = `rdscope failed while linting: ${error instanceof Error ? error.message : String(error)}`;
        for (const uri of uris) {
          findings.get(uri)?.push({ ruleId: 'RDS000', ruleName: 'parse-error', severity: 'error', message, file: uri, range: { start: 0, end: 0 }, related: [] });
        }
      }
    }
    return { members: new Map(members.map((m) => [m.uri, { analyzed: m.analyzed, configKey: m.scope.configKey }])), findings, topology };
  }

  lineIndexOf(file: string): LineIndex | undefined {
    return this.get(file)?.analyzed?.lineIndex;
  }

  versionOf(file: string): number | null {
    return this.get(file)?.version ?? null;
  }

  /** The resource `id` defined in `file`, as the last lint linked it. */
  entity(file: string, id: string): Entity | undefined {
    const uri = this.get(file)?.analyzed?.uri ?? file;
    const t = this.lastLint.topology;
    for (const list of [t.instances, t.clusters, t.proxies, t.proxyTargetGroups, t.proxyTargets, t.proxyEndpoints, t.subnets] as Entity[][]) {
      const found = list.find((e) => e.file === uri && e.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The model as JSON for the diagram: the whole workspace, or one document
   * with every file linked to it (a replica's source in another template).
   */
  topologyJson(uri?: string): TopologyJson {
    return topologyToJson(this.linkedTopology(uri), (f) => this.lineIndexOf(f));
  }

  /**
   * What the diagram draws (`rdscope/topology` with `diagram: true`): the same
   * topology, plus the findings reported on its files and a recovery profile
   * per database, as `rdscope graph` draws them.
   */
  diagramInput(uri?: string): DiagramInput {
    const findings = [...this.lastLint.findingsByUri.values()].flat();
    return diagramInput(this.linkedTopology(uri), findings, (f) => this.lineIndexOf(f));
  }

  /** The whole topology, or the part of it linked to one document. */
  private linkedTopology(uri?: string): Topology {
    const topology = this.lastLint.topology;
    if (uri === undefined) return topology;
    const entry = this.get(uri);
    const files = linkedFiles(topology, entry?.analyzed?.uri ?? uri);
    const keep = <T extends Entity>(list: readonly T[]) => list.filter((e) => files.has(e.file));
    return {
      files: topology.files.filter((f) => files.has(f.file)),
      instances: keep(topology.instances), clusters: keep(topology.clusters), proxies: keep(topology.proxies),
      proxyTargetGroups: keep(topology.proxyTargetGroups), proxyTargets: keep(topology.proxyTargets),
      proxyEndpoints: keep(topology.proxyEndpoints), subnets: keep(topology.subnets),
      edges: topology.edges.filter((e) => files.has(e.from.file) && files.has(e.to.file)),
      unread: topology.unread.filter((u) => files.has(u.file)),
    };
  }
}

/**
 * `file` and every file an edge chain connects it to. A Terraform file
 * brings the whole module: every `.tf` / `.tf.json` file of its folder, as
 * `rdscope graph FOLDER` draws it.
 */
export function linkedFiles(topology: Topology, file: string): Set<string> {
  const files = new Set([file]);
  const folder = file.slice(0, file.lastIndexOf('/') + 1);
  const terraform = /\.tf(\.json)?$/i;
  if (terraform.test(file)) {
    for (const f of topology.files) if (terraform.test(f.file) && f.file.startsWith(folder) && !f.file.slice(folder.length).includes('/')) files.add(f.file);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of topology.edges) {
      const a = files.has(e.from.file);
      const b = files.has(e.to.file);
      if (a !== b) { files.add(a ? e.to.file : e.from.file); grew = true; }
    }
  }
  return files;
}
