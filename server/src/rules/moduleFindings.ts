/**
 * Findings about resources a Terraform module call creates, moved to where
 * the user can act: the module argument the offending value came in through
 * (`multi_az = false` on `module "db"`), or the module call itself when the
 * module's files are not among the linted ones (a registry module under
 * `.terraform/modules`). Related information keeps the resource inside the
 * module.
 *
 * Their fix sets the argument on the module block, never the module's body
 * (shared by every call of it, and under `.terraform/` never edited): only
 * when the resource takes the setting as a plain `var.NAME` and every call
 * on the way passes it on as a plain `var.NAME`, down to a call that writes
 * a literal (replaced) or leaves the argument out so the variable's default
 * applies (the argument is inserted). Any other expression on the way
 * (`var.a ? 0 : 7`, `each.value.x`, a root variable): no fix.
 */
import type { Entity, ModuleCall } from '../model/topology';
import { getEntry, type Range, type ValueNode } from '../parse/tree';
import type { Finding } from './engine';
import type { FixIntent, FixProposal } from './types';
import { assignmentText } from './wording';

export function intoModuleCaller(finding: Finding, isLinted: (file: string) => boolean): Finding {
  const entity = finding.entity;
  const calls = entity?.moduleCalls;
  if (!entity || !calls || calls.length === 0) return finding;
  const proposal = finding.proposal && onModuleCall(finding.proposal, calls);
  const argument = offendingAttribute(entity, finding)?.inputs
    ?.find((i) => i.kind === 'module-argument' && i.file !== undefined && i.range !== undefined && isLinted(i.file));
  let target: { file: string; range: Range } | undefined = argument ? { file: argument.file!, range: argument.range! } : undefined;
  if (!target && !isLinted(finding.file)) target = calls.find((c) => isLinted(c.file)) ?? calls[0];
  if (!target) return { ...finding, proposal };
  return {
    ...finding,
    file: target.file,
    range: target.range,
    related: [{ file: finding.file, range: finding.range, message: `${entity.id}, created by ${calls[calls.length - 1].address}` }, ...finding.related],
    proposal,
  };
}

/** The proposal with every intent moved onto a module call's argument; undefined when one of them cannot be. */
function onModuleCall(proposal: FixProposal, calls: readonly ModuleCall[]): FixProposal | undefined {
  const intents: FixIntent[] = [];
  for (const intent of proposal.intents) {
    const moved = intent.kind === 'set' && intent.valueRange ? argumentIntent(intent, calls) : undefined;
    if (!moved) return undefined;
    intents.push(moved);
  }
  const titles = intents.map((i) => (i.kind === 'set-argument' ? assignmentText(i.name, i.value, 'terraform') : ''));
  const last = intents[intents.length - 1] as Extract<FixIntent, { kind: 'set-argument' }>;
  return { ...proposal, title: `Set ${titles.join(', ')} in module "${callLabel(last, calls)}"`, intents };
}

/**
 * Walks from the resource's written value out through the calls (innermost
 * first) while each passes a plain `var.NAME` on, to the call where the
 * value is a literal or left out.
 */
function argumentIntent(intent: Extract<FixIntent, { kind: 'set' }>, calls: readonly ModuleCall[]): FixIntent | undefined {
  const written = getEntry(intent.entity.anchor.propertiesNode, intent.key);
  if (!written || written.value.range.start !== intent.valueRange!.start) return undefined;
  let name = plainVariable(written.value);
  for (let k = calls.length - 1; k >= 0 && name !== undefined; k--) {
    const call = calls[k];
    const argument = getEntry(call.body, name);
    // Left out: the variable's default is the value, and the argument goes in. A literal (null too,
    // which means "the default") is replaced.
    if (!argument) return setArgument(intent, call, name, undefined);
    if (isLiteral(argument.value)) return setArgument(intent, call, name, argument.value.range);
    // The root module's variables come from tfvars, -var or their default: not a module argument.
    name = k > 0 ? plainVariable(argument.value) : undefined;
  }
  return undefined;
}

function setArgument(intent: Extract<FixIntent, { kind: 'set' }>, call: ModuleCall, name: string, valueRange: Range | undefined): FixIntent {
  return { kind: 'set-argument', entity: intent.entity, file: call.file, call: call.body, name, value: intent.value, ...(valueRange ? { valueRange } : {}) };
}

/** `var.NAME` written alone (HCL `var.x`, JSON `"${var.x}"`): NAME. */
function plainVariable(node: ValueNode): string | undefined {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return undefined;
  return /^\$\{\s*var\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}$/.exec(node.value)?.[1];
}

/** A value written as such: a number, a boolean, or a string with no interpolation or directive. */
function isLiteral(node: ValueNode): boolean {
  if (node.kind !== 'scalar') return false;
  return typeof node.value !== 'string' || !/[$%]\{/.test(node.value);
}

/** The label of the call whose block the intent edits (`db` for `module.db[0]`). */
function callLabel(intent: Extract<FixIntent, { kind: 'set-argument' }>, calls: readonly ModuleCall[]): string {
  const call = calls.find((c) => c.body === intent.call)!;
  return /module\.([^.[]+)(?:\[[^\]]*\])?$/.exec(call.address)?.[1] ?? call.address;
}

interface RangedAttr {
  readonly keyRange?: Range;
  readonly valueRange?: Range;
  readonly inputs?: readonly { readonly kind: string; readonly file?: string; readonly range?: Range }[];
}

/** The entity's attribute the finding points at (its key, its value, or both). */
function offendingAttribute(entity: Entity, finding: Finding): RangedAttr | undefined {
  if (finding.file !== entity.file) return undefined;
  for (const value of Object.values(entity)) {
    if (value === null || typeof value !== 'object' || !('key' in value)) continue;
    const attr = value as RangedAttr;
    const start = attr.keyRange?.start ?? attr.valueRange?.start;
    const end = attr.valueRange?.end ?? attr.keyRange?.end;
    if (start !== undefined && end !== undefined && finding.range.start >= start && finding.range.end <= end) return attr;
  }
  return undefined;
}
