/**
 * Terraform configuration to a FileModel. Works on the value tree only, so
 * Terraform JSON (`*.tf.json`) and HCL mapped onto the same tree share it.
 * https://developer.hashicorp.com/terraform/language/syntax/json
 *
 * What can be known without running Terraform is used: literals, variable
 * defaults (remembered as such), locals, literal `count`/`for_each` and the
 * `count.index`/`each.*` they give. Everything decided at plan or apply time
 * (resource attributes, data sources, module outputs, functions, conditionals)
 * is unknown, never guessed.
 */
import { get, getEntry, type MapEntry, type MapNode, type Scalar, type ValueNode } from '../parse/tree';
import { AttributeReader, isNullScalar, type Resolved, type Resolver } from './attributes';
import { readTerraformCommentSuppressions } from './suppressions';
import {
  instanceAddress, NON_RESOURCE_ROOTS, parseTemplate, type Expression, type Step, type TemplatePart,
} from './terraformExpressions';
import { addTerraformResource, COMMENT_KEY, objectsOf, readTerraformTags, TERRAFORM_RDS_RESOURCE_TYPES } from './terraformResources';
import type { Attr, Entity, FileModel, ValueOrigin } from './topology';

/**
 * `moduleRoots`: the other files of the same folder (module), when the caller
 * has them. Variables, locals and providers are module-wide, and usually
 * live in `variables.tf`/`providers.tf`; without them `${var.x}` declared
 * elsewhere stays unknown. Only this file's resources become entities.
 */
export function buildTerraform(file: string, root: ValueNode, moduleRoots: readonly ValueNode[] = []): FileModel {
  const model: FileModel = {
    summary: { file, provider: 'terraform', suppressions: readTerraformCommentSuppressions(get(root, COMMENT_KEY)) },
    scope: terraformModuleFolder(file),
    instances: [], clusters: [], proxies: [], proxyTargetGroups: [], proxyTargets: [], proxyEndpoints: [], subnets: [],
  };
  if (root.kind !== 'map') return model;

  const siblings = moduleRoots.filter((other): other is MapNode => other !== root && other.kind === 'map');
  const module = readModule([root, ...siblings]);
  const resolver = new TerraformResolver(module, NO_INSTANCE);
  const blocks = resourceBlocks(root);
  // Every resource's expansion first: references check instance keys against it.
  const expansions = blocks.map((block) => resolver.expansion(block.body));
  blocks.forEach((block, i) => module.resources.set(block.address, expansions[i]));
  for (const block of siblings.flatMap(resourceBlocks)) {
    if (!module.resources.has(block.address)) module.resources.set(block.address, resolver.expansion(block.body));
  }

  blocks.forEach((block, i) => {
    if (!TERRAFORM_RDS_RESOURCE_TYPES.has(block.type)) return;
    for (const instance of instancesOf(expansions[i])) {
      const scoped = resolver.within(instance.context);
      const base: Entity = {
        id: instanceAddress(block.type, block.name, instance.key),
        file,
        provider: 'terraform',
        resourceType: block.type,
        // Expanded instances share the block's ranges: they are written once.
        range: { start: block.label.keyRange.start, end: block.label.value.range.end },
        idRange: block.label.keyRange,
        region: scoped.region(block.body),
        identifier: undefined,
        tags: readTerraformTags(block.body, scoped),
        suppressions: readTerraformCommentSuppressions(get(block.body, COMMENT_KEY)),
        anchor: { resourceNode: block.body, propertiesNode: block.body },
        ...(instance.context.meta === 'unexpanded' ? { unexpanded: instance.context.argument } : {}),
      };
      addTerraformResource(model, base, block.body, scoped);
    }
  });
  return model;
}

/**
 * A Terraform module is a folder, so names resolve across the files in it.
 * String operations, so `file:///a/b/main.tf.json`, `/a/b/main.tf.json` and
 * `C:\a\b\main.tf.json` all work the same on every platform.
 */
export function terraformModuleFolder(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  if (cut < 0) return '.';
  // Keep the root itself: `/main.tf.json` → `/`, `file:///main.tf.json` → `file:///`.
  if (cut === 0 || file[cut - 1] === '/') return file.slice(0, cut + 1);
  return file.slice(0, cut);
}

