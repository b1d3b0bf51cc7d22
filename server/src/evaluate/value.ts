/**
 * What evaluation knows about one value of a deployment: known (with the
 * inputs it rests on), unknown (with why), or one of several branches (a
 * condition on an input without a value). Shared by the CloudFormation and
 * Terraform evaluators; nothing here knows RDS.
 */
import type { Range } from '../parse/tree';

/**
 * One input a value rests on, so a message can name it: "with Env=prod from
 * params/prod.json", "with var.engine=mysql, the variable's default".
 */
export interface InputOrigin {
  readonly kind:
    | 'parameter-default' | 'parameter-file' | 'parameter-cli'   // CloudFormation
    | 'variable-default' | 'tfvars' | 'var-file' | 'var-cli'     // Terraform
    | 'module-argument';                                          // a module call's argument (or a nested stack's Parameters)
  /** As the user writes it: `Env`, `var.engine`, `module.db.engine`. */
  readonly name: string;
  /** The value as a short display string. */
  readonly display: string;
  /** Where the value is written (a parameter file, a tfvars file, the caller of a module). */
  readonly file?: string;
  readonly range?: Range;
}

export type Evaluated<T = unknown> = KnownValue<T> | UnknownValue | BranchedValue<T>;

export interface KnownValue<T = unknown> {
  readonly state: 'known';
  readonly value: T;
  /** The inputs the value rests on, outermost first; empty for a literal of the template. */
  readonly inputs: readonly InputOrigin[];
}

export interface UnknownValue {
  readonly state: 'unknown';
  /** Why: "Ref to parameter DbRetention, which has no value", "aws_kms_key.k.arn is known after apply". */
  readonly reason: string;
}

/** A value chosen by a condition that cannot be decided: every branch is possible. */
export interface BranchedValue<T = unknown> {
  readonly state: 'branches';
  /** The undecided condition, for messages: "condition IsProd (parameter Env has no value)". */
  readonly condition: string;
  readonly branches: readonly Evaluated<T>[];
}

/** No inputs: one shared, frozen list, so a literal's value allocates none. */
export const NO_INPUTS: readonly InputOrigin[] = Object.freeze([]);

export const known = <T>(value: T, inputs: readonly InputOrigin[] = NO_INPUTS): KnownValue<T> => ({ state: 'known', value, inputs });
export const unknown = (reason: string): UnknownValue => ({ state: 'unknown', reason });

/** Inputs once each (by kind and name), in order: outermost first. */
export function uniqueInputs(inputs: readonly InputOrigin[]): InputOrigin[] {
  const seen = new Set<string>();
  const out: InputOrigin[] = [];
  for (const i of inputs) {
    const key = `${i.kind}\u0000${i.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}

/** " (with Env=prod from params/prod.json)", or "" for a literal: appended to messages that rest on inputs. */
export function describeInputs(inputs: readonly InputOrigin[]): string {
  if (inputs.length === 0) return '';
  const parts = inputs.map((i) => `${i.name}=${i.display}${sourceWords(i)}`);
  return ` (with ${parts.join(', ')})`;
}

function sourceWords(i: InputOrigin): string {
  switch (i.kind) {
    case 'parameter-default': return ", the parameter's default";
    case 'variable-default': return ", the variable's default";
    case 'parameter-cli': case 'var-cli': return ' from the command line';
    case 'module-argument': return i.file ? ` from the module call in ${baseName(i.file)}` : ' from the module call';
    default: return i.file ? ` from ${baseName(i.file)}` : '';
  }
}

function baseName(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut >= 0 ? file.slice(cut + 1) : file;
}
