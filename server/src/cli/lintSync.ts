/**
 * Paths to one LintResult with its topology, in this thread: for the
 * commands that need the linked model itself (`rdscope model`, `rdscope
 * graph`), which cannot come back from worker threads. Files are collected,
 * configured and linked exactly as `rdscope lint` does.
 */
import { resolve } from 'node:path';
import { ConfigResolver, loadConfigFile, type LoadedConfig } from '../config/load';
import type { LintConfig } from '../config/config';
import { printable } from '../format/printable';
import { compareFindings } from '../format/types';
import { lintAnalyzed, type AnalyzedDocument, type LintResult } from '../lint';
import { collectFiles, displayPath } from '../io/walk';
import { initHcl } from '../parse/hcl';
import { fileSystemSource } from '../io/fileSource';
import { configWithDeployment, deploymentNameFor, namedFilesSource } from '../config/deployments';
import { analyzeFile } from './analyzeFile';
import { readRootsFor, withCommandLineInputs, type TerraformInputFlags } from './deploymentFlags';
import { lintDocumentsByConfig } from './groupLint';
import { FatalError, type Io } from './io';

export interface LintPathsOptions {
  /** --config: one configuration for every file. */
  readonly config?: string;
  readonly followSymlinks?: boolean;
  /** --var / --var-file. */
  readonly terraformInputs?: TerraformInputFlags;
}

/** Whether any of these files is Terraform HCL, whose parser must be loaded first (initHcl). */
export function needsHcl(uris: Iterable<string>): boolean {
  for (const uri of uris) if (/\.tf$/i.test(uri)) return true;
  return false;
}

/**
 * The paths linted in this thread. The HCL parser (WebAssembly) is loaded
 * first when a collected file is a `.tf` file, and only then, as `rdscope
 * lint` does (run.ts): `model`, `graph` and `drill` of YAML or JSON do not
 * load it.
 */
export async function lintPaths(paths: readonly string[], io: Io, options: LintPathsOptions = {}): Promise<LintResult> {
  const collected = collect(paths, io, options);
  if (needsHcl(collected.files.map((f) => f.uri))) await initHcl();
  return lintCollected(collected, io, paths, options);
}

function collect(paths: readonly string[], io: Io, options: LintPathsOptions): ReturnType<typeof collectFiles> {
  const display = (p: string) => displayPath(io.cwd, p);
  const explicit = options.config !== undefined ? loadConfigFile(resolve(io.cwd, options.config), options.config) : undefined;
  const resolver = new ConfigResolver(explicit, display);
  const collected = collectFiles(paths, { cwd: io.cwd, followSymlinks: options.followSymlinks === true, configFor: (d) => resolver.forDirectory(d) });
  if (collected.errors.length > 0) throw new FatalError(collected.errors.map(printable).join('\n'));
  return collected;
}

function lintCollected(collected: ReturnType<typeof collectFiles>, io: Io, paths: readonly string[], options: LintPathsOptions): LintResult {
  const configs: LintConfig[] = [];
  const ids = new Map<string, number>();
  const loadedIds = new Map<LoadedConfig, number>();
  const info = new Map<string, { configId: number }>();
  const documents = new Map<string, AnalyzedDocument>();
  // One configuration per configuration file and the deployment (its default) that covers the file.
  const idOf = (loaded: LoadedConfig, path: string) => {
    if (!loadedIds.has(loaded)) loadedIds.set(loaded, loadedIds.size);
    const name = deploymentNameFor(loaded, path);
    const key = `${loadedIds.get(loaded)}\u0000${name ?? ''}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = configs.length;
      ids.set(key, id);
      configs.push(withCommandLineInputs(configWithDeployment(loaded.config, name), options.terraformInputs ?? {}));
    }
    return id;
  };
  // Every configuration first: the file source needs the parameter files they all name.
  const fileIds = collected.files.map((f) => idOf(f.config, f.path));
  // Modules, tfvars and nested templates under the read roots, and the parameter files the configurations' deployments name.
  const files = namedFilesSource(configs, fileSystemSource({ roots: readRootsFor(io.cwd, paths) }));
  collected.files.forEach((f, i) => {
    const id = fileIds[i];
    const { document } = analyzeFile({ path: f.path, uri: f.uri, configId: id, ...(f.named ? { named: true } : {}) }, configs[id], files, false);
    if (document) { documents.set(f.uri, document); info.set(f.uri, { configId: id }); }
  });
  if (configs.length <= 1) return lintAnalyzed(documents, { config: configs[0], files });
  // Several configurations: the topology is the same for all; each file keeps the findings of its own.
  const topology = lintAnalyzed(documents, { config: configs[0], files }).topology;
  const { findings, suppressed } = lintDocumentsByConfig(documents, (uri) => info.get(uri), configs, files);
  return { documents, topology, findings: findings.sort(compareFindings), suppressed: suppressed.sort(compareFindings) };
}
