/**
 * The parameter values a CloudFormation deployment is given, in the order
 * `aws cloudformation` applies them: parameter files (later ones win), then
 * `--parameter NAME=VALUE`. A template's own `Default`s come below these
 * (template.ts). Read once per deployment and file source, however many
 * templates use them.
 */
import type { DeploymentInputs, FileSource } from '../inputs';
import type { InputOrigin } from '../value';
import { parseParameterFile } from './parameterFiles';

export interface GivenParameter {
  /** Undefined: not known here (`UsePreviousValue`, or a parent stack passes a value it cannot know); `unknown` says why. */
  readonly value: string | undefined;
  readonly origin: InputOrigin;
  /** Why the value is not known, when a parent stack passes it. */
  readonly unknown?: string;
  /** The inputs the value rests on where it was given (a parent stack's value from its own parameter file). */
  readonly via?: readonly InputOrigin[];
}

export interface DeploymentParameters {
  readonly given: ReadonlyMap<string, GivenParameter>;
  /** Parameter files that could not be read or are malformed, as `file:line:column: message`. */
  readonly problems: readonly string[];
}

export const NO_PARAMETERS: DeploymentParameters = Object.freeze({ given: new Map(), problems: [] });

const cache = new WeakMap<DeploymentInputs, WeakMap<FileSource, DeploymentParameters>>();

export function deploymentParameters(inputs: DeploymentInputs | undefined, files: FileSource): DeploymentParameters {
  if (!inputs || (inputs.parameterFiles.length === 0 && inputs.parameters.length === 0)) return NO_PARAMETERS;
  let bySource = cache.get(inputs);
  if (!bySource) { bySource = new WeakMap(); cache.set(inputs, bySource); }
  const cached = bySource.get(files);
  if (cached) return cached;
  const given = new Map<string, GivenParameter>();
  const problems: string[] = [];
  for (const file of inputs.parameterFiles) {
    const text = files.readText(file);
    if (text === undefined) { problems.push(`${file}:1:1: the parameter file cannot be read`); continue; }
    const parsed = parseParameterFile(text);
    if (!parsed.ok) { problems.push(`${file}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}`); continue; }
    for (const e of parsed.entries) {
      given.set(e.name, { value: e.value, origin: { kind: 'parameter-file', name: e.name, display: e.value ?? '(previous value)', file, range: e.range } });
    }
  }
  for (const p of inputs.parameters) {
    const origin: InputOrigin = p.file ? { kind: 'parameter-file', name: p.name, display: p.value, file: p.file } : { kind: 'parameter-cli', name: p.name, display: p.value };
    given.set(p.name, { value: p.value, origin });
  }
  const result = { given, problems };
  bySource.set(files, result);
  return result;
}
