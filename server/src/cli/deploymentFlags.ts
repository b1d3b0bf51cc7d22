/**
 * The command-line flags that say which deployment is linted, one mechanism
 * for every command that reads templates (`lint`, `model`, `graph`, `drill`):
 * - Terraform: `--var NAME=VALUE` and `--var-file FILE` (both repeatable,
 *   applied in Terraform's order: var files, then vars);
 * - CloudFormation: `--parameters FILE` (the AWS CLI's
 *   `[{"ParameterKey", "ParameterValue"}]` list or a `{"Parameters": {...}}`
 *   template configuration file; repeatable, later files win) and
 *   `--parameter NAME=VALUE` (repeatable, wins over the files), as
 *   `aws cloudformation deploy` applies them;
 * - `--deployment NAME`: one of `.rdscope.yaml`'s `deployments:`.
 * Each file is checked before anything is linted: a missing var file, or a
 * missing or malformed parameter file, stops the run with exit 2 (a
 * parameter file with its file:line:column). Also: the folders evaluation may
 * read files from (modules, tfvars).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LintConfig } from '../config/config';
import { configWithDeployment, deploymentNameFor, deploymentNames } from '../config/deployments';
import { repositoryRootOf, type LoadedConfig } from '../config/load';
import { parseParameterFile } from '../evaluate/cloudformation/parameterFiles';
import { NO_INPUTS, type DeploymentInputs, type NamedInput } from '../evaluate/inputs';
import { FileRefusedError, readRegularText } from '../io/regularFile';
import { DEFAULT_MAX_FILE_BYTES } from '../parse/limits';
import type { OptionSpec } from './args';
import { FatalError, UsageError } from './io';

export const DEPLOYMENT_OPTIONS: readonly OptionSpec[] = [
  { name: 'deployment', type: 'string', value: 'NAME', description: 'Lint the deployment NAME of .rdscope.yaml deployments: (default: its deployment: key, else parameter and variable defaults).' },
  { name: 'no-deployment', type: 'boolean', description: 'Lint with parameter and variable defaults only, even where .rdscope.yaml sets a deployment: default.' },
  { name: 'parameters', type: 'string', multiple: true, value: 'FILE', description: 'CloudFormation parameter values from FILE: [{"ParameterKey","ParameterValue"}] or {"Parameters": {...}} (repeatable, later files win).' },
  { name: 'parameter', type: 'string', multiple: true, value: 'NAME=VALUE', description: 'Set a CloudFormation parameter (or a pseudo parameter such as AWS::Region); repeatable, wins over --parameters.' },
  { name: 'var', type: 'string', multiple: true, value: 'NAME=VALUE', description: 'Set a Terraform root variable, as terraform plan -var does (repeatable; wins over tfvars).' },
  { name: 'var-file', type: 'string', multiple: true, value: 'FILE', description: 'Read Terraform variable values from FILE (.tfvars or .tfvars.json, repeatable, in order).' },
];

/** What the flags say: the inputs they give (absolute paths) and the deployment chosen by name. */
export interface DeploymentFlags extends Omit<DeploymentInputs, 'name'> {
  readonly deployment?: string;
  /** `--no-deployment`: no `.rdscope.yaml` deployment, not even its `deployment:` default (the editor's "none"). */
  readonly noDeployment?: boolean;
}

export const NO_DEPLOYMENT_FLAGS: DeploymentFlags = NO_INPUTS;

export type FlagValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** A repeatable flag's values, in command-line order. */
function flagList(values: FlagValues, flag: string): readonly string[] {
  const v = values[flag];
  return v === undefined || typeof v === 'boolean' ? [] : typeof v === 'string' ? [v] : v;
}

/** `--flag NAME=VALUE` values; a name that does not match `namePattern` is a usage error (exit 2). */
function namedInputFlags(values: FlagValues, flag: string, namePattern: RegExp): NamedInput[] {
  return flagList(values, flag).map((text) => {
    const eq = text.indexOf('=');
    const name = eq < 0 ? '' : text.slice(0, eq).trim();
    if (!namePattern.test(name)) throw new UsageError(`--${flag} expects NAME=VALUE, got "${text}"`);
    return { name, value: text.slice(eq + 1) };
  });
}

