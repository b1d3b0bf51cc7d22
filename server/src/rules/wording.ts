/**
 * How findings point and read: the range of a written setting, and a setting
 * in the user's own vocabulary (`BackupRetentionPeriod: 0` in CloudFormation,
 * `backup_retention_period = 0` in Terraform). Shared by every rule.
 */
import { describeInputs, uniqueInputs } from '../evaluate/value';
import type { Attr, Provider } from '../model/topology';
import type { Range, Scalar } from '../parse/tree';

/**
 * Where a written attribute sits: the whole `Key: value` (key start to value
 * end), else whichever of the two is known; undefined for an AWS default (the
 * finding then points at the resource's id).
 */
export function writtenRange(attr: Attr<unknown> | undefined): Range | undefined {
  if (!attr) return undefined;
  if (attr.keyRange && attr.valueRange) return { start: attr.keyRange.start, end: Math.max(attr.keyRange.end, attr.valueRange.end) };
  return attr.valueRange ?? attr.keyRange;
}

/**
 * An attribute as the user would write it, in their provider's vocabulary:
 * `BackupRetentionPeriod: 0` (CloudFormation), `backup_retention_period = 0`
 * (Terraform); an absent one as `BackupRetentionPeriod absent, default 1`.
 */
export function settingText(attr: Attr<unknown>, provider: Provider): string {
  const sep = provider === 'cloudformation' ? ': ' : ' = ';
  if (!attr.known) return `${attr.key} unknown: ${attr.reason}`;
  const text = attr.text ?? String(attr.value);
  switch (attr.origin) {
    case 'aws-default': return `${attr.key} absent, default ${text}`;
    case 'parameter-default': return `${attr.key}${sep}${text}, from a parameter's Default`;
    case 'variable-default': return `${attr.key}${sep}${text}, from a variable's default`;
    default: return `${attr.key}${sep}${text}`;
  }
}

/** A setting as code: `MultiAZ: true` / `multi_az = true`, `engine = "mysql"` (Terraform strings are quoted). */
export function assignmentText(key: string, value: Scalar, provider: Provider): string {
  if (provider === 'cloudformation') return `${key}: ${String(value)}`;
  return `${key} = ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
}

/**
 * ` Deployed with Env=prod from prod.json.` when the offending values rest on
 * deployment inputs (a parameter's value or Default, a tfvars value, a module
 * argument), else "": appended to a finding's message so it names what it
 * rests on (RULES.md, "One deployment at a time").
 */
export function inputsNote(...attrs: (Attr<unknown> | undefined)[]): string {
  const inputs = attrs.flatMap((a) => (a?.known && a.inputs ? a.inputs : []));
  const described = describeInputs(uniqueInputs(inputs)).trim();
  return described === '' ? '' : ` Deployed ${described.slice(1, -1)}.`;
}

/**
 * Where a value a short message rests on comes from, when it is not written
 * in place: ` (a parameter's Default)`, ` (a variable's default)`, ` (by default)` for an absent one taking the AWS default,
 * ` (set by its caller)` for a literal a module call or parent stack passes, ` (a deployment input)` for a parameter
 * file, tfvars or the command line; '' for a written value. The full setting goes to the detail (settingText).
 */
export function inputNote(attr: Attr<unknown> | undefined): string {
  if (!attr?.known) return '';
  switch (attr.origin) {
    case 'parameter-default': return " (a parameter's Default)";
    case 'variable-default': return " (a variable's default)";
    case 'aws-default': return ' (by default)';
    // Outermost first: a literal that a module call or a parent stack passes is the caller's, not the deployment's.
    case 'input': return attr.inputs?.[0]?.kind === 'module-argument' ? ' (set by its caller)' : ' (a deployment input)';
    default: return '';
  }
}
