/**
 * Which kind of template a parsed file is, by content rather than by name:
 * a `.yaml` file that is not a template gets nothing and costs nothing more.
 */
import { get, type ValueNode } from './tree';

export type TemplateKind = 'cloudformation' | 'terraform' | 'terraform-plan';

export type Detection = { readonly kind: TemplateKind } | { readonly kind: undefined; readonly reason: string };

const TERRAFORM_TOP_LEVEL = ['resource', 'provider', 'variable', 'module', 'data', 'locals', 'terraform', 'output'];

export function detectTemplate(root: ValueNode | undefined): Detection {
  if (!root) return { kind: undefined, reason: 'empty file' };
  if (root.kind !== 'map') return { kind: undefined, reason: 'the top level is not a map' };
  if (get(root, 'format_version') && get(root, 'planned_values')) return { kind: 'terraform-plan' };
  if (get(root, 'AWSTemplateFormatVersion')) return { kind: 'cloudformation' };
  const resources = get(root, 'Resources');
  if (resources?.kind === 'map' && resources.entries.some((e) => {
    const type = get(e.value, 'Type');
    return type?.kind === 'scalar' && typeof type.value === 'string' && /^(AWS|Alexa|Custom)::/.test(type.value);
  })) return { kind: 'cloudformation' };
  // The four keys the foundation issue names decide alone; the others only next to `resource`.
  if (['resource', 'provider', 'variable', 'module'].some((k) => get(root, k) !== undefined)) return { kind: 'terraform' };
  if (TERRAFORM_TOP_LEVEL.some((k) => get(root, k) !== undefined) && get(root, 'Resources') === undefined) {
    return { kind: undefined, reason: 'Terraform-like keys without resource/provider/variable/module' };
  }
  return { kind: undefined, reason: 'no AWSTemplateFormatVersion, no Resources with AWS:: types, no Terraform resource/provider/variable/module, no plan format_version + planned_values' };
}

/**
 * For a file that does not parse: is it a broken template (report RDS000) or
 * some other broken file (skip it)? Decided on the text alone.
 */
export function looksLikeTemplate(text: string, fileName: string): boolean {
  if (/\.tf\.json$|\.template$|\.template\.(ya?ml|json)$|\.cfn\.(ya?ml|json)$/i.test(fileName)) return true;
  const head = text.slice(0, 64 * 1024);
  return /AWSTemplateFormatVersion|\bAWS::[A-Za-z0-9]+::[A-Za-z0-9]+|"planned_values"|"resource"\s*:\s*[[{]/.test(head);
}