/** The flags' values, every named file checked (UsageError / FatalError, exit 2); `maxBytes`: `--max-file-size`. */
export function readDeploymentFlags(values: FlagValues, cwd: string, maxBytes = DEFAULT_MAX_FILE_BYTES): DeploymentFlags {
  const varFiles = flagList(values, 'var-file').map((file) => {
    const path = resolve(cwd, file);
    if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--var-file ${file}: no such file`);
    return path;
  });
  const parameterFiles = flagList(values, 'parameters').map((file) => {
    const path = resolve(cwd, file);
    checkParameterFile(path, file, maxBytes);
    return path;
  });
  const deployment = typeof values.deployment === 'string' ? values.deployment : undefined;
  const noDeployment = values['no-deployment'] === true;
  if (noDeployment && deployment !== undefined) throw new UsageError('--deployment and --no-deployment contradict each other');
  return {
    ...(noDeployment ? { noDeployment } : {}),
    parameterFiles,
    // Parameter names are alphanumeric; pseudo parameters are AWS::Name.
    parameters: namedInputFlags(values, 'parameter', /^(AWS::)?[A-Za-z0-9]+$/),
    varFiles,
    vars: namedInputFlags(values, 'var', /^[A-Za-z_][A-Za-z0-9_-]*$/),
    ...(deployment !== undefined ? { deployment } : {}),
  };
}

/** Throws FatalError (exit 2) naming the file, line and column when a parameter file is missing or malformed. */
function checkParameterFile(path: string, shown: string, maxBytes: number): void {
  let text: string;
  try {
    text = readRegularText(path, maxBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = error instanceof FileRefusedError ? error.message : code ?? String(error);
    throw new FatalError(`${shown}:1:1: ${code === 'ENOENT' ? 'no such parameter file' : `the parameter file cannot be read (${why})`}`);
  }
  const parsed = parseParameterFile(text);
  if (!parsed.ok) throw new FatalError(`${shown}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}`);
}

/** The configuration with the command line's inputs after the configuration's own: they win. */
export function withCommandLineInputs(config: LintConfig, flags: Partial<Omit<DeploymentInputs, 'name'>>): LintConfig {
  if (![flags.parameterFiles, flags.parameters, flags.varFiles, flags.vars].some((list) => (list?.length ?? 0) > 0)) return config;
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
 * One configuration per configuration file and deployment (a deployment's
 * `templates` globs cover some files only), with the command line's inputs:
 * `idOf` gives a file's, `configs` holds them all. `--deployment NAME` that
 * a configuration does not define, or a malformed parameter file a
 * deployment names, stops the run (exit 2).
 */
export class DeploymentConfigs {
  readonly configs: LintConfig[] = [];
  private readonly ids = new Map<LoadedConfig, Map<string | undefined, number>>();

  constructor(
    private readonly flags: DeploymentFlags,
    /** A path as messages show it. */
    private readonly display: (path: string) => string,
    /** Settings the command line overrides in every configuration (`--max-file-size`). */
    private readonly overrides: Partial<LintConfig> = {},
  ) {}

  idOf(loaded: LoadedConfig, path: string): number {
    const chosen = this.flags.deployment;
    if (chosen !== undefined && !loaded.config.deployments?.[chosen]) {
      const names = deploymentNames(loaded.config);
      throw new FatalError(`--deployment ${chosen}: ${loaded.file ? this.display(loaded.file) : 'no configuration file'} defines ${names.length > 0 ? `the deployments ${names.join(', ')}` : 'no deployments'}`);
    }
    const name = this.flags.noDeployment ? undefined : deploymentNameFor(loaded, path, chosen);
    const byName = this.ids.get(loaded) ?? new Map<string | undefined, number>();
    this.ids.set(loaded, byName);
    let id = byName.get(name);
    if (id === undefined) {
      id = this.configs.length;
      byName.set(name, id);
            const config = { ...withCommandLineInputs(configWithDeployment(loaded.config, name), this.flags), ...this.overrides };
      for (const file of name !== undefined ? loaded.config.deployments![name].inputs.parameterFiles : []) checkParameterFile(file, this.display(file), config.maxFileBytes);
      this.configs.push(config);
    }
    return id;
  }
}

/**
 * Where evaluation may read: the working folder, the repository that holds it
 * (a module repository's `examples/complete` calls `source = "../../"`, and
 * is often linted from inside that folder) and the linted paths. A symbolic
 * link whose target is elsewhere is not followed.
 */
export function readRootsFor(cwd: string, paths: readonly string[]): string[] {
  const roots = new Set([resolve(cwd)]);
  const repository = repositoryRootOf(resolve(cwd));
  if (repository) roots.add(repository);
  for (const p of paths) {
    const abs = resolve(cwd, p.replace(/[*?[{].*$/s, '') || '.');
    roots.add(existsSync(abs) && statSync(abs).isDirectory() ? abs : dirname(abs));
  }
  return [...roots];
}
