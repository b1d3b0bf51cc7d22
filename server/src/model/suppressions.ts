/**
 * Suppression lists as users write them: CloudFormation Metadata
 * `rdscope: { ignore: [RDS201, no-multi-az] }`, and Terraform JSON
 * `"//": "rdscope:ignore RDS201 RDS105"`. Ids and names are both kept; the
 * rule engine matches either.
 */
import type { ValueNode } from '../parse/tree';

export function readSuppressionList(node: ValueNode | undefined): ReadonlySet<string> {
  const ids = new Set<string>();
  if (!node) return ids;
  const add = (v: unknown) => {
    if (typeof v === 'string') for (const id of v.split(/[\s,]+/)) if (id) ids.add(id);
  };
  if (node.kind === 'scalar') add(node.value);
  else if (node.kind === 'seq') for (const item of node.items) if (item.kind === 'scalar') add(item.value);
  return ids;
}

const TERRAFORM_COMMENT = /rdscope:ignore\s+([A-Za-z0-9_\-\s,]+)/g;

const NO_SUPPRESSIONS: ReadonlySet<string> = new Set();

/** `rdscope:ignore RDS201, RDS105` inside a Terraform JSON `//` comment (string or list of strings). */
export function readTerraformCommentSuppressions(node: ValueNode | undefined): ReadonlySet<string> {
  // Most resources have no `//` comment, or one without rdscope:ignore: one shared empty set, not one per entity.
  if (!node) return NO_SUPPRESSIONS;
  const ids = new Set<string>();
  const texts: string[] = [];
  if (node.kind === 'scalar' && typeof node.value === 'string') texts.push(node.value);
  if (node.kind === 'seq') for (const item of node.items) if (item.kind === 'scalar' && typeof item.value === 'string') texts.push(item.value);
  for (const text of texts) {
    for (const match of text.matchAll(TERRAFORM_COMMENT)) {
      for (const id of match[1].split(/[\s,]+/)) if (id) ids.add(id);
    }
  }
  return ids.size > 0 ? ids : NO_SUPPRESSIONS;
}