/** More instances than this from one block are not expanded (hostile or generated input). */
const MAX_EXPANDED_INSTANCES = 1000;
/** Locals that name locals that name locals...: followed this far (hostile input stays off the stack limit). */
const MAX_LOCAL_CHAIN = 64;

type Value = Scalar | readonly Value[] | ReadonlyMap<string, Value>;
type Evaluated =
  | { readonly known: true; readonly value: Value; readonly origin: ValueOrigin }
  | { readonly known: false; readonly reason: string; readonly mayBeAbsent?: true };

/** What `count.index` / `each.key` / `each.value` mean inside one instance. */
type InstanceContext =
  | { readonly meta: 'none' }
  | { readonly meta: 'count'; readonly index: number }
  | { readonly meta: 'for_each'; readonly key: string; readonly value: Evaluated }
  | { readonly meta: 'unexpanded'; readonly argument: 'count' | 'for_each' };

const NO_INSTANCE: InstanceContext = { meta: 'none' };

interface Instance {
  readonly key: string | number;
  readonly context: InstanceContext;
}

/**
 * How many resources one block declares. A `count`/`for_each` that is an
 * expression (`var.create ? 1 : 0`, a for expression) is not expanded: the
 * block stays ONE entity with the plain address, which the rules treat as one
 * resource; references to any of its instances resolve to that entity.
 */
type Expansion =
  | { readonly kind: 'single' }
  | { readonly kind: 'expanded'; readonly argument: 'count' | 'for_each'; readonly instances: readonly Instance[] }
  | { readonly kind: 'unexpanded'; readonly argument: 'count' | 'for_each' };

function instancesOf(expansion: Expansion): readonly { key?: string | number; context: InstanceContext }[] {
  switch (expansion.kind) {
    case 'single': return [{ context: NO_INSTANCE }];
    case 'expanded': return expansion.instances;
    case 'unexpanded': return [{ context: { meta: 'unexpanded', argument: expansion.argument } }];
  }
}

interface ResourceBlock {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  /** The block label's property: its key is where findings about absences point. */
  readonly label: MapEntry;
  readonly body: MapNode;
}

/** The module-level declarations: variables, locals, AWS providers, resource expansions. */
interface TerraformModule {
  /** Variable name → its `default` node; undefined when it has none. */
  readonly variables: Map<string, ValueNode | undefined>;
  readonly locals: Map<string, ValueNode>;
  /** AWS provider configurations by alias ('' for the default one). */
  readonly providers: Map<string, MapNode>;
  readonly resources: Map<string, Expansion>;
  readonly localValues: Map<string, Evaluated>;
  readonly localsInProgress: Set<string>;
  /** Parsed templates: every expanded instance reads the same strings again. */
  readonly templates: Map<string, TemplatePart[] | undefined>;
}

/**
 * Top-level blocks of one type. Terraform JSON allows an object or an array
 * of objects, and repeating the property, at every block level.
 */
function topLevel(root: MapNode, key: string): MapNode[] {
  return root.entries.filter((e) => e.key === key).flatMap((e) => objectsOf(e.value));
}

function labelled(block: MapNode): MapEntry[] {
  return block.entries.filter((e) => e.key !== COMMENT_KEY);
}

/** Declarations of the module's files; the first file's win when names repeat. */
function readModule(roots: readonly MapNode[]): TerraformModule {
  const module: TerraformModule = {
    variables: new Map(), locals: new Map(), providers: new Map(), resources: new Map(),
    localValues: new Map(), localsInProgress: new Set(), templates: new Map(),
  };
  for (const root of roots) readDeclarations(root, module);
  return module;
}

function readDeclarations(root: MapNode, module: TerraformModule): void {
  for (const block of topLevel(root, 'variable')) {
    for (const entry of labelled(block)) {
      if (module.variables.has(entry.key)) continue;
      module.variables.set(entry.key, getEntry(objectsOf(entry.value)[0], 'default')?.value);
    }
  }
  for (const block of topLevel(root, 'locals')) {
    for (const entry of labelled(block)) if (!module.locals.has(entry.key)) module.locals.set(entry.key, entry.value);
  }
  for (const block of topLevel(root, 'provider')) {
    for (const config of objectsOf(get(block, 'aws'))) {
      const alias = get(config, 'alias');
      const name = alias?.kind === 'scalar' && typeof alias.value === 'string' ? alias.value : '';
      if (!module.providers.has(name)) module.providers.set(name, config);
    }
  }
}

