/**
 * Where a nested stack's template is and what its parameters are, as the
 * parent deploys it: `AWS::CloudFormation::Stack` (`TemplateURL`) and
 * `AWS::Serverless::Application` (`Location`), with the parent's `Parameters`
 * evaluated in the parent (they reach the child as module arguments).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-application.html
 *
 * Only a template that is a local file (a relative or absolute path, as
 * `aws cloudformation package` takes it before uploading) can be read;
 * anything else (an S3 or https URL, a Serverless Application Repository
 * application, a URL known only at deploy time) is reported as not read.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { get, type ValueNode } from '../../parse/tree';
import type { InputOrigin } from '../value';
import { embeddedTemplate, type EmbeddedTemplate } from './embeddedTemplate';
import type { GivenParameter } from './parameters';
import { isNoValue, isResourceRef, type CfnValue, type CloudFormationTemplate } from './template';

export const NESTED_STACK_TYPES: ReadonlySet<string> = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

export type NestedStackSource =
  | {
    readonly kind: 'local';
    /** The child template as findings name it: in the parent's form (a path relative like the parent's, or a file: URI). */
    readonly file: string;
    /** The file-system path to read it from. */
    readonly path: string;
    /** As the parent writes it (`./database.yaml`): messages quote it, the same in every front end. */
    readonly written: string;
    readonly parameters: ReadonlyMap<string, GivenParameter>;
  }
  | { readonly kind: 'unread'; readonly message: string };

export function nestedStackSource(
  template: CloudFormationTemplate, stackId: string, type: string, properties: ValueNode | undefined, parentFile: string,
): NestedStackSource {
  const what = type === 'AWS::Serverless::Application' ? `Application ${stackId}` : `Nested stack ${stackId}`;
  const key = type === 'AWS::Serverless::Application' ? 'Location' : 'TemplateURL';
  const locationNode = get(properties, key);
  if (!locationNode) return { kind: 'unread', message: `${what} has no ${key}: what it creates is not linted.` };
  if (locationNode.kind === 'map') {
    return { kind: 'unread', message: `${what} comes from the Serverless Application Repository (${key} is an application id), not a local file: what it creates is not linted.` };
  }
  const location = template.value(locationNode);
  if (location.state !== 'known' || typeof location.value !== 'string') {
    const why = location.state === 'unknown' ? location.reason : location.state === 'branches' ? `it depends on ${location.condition}` : 'it is not a string';
    return { kind: 'unread', message: `${what}: its ${key} cannot be known (${why}), so its template is not read and what it creates is not linted.` };
  }
  const url = location.value;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^file:\/\//i.test(url)) {
    return { kind: 'unread', message: `${what}'s template is at ${url}, not a local file: rdscope reads no network location, so what it creates is not linted. Lint the template's local copy with the parameters this stack passes.` };
  }
  const local = localFile(parentFile, url);
  if (!local) return { kind: 'unread', message: `${what}'s ${key} ${url} cannot be resolved beside ${parentFile}: what it creates is not linted.` };
  return { kind: 'local', ...local, written: url, parameters: argumentsOf(template, stackId, get(properties, 'Parameters'), parentFile) };
}

/** The file-system path of a template's uri, as nested stacks' paths are written (a loop is found by it). */
export function templatePath(file: string): string {
  try {
    return /^file:/i.test(file) ? fileURLToPath(file) : resolve(file);
  } catch {
    return file;
  }
}

function localFile(parentFile: string, url: string): { file: string; path: string } | undefined {
  try {
    if (/^file:/i.test(parentFile)) {
      const child = new URL(url, parentFile);
      return { file: child.href, path: fileURLToPath(child) };
    }
    if (/^file:/i.test(url)) {
      const path = fileURLToPath(url);
      return { file: path, path };
    }
    const file = isAbsolute(url) ? url : join(dirname(parentFile), url);
    return { file, path: resolve(file) };
  } catch {
    return undefined;
  }
}

/** The parent's `Parameters`, evaluated in the parent: each a value the child receives as a module argument. */
function argumentsOf(template: CloudFormationTemplate, stackId: string, parameters: ValueNode | undefined, parentFile: string): Map<string, GivenParameter> {
  if (!parameters || parameters.kind !== 'map') return new Map();
  return evaluatedArguments(template, stackId, parameters.entries.map((e) => ({ name: e.key, node: e.value })), parentFile);
}

