/**
 * One lint run over a file set: analyze every file, link, run the rules,
 * collect findings in a deterministic order, sequentially or in worker
 * threads. Both ways give the same findings in the same order (tested):
 *
 * - Sequential (small runs, --jobs 1): analyze in file order, then lint all
 *   documents together (once per configuration).
 * - Parallel: workers analyze batches of files and keep the documents (a
 *   model cannot cross threads); the main thread gets each file's link keys,
 *   cuts the set into link groups (partition.ts), gives each group to the
 *   worker that holds most of it (the others' files are analyzed again there
 *   from the same text), and each worker lints its groups. Findings are then
 *   sorted by file, position, rule.
 *
 * With a shard, files outside it that the shard's files may link with
 * ("context", partition.ts `contextFor`) are analyzed and linked too; their
 * findings are left to their own shard.
 */
import { existsSync, lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintConfig } from '../config/config';
import type { AnalyzedDocument, Finding } from '../lint';
import { compareFindings, type ReportDocument, type ReportInput } from '../format/types';
import type { TemplateKind } from '../parse/detect';
import { readRegularTextOrUndefined } from '../io/regularFile';
import { initHcl } from '../parse/hcl';
import { LineIndex } from '../parse/lineIndex';
import { analyzeFile, type FileOutcome, type FileTask } from './analyzeFile';
import { lintDocumentsByConfig, type DocumentInfo } from './groupLint';
import { contextFor, linkGroups, searchableText, type SearchableText } from './partition';
import { needsHcl } from './lintSync';
import { deploymentFileSource } from '../config/deployments';
import type { FileSource } from '../evaluate/inputs';
import { joinPath } from '../model/terraformSources';
import { WorkerPool } from './pool';

export interface RunOptions {
  /** Worker threads; 1 lints in this thread. */
  readonly jobs: number;
  /** dist/worker.js; without it the run is sequential. */
  readonly workerScript?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RunInput {
  /** The files whose findings are reported. */
  readonly tasks: readonly FileTask[];
  /** With a shard: the other files of the set, analyzed only when the shard's files may link with them. */
  readonly candidates?: readonly FileTask[];
  /** By FileTask.configId. */
  readonly configs: readonly LintConfig[];
  /** Folders whose files evaluation may read (modules, tfvars); absent: none. */
  readonly readRoots?: readonly string[];
}

export interface RunDocument extends ReportDocument {
  readonly path: string;
  readonly configId: number;
  readonly kind?: TemplateKind;
  readonly context?: boolean;
}

export interface LintRun extends ReportInput {
  readonly documents: ReadonlyMap<string, RunDocument>;
  readonly findings: Finding[];
  readonly suppressed: Finding[];
  /** Every analyzed file (reported and context), in file order. */
  readonly outcomes: readonly FileOutcome[];
  /** Templates linted (broken ones included), context files excluded. */
  readonly filesLinted: number;
  readonly workers: number;
  /** For --debug: where the time went. */
  readonly stats: RunStats;
}

export interface RunStats {
  /** Reading, parsing and building models (with workers: from the first request to the last answer). */
  readonly analyzeMs: number;
  /** Linking and rules. */
  readonly lintMs: number;
  /** Files analyzed a second time because their link group was linted in another worker. */
  readonly reanalyzed: number;
}

/** Files per analyze request: small enough to spread the work, large enough to keep messages few. */
function batchSize(files: number, workers: number): number {
  return Math.max(1, Math.min(8, Math.ceil(files / (workers * 4))));
}

function byUri<T extends { uri: string }>(a: T, b: T): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0;
}

export async function runLint(input: RunInput, options: RunOptions): Promise<LintRun> {
  // Terraform HCL's parser is WebAssembly, loaded once and only when a `.tf` file is in the set.
  if (needsHcl([...input.tasks, ...input.candidates ?? []].map((t) => t.uri))) await initHcl();
  const workers = Math.min(options.jobs, input.tasks.length);
  const parallel = workers > 1 && options.workerScript !== undefined && existsSync(options.workerScript);
  return parallel ? runParallel(input, options) : runSequential(input, options);
}

/** Reads candidate texts for the shard's context search (once each). */
function contextTexts(candidates: readonly FileTask[], configs: readonly LintConfig[]) {
  const cache = new Map<string, SearchableText | undefined>();
  const byUriMap = new Map(candidates.map((c) => [c.uri, c]));
  return (uri: string): SearchableText | undefined => {
    if (cache.has(uri)) return cache.get(uri);
    const task = byUriMap.get(uri);
    const text = task && (task.text ?? readRegularTextOrUndefined(task.path, configs[task.configId].maxFileBytes));
    const searchable = text === undefined ? undefined : searchableText(text);
    cache.set(uri, searchable);
    return searchable;
  };
}