/** Resource blocks in file order. Terraform rejects a repeated address; the first one is kept. */
function resourceBlocks(root: MapNode): ResourceBlock[] {
  const blocks = new Map<string, ResourceBlock>();
  for (const resources of topLevel(root, 'resource')) {
    for (const typeEntry of labelled(resources)) {
      for (const byName of objectsOf(typeEntry.value)) {
        for (const label of labelled(byName)) {
          const address = instanceAddress(typeEntry.key, label.key);
          const body = objectsOf(label.value)[0];
          if (body && !blocks.has(address)) blocks.set(address, { type: typeEntry.key, name: label.key, address, label, body });
        }
      }
    }
  }
  return [...blocks.values()];
}

const known = (value: Value, origin: ValueOrigin): Evaluated => ({ known: true, value, origin });
const unknown = (reason: string): Evaluated => ({ known: false, reason });
/**
 * Unknown, and possibly `null`: Terraform treats a null argument as omitted,
 * so the attribute may be absent (a variable, a module output, a conditional).
 * Resource attributes, `count.index`, `each.key` and templates with text are
 * never null.
 */
const nullable = (reason: string): Evaluated => ({ known: false, reason, mayBeAbsent: true });
const isCollection = (v: Value): v is readonly Value[] | ReadonlyMap<string, Value> => Array.isArray(v) || v instanceof Map;
/** A variable default makes the whole value "variable-default"; literals stay "template". */
const mergeOrigin = (a: ValueOrigin, b: ValueOrigin): ValueOrigin => (a === 'template' ? b : a);

function quote(text: string): string {
  const t = text.trim();
  return `\`${t.length > 60 ? `${t.slice(0, 60)}…` : t}\``;
}

/** Static evaluation of Terraform expressions, inside one resource instance. */
class TerraformResolver implements Resolver {
  constructor(private readonly module: TerraformModule, private readonly context: InstanceContext) {}

  within(context: InstanceContext): TerraformResolver {
    return context === this.context ? this : new TerraformResolver(this.module, context);
  }

  scalar(node: ValueNode): Resolved {
    const v = this.node(node);
    if (!v.known) return v;
    if (isCollection(v.value)) return { known: false, reason: 'a list or map where a single value belongs' };
    return { known: true, value: v.value, origin: v.origin };
  }

  reference(node: ValueNode): { target: string; attribute?: string } | undefined {
    const expression = node.kind === 'scalar' && typeof node.value === 'string' ? soleInterpolation(node.value) : undefined;
    const ref = expression && this.referenceOf(expression, 0);
    return ref && 'target' in ref ? ref : undefined;
  }

  /** The region the resource lives in: its own `region` (AWS provider v6), else its provider's. */
  region(body: MapNode): Attr<string> {
    const own = new AttributeReader(this).string(body, 'region');
    if (own) return own;
    const providerNode = get(body, 'provider');
    let alias = '';
    if (providerNode?.kind === 'scalar' && typeof providerNode.value === 'string') {
      // `"provider": "aws.west"`; converters also write `"${aws.west}"`.
      const name = providerNode.value.replace(/^\$\{(.*)\}$/s, '$1').trim();
      const [local, rest] = name.split('.', 2);
      if (local !== 'aws') return { known: false, reason: `provider ${name} is not the aws provider`, key: 'region' };
      alias = rest ?? '';
    }
    const config = this.module.providers.get(alias);
    if (!config) {
      return { known: false, reason: alias ? `provider aws.${alias} is not configured in this module's files` : 'provider region not set', key: 'region' };
    }
    // Provider configurations are evaluated outside any resource instance.
    return new AttributeReader(this.within(NO_INSTANCE)).string(config, 'region')
      ?? { known: false, reason: 'provider region not set', key: 'region' };
  }

