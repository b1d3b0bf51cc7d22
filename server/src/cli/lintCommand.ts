/**
 * `rdscope lint [paths or globs...]`: collect the files, resolve their
 * configurations, lint (in worker threads for large runs), optionally fix,
 * report in the chosen format, and turn the result into an exit code:
 * 0 nothing at --fail-level, 1 something at it, 2 usage errors, unreadable
 * paths and invalid configurations.
 */
import { realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { DEPLOYMENT_OPTIONS, DeploymentConfigs, readDeploymentFlags, readRootsFor } from './deploymentFlags';
import { configurableRules, ConfigResolver, loadConfigFile, type LoadedConfig } from '../config/load';
import { formatReportChunks, isFormatName, type FormatName } from '../format/index';
import { printable, printableLines } from '../format/printable';
import { writeFileAtomic } from '../io/atomicWrite';
import { readRegularTextOrUndefined } from '../io/regularFile';
import { collectFiles, displayPath } from '../io/walk';
import type { FixKind, Severity } from '../rules/types';
import type { FileTask } from './analyzeFile';
import { optionsHelp, parseCommandLine, type OptionSpec } from './args';
import { unifiedDiff } from './diff';
import { planFixes } from './fix';
import { UsageError, useColor, writeReport, type Io } from './io';
import { parseShard, shardFiles, type Shard } from './partition';
import { runLint, type LintRun } from './run';
import { VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', value: 'FORMAT', description: 'text (default), json, sarif or github.' },
  { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'Write the report to FILE instead of stdout.' },
  { name: 'fail-level', type: 'string', value: 'LEVEL', description: 'Exit 1 when a finding is at least LEVEL: error (default), warning, info, none.' },
  { name: 'config', short: 'c', type: 'string', value: 'FILE', description: 'Use this configuration for every file (default: the nearest .rdscope.yaml/.yml/.json upward).' },
  { name: 'fix', type: 'boolean', description: 'Apply the fixes in place (edits that change no running database), then report what remains.' },
  { name: 'fix-suggestions', type: 'boolean', description: 'With --fix or --fix-dry-run, also apply suggestions: edits that change a running database (Multi-AZ, backups, TLS, final snapshots).' },
  { name: 'fix-dry-run', type: 'boolean', description: 'Print the fixes as a unified diff instead of applying them.' },
  { name: 'shard', type: 'string', value: 'I/N', description: 'Lint only part I of N of the file set (deterministic; for CI matrices).' },
  { name: 'jobs', short: 'j', type: 'string', value: 'N', description: 'Worker threads (default: up to the core count from 200 files on, none on two cores; 1: none).' },
  { name: 'show-suppressed', type: 'boolean', description: 'Also list findings suppressed in the templates, marked [suppressed].' },
  { name: 'max-file-size', type: 'string', value: 'BYTES', description: 'Do not lint larger files (default: maxFileBytes from the configuration, 4 MB).' },
  { name: 'follow-symlinks', type: 'boolean', description: 'Follow symbolic links to folders and to files outside the linted folder.' },
  { name: 'color', type: 'boolean', description: 'Colour the text report even when not on a terminal.' },
  { name: 'no-color', type: 'boolean', description: 'Never colour the text report (NO_COLOR=1 does the same).' },
  { name: 'verbose', type: 'boolean', description: "Print each finding's explanation and remedy below it; say which files were skipped, and why." },
  { name: 'debug', type: 'boolean', description: 'Show stack traces of internal errors, and timings.' },
  ...DEPLOYMENT_OPTIONS,
];

export const LINT_HELP = `Usage: rdscope lint [options] [paths or globs...]

Lints the CloudFormation and Terraform (JSON, plan JSON) templates in the given
files and folders (default: .). Folders are walked, skipping node_modules, .git,
.terraform, cdk.out and what .gitignore ignores; templates are recognised by
their content, other files are skipped (--verbose says which and why).

Options:
${optionsHelp(OPTIONS)}

Exit codes: 0 no finding at --fail-level, 1 a finding at it, 2 usage error,
unreadable path or invalid configuration.
`;

const FAIL_LEVELS = ['error', 'warning', 'info', 'none'] as const;
type FailLevel = (typeof FAIL_LEVELS)[number];
const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/**
 * When workers pay off. Measured over ../shared/corpus (295 templates) and 8
 * copies of it: analysis (read, parse, model) is ~85-90% of a run at ~3 ms of
 * CPU per file, and a worker costs ~0.3 s of CPU of its own (loading the
 * bundle, warming its JIT, the HCL WebAssembly) plus the files it analyzes
 * again to lint a link group held elsewhere. So below ~200 files one thread
 * wins, and each worker should have ~100 files to itself.
 */
export const PARALLEL_THRESHOLD = 200;
const FILES_PER_WORKER = 100;
/** Most workers a run starts, whatever the core count. */
const MAX_WORKERS = 8;

/**
 * The workers a run starts when --jobs does not say (1: none, the files are
 * analyzed in the main thread). On two cores the workers share them with
 * the main thread and never paid: the corpus (295 files) took 0.60 s in one
 * thread and 0.75 s with two workers (median of 5, +50% CPU), 4 copies of it
 * 1.53-1.64 s and 1.75-1.85 s, 8 copies the same either way (2026-12-08).
 */
export function defaultJobs(files: number, cores: number): number {
  if (cores <= 2 || files < PARALLEL_THRESHOLD) return 1;
  return Math.max(1, Math.min(cores, MAX_WORKERS, Math.floor(files / FILES_PER_WORKER)));
}

const MAX_FIX_PASSES = 10;

function parseByteSize(text: string): number | undefined {
  const m = /^(\d+)\s*(b|k|kb|kib|m|mb|mib)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
  const n = Number(m[1]) * factor;
  return n >= 1 ? n : undefined;
}

interface LintSettings {
  readonly format: FormatName;
  readonly failLevel: FailLevel;
  readonly shard?: Shard;
  readonly jobs?: number;
  readonly maxFileBytes?: number;
}

function readSettings(values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>): LintSettings {
  const format = (values.format as string | undefined) ?? 'text';
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}"; expected text, json, sarif or github`);
  const failLevel = (values['fail-level'] as string | undefined) ?? 'error';
  if (!(FAIL_LEVELS as readonly string[]).includes(failLevel)) throw new UsageError(`unknown fail level "${failLevel}"; expected ${FAIL_LEVELS.join(', ')}`);
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run exclude each other');
  if (values['fix-suggestions'] && !values.fix && !values['fix-dry-run']) throw new UsageError('--fix-suggestions goes with --fix or --fix-dry-run');
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color exclude each other');
  let shard: Shard | undefined;
  if (values.shard !== undefined) {
    shard = parseShard(values.shard as string);
    if (!shard) throw new UsageError(`--shard expects I/N with 1 <= I <= N (for example 2/4), got "${values.shard}"`);
  }
  let jobs: number | undefined;
  if (values.jobs !== undefined && values.jobs !== 'auto') {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs expects a whole number of at least 1 (or auto), got "${values.jobs}"`);
  }
  let maxFileBytes: number | undefined;
  if (values['max-file-size'] !== undefined) {
    maxFileBytes = parseByteSize(values['max-file-size'] as string);
    if (maxFileBytes === undefined) throw new UsageError(`--max-file-size expects a size in bytes (4194304, 512k, 20m), got "${values['max-file-size']}"`);
  }
  return { format, failLevel: failLevel as FailLevel, shard, jobs, maxFileBytes };
}

/** For --verbose: which configuration file governs how many of the files (the search stops at the repository root). */
function configurationsInUse(files: readonly { config: LoadedConfig }[], explicit: boolean, display: (p: string) => string): string[] {
  const count = new Map<LoadedConfig, number>();
  for (const f of files) count.set(f.config, (count.get(f.config) ?? 0) + 1);
  return [...count].map(([loaded, n]) => {
    const what = loaded.file
      ? `configuration ${display(loaded.file)}${explicit ? ' (--config)' : ''}`
      : 'no configuration file (none between the file and the repository root): the defaults';
    return `${what} for ${n} file(s)`;
  });
}

/** Files done / total on stderr: on a terminal only, for runs longer than a blink, at most ten times a second. */
function progressLine(io: Io, enabled: boolean) {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(done: number, total: number) {
      if (!enabled) return;
      const now = Date.now();
      if (now - started < 250 || (done < total && now - last < 100)) return;
      last = now;
      shown = true;
      io.err(`\r\u001b[Krdscope: ${done}/${total} files`);
    },
    clear() {
      if (shown) io.err('\r\u001b[K');
      shown = false;
    },
  };
}

/** `-o` naming a file being linted would replace a template with the report. */
function refuseOutputOverInput(output: string | undefined, inputs: readonly string[], cwd: string): void {
  if (output === undefined || output === '-') return;
  const identity = (p: string) => {
    try { return realpathSync(p); } catch { return resolve(p); }
  };
  const target = identity(resolve(cwd, output));
  if (inputs.some((p) => identity(p) === target)) throw new UsageError(`--output ${output} is one of the linted files; rdscope will not overwrite it with the report`);
}

export async function lintCommand(argv: readonly string[], io: Io): Promise<number> {
  const started = Date.now();
  const args = parseCommandLine(argv, OPTIONS);
  const values = args.values;
  if (values.help) { io.out(LINT_HELP); return 0; }
  if (values.version) { io.out(`${VERSION}\n`); return 0; }
  const settings = readSettings(values);
  const verbose = values.verbose === true;
  const debug = values.debug === true;
  // Notes name workspace files and ids: control characters escaped (format/printable.ts).
  const note = (text: string) => io.err(`rdscope: ${printable(text)}\n`);
  const display = (p: string) => displayPath(io.cwd, p);

  // Configuration and files. An invalid configuration throws ConfigError (exit 2).
  const configPath = values.config as string | undefined;
  const explicit = configPath !== undefined ? loadConfigFile(resolve(io.cwd, configPath), configPath) : undefined;
  const resolver = new ConfigResolver(explicit, display);
  const collected = collectFiles(args.positionals, {
    cwd: io.cwd,
    followSymlinks: values['follow-symlinks'] === true,
    configFor: (dir) => resolver.forDirectory(dir),
  });
  let exitFloor = 0;
  for (const error of collected.errors) { note(error); exitFloor = 2; }
  refuseOutputOverInput(values.output as string | undefined, collected.files.map((f) => f.path), io.cwd);
  if (verbose) {
    for (const s of collected.skipped) note(`skipped ${s.path}: ${s.reason}`);
    if (collected.otherNames > 0) note(`skipped ${collected.otherNames} file(s) whose names are not .yaml, .yml, .json, .template or .tf`);
    for (const line of configurationsInUse(collected.files, explicit !== undefined, display)) note(line);
  }

  const deployments = new DeploymentConfigs(readDeploymentFlags(values, io.cwd, settings.maxFileBytes), display,
    settings.maxFileBytes !== undefined ? { maxFileBytes: settings.maxFileBytes } : {});
  const { configs } = deployments;
  const allTasks: FileTask[] = collected.files.map((f) => ({ path: f.path, uri: f.uri, configId: deployments.idOf(f.config, f.path), ...(f.named ? { named: true } : {}) }));
  let tasks = allTasks;
  let candidates: FileTask[] = [];
  if (settings.shard) {
    // Read to keep a parent with the templates and modules it names (partition.ts referencedUnits); not parsed.
    const taskOf = new Map(allTasks.map((t) => [t.uri, t]));
    const textOf = (uri: string) => {
      const task = taskOf.get(uri)!;
      return readRegularTextOrUndefined(task.path, configs[task.configId].maxFileBytes);
    };
    const mine = shardFiles(allTasks.map((t) => t.uri), settings.shard, textOf);
    tasks = allTasks.filter((t) => mine.has(t.uri));
    candidates = allTasks.filter((t) => !mine.has(t.uri));
    if (verbose) note(`shard ${settings.shard.index}/${settings.shard.count}: ${tasks.length} of ${allTasks.length} files`);
  }

  const cores = Math.max(1, availableParallelism());
  const jobs = settings.jobs ?? defaultJobs(tasks.length, cores);
  const progress = progressLine(io, io.stderrIsTTY && !verbose && !debug);
  const workerScript = join(__dirname, 'worker.js');
  // What evaluation may read: the same for every pass of --fix.
  const readRoots = readRootsFor(io.cwd, args.positionals);
  const lint = async (overlay: ReadonlyMap<string, string>): Promise<LintRun> => {
    const withText = (t: FileTask): FileTask => (overlay.has(t.uri) ? { ...t, text: overlay.get(t.uri) } : t);
    try {
      return await runLint(
        { tasks: tasks.map(withText), candidates: candidates.map(withText), configs, readRoots },
        { jobs, workerScript, onProgress: (done, total) => progress.update(done, total) },
      );
    } finally {
      progress.clear();
    }
  };

  // Lint, and with --fix / --fix-dry-run fix and lint again until nothing changes.
  const overlay = new Map<string, string>();
  const originals = new Map<string, string>();
  const unwritable = new Set<string>();
  const reportedBroken = new Set<string>();
  const touched = new Set<string>();
  let run = await lint(overlay);
  let fixesApplied = 0;
  const fixing = values.fix === true || values['fix-dry-run'] === true;
  const kinds = new Set<FixKind>(values['fix-suggestions'] ? ['fix', 'suggestion'] : ['fix']);
  const notFixed = new Set<string>();
  for (let pass = 0; fixing && pass < MAX_FIX_PASSES; pass++) {
    const plan = planFixes(run, configs, kinds);
    for (const uri of plan.broken) {
      if (!reportedBroken.has(uri)) note(`a quick fix would leave ${uri} unreadable, so it was not applied (please report it)`);
      reportedBroken.add(uri);
    }
    const files = plan.files.filter((f) => !unwritable.has(f.uri));
    if (files.length === 0) break;
    const written = new Set<string>();
    let changed = 0;
    for (const f of files) {
      if (!originals.has(f.uri)) originals.set(f.uri, f.before);
      if (values['fix-dry-run']) {
        overlay.set(f.uri, f.after);
        written.add(f.uri);
        changed++;
        continue;
      }
      let outcome;
      try {
        outcome = writeFileAtomic(f.path, f.after, f.before);
      } catch (error) {
        note(`cannot write ${f.uri} (${(error as NodeJS.ErrnoException).code ?? String(error)}); not fixed`);
        unwritable.add(f.uri);
        notFixed.add(f.uri);
        exitFloor = 2;
        continue;
      }
      if (outcome !== 'written') {
        note(outcome === 'changed'
          ? `${f.uri} changed on disk while rdscope was fixing it; not fixed, left as the other writer saved it`
          : `${f.uri} is read-only; not fixed`);
        unwritable.add(f.uri);
        notFixed.add(f.uri);
        exitFloor = 2;
        continue;
      }
      written.add(f.uri);
      changed++;
    }
    if (changed === 0) break;
    for (const uri of written) touched.add(uri);
    fixesApplied += plan.fixes.filter((fix) => fix.files.every((file) => written.has(file))).length;
    run = await lint(overlay);
  }

  // What happened to each file.
  for (const o of run.outcomes) {
    if (o.status === 'unreadable') { note(o.error ?? `cannot read ${o.uri}`); exitFloor = 2; }
    else if (verbose && o.status === 'skipped' && !o.context) note(`skipped ${o.uri}: ${o.skipped}`);
    if (o.internalError && debug) io.err(`rdscope: internal error while analyzing ${printable(o.uri)}:\n${printableLines(o.internalError)}\n`);
  }
  if (debug) {
    const context = run.outcomes.filter((o) => o.context).length;
    const { analyzeMs, lintMs, reanalyzed } = run.stats;
    note(`${tasks.length} files, ${run.filesLinted} templates${context ? `, ${context} context files` : ''}, ${run.workers} ${run.workers === 1 ? 'thread' : 'workers'}, ${Date.now() - started} ms`
      + ` (analyze ${analyzeMs} ms, link and rules ${lintMs} ms${reanalyzed ? `, ${reanalyzed} files analyzed again beside their link group` : ''})`);
  }

  const output = values.output as string | undefined;
  if (values['fix-dry-run']) {
    const diffs = [...touched].sort().map((uri) => unifiedDiff(uri, originals.get(uri)!, overlay.get(uri)!)).join('');
    writeReport(io, diffs, output);
    note(fixesApplied === 0
      ? 'no fixes to apply'
      : `${fixesApplied} fix(es) in ${touched.size} file(s) would be applied; ${run.findings.length} problem(s) would remain`);
  } else {
    const text = formatReportChunks(settings.format, run, {
      toolVersion: VERSION,
      rules: configurableRules(),
      showSuppressed: values['show-suppressed'] === true,
      verbose: values.verbose === true,
      color: settings.format === 'text' && useColor(io, values.color ? true : values['no-color'] ? false : undefined, output === undefined && io.stdoutIsTTY),
      filesLinted: run.filesLinted,
    });
    writeReport(io, text, output);
    if (values.fix && fixesApplied > 0) note(`fixed ${fixesApplied} problem(s) in ${touched.size} file(s)`);
    if (notFixed.size > 0) note(`could not fix ${notFixed.size} file(s) safely: ${[...notFixed].sort().join(', ')}`);
    if (values.fix && !values['fix-suggestions']) {
      const suggestions = run.findings.filter((f) => f.fix?.kind === 'suggestion').length;
      if (suggestions > 0) note(`${suggestions} suggestion(s) left: they change a running database; apply them with --fix --fix-suggestions`);
    }
  }

  if (exitFloor === 2) return 2;
  if (settings.failLevel === 'none') return 0;
  const threshold = RANK[settings.failLevel as Severity];
  return run.findings.some((f) => RANK[f.severity] >= threshold) ? 1 : 0;
}