/**
 * Adds the local files a linted file's deployment reads but the command line did not name: the
 * templates its nested stacks expand and the Terraform files of the local modules it calls. Their
 * findings come from that file's expansion; left out of the run, `rdscope lint parent.yaml` dropped
 * them and could print "No problems" about a database it had read. Each joins with the configuration
 * of the file that reads it, and the search repeats for modules that call modules. Files of the set
 * (another shard's included) are left as they are.
 */
async function addDeploymentFiles(
  input: RunInput,
  outcomes: FileOutcome[],
  analyze: (tasks: FileTask[]) => Promise<FileOutcome[]>,
  files: FileSource,
): Promise<void> {
  const known = new Set([...input.tasks, ...input.candidates ?? []].map((t) => t.uri));
  for (const o of outcomes) known.add(o.uri);
  let from = 0;
  for (;;) {
    const added: FileTask[] = [];
    const add = (uri: string, configId: number) => {
      if (known.has(uri)) return;
      known.add(uri);
      // The CLI's uris are paths relative to its working folder, as evaluation read them (io/fileSource.ts).
      added.push({ path: resolve(uri), uri, configId });
    };
    for (const o of outcomes.slice(from)) {
      if (o.context || !o.reads) continue;
      for (const uri of o.reads.templates ?? []) add(uri, o.configId);
      for (const folder of o.reads.moduleFolders ?? []) {
        // Only what evaluation may read: listFolder honours the read roots; a symbolic link in the
        // folder is not followed, as the file walk does not follow one by default.
        for (const name of files.listFolder(resolve(folder)) ?? []) {
          if (/\.tf(\.json)?$/i.test(name) && isPlainFile(resolve(folder, name))) add(joinPath(folder, name), o.configId);
        }
      }
    }
    from = outcomes.length;
    if (added.length === 0) return;
    for (const outcome of await analyze(added.sort(byUri))) outcomes.push(outcome);
  }
}

function isPlainFile(path: string): boolean {
  try { return lstatSync(path).isFile(); } catch { return false; }
}

/** Analyzes context files until the shard's files and their context name nothing new. */
async function expandContext(
  input: RunInput,
  outcomes: FileOutcome[],
  analyze: (tasks: FileTask[]) => Promise<FileOutcome[]>,
): Promise<void> {
  if (!input.candidates || input.candidates.length === 0) return;
  const remaining = new Map(input.candidates.map((c) => [c.uri, c]));
  const textOf = contextTexts(input.candidates, input.configs);
  for (;;) {
    const wanted = contextFor(outcomes, [...remaining.keys()], textOf);
    if (wanted.length === 0) return;
    const tasks = wanted.map((uri) => ({ ...remaining.get(uri)!, context: true }));
    for (const uri of wanted) remaining.delete(uri);
    for (const outcome of await analyze(tasks)) outcomes.push(outcome);
  }
}

/** `indexed`: documents this thread analyzed, whose line index is reused (building one costs a scan of the text). */
function finish(outcomes: FileOutcome[], findings: Finding[], suppressed: Finding[], workers: number, stats: RunStats, indexed?: ReadonlyMap<string, AnalyzedDocument>): LintRun {
  outcomes.sort(byUri);
  const documents = new Map<string, RunDocument>();
  let filesLinted = 0;
  for (const o of outcomes) {
    if (o.text === undefined || (o.status !== 'template' && o.status !== 'problem')) continue;
    const held = indexed?.get(o.uri);
    const lineIndex = held?.text === o.text ? held.lineIndex : new LineIndex(o.text);
    documents.set(o.uri, { uri: o.uri, path: o.path, text: o.text, lineIndex, configId: o.configId, kind: o.kind, context: o.context });
    if (!o.context) filesLinted++;
  }
  return { documents, findings: findings.sort(compareFindings), suppressed: suppressed.sort(compareFindings), outcomes, filesLinted, workers, stats };
}