  expansion(body: MapNode): Expansion {
    const count = getEntry(body, 'count');
    if (count && !isNullScalar(count.value)) {
      const v = this.node(count.value);
      const n = v.known ? wholeNumber(v.value) : undefined;
      if (n === undefined || n > MAX_EXPANDED_INSTANCES) return { kind: 'unexpanded', argument: 'count' };
      return { kind: 'expanded', argument: 'count', instances: Array.from({ length: n }, (_, index) => ({ key: index, context: { meta: 'count', index } as const })) };
    }
    const forEach = getEntry(body, 'for_each');
    if (forEach && !isNullScalar(forEach.value)) {
      const instances = this.forEachInstances(forEach.value);
      if (!instances || instances.length > MAX_EXPANDED_INSTANCES) return { kind: 'unexpanded', argument: 'for_each' };
      return { kind: 'expanded', argument: 'for_each', instances };
    }
    return { kind: 'single' };
  }

  /** Keys of a literal map or set of strings, in Terraform's (lexical) order. */
  private forEachInstances(node: ValueNode): Instance[] | undefined {
    const byKey = new Map<string, Evaluated>();
    if (node.kind === 'map') {
      // An object written in place: keys are known even when a value is not.
      for (const entry of labelled(node)) byKey.set(entry.key, this.node(entry.value));
    } else {
      const v = this.node(node);
      if (!v.known) return undefined;
      if (v.value instanceof Map) {
        for (const [key, value] of v.value) byKey.set(key, known(value, v.origin));
      } else if (Array.isArray(v.value)) {
        // A set of strings (`toset([...])`); a plain list is taken as one too.
        for (const item of v.value as readonly Value[]) {
          if (typeof item !== 'string') return undefined;
          byKey.set(item, known(item, v.origin));
        }
      } else {
        return undefined;
      }
    }
    return [...byKey.keys()].sort().map((key) => ({ key, context: { meta: 'for_each', key, value: byKey.get(key)! } }));
  }

  /** A node in an expression position: strings are templates, arrays tuples, objects maps. */
  private node(node: ValueNode): Evaluated {
    switch (node.kind) {
      case 'scalar': return typeof node.value === 'string' ? this.template(node.value) : known(node.value, 'template');
      case 'seq': {
        const items: Value[] = [];
        let origin: ValueOrigin = 'template';
        for (const item of node.items) {
          const v = this.node(item);
          if (!v.known) return v;
          items.push(v.value);
          origin = mergeOrigin(origin, v.origin);
        }
        return known(items, origin);
      }
      case 'map': {
        const entries = new Map<string, Value>();
        let origin: ValueOrigin = 'template';
        for (const entry of labelled(node)) {
          const v = this.node(entry.value);
          if (!v.known) return v;
          entries.set(entry.key, v.value);
          origin = mergeOrigin(origin, v.origin);
        }
        return known(entries, origin);
      }
      default: return unknown('not Terraform syntax');
    }
  }

  private template(text: string): Evaluated {
    let parts = this.module.templates.get(text);
    if (parts === undefined && !this.module.templates.has(text)) {
      parts = parseTemplate(text);
      this.module.templates.set(text, parts);
    }
    if (!parts) return unknown(`computed by the template ${quote(text)}`);
    return this.parts(parts);
  }

  /** A template that is one interpolation keeps its type (`"${var.n}"` is a number). */
  private parts(parts: readonly TemplatePart[]): Evaluated {
    if (parts.length === 1) {
      const only = parts[0];
      return typeof only === 'string' ? known(only, 'template') : this.interpolation(only);
    }
    let text = '';
    let origin: ValueOrigin = 'template';
    for (const part of parts) {
      if (typeof part === 'string') { text += part; continue; }
      const v = this.interpolation(part);
      if (!v.known) return unknown(v.reason);
      if (v.value === null || isCollection(v.value)) return unknown(`${quote(part.text)} cannot be written into a string`);
      text += String(v.value);
      origin = mergeOrigin(origin, v.origin);
    }
    return known(text, origin);
  }

  private interpolation(part: Exclude<TemplatePart, string>): Evaluated {
    return part.expression ? this.evaluate(part.expression) : nullable(`computed by ${quote(part.text)}`);
  }

  private evaluate(expression: Expression): Evaluated {
    switch (expression.kind) {
      case 'literal': return known(expression.value, 'template');
      case 'template': return this.parts(expression.parts);
      case 'tuple': {
        const items: Value[] = [];
        let origin: ValueOrigin = 'template';
        for (const item of expression.items) {
          const v = this.evaluate(item);
          if (!v.known) return v;
          items.push(v.value);
          origin = mergeOrigin(origin, v.origin);
        }
        return known(items, origin);
      }
      case 'call': return this.call(expression.name, expression.args);
      case 'traversal': return this.traversal(expression);
    }
  }

