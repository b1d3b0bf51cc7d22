/**
 * The command-line flags that give a deployment its CloudFormation inputs:
 * `--parameters FILE` (the AWS CLI's `[{"ParameterKey", "ParameterValue"}]`
 * list or a `{"Parameters": {...}}` template configuration file; repeatable,
 * later files win) and `--parameter NAME=VALUE` (repeatable, wins over the
 * files), as `aws cloudformation deploy` applies them. Each file is checked
 * before anything is linted: a missing or malformed one stops the run with
 * its file:line:column (exit 2).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintConfig } from '../config/config';
import { parseParameterFile } from '../evaluate/cloudformation/parameterFiles';
import { NO_INPUTS, type DeploymentInputs, type NamedInput } from '../evaluate/inputs';
import type { OptionSpec } from './args';
import { FatalError, UsageError } from './io';

export const CLOUDFORMATION_INPUT_OPTIONS: readonly OptionSpec[] = [
  { name: 'parameters', type: 'string', multiple: true, value: 'FILE', description: 'CloudFormation parameter values from FILE: [{"ParameterKey","ParameterValue"}] or {"Parameters": {...}} (repeatable, later files win).' },
  { name: 'parameter', type: 'string', multiple: true, value: 'NAME=VALUE', description: 'Set a CloudFormation parameter (or a pseudo parameter such as AWS::Region); repeatable, wins over --parameters.' },
];

export interface CloudFormationInputFlags {
  readonly parameterFiles: readonly string[];
  readonly parameters: readonly NamedInput[];
}

const list = (v: string | boolean | readonly string[] | undefined): readonly string[] =>
  v === undefined || typeof v === 'boolean' ? [] : typeof v === 'string' ? [v] : v;

/** The flags' values, each parameter file read and checked (FatalError with file:line:column when it is wrong). */
export function readCloudFormationInputFlags(values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>, cwd: string): CloudFormationInputFlags {
  const parameterFiles = list(values.parameters).map((file) => {
    const path = resolve(cwd, file);
    checkParameterFile(path, file);
    return path;
  });
  const parameters = list(values.parameter).map((text) => {
    const eq = text.indexOf('=');
    const name = eq < 0 ? '' : text.slice(0, eq).trim();
    // Parameter names are alphanumeric; pseudo parameters are AWS::Name.
    if (!/^(AWS::)?[A-Za-z0-9]+$/.test(name)) throw new UsageError(`--parameter expects NAME=VALUE, got "${text}"`);
    return { name, value: text.slice(eq + 1) };
  });
  return { parameterFiles, parameters };
}

/** Throws FatalError (exit 2) naming the file, line and column when a parameter file is missing or malformed. */
export function checkParameterFile(path: string, shown: string = path): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FatalError(`${shown}:1:1: ${code === 'ENOENT' ? 'no such parameter file' : `the parameter file cannot be read (${code ?? String(error)})`}`);
  }
  const parsed = parseParameterFile(text);
  if (!parsed.ok) throw new FatalError(`${shown}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}`);
}

/** The configuration with the command line's parameters after the configuration's own (they win). */
export function withCloudFormationInputs(config: LintConfig, flags: CloudFormationInputFlags): LintConfig {
  if (flags.parameterFiles.length === 0 && flags.parameters.length === 0) return config;
  const base: DeploymentInputs = config.deployment ?? NO_INPUTS;
  return {
    ...config,
    deployment: { ...base, parameterFiles: [...base.parameterFiles, ...flags.parameterFiles], parameters: [...base.parameters, ...flags.parameters] },
  };
}