function evaluatedArguments(
  template: CloudFormationTemplate, stackId: string, parameters: readonly { readonly name: string; readonly node: ValueNode }[], parentFile: string,
): Map<string, GivenParameter> {
  const given = new Map<string, GivenParameter>();
  for (const { name, node } of parameters) {
    const v = template.value(node);
    const origin = (display: string): InputOrigin => ({ kind: 'module-argument', name, display, file: parentFile, range: node.range });
    if (v.state === 'known' && !isResourceRef(v.value) && !isNoValue(v.value)) {
      const text = stringOf(v.value);
      if (text !== undefined) { given.set(name, { value: text, origin: origin(text), via: v.inputs }); continue; }
    }
    if (v.state === 'known' && isNoValue(v.value)) continue; // AWS::NoValue: the child's Default applies
    const why = v.state === 'unknown' ? v.reason : v.state === 'branches' ? `depends on ${v.condition}` : 'known at deploy time';
    given.set(name, { value: undefined, unknown: `passed by ${stackId} in ${parentFile}, where it is not known (${why})`, origin: origin('?') });
  }
  return given;
}

/** Nested stack parameters are strings; a list travels comma-separated. */
function stringOf(v: CfnValue): string | undefined {
  if (v === null) return undefined;
  if (Array.isArray(v)) {
    const parts = (v as readonly CfnValue[]).map(stringOf);
    return parts.every((p) => p !== undefined) ? parts.join(',') : undefined;
  }
  if (typeof v === 'object') return undefined;
  return String(v);
}

export const STACK_SET_TYPE = 'AWS::CloudFormation::StackSet';

export type StackSetSource =
  | {
    readonly kind: 'embedded';
    readonly template: Extract<EmbeddedTemplate, { kind: 'parsed' }>;
    readonly parameters: ReadonlyMap<string, GivenParameter>;
  }
  | { readonly kind: 'unread'; readonly message: string };

/**
 * A StackSet's template when it is written in the template itself
 * (`TemplateBody`, a YAML or JSON string), with the StackSet's `Parameters`
 * evaluated in the parent. A parameter that `StackInstancesGroup` overrides
 * for some accounts or regions has no one value: unknown. A `TemplateURL`,
 * or a body built with intrinsics, is not read.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stackset.html
 */
export function stackSetSource(
  template: CloudFormationTemplate, stackId: string, properties: ValueNode | undefined, parentFile: string, parentText: string | undefined,
): StackSetSource {
  const body = get(properties, 'TemplateBody');
  if (!body) {
    const where = get(properties, 'TemplateURL') ? 'from its TemplateURL' : 'from outside the template (no TemplateBody)';
    return { kind: 'unread', message: `StackSet ${stackId} deploys its template ${where}: what it creates is not linted. Lint that template on its own with the parameters of each deployment.` };
  }
  if (body.kind !== 'scalar' || typeof body.value !== 'string') {
    const what = body.kind === 'intrinsic' ? `built with ${body.name}` : 'not a string';
    return { kind: 'unread', message: `StackSet ${stackId}: its TemplateBody is ${what}, so it is not read and what it creates is not linted.` };
  }
  const embedded = embeddedTemplate(parentText, body);
  if (embedded.kind === 'unparsed') {
    return { kind: 'unread', message: `StackSet ${stackId}: its TemplateBody cannot be parsed (${embedded.reason}), so what it creates is not linted.` };
  }
  const overridden = new Set<string>();
  for (const group of itemsOf(get(properties, 'StackInstancesGroup'))) {
    for (const o of itemsOf(get(group, 'ParameterOverrides'))) {
      const key = get(o, 'ParameterKey');
      if (key?.kind === 'scalar' && typeof key.value === 'string') overridden.add(key.value);
    }
  }
  const written = itemsOf(get(properties, 'Parameters')).flatMap((p) => {
    const key = get(p, 'ParameterKey');
    const value = get(p, 'ParameterValue');
    return key?.kind === 'scalar' && typeof key.value === 'string' && value ? [{ name: key.value, node: value }] : [];
  });
  const parameters = evaluatedArguments(template, stackId, written, parentFile);
  for (const name of overridden) {
    const origin = parameters.get(name)?.origin ?? { kind: 'module-argument' as const, name, display: '?', file: parentFile };
    parameters.set(name, { value: undefined, unknown: `overridden for some stack instances of ${stackId}`, origin: { ...origin, display: '?' } });
  }
  return { kind: 'embedded', template: embedded, parameters };
}

function itemsOf(node: ValueNode | undefined): ValueNode[] {
  return node?.kind === 'seq' ? node.items : [];
}