  /** Only the conversions that `for_each` needs; other functions run at plan time. */
  private call(name: string, args: readonly Expression[]): Evaluated {
    if ((name === 'toset' || name === 'tolist') && args.length === 1) {
      const v = this.evaluate(args[0]);
      if (!v.known || !Array.isArray(v.value)) return v.known ? unknown(`${name}() of a value that is not a list`) : v;
      if (name === 'tolist') return v;
      const items = v.value as readonly Value[];
      if (!items.every((item) => typeof item === 'string')) return unknown('toset() of values that are not strings');
      return known([...new Set(items as string[])].sort(), v.origin);
    }
    return nullable(`computed by ${name}()`);
  }

  private traversal(t: Extract<Expression, { kind: 'traversal' }>): Evaluated {
    const [first, ...rest] = t.steps;
    const name = first?.kind === 'attribute' ? first.name : undefined;
    switch (t.root) {
      case 'var':
        return name === undefined ? unknown(`${quote(t.text)} is not a variable`) : this.steps(this.variable(name), rest, t.text);
      case 'local':
        return name === undefined ? unknown(`${quote(t.text)} is not a local value`) : this.steps(this.local(name), rest, t.text);
      case 'count':
        if (name !== 'index') return unknown(`${quote(t.text)} is not count.index`);
        if (this.context.meta === 'count') return this.steps(known(this.context.index, 'template'), rest, t.text);
        return unknown(this.context.meta === 'unexpanded' ? 'count.index of a count that is not known statically' : 'count.index outside a resource with count');
      case 'each':
        if (name !== 'key' && name !== 'value') return unknown(`${quote(t.text)} is neither each.key nor each.value`);
        if (this.context.meta === 'for_each') {
          return this.steps(name === 'key' ? known(this.context.key, 'template') : this.context.value, rest, t.text);
        }
        const reason = this.context.meta === 'unexpanded' ? `each.${name} of a for_each that is not known statically` : `each.${name} outside a resource with for_each`;
        return name === 'value' ? nullable(reason) : unknown(reason);
      case 'module': return nullable(`${quote(t.text)} is an output of module ${name ?? '?'}`);
      case 'data': return nullable(`${quote(t.text)} is read from a data source when Terraform runs`);
      default: {
        if (NON_RESOURCE_ROOTS.has(t.root)) return unknown(`${quote(t.text)} is known only when Terraform runs`);
        const ref = this.resourceReference(t);
        return unknown('reason' in ref ? ref.reason : `${quote(t.text)} is an attribute of ${ref.target}, known when Terraform runs`);
      }
    }
  }

  private steps(value: Evaluated, steps: readonly Step[], text: string): Evaluated {
    let v = value;
    for (const step of steps) {
      if (!v.known) return v;
      let key: string | number;
      if (step.kind === 'attribute') {
        key = step.name;
      } else {
        const k = this.evaluate(step.key);
        if (!k.known) return k;
        if (typeof k.value !== 'string' && typeof k.value !== 'number') return unknown(`${quote(text)}: an index that is not a string or number`);
        key = k.value;
      }
      const container = v.value;
      const next = container instanceof Map ? container.get(String(key))
        : Array.isArray(container) && typeof key === 'number' ? (container as readonly Value[])[key] : undefined;
      if (next === undefined) return unknown(`${quote(text)}: no element ${JSON.stringify(key)}`);
      v = known(next, v.origin);
    }
    return v;
  }

  private variable(name: string): Evaluated {
    if (!this.module.variables.has(name)) return nullable(`variable ${name} is not declared in this module's files`);
    const def = this.module.variables.get(name);
    if (!def) return nullable(`variable ${name} has no default`);
    // A variable's default is a literal value: no templates are evaluated in it.
    const value = literal(def);
    return value === undefined ? unknown(`the default of variable ${name} is not a literal value`) : known(value, 'variable-default');
  }

