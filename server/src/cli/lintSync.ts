/**
 * Paths to one LintResult with its topology, in this thread: for the
 * commands that need the linked model itself (`rdscope model`, `graph`,
 * `drill`), which cannot come back from worker threads. Files are collected,
 * configured, given their deployment's inputs and linked exactly as
 * `rdscope lint` does, from the same options (TOPOLOGY_OPTIONS).
 */
import { resolve } from 'node:path';
import { ConfigResolver, loadConfigFile } from '../config/load';
import { printable } from '../format/printable';
import { compareFindings } from '../format/types';
import { lintAnalyzed, type AnalyzedDocument, type LintResult } from '../lint';
import { collectFiles, displayPath } from '../io/walk';
import { initHcl } from '../parse/hcl';
import { deploymentFileSource } from '../config/deployments';
import { analyzeFile } from './analyzeFile';
import type { OptionSpec } from './args';
import { DEPLOYMENT_OPTIONS, DeploymentConfigs, NO_DEPLOYMENT_FLAGS, readDeploymentFlags, readRootsFor, type DeploymentFlags, type FlagValues } from './deploymentFlags';
import { lintDocumentsByConfig } from './groupLint';
import { FatalError, type Io } from './io';

export interface LintPathsOptions {
  /** --config: one configuration for every file. */
  readonly config?: string;
  readonly followSymlinks?: boolean;
  /** --deployment, --parameters, --parameter, --var-file, --var. */
  readonly deployment?: DeploymentFlags;
}

/** The options `model`, `graph` and `drill` share with `lint`: which files, which configuration, which deployment. */
export const TOPOLOGY_OPTIONS: readonly OptionSpec[] = [
  { name: 'config', short: 'c', type: 'string', value: 'FILE', description: 'Use this configuration for every file (as for rdscope lint).' },
  { name: 'follow-symlinks', type: 'boolean', description: 'Follow symbolic links to folders and to files outside the given folders.' },
  ...DEPLOYMENT_OPTIONS,
];

/** Lints `paths` with the values of TOPOLOGY_OPTIONS, as `rdscope lint` would (a bad flag or input file: exit 2). */
export async function lintWithOptions(paths: readonly string[], values: FlagValues, io: Io): Promise<LintResult> {
  const deployment = readDeploymentFlags(values, io.cwd);
  return lintPaths(paths, io, { config: typeof values.config === 'string' ? values.config : undefined, followSymlinks: values['follow-symlinks'] === true, deployment });
}

/** Whether any of these files is Terraform HCL, whose parser must be loaded first (initHcl). */
export function needsHcl(uris: Iterable<string>): boolean {
  for (const uri of uris) if (/\.tf$/i.test(uri)) return true;
  return false;
}

export async function lintPaths(paths: readonly string[], io: Io, options: LintPathsOptions = {}): Promise<LintResult> {
  const display = (p: string) => displayPath(io.cwd, p);
  const explicit = options.config !== undefined ? loadConfigFile(resolve(io.cwd, options.config), options.config) : undefined;
  const resolver = new ConfigResolver(explicit, display);
  const collected = collectFiles(paths, { cwd: io.cwd, followSymlinks: options.followSymlinks === true, configFor: (d) => resolver.forDirectory(d) });
  if (collected.errors.length > 0) throw new FatalError(collected.errors.map(printable).join('\n'));
  // The Terraform parser (WebAssembly, a lazily loaded bundle) only when a .tf file is among them, as for lint.
  if (needsHcl(collected.files.map((f) => f.uri))) await initHcl();
  const deployments = new DeploymentConfigs(options.deployment ?? NO_DEPLOYMENT_FLAGS, display);
  const { configs } = deployments;
  const info = new Map<string, { configId: number }>();
  const documents = new Map<string, AnalyzedDocument>();
  // Every configuration first: the file source needs the parameter files they all name.
  const fileIds = collected.files.map((f) => deployments.idOf(f.config, f.path));
  // Modules, tfvars and nested templates under the read roots, and the parameter files the configurations' deployments name.
  const files = deploymentFileSource(configs, readRootsFor(io.cwd, paths));
  collected.files.forEach((f, i) => {
    const id = fileIds[i];
    const { document } = analyzeFile({ path: f.path, uri: f.uri, configId: id, ...(f.named ? { named: true } : {}) }, configs[id], files);
    if (document) { documents.set(f.uri, document); info.set(f.uri, { configId: id }); }
  });
  if (configs.length <= 1) return lintAnalyzed(documents, { config: configs[0], files });
  // Several configurations: the topology is the same for all; each file keeps the findings of its own.
  const topology = lintAnalyzed(documents, { config: configs[0], files }).topology;
  const { findings, suppressed } = lintDocumentsByConfig(documents, (uri) => info.get(uri), configs, files);
  return { documents, topology, findings: findings.sort(compareFindings), suppressed: suppressed.sort(compareFindings) };
}
