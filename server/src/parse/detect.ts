/**
 * Which kind of template a parsed file is, by content rather than by name:
 * a `.yaml` file that is not a template gets nothing and costs nothing more.
 */
import { parseJson } from './json';
import { get, getEntry, type ParsedText, type ParseProblem, type SourceFormat, type ValueNode } from './tree';
import { parseYaml } from './yaml';

export type TemplateKind = 'cloudformation' | 'terraform' | 'terraform-plan';

export type Detection = { readonly kind: TemplateKind } | { readonly kind: undefined; readonly reason: string };

const TERRAFORM_TOP_LEVEL = ['resource', 'provider', 'variable', 'module', 'data', 'locals', 'terraform', 'output'];

/**
 * `uri`: a `.tf` / `.tf.json` file is Terraform by its name, so one that holds
 * only `locals`, `output`, `data` or `terraform` blocks is read as part of its
 * module (its values matter to the other files), not skipped.
 */
export function detectTemplate(root: ValueNode | undefined, uri?: string): Detection {
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
  if (uri !== undefined && /\.tf(\.json)?$/i.test(uri) && TERRAFORM_TOP_LEVEL.some((k) => get(root, k) !== undefined)) return { kind: 'terraform' };
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
  if (namedAsTemplate(fileName)) return true;
  const head = text.slice(0, 64 * 1024);
  return /AWSTemplateFormatVersion|\bAWS::[A-Za-z0-9]+::[A-Za-z0-9]+|"planned_values"|"resource"\s*:\s*[[{]/.test(head);
}

/**
 * How a template's text is read: a `.tf` file is HCL; text whose first
 * character is `{` or `[` is JSON, unless JSON.parse rejects it and the name
 * does not say `.json` (a YAML file written as one flow mapping); anything
 * else is YAML. One rule for linted files, nested stack templates and a
 * StackSet's TemplateBody (`name` then says what the text is, for messages).
 * JSON is a subset of YAML, but the JSON parser is faster and its errors read better.
 */
export function formatOf(name: string, text: string): SourceFormat {
  if (/\.tf$/i.test(name)) return 'hcl';
  const first = /\S/.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return first && (first[0] === '{' || first[0] === '[') && !isYamlStartingLikeJson(name, text) ? 'json' : 'yaml';
}

/**
 * A CloudFormation template's text (a nested stack's template file, a
 * StackSet's TemplateBody) read as a linted file of that name would be: JSON
 * or YAML as formatOf says.
 */
export function parseCloudFormationText(name: string, text: string): ParsedText {
  return formatOf(name, text) === 'json' ? parseJson(text) : parseYaml(text);
}

/**
 * Whether a file that starts like JSON (`{` or `[`) is YAML after all: a
 * YAML file written as one flow mapping (`{Resources: {Db: {Type: ...}}}`)
 * starts with `{` too, but its unquoted keys are not JSON. Only a file whose
 * name does not say JSON, and whose text JSON.parse rejects, is YAML; a
 * `.json` file stays JSON (its errors are JSON's).
 */
export function isYamlStartingLikeJson(fileName: string, text: string): boolean {
  if (/\.json$/i.test(fileName)) return false;
  try {
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return false;
  } catch {
    return true;
  }
}

/** A name that says "template" (`*.tf.json`, `*.template.yaml`, `*.cfn.json`, ...), whatever the content. */
export function namedAsTemplate(fileName: string): boolean {
  return /\.tf(\.json)?$|\.template$|\.template\.(ya?ml|json)$|\.cfn\.(ya?ml|json)$/i.test(fileName);
}

/**
 * A detected template whose resource section has the wrong shape: CloudFormation
 * `Resources` that is a list or a scalar, Terraform JSON `resource` that is not
 * an object or an array of objects. CloudFormation and Terraform reject such a
 * file, and nothing in it can be read as resources: RDS000 at that value, not
 * a silent pass. (`Resources:` with nothing after it yet is just empty.)
 */
export function templateShapeProblem(kind: TemplateKind, root: ValueNode): ParseProblem | undefined {
  if (kind === 'cloudformation') {
    const entry = getEntry(root, 'Resources');
    const v = entry?.value;
    if (!entry || !v || v.kind === 'map' || (v.kind === 'scalar' && v.value === null)) return undefined;
    return { message: `Resources must be a map of logical ids to resources; this one is ${shapeOf(v)}`, range: rangeOrKey(v, entry.keyRange) };
  }
  if (kind === 'terraform' && root.kind === 'map') {
    for (const entry of root.entries) {
      if (entry.key !== 'resource') continue;
      const v = entry.value;
      const bad = v.kind === 'seq' ? v.items.find((item) => item.kind !== 'map') : v.kind === 'map' ? undefined : v;
      if (bad) return { message: `"resource" must be an object of resource types (or an array of such objects); this holds ${shapeOf(bad)}`, range: rangeOrKey(bad, entry.keyRange) };
    }
  }
  return undefined;
}

function rangeOrKey(node: ValueNode, keyRange: ParseProblem['range']): ParseProblem['range'] {
  return node.range.start < node.range.end ? node.range : keyRange;
}

function shapeOf(node: ValueNode): string {
  switch (node.kind) {
    case 'map': return 'a map';
    case 'seq': return 'a list';
    case 'intrinsic': return `a function (${node.name})`;
    case 'tagged': return `a ${node.tag} value`;
    case 'scalar': return node.value === null ? 'null' : typeof node.value === 'string' ? 'a string' : `a ${typeof node.value}`;
  }
}

/** A file named as a template whose top level is not a map (a list, a string): a broken template. */
export function topLevelProblem(root: ValueNode | undefined, fileName: string): ParseProblem | undefined {
  if (!root || root.kind === 'map' || !namedAsTemplate(fileName)) return undefined;
  return { message: `A template is a map at the top level; this file holds ${shapeOf(root)}`, range: root.range.start < root.range.end ? root.range : { start: root.range.start, end: root.range.start } };
}
