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
import { parseParameterFile } from '../evaluate/cloudformation/parameterFiles';
import type { NamedInput } from '../evaluate/inputs';
import type { OptionSpec } from './args';
import { flagList, namedInputFlags, type FlagValues } from './deploymentFlags';
import { FatalError } from './io';

export const CLOUDFORMATION_INPUT_OPTIONS: readonly OptionSpec[] = [
  { name: 'parameters', type: 'string', multiple: true, value: 'FILE', description: 'CloudFormation parameter values from FILE: [{"ParameterKey","ParameterValue"}] or {"Parameters": {...}} (repeatable, later files win).' },
  { name: 'parameter', type: 'string', multiple: true, value: 'NAME=VALUE', description: 'Set a CloudFormation parameter (or a pseudo parameter such as AWS::Region); repeatable, wins over --parameters.' },
];

export interface CloudFormationInputFlags {
  readonly parameterFiles: readonly string[];
  readonly parameters: readonly NamedInput[];
}

/** The flags' values, each parameter file read and checked (FatalError with file:line:column when it is wrong). */
export function readCloudFormationInputFlags(values: FlagValues, cwd: string): CloudFormationInputFlags {
  const parameterFiles = flagList(values, 'parameters').map((file) => {
    const path = resolve(cwd, file);
    checkParameterFile(path, file);
    return path;
  });
  // Parameter names are alphanumeric; pseudo parameters are AWS::Name.
  return { parameterFiles, parameters: namedInputFlags(values, 'parameter', /^(AWS::)?[A-Za-z0-9]+$/) };
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
