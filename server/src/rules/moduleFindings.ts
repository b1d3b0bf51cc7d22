/**
 * Findings about resources a Terraform module call creates, moved to where
 * the user can act: the module argument the offending value came in through
 * (`multi_az = false` on `module "db"`), or the module call itself when the
 * module's files are not among the linted ones (a registry module under
 * `.terraform/modules`). Related information keeps the resource inside the
 * module. A module's files are shared by every call of it, and nothing under
 * `.terraform/` is ever edited, so such findings carry no quick fix.
 */
import type { Range } from '../parse/tree';
import type { Entity } from '../model/topology';
import type { Finding } from './engine';

export function intoModuleCaller(finding: Finding, isLinted: (file: string) => boolean): Finding {
  const entity = finding.entity;
  const calls = entity?.moduleCalls;
  if (!entity || !calls || calls.length === 0) return finding;
  const argument = offendingAttribute(entity, finding)?.inputs
    ?.find((i) => i.kind === 'module-argument' && i.file !== undefined && i.range !== undefined && isLinted(i.file));
  let target: { file: string; range: Range } | undefined = argument ? { file: argument.file!, range: argument.range! } : undefined;
  if (!target && !isLinted(finding.file)) target = calls.find((c) => isLinted(c.file)) ?? calls[0];
  if (!target) return { ...finding, proposal: undefined };
  return {
    ...finding,
    file: target.file,
    range: target.range,
    related: [{ file: finding.file, range: finding.range, message: `${entity.id}, created by ${calls[calls.length - 1].address}` }, ...finding.related],
    proposal: undefined,
  };
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
