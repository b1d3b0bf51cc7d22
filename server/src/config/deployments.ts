/**
 * Which `.rdscope.yaml` deployment a file is linted with: the one chosen
 * (`rdscope lint --deployment NAME`, the editor's "rdscope: Select
 * deployment") or the configuration's `deployment:` default, when its
 * `templates` globs cover the file (no globs: every file the configuration
 * governs). The same for the CLI and the language server.
 */
import { relative, sep } from 'node:path';
import { NO_INPUTS, type DeploymentInputs, type FileSource } from '../evaluate/inputs';
import { fileSystemSource } from '../io/fileSource';
import { matchesAnyGlob } from '../io/glob';
import { readRegularTextOrUndefined } from '../io/regularFile';
import { DEFAULT_MAX_FILE_BYTES } from '../parse/limits';
import type { LintConfig } from './config';
import type { LoadedConfig } from './load';

/** The active deployment's name for a file, or undefined (defaults only). `chosen` must be one of the configuration's deployments. */
export function deploymentNameFor(loaded: LoadedConfig, absolutePath: string, chosen?: string): string | undefined {
  const name = chosen ?? loaded.config.defaultDeployment;
  const spec = name !== undefined ? loaded.config.deployments?.[name] : undefined;
  if (!spec || name === undefined) return undefined;
  if (spec.templates.length === 0 || loaded.dir === undefined) return name;
  const rel = relative(loaded.dir, absolutePath).split(sep).join('/');
  if (rel.startsWith('../')) return undefined;
  // A glob names files, or a folder (a Terraform root module) whose files it covers.
  const covered = matchesAnyGlob(rel, spec.templates) || spec.templates.some((g) => rel.startsWith(`${g.replace(/\/+$/, '')}/`));
  return covered ? name : undefined;
}

/** The configuration with a deployment's inputs in effect (command-line inputs, added later, win over them). */
export function configWithDeployment(config: LintConfig, name: string | undefined): LintConfig {
  const spec = name !== undefined ? config.deployments?.[name] : undefined;
  if (!spec) return config;
  const base: DeploymentInputs = config.deployment ?? NO_INPUTS;
  return {
    ...config,
    deployment: {
      name,
      parameterFiles: [...spec.inputs.parameterFiles, ...base.parameterFiles],
      parameters: [...spec.inputs.parameters, ...base.parameters],
      varFiles: [...spec.inputs.varFiles, ...base.varFiles],
      vars: [...spec.inputs.vars, ...base.vars],
    },
  };
}

/** The deployments a configuration defines, for messages: "prod, dev". */
export function deploymentNames(config: LintConfig): string[] {
  return Object.keys(config.deployments ?? {});
}

/**
 * Reads the parameter files the configurations' deployments name, and
 * nothing else: what may be read besides the linted files because the user
 * named it (CLI flags, `.rdscope.yaml`). `others` serves every other path.
 */
export function namedFilesSource(configs: readonly LintConfig[], others?: FileSource): FileSource {
  const named = new Set(configs.flatMap((c) => c.deployment?.parameterFiles ?? []));
  const maxBytes = maxReadBytes(configs);
  return {
    readText(path) {
      if (!named.has(path)) return others?.readText(path);
      return readRegularTextOrUndefined(path, maxBytes);
    },
    listFolder: (path) => others?.listFolder(path),
  };
}

/**
 * What a run reads besides its linted files: modules, tfvars and nested
 * templates under `roots` (none: only the parameter files), and the parameter
 * files the deployments name. One size limit for all of them and for the
 * templates: the configurations' `maxFileBytes` (`--max-file-size` sets it in
 * every one), the largest when configurations differ, since a module is read
 * once for every file that calls it.
 */
export function deploymentFileSource(configs: readonly LintConfig[], roots: readonly string[] | undefined): FileSource {
  return namedFilesSource(configs, roots ? fileSystemSource({ roots, maxBytes: maxReadBytes(configs) }) : undefined);
}

function maxReadBytes(configs: readonly LintConfig[]): number {
  return configs.length === 0 ? DEFAULT_MAX_FILE_BYTES : Math.max(...configs.map((c) => c.maxFileBytes));
}