  private local(name: string): Evaluated {
    const cached = this.module.localValues.get(name);
    if (cached) return cached;
    const node = this.module.locals.get(name);
    if (!node) return nullable(`local.${name} is not declared in this module's files`);
    if (this.module.localsInProgress.has(name)) return unknown(`local.${name} refers to itself`);
    if (this.module.localsInProgress.size >= MAX_LOCAL_CHAIN) return unknown(`local.${name} is too deep a chain of locals`);
    this.module.localsInProgress.add(name);
    // Locals are evaluated once, outside any resource instance.
    const value = this.within(NO_INSTANCE).node(node);
    this.module.localsInProgress.delete(name);
    this.module.localValues.set(name, value);
    return value;
  }

  /** `aws_db_instance.primary.arn` (also through a local) to the entity it names. */
  private referenceOf(expression: Expression, depth: number): { target: string; attribute?: string } | { reason: string } | undefined {
    if (expression.kind !== 'traversal') return undefined;
    if (expression.root === 'local') {
      const first = expression.steps[0];
      const node = first?.kind === 'attribute' && expression.steps.length === 1 ? this.module.locals.get(first.name) : undefined;
      if (!node || depth >= MAX_LOCAL_CHAIN || node.kind !== 'scalar' || typeof node.value !== 'string') return undefined;
      const inner = soleInterpolation(node.value);
      return inner && this.within(NO_INSTANCE).referenceOf(inner, depth + 1);
    }
    if (NON_RESOURCE_ROOTS.has(expression.root)) return undefined;
    return this.resourceReference(expression);
  }

  private resourceReference(t: Extract<Expression, { kind: 'traversal' }>): { target: string; attribute?: string } | { reason: string } {
    const [nameStep, ...rest] = t.steps;
    if (nameStep?.kind !== 'attribute') return { reason: `${quote(t.text)} names no resource` };
    const address = instanceAddress(t.root, nameStep.name);
    let key: string | number | undefined;
    let next = 0;
    if (rest[0]?.kind === 'index') {
      const k = this.evaluate(rest[0].key);
      if (!k.known) return { reason: `the index in ${quote(t.text)}: ${k.reason}` };
      if (typeof k.value !== 'string' && typeof k.value !== 'number') return { reason: `the index in ${quote(t.text)} is not a string or number` };
      key = k.value;
      next = 1;
    }
    const attributeStep = rest[next];
    const attribute = attributeStep?.kind === 'attribute' ? attributeStep.name : undefined;
    const declared = this.module.resources.get(address);
    // Declared in no file read here: another file of the module may; the linker looks.
    if (!declared) return { target: instanceAddress(t.root, nameStep.name, key), attribute };
    switch (declared.kind) {
      case 'single':
        return key === undefined ? { target: address, attribute } : { reason: `${address} has neither count nor for_each, so ${quote(t.text)} names no instance` };
      case 'expanded':
        if (key === undefined) return { reason: `${address} has ${declared.argument}: ${quote(t.text)} does not say which instance` };
        if (!declared.instances.some((instance) => instance.key === key)) return { reason: `${address} has no instance [${JSON.stringify(key)}]` };
        return { target: instanceAddress(t.root, nameStep.name, key), attribute };
      case 'unexpanded':
        if (key === undefined) return { reason: `${address} has ${declared.argument}: ${quote(t.text)} does not say which instance` };
        return { target: address, attribute };
    }
  }
}

/** The expression of a string that is exactly one `${...}`, else undefined. */
function soleInterpolation(text: string): Expression | undefined {
  if (!text.startsWith('${')) return undefined;
  const parts = parseTemplate(text);
  const only = parts?.length === 1 ? parts[0] : undefined;
  return only !== undefined && typeof only !== 'string' ? only.expression : undefined;
}

/** A literal JSON value as a Terraform value; undefined for anything that is not plain data. */
function literal(node: ValueNode): Value | undefined {
  switch (node.kind) {
    case 'scalar': return node.value;
    case 'seq': {
      const items: Value[] = [];
      for (const item of node.items) {
        const v = literal(item);
        if (v === undefined) return undefined;
        items.push(v);
      }
      return items;
    }
    case 'map': {
      const entries = new Map<string, Value>();
      for (const entry of node.entries) {
        const v = literal(entry.value);
        if (v === undefined) return undefined;
        entries.set(entry.key, v);
      }
      return entries;
    }
    default: return undefined;
  }
}

function wholeNumber(v: Value): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