async function runSequential(input: RunInput, options: RunOptions): Promise<LintRun> {
  // Modules, tfvars and nested templates under the read roots, and the parameter files the deployments name.
  const files = deploymentFileSource(input.configs, input.readRoots);
  const held = new Map<string, AnalyzedDocument>();
  const info = new Map<string, DocumentInfo>();
  const outcomes: FileOutcome[] = [];
  let done = 0;
  // Link keys only serve a shard's context search here (one thread links everything together).
  const linkKeys = (input.candidates?.length ?? 0) > 0;
  const analyze = async (tasks: FileTask[]) => {
    const out: FileOutcome[] = [];
    for (const task of tasks) {
      const { outcome, document } = analyzeFile(task, input.configs[task.configId], files, linkKeys);
      if (document) held.set(task.uri, document);
      info.set(task.uri, { configId: task.configId, context: task.context });
      out.push(outcome);
      if (!task.context) options.onProgress?.(++done, input.tasks.length);
    }
    return out;
  };
  const started = Date.now();
  for (const outcome of await analyze([...input.tasks])) outcomes.push(outcome);
  await addDeploymentFiles(input, outcomes, async (tasks) => {
    if (needsHcl(tasks.map((t) => t.uri))) await initHcl();
    return analyze(tasks);
  }, files);
  await expandContext(input, outcomes, analyze);
  const analyzed = Date.now();
  const documents = new Map([...held.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  const { findings, suppressed } = lintDocumentsByConfig(documents, (uri) => info.get(uri), input.configs, files);
  return finish(outcomes, findings, suppressed, 1, { analyzeMs: analyzed - started, lintMs: Date.now() - analyzed, reanalyzed: 0 }, held);
}

async function runParallel(input: RunInput, options: RunOptions): Promise<LintRun> {
  const size = Math.min(options.jobs, input.tasks.length);
  const batch = batchSize(input.tasks.length, size);
  const pool = new WorkerPool(size, options.workerScript!, { configs: input.configs, readRoots: input.readRoots ?? [], hcl: needsHcl([...input.tasks, ...input.candidates ?? []].map((t) => t.uri)) });
  try {
    const holder = new Map<string, number>();
    const outcomes: FileOutcome[] = [];
    let done = 0;
    // Phase 1: analyze, in small batches handed to whichever worker is free.
    const analyze = async (tasks: FileTask[]) => {
      const queue = [...tasks];
      const out: FileOutcome[] = [];
      await Promise.all(Array.from({ length: pool.size }, async (_, w) => {
        while (queue.length > 0) {
          const next = queue.splice(0, batch);
          const reply = await pool.request<'analyzed'>(w, { type: 'analyze', tasks: next });
          for (const o of reply.outcomes) {
            holder.set(o.uri, w);
            out.push(o);
            if (!o.context) options.onProgress?.(++done, input.tasks.length);
          }
        }
      }));
      return out;
    };
    const started = Date.now();
    for (const outcome of await analyze([...input.tasks])) outcomes.push(outcome);
    await addDeploymentFiles(input, outcomes, analyze, deploymentFileSource(input.configs, input.readRoots));
    await expandContext(input, outcomes, analyze);
    outcomes.sort(byUri);
    const analyzed = Date.now();

    // Phase 2: link groups, each linted by the worker that holds most of it.
    const linted = outcomes.filter((o) => o.status === 'template' || o.status === 'problem');
    const outcomeOf = new Map(linted.map((o) => [o.uri, o]));
    const groups = linkGroups(linted).filter((g) => g.some((uri) => !outcomeOf.get(uri)!.context));
    const assigned = Array.from({ length: pool.size }, () => ({ groups: [] as string[][], adopt: [] as FileTask[], load: 0 }));
    for (const group of groups) {
      const votes = new Array<number>(pool.size).fill(0);
      for (const uri of group) votes[holder.get(uri)!]++;
      let target = 0;
      for (let w = 1; w < pool.size; w++) {
        if (votes[w] > votes[target] || (votes[w] === votes[target] && assigned[w].load < assigned[target].load)) target = w;
      }
      assigned[target].groups.push(group);
      assigned[target].load += group.length;
      for (const uri of group) {
        if (holder.get(uri) === target) continue;
        const o = outcomeOf.get(uri)!;
        assigned[target].adopt.push({ path: o.path, uri: o.uri, configId: o.configId, text: o.text, context: o.context });
      }
    }
    const replies = await Promise.all(assigned.map((a, w) => (a.groups.length === 0
      ? Promise.resolve({ findings: [], suppressed: [] })
      : pool.request<'linted'>(w, { type: 'lint', groups: a.groups, adopt: a.adopt }))));
    const findings = replies.flatMap((r) => r.findings);
    const suppressed = replies.flatMap((r) => r.suppressed);
    const reanalyzed = assigned.reduce((n, a) => n + a.adopt.length, 0);
    return finish(outcomes, findings, suppressed, pool.size, { analyzeMs: analyzed - started, lintMs: Date.now() - analyzed, reanalyzed });
  } finally {
    await pool.close();
  }
}
