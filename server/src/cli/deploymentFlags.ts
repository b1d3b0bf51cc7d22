/**
 * The command-line flags that give a deployment its Terraform inputs:
 * `--var NAME=VALUE` and `--var-file FILE` (both repeatable, applied in
 * Terraform's order: var files, then vars), and the folders evaluation may
 * read files from (modules, tfvars).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LintConfig } from '../config/config';
import { NO_INPUTS, type DeploymentInputs, type NamedInput } from '../evaluate/inputs';
import type { OptionSpec } from './args';
import { UsageError } from './io';

export const TERRAFORM_INPUT_OPTIONS: readonly OptionSpec[] = [
  { name: 'var', type: 'string', multiple: true, value: 'NAME=VALUE', description: 'Set a Terraform root variable, as terraform plan -var does (repeatable; wins over tfvars).' },
  { name: 'var-file', type: 'string', multiple: true, value: 'FILE', description: 'Read Terraform variable values from FILE (.tfvars or .tfvars.json, repeatable, in order).' },
];

export interface TerraformInputFlags {
  readonly varFiles: readonly string[];
  readonly vars: readonly NamedInput[];
}

export type FlagValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** A repeatable flag's values, in command-line order. */
export function flagList(values: FlagValues, flag: string): readonly string[] {
  const v = values[flag];
  return v === undefined || typeof v === 'boolean' ? [] : typeof v === 'string' ? [v] : v;
}

/** `--flag NAME=VALUE` values; a name that does not match `namePattern` is a usage error (exit 2). */
export function namedInputFlags(values: FlagValues, flag: string, namePattern: RegExp): NamedInput[] {
  return flagList(values, flag).map((text) => {
    const eq = text.indexOf('=');
    const name = eq < 0 ? '' : text.slice(0, eq).trim();
    if (!namePattern.test(name)) throw new UsageError(`--${flag} expects NAME=VALUE, got "${text}"`);
    return { name, value: text.slice(eq + 1) };
  });
}

/** The flags' values; a missing var file or a `--var` without `=` is a usage error (exit 2). */
export function readTerraformInputFlags(values: FlagValues, cwd: string): TerraformInputFlags {
  const varFiles = flagList(values, 'var-file').map((file) => {
    const path = resolve(cwd, file);
    if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--var-file ${file}: no such file`);
    return path;
  });
  return { varFiles, vars: namedInputFlags(values, 'var', /^[A-Za-z_][A-Za-z0-9_-]*$/) };
}

/** The configuration with the command line's inputs (CloudFormation, Terraform or both) after the configuration's own: they win. */
export function withCommandLineInputs(config: LintConfig, flags: Partial<Omit<DeploymentInputs, 'name'>>): LintConfig {
  if (!Object.values(flags).some((list) => list.length > 0)) return config;
  const base: DeploymentInputs = config.deployment ?? NO_INPUTS;
  return {
    ...config,
    deployment: {
      ...base,
      parameterFiles: [...base.parameterFiles, ...flags.parameterFiles ?? []],
      parameters: [...base.parameters, ...flags.parameters ?? []],
      varFiles: [...base.varFiles, ...flags.varFiles ?? []],
      vars: [...base.vars, ...flags.vars ?? []],
    },
  };
}

/**
 * Where evaluation may read: the working folder and the linted paths (a
 * module `source = "../../"` above the linted folder is usually inside the
 * working folder). A symbolic link whose target is elsewhere is not followed.
 */
export function readRootsFor(cwd: string, paths: readonly string[]): string[] {
  const roots = new Set([resolve(cwd)]);
  for (const p of paths) {
    const abs = resolve(cwd, p.replace(/[*?[{].*$/s, '') || '.');
    roots.add(existsSync(abs) && statSync(abs).isDirectory() ? abs : dirname(abs));
  }
  return [...roots];
}
