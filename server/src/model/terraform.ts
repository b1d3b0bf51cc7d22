/**
 * Terraform configuration to file models, one module instance at a time.
 * Works on the value tree only, so Terraform JSON (`*.tf.json`) and HCL
 * mapped onto the same tree share it.
 * https://developer.hashicorp.com/terraform/language/syntax/json
 *
 * A module instance (the root, or one `module` call's instance) evaluates
 * its expressions with evaluate/terraform: variables (from the root's inputs
 * or the caller's arguments), locals, `count`/`for_each` and the instances
 * they give, module outputs, functions and conditionals. What only Terraform
 * knows (resource attributes, data sources) stays unknown, never guessed; a
 * resource attribute still names its resource, so references link.
 *
 * Addresses are Terraform's: `module.db[0].aws_db_instance.this`,
 * `module.archive["a"].aws_db_instance.this`.
 */
import { evaluate, type Scope } from '../evaluate/terraform/evaluator';
import { HclSyntaxError, parseTemplateText, variableNames, type Expr } from '../evaluate/terraform/syntax';
import { appendInputs, display, isList, isMap, isPending, lift, Pending, type TfValue } from '../evaluate/terraform/values';
import type { UnreadSource } from '../evaluate/inputs';
import { known, unknown, type Evaluated, type InputOrigin } from '../evaluate/value';
import { get, getEntry, type MapEntry, type MapNode, type Scalar, type ScalarNode, type ValueNode } from '../parse/tree';
import { AttributeReader, originOfInputs, type Resolved, type Resolver } from './attributes';
import { readTerraformCommentSuppressions } from './suppressions';
import { instanceAddress } from './terraformExpressions';
import { addTerraformResource, COMMENT_KEY, entriesByKey, firstObjectOf, objectsOf, tagsOf, TerraformAttributes, TERRAFORM_RDS_RESOURCE_TYPES } from './terraformResources';
import { isLocalSource, joinPath, type ModuleFile, type ModuleFolder, type ModuleReader } from './terraformSources';
import type { Attr, Entity, FileModel, ModuleCall } from './topology';

/**
 * One file read alone: its variables, locals and providers from this file
 * only, module calls not expanded (buildTerraformDeployment reads the whole
 * folder and expands them). Only this file's resources become entities.
 */
export function buildTerraform(file: string, root: ValueNode): FileModel {
  const scope = terraformModuleFolder(file);
  if (root.kind !== 'map') return emptyModel(file, scope, undefined);
  const folder: ModuleFolder = { folder: scope, files: [{ uri: file, root }] };
  const build = new TerraformBuild(scope, undefined);
  new ModuleInstance(build, folder, undefined, () => undefined).addEntities();
  const model = build.models.get(file) ?? emptyModel(file, scope, root);
  // The same folder object: its declarations are read once, here and for the entities.
  const moduleFolders = [...declarationsOf(folder).modules.values()].flatMap((call) => {
    const source = get(call.body, 'source');
    return source?.kind === 'scalar' && typeof source.value === 'string' && isLocalSource(source.value) ? [joinPath(scope, source.value)] : [];
  });
  return moduleFolders.length > 0 ? { ...model, moduleFolders } : model;
}

/** Whether a file declares `module` blocks (whose expansion needs the deployment build). */
export function callsModules(root: MapNode): boolean {
  return root.entries.some((e) => e.key === 'module');
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

function emptyModel(file: string, scope: string, root: ValueNode | undefined): FileModel {
  return {
    summary: { file, provider: 'terraform', suppressions: readTerraformCommentSuppressions(get(root, COMMENT_KEY)) },
    scope,
    instances: [], clusters: [], proxies: [], proxyTargetGroups: [], proxyTargets: [], proxyEndpoints: [], subnets: [],
  };
}

/** More instances than this from one block are not expanded (hostile or generated input). */
const MAX_EXPANDED_INSTANCES = 1000;
/** Module calls nested deeper than this are not followed. */
const MAX_MODULE_DEPTH = 32;
/** Module instances in one deployment beyond this are not expanded (count = 1000 on a module calling count = 1000...). */
const MAX_MODULE_INSTANCES = 5000;

/** One deployment's build: the file models it fills, shared by all its module instances. */
export class TerraformBuild {
  readonly models = new Map<string, FileModel & { unread: UnreadSource[] }>();
  /** Parsed templates by text: expanded instances read the same strings again. */
  readonly templates = new Map<string, ParsedTemplate>();
  /** Module folders this build expanded (a folder another analysed folder calls is not a root). */
  readonly visited = new Set<string>();
  instances = 0;

  constructor(readonly scope: string, readonly reader: ModuleReader | undefined) {}

  modelFor(file: string, root: ValueNode | undefined): FileModel & { unread: UnreadSource[] } {
    let model = this.models.get(file);
    if (!model) {
      model = { ...emptyModel(file, this.scope, root), unread: [] };
      this.models.set(file, model);
    }
    return model;
  }

  parse(text: string): Expr | string {
    return this.parsedTemplate(text).expr;
  }

  parsedTemplate(text: string): ParsedTemplate {
    let parsed = this.templates.get(text);
    if (parsed === undefined) {
      let expr: Expr | string;
      try {
        expr = parseTemplateText(text);
      } catch (error) {
        if (!(error instanceof HclSyntaxError)) throw error;
        expr = `\`${text.length > 60 ? `${text.slice(0, 60)}…` : text}\` is not an expression rdscope can read (${error.message})`;
      }
      parsed = { expr, sameInEveryInstance: typeof expr === 'string' || !namesInstanceOrPending(text, expr) };
      this.templates.set(text, parsed);
    }
    return parsed;
  }
}

/** A template string parsed, or why it cannot be read. */
interface ParsedTemplate {
  readonly expr: Expr | string;
  /**
   * Its value is the same wherever a module instance evaluates it: it names
   * neither `count` nor `each` (which differ per resource instance) nor
   * `local` or `module` (values that can be read while still being evaluated,
   * as a cycle). Variables and resources are evaluated once and kept.
   */
  readonly sameInEveryInstance: boolean;
}

const PER_INSTANCE_OR_PENDING_NAMES: ReadonlySet<string> = new Set(['count', 'each', 'local', 'module']);

/** Whether `expr`, parsed from `text`, names count, each, local or module. */
function namesInstanceOrPending(text: string, expr: Expr): boolean {
  // A name is written in the text: most templates (`${aws_db_proxy.p.name}`) contain none of the four words,
  // and four substring searches cost less than collecting the names (a Set per template, in cold code).
  if (!text.includes('count') && !text.includes('each') && !text.includes('local') && !text.includes('module')) return false;
  for (const name of variableNames(expr)) if (PER_INSTANCE_OR_PENDING_NAMES.has(name)) return true;
  return false;
}

interface Instance {
  readonly key?: string | number;
  readonly context: InstanceContext;
}

/** What `count.index` / `each.key` / `each.value` mean inside one instance. */
type InstanceContext =
  | { readonly meta: 'none' }
  | { readonly meta: 'count'; readonly index: number }
  | { readonly meta: 'for_each'; readonly key: string; readonly value: Evaluated<TfValue> }
  | { readonly meta: 'unexpanded'; readonly argument: 'count' | 'for_each' };

const NO_INSTANCE: InstanceContext = { meta: 'none' };
/** The one instance of a block without count / for_each (most blocks): shared, not made per block. */
const SINGLE_INSTANCE: readonly Instance[] = [{ context: NO_INSTANCE }];

/**
 * How many instances one block declares. A `count`/`for_each` that cannot be
 * decided is linted as if the resource exists once (RULES.md): one entity
 * with the plain address; references to any of its instances resolve to it.
 */
type Expansion =
  | { readonly kind: 'single' }
  | { readonly kind: 'expanded'; readonly argument: 'count' | 'for_each'; readonly instances: readonly Instance[] }
  | { readonly kind: 'unexpanded'; readonly argument: 'count' | 'for_each'; readonly reason: string };

const SINGLE: Expansion = { kind: 'single' };

/** Whether a block body has `count` or `for_each` (the meta-arguments that make instances). */
function hasMetaArgument(body: MapNode): boolean {
  // Indexed: asked twice of every block, mostly in cold code, where for-of allocates an iterator result per entry.
  const entries = body.entries;
  for (let i = 0; i < entries.length; i++) if (entries[i].key === 'count' || entries[i].key === 'for_each') return true;
  return false;
}

function instancesOf(expansion: Expansion): readonly Instance[] {
  switch (expansion.kind) {
    case 'single': return SINGLE_INSTANCE;
    case 'expanded': return expansion.instances;
    case 'unexpanded': return [{ context: { meta: 'unexpanded', argument: expansion.argument } }];
  }
}

interface Block {
  readonly type: string;
  readonly name: string;
  /** The block label's property: its key is where findings about absences point. */
  readonly label: MapEntry;
  readonly body: MapNode;
  readonly file: ModuleFile;
}

/** The module-level declarations of a folder's files; the first declaration of a name wins. */
interface Declarations {
  readonly variables: Map<string, { readonly default?: ValueNode; readonly file: string }>;
  readonly locals: Map<string, ValueNode>;
  readonly outputs: Map<string, ValueNode>;
  readonly providers: Map<string, MapNode>;
  /** By type, then name (`aws_db_instance`, `this`): no address string to build and hash per reference. */
  readonly resources: Map<string, Map<string, Block>>;
  /**
   * Every file's resource blocks: an address repeated in another file of the
   * folder (Terraform rejects it; test folders of independent files do it)
   * still gives that file its entities, as when each file was read alone.
   */
  readonly resourceBlocks: Block[];
  readonly modules: Map<string, Block>;
}

function topLevel(root: MapNode, key: string): MapNode[] {
  return root.entries.filter((e) => e.key === key).flatMap((e) => objectsOf(e.value));
}

function labelled(block: MapNode): MapEntry[] {
  return block.entries.filter((e) => e.key !== COMMENT_KEY);
}

const declarationsCache = new WeakMap<ModuleFolder, Declarations>();

function declarationsOf(folder: ModuleFolder): Declarations {
  const cached = declarationsCache.get(folder);
  if (cached) return cached;
  const d: Declarations = { variables: new Map(), locals: new Map(), outputs: new Map(), providers: new Map(), resources: new Map(), resourceBlocks: [], modules: new Map() };
  for (const file of folder.files) {
    const root = file.root;
    for (const block of topLevel(root, 'variable')) {
      for (const entry of labelled(block)) {
        if (!d.variables.has(entry.key)) d.variables.set(entry.key, { default: getEntry(firstObjectOf(entry.value), 'default')?.value, file: file.uri });
      }
    }
    for (const block of topLevel(root, 'locals')) {
      for (const entry of labelled(block)) if (!d.locals.has(entry.key)) d.locals.set(entry.key, entry.value);
    }
    for (const block of topLevel(root, 'output')) {
      for (const entry of labelled(block)) {
        const value = get(firstObjectOf(entry.value), 'value');
        if (value && !d.outputs.has(entry.key)) d.outputs.set(entry.key, value);
      }
    }
    for (const block of topLevel(root, 'provider')) {
      for (const config of objectsOf(get(block, 'aws'))) {
        const alias = get(config, 'alias');
        const name = alias?.kind === 'scalar' && typeof alias.value === 'string' ? alias.value : '';
        if (!d.providers.has(name)) d.providers.set(name, config);
      }
    }
    for (const block of topLevel(root, 'module')) {
      for (const label of labelled(block)) {
        const body = firstObjectOf(label.value);
        if (body && !d.modules.has(label.key)) d.modules.set(label.key, { type: 'module', name: label.key, label, body, file });
      }
    }
    // By type, then name: no address string per block.
    const inThisFile = new Map<string, Set<string>>();
    for (const resources of topLevel(root, 'resource')) {
      for (const typeEntry of labelled(resources)) {
        for (const byName of objectsOf(typeEntry.value)) {
          let namesInThisFile = inThisFile.get(typeEntry.key);
          if (!namesInThisFile) { namesInThisFile = new Set(); inThisFile.set(typeEntry.key, namesInThisFile); }
          for (const label of labelled(byName)) {
            const body = firstObjectOf(label.value);
            if (!body || namesInThisFile.has(label.key)) continue;
            namesInThisFile.add(label.key);
            const block = { type: typeEntry.key, name: label.key, label, body, file };
            d.resourceBlocks.push(block);
            let declared = d.resources.get(typeEntry.key);
            if (!declared) { declared = new Map(); d.resources.set(typeEntry.key, declared); }
            if (!declared.has(label.key)) declared.set(label.key, block);
          }
        }
      }
    }
  }
  declarationsCache.set(folder, d);
  return d;
}

/** How a module call reaches a child instance: who calls, with which instance context. */
interface CallSite {
  readonly parent: ModuleInstance;
  readonly call: Block;
  readonly context: InstanceContext;
  /** `module.db[0]` */
  readonly address: string;
  /** Module call names from the root, dot-joined (`.terraform/modules/modules.json` keys). */
  readonly key: string;
}

/** One instance of a module: the root module, or one instance of a `module` call. */
export class ModuleInstance {
  private readonly decls: Declarations;
  private readonly variableValues = new Map<string, Evaluated<TfValue>>();
  private readonly localValues = new Map<string, Evaluated<TfValue>>();
  private readonly inProgress = new Set<string>();
  private readonly expansions = new Map<Block, Expansion>();
  private readonly resourceValues = new Map<Block, Evaluated<TfValue>>();
  /** Values of the template strings that are the same in every instance, by text (template()). */
  private readonly templateValues = new Map<string, Evaluated<TfValue>>();
  private readonly providerRegions = new Map<string, Attr<string>>();
  /** Blocks whose count / for_each is being evaluated: one that needs itself is a cycle. */
  private readonly expanding = new Set<Block>();
  private readonly children = new Map<string, { expansion: Expansion; instances: Map<string | number | undefined, ModuleInstance | undefined> }>();
  private outputValue: Evaluated<TfValue> | undefined;
  /** scope(NO_INSTANCE), made once. */
  private noInstanceScope: Scope | undefined;
  /** `module.db[0].` (empty for the root). */
  readonly path: string;

  constructor(
    readonly build: TerraformBuild,
    readonly folder: ModuleFolder,
    readonly site: CallSite | undefined,
    /** The root module's input values (tfvars, -var); undefined: none given. */
    private readonly rootInput: (name: string) => Evaluated<TfValue> | undefined,
  ) {
    this.decls = declarationsOf(folder);
    this.path = site ? `${site.address}.` : '';
    build.visited.add(folder.folder);
  }

  private get depth(): number {
    let n = 0;
    for (let s = this.site; s; s = s.parent.site) n++;
    return n;
  }

  /** Entities for every RDS resource of this instance, then of its module calls' instances. */
  addEntities(): void {
    // Indexed loops: this one runs once per resource block, start to end, in code V8 has not optimized
    // (a loop in a function called once is not), where for-of makes an iterator result per step.
    const blocks = this.decls.resourceBlocks;
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b];
      if (!TERRAFORM_RDS_RESOURCE_TYPES.has(block.type)) continue;
      // Indexed once for the meta-arguments and every instance's readers.
      const entries = entriesByKey(block.body);
      const expansion = entries.has('count') || entries.has('for_each') ? this.expansion(block) : SINGLE;
      const instances = instancesOf(expansion);
      for (let i = 0; i < instances.length; i++) this.addEntity(block, instances[i], entries);
    }
    if (!this.build.reader) return;
    for (const call of this.decls.modules.values()) {
      for (const child of this.moduleInstances(call.name).instances.values()) child?.addEntities();
    }
  }

  private addEntity(block: Block, instance: Instance, entries: ReadonlyMap<string, MapEntry>): void {
    const model = this.build.modelFor(block.file.uri, block.file.root);
    const resolver = new InstanceResolver(this, instance.context);
    const body = block.body;
    // One reader for the base and the resource's own arguments: the body's entries are indexed once.
    const r = new TerraformAttributes(resolver, body, entries);
    const base: { -readonly [K in keyof Entity]: Entity[K] } = {
      id: this.path + instanceAddress(block.type, block.name, instance.key),
      file: block.file.uri,
      provider: 'terraform',
      resourceType: block.type,
      // Expanded instances share the block's ranges: they are written once.
      range: { start: block.label.keyRange.start, end: block.label.value.range.end },
      idRange: block.label.keyRange,
      region: this.region(body, r),
      identifier: undefined,
      tags: tagsOf(r.entry(body, 'tags')?.value, resolver),
      suppressions: readTerraformCommentSuppressions(r.entry(body, COMMENT_KEY)?.value),
      anchor: { resourceNode: body, propertiesNode: body },
    };
    // Assigned, not spread into the literal: entityOf copies these by name, and a spread costs a runtime call per entity.
    if (instance.context.meta === 'unexpanded') base.unexpanded = instance.context.argument;
    if (this.site) base.moduleCalls = this.callChain();
    addTerraformResource(model, base, body, resolver, r);
  }

  /** The region the resource lives in: its own `region` (AWS provider v6), else its provider's. */
  private region(body: MapNode, r: TerraformAttributes): Attr<string> {
    const own = r.read.stringOf(r.entry(body, 'region'));
    if (own) return own;
    const providerNode = r.entry(body, 'provider')?.value;
    let alias = '';
    if (providerNode?.kind === 'scalar' && typeof providerNode.value === 'string') {
      // `"provider": "aws.west"`; converters also write `"${aws.west}"`.
      const name = providerNode.value.replace(/^\$\{(.*)\}$/s, '$1').trim();
      const [local, rest] = name.split('.', 2);
      if (local !== 'aws') return { known: false, reason: `provider ${name} is not the aws provider`, key: 'region' };
      alias = rest ?? '';
    }
    // A module without its own provider configuration inherits its caller's.
    for (let m: ModuleInstance | undefined = this; m; m = m.site?.parent) {
      const config = m.decls.providers.get(alias);
      if (config) return m.providerRegion(alias, config);
    }
    return { known: false, reason: alias ? `provider aws.${alias} is not configured in this module's files` : 'provider region not set', key: 'region' };
  }

  /** A provider configuration's region, read once for all the resources that use it. */
  private providerRegion(alias: string, config: MapNode): Attr<string> {
    let region = this.providerRegions.get(alias);
    if (!region) {
      region = new AttributeReader(new InstanceResolver(this, NO_INSTANCE)).string(config, 'region')
        ?? { known: false, reason: 'provider region not set', key: 'region' };
      this.providerRegions.set(alias, region);
    }
    return region;
  }

  // ---- evaluation -------------------------------------------------------

  /** A node in an expression position: strings are templates, arrays tuples, objects maps. */
  evaluateNode(node: ValueNode, context: InstanceContext): Evaluated<TfValue> {
    switch (node.kind) {
      case 'scalar': return isTemplate(node.value) ? this.template(node.value, context) : known(node.value);
      case 'seq': return lift(node.items.map((item) => this.evaluateNode(item, context)), (items) => known(items));
      case 'map': {
        const entries = labelled(node);
        return lift(entries.map((e) => this.evaluateNode(e.value, context)), (values) => known(new Map(entries.map((e, i) => [e.key, values[i]]))));
      }
      default: return unknown('not Terraform syntax');
    }
  }

  /**
   * A template string's value. One that is the same in every instance is
   * evaluated once per text (1,000 resources write `"${var.db_password}"` or
   * name the same subnet), unless a count / for_each or a local is being
   * evaluated meanwhile: then a reference can stand for a cycle, not for the
   * value it has once evaluated.
   */
  private template(text: string, context: InstanceContext): Evaluated<TfValue> {
    const settled = this.expanding.size === 0 && this.inProgress.size === 0;
    if (settled) {
      const kept = this.templateValues.get(text);
      if (kept) return kept;
    }
    const parsed = this.build.parsedTemplate(text);
    if (typeof parsed.expr === 'string') return unknown(parsed.expr);
    const value = evaluate(parsed.expr, this.scope(context), text);
    if (settled && parsed.sameInEveryInstance) this.templateValues.set(text, value);
    return value;
  }

  scope(context: InstanceContext): Scope {
    // Most resources are single instances: their templates share one scope, not a closure per evaluation.
    if (context === NO_INSTANCE) return (this.noInstanceScope ??= { lookup: (root, attribute) => this.lookup(root, attribute, NO_INSTANCE) });
    return { lookup: (root, attribute) => this.lookup(root, attribute, context) };
  }

  private lookup(root: string, name: string | undefined, context: InstanceContext): Evaluated<TfValue> {
    switch (root) {
      case 'var': return name === undefined ? unknown('`var` is not a value') : this.variable(name);
      case 'local': return name === undefined ? unknown('`local` is not a value') : this.local(name);
      case 'count':
        if (name !== 'index') return unknown(`count.${name ?? ''} is not count.index`);
        if (context.meta === 'count') return known(context.index);
        return unknown(context.meta === 'unexpanded' ? 'count.index of a count that is not known before Terraform runs' : 'count.index outside a block with count');
      case 'each':
        if (name !== 'key' && name !== 'value') return unknown(`each.${name ?? ''} is neither each.key nor each.value`);
        if (context.meta === 'for_each') return name === 'key' ? known(context.key) : context.value;
        return unknown(context.meta === 'unexpanded' ? `each.${name} of a for_each that is not known before Terraform runs` : `each.${name} outside a block with for_each`);
      case 'module': return name === undefined ? unknown('`module` is not a value') : this.moduleValue(name);
      case 'data': return known(new Pending(`data.${name ?? ''} is read from a data source when Terraform runs`));
      case 'path': case 'terraform': case 'self': case 'ephemeral':
        return unknown(`${root}.${name ?? ''} is known only when Terraform runs`);
      default:
        return name === undefined ? unknown(`\`${root}\` is not declared`) : this.resourceValue(root, name);
    }
  }

  /** `aws_db_instance.this`: pending attributes that name the instance; a list or map of them with count / for_each. */
  private resourceValue(type: string, name: string): Evaluated<TfValue> {
    const block = this.decls.resources.get(type)?.get(name);
    if (!block) {
      // Declared in no file read here: another file of the module may be; the linker looks.
      const address = this.path + instanceAddress(type, name);
      return known(new Pending(`${address} is known only when Terraform applies`, { address }, 'undeclared'));
    }
    // The same value for every reference to the block (values are immutable): built once.
    let value = this.resourceValues.get(block);
    if (!value) {
      value = this.declaredResourceValue(block);
      // Not while its count / for_each is being evaluated: that value only stands in for a cycle.
      if (!this.expanding.has(block)) this.resourceValues.set(block, value);
    }
    return value;
  }

  private declaredResourceValue(block: Block): Evaluated<TfValue> {
    const { type, name } = block;
    const address = this.path + instanceAddress(type, name);
    const after = (key?: string | number) => new Pending(
      `${this.path}${instanceAddress(type, name, key)} is known only when Terraform applies`, { address: this.path + instanceAddress(type, name, key) }, 'instance');
    const expansion = this.expansion(block);
    switch (expansion.kind) {
      case 'single': return known(after());
      case 'unexpanded': return known(new Pending(`${address} has a ${expansion.argument} that is not known before Terraform runs`, { address }, 'instances'));
      case 'expanded': {
        if (expansion.argument === 'count') return known(expansion.instances.map((i) => after(i.key)));
        return known(new Map(expansion.instances.map((i) => [String(i.key), after(i.key)])));
      }
    }
  }

  private variable(name: string): Evaluated<TfValue> {
    const cached = this.variableValues.get(name);
    if (cached) return cached;
    const value = this.variableUncached(name);
    this.variableValues.set(name, value);
    return value;
  }

  private variableUncached(name: string): Evaluated<TfValue> {
    const declared = this.decls.variables.get(name);
    if (!declared) return unknown(`variable ${name} is not declared in this module's files`);
    if (this.site) {
      const argument = getEntry(this.site.call.body, name);
      if (argument) {
        const v = this.site.parent.evaluateNode(argument.value, this.site.context);
        const origin: InputOrigin = {
          kind: 'module-argument', name: `${this.site.address}.${name}`, display: v.state === 'known' ? display(v.value) : '?',
          file: this.site.call.file.uri, range: argument.value.range,
        };
        // A null argument is the same as leaving it out: the default applies.
        // Outermost first: what the caller's value rests on, then this call's argument.
        if (!(v.state === 'known' && v.value === null)) return appendInputs(v, [origin]);
      }
    } else {
      const given = this.rootInput(name);
      if (given) return given;
    }
    if (!declared.default) return unknown(this.site ? `variable ${name} is not set by ${this.site.address}` : `variable ${name} has no value (no default, tfvars or --var)`);
    const v = this.evaluateNode(declared.default, NO_INSTANCE);
    if (v.state !== 'known') return v;
    return known(v.value, [{ kind: 'variable-default', name: `var.${name}`, display: display(v.value), file: declared.file, range: declared.default.range }]);
  }

  private local(name: string): Evaluated<TfValue> {
    const cached = this.localValues.get(name);
    if (cached) return cached;
    const node = this.decls.locals.get(name);
    if (!node) return unknown(`local.${name} is not declared in this module's files`);
    const key = `local.${name}`;
    if (this.inProgress.has(key)) return unknown(`local.${name} refers to itself`);
    this.inProgress.add(key);
    // Locals are evaluated once, outside any resource instance.
    const value = this.evaluateNode(node, NO_INSTANCE);
    this.inProgress.delete(key);
    this.localValues.set(name, value);
    return value;
  }

  /** Cached per block object (a block is one address in one file): no address string is built per lookup. */
  expansion(block: Block): Expansion {
    // Most blocks have neither count nor for_each: one instance, nothing to evaluate or cache.
    if (!hasMetaArgument(block.body)) return SINGLE;
    let e = this.expansions.get(block);
    if (!e) {
      if (this.expanding.has(block)) {
        const id = `${block.type}.${block.name}${block === this.decls.resources.get(block.type)?.get(block.name) ? '' : `\u0000${block.file.uri}`}`;
        return { kind: 'unexpanded', argument: 'count', reason: `${id} depends on itself` };
      }
      this.expanding.add(block);
      e = this.expand(block.body);
      this.expanding.delete(block);
      this.expansions.set(block, e);
    }
    return e;
  }

  private expand(body: MapNode): Expansion {
    const count = getEntry(body, 'count');
    if (count) {
      const v = this.evaluateNode(count.value, NO_INSTANCE);
      if (v.state === 'known' && v.value === null) return { kind: 'single' };
      const n = v.state === 'known' && !isPending(v.value) ? wholeNumber(v.value) : undefined;
      if (n === undefined || n > MAX_EXPANDED_INSTANCES) return { kind: 'unexpanded', argument: 'count', reason: 'count is not known' };
      return { kind: 'expanded', argument: 'count', instances: Array.from({ length: n }, (_, index) => ({ key: index, context: { meta: 'count', index } as const })) };
    }
    const forEach = getEntry(body, 'for_each');
    if (forEach) {
      const instances = this.forEachInstances(forEach.value);
      if (!instances || instances.length > MAX_EXPANDED_INSTANCES) return { kind: 'unexpanded', argument: 'for_each', reason: 'for_each is not known' };
      return { kind: 'expanded', argument: 'for_each', instances };
    }
    return { kind: 'single' };
  }

  /** Keys of a map or set of strings, in Terraform's (lexical) order; undefined when not known. */
  private forEachInstances(node: ValueNode): Instance[] | undefined {
    const byKey = new Map<string, Evaluated<TfValue>>();
    if (node.kind === 'map') {
      // An object written in place: keys are known even when a value is not.
      for (const entry of labelled(node)) byKey.set(entry.key, this.evaluateNode(entry.value, NO_INSTANCE));
    } else {
      const v = this.evaluateNode(node, NO_INSTANCE);
      if (v.state !== 'known' || isPending(v.value)) return undefined;
      if (isMap(v.value)) {
        for (const [key, value] of v.value) byKey.set(key, known(value, v.inputs));
      } else if (isList(v.value)) {
        for (const item of v.value) {
          if (typeof item !== 'string') return undefined;
          byKey.set(item, known(item, v.inputs));
        }
      } else {
        return undefined;
      }
    }
    return [...byKey.keys()].sort().map((key) => ({ key, context: { meta: 'for_each', key, value: byKey.get(key)! } }));
  }

  // ---- modules ----------------------------------------------------------

  /** `module.name`: its outputs as an object; a list or map of them with count / for_each. */
  private moduleValue(name: string): Evaluated<TfValue> {
    if (!this.decls.modules.has(name)) return unknown(`module.${name} is not declared in this module's files`);
    if (!this.build.reader) return unknown(`module.${name} is not read here`);
    const { expansion, instances } = this.moduleInstances(name);
    const outputsOf = (key: string | number | undefined): Evaluated<TfValue> => {
      const child = instances.get(key);
      return child ? child.outputs() : unknown(`module.${name} could not be read`);
    };
    switch (expansion.kind) {
      case 'single': case 'unexpanded': return outputsOf(undefined);
      case 'expanded': {
        const keys = expansion.instances.map((i) => i.key);
        return lift(keys.map(outputsOf), (values) => known(expansion.argument === 'count' ? values : new Map(keys.map((k, i) => [String(k), values[i]]))));
      }
    }
  }

  /** Every output of this instance, as an object; an output that cannot be evaluated is unknown on its own. */
  outputs(): Evaluated<TfValue> {
    if (this.outputValue) return this.outputValue;
    if (this.inProgress.has('\u0000outputs')) return unknown(`the outputs of ${this.site?.address ?? 'the root module'} depend on themselves`);
    this.inProgress.add('\u0000outputs');
    // Which inputs an output rests on is not kept per output (a value holds none): outputs name none.
    const out = new Map<string, TfValue>();
    for (const [name, node] of this.decls.outputs) {
      const v = this.evaluateNode(node, NO_INSTANCE);
      if (v.state === 'known') out.set(name, v.value); else {
        out.set(name, new Pending(v.state === 'unknown' ? v.reason : `output ${name} depends on ${v.condition}`));
      }
    }
    this.inProgress.delete('\u0000outputs');
    this.outputValue = known(out);
    return this.outputValue;
  }

  /** The instances of one module call, created once. */
  private moduleInstances(name: string): { expansion: Expansion; instances: Map<string | number | undefined, ModuleInstance | undefined> } {
    const existing = this.children.get(name);
    if (existing) return existing;
    const call = this.decls.modules.get(name)!;
    const expansion = this.expansion(call);
    const entry = { expansion, instances: new Map<string | number | undefined, ModuleInstance | undefined>() };
    this.children.set(name, entry);
    const folder = this.moduleFolder(call);
    if (!folder) return entry;
    for (const instance of instancesOf(expansion)) {
      if (++this.build.instances > MAX_MODULE_INSTANCES) {
        this.unread(call, `module "${name}" is not expanded: the configuration creates more than ${MAX_MODULE_INSTANCES} module instances`);
        break;
      }
      const address = `${this.path}module.${name}${instance.key === undefined ? '' : keySuffix(instance.key)}`;
      const key = this.site ? `${this.site.key}.${name}` : name;
      entry.instances.set(instance.key, new ModuleInstance(this.build, folder, { parent: this, call, context: instance.context, address, key }, () => undefined));
    }
    return entry;
  }

  /** The folder a module call's source names, or undefined after recording why it is not read (RDS001). */
  private moduleFolder(call: Block): ModuleFolder | undefined {
    const reader = this.build.reader!;
    const sourceNode = get(call.body, 'source');
    const source = sourceNode?.kind === 'scalar' && typeof sourceNode.value === 'string' ? sourceNode.value : undefined;
    if (source === undefined) { this.unread(call, `module "${call.name}" has no literal source`); return undefined; }
    if (this.depth >= MAX_MODULE_DEPTH) { this.unread(call, `module "${call.name}" is nested more than ${MAX_MODULE_DEPTH} calls deep: not expanded`); return undefined; }
    const key = this.site ? `${this.site.key}.${call.name}` : call.name;
    const rootFolder = this.root().folder.folder;
    // Local paths inside an installed module are relative to where it was installed.
    const resolved = reader.resolve(source, this.folder.folder, rootFolder, key);
    if ('reason' in resolved) { this.unread(call, `module "${call.name}": ${resolved.reason}; what it creates is not linted`); return undefined; }
    for (let m: ModuleInstance | undefined = this; m; m = m.site?.parent) {
      if (m.folder.folder === resolved.folder) {
        this.unread(call, `module "${call.name}" calls ${source}, which calls it back: a module cannot call itself, directly or through others (Terraform rejects the configuration)`, true);
        return undefined;
      }
    }
    const folder = reader.folder(resolved.folder);
    if (!folder) this.unread(call, `module "${call.name}": no Terraform files can be read at ${source}; what it creates is not linted`);
    return folder;
  }

  /** The module calls from the root down to this instance. */
  private callChain(): ModuleCall[] {
    const chain: ModuleCall[] = [];
    for (let s = this.site; s; s = s.parent.site) chain.unshift({ address: s.address, file: s.call.file.uri, range: s.call.label.keyRange, body: s.call.body });
    return chain;
  }

  private root(): ModuleInstance {
    let m: ModuleInstance = this;
    while (m.site) m = m.site.parent;
    return m;
  }

  private unread(call: Block, message: string, broken = false): void {
    this.build.modelFor(call.file.uri, call.file.root).unread.push({
      file: call.file.uri, range: { start: call.label.keyRange.start, end: call.label.keyRange.end }, message, ...(broken ? { broken } : {}),
    });
  }
}

/** A string with an interpolation or a directive: anything else is a literal, its own value. */
function isTemplate(value: Scalar): value is string {
  return typeof value === 'string' && (value.includes('${') || value.includes('%{'));
}

function keySuffix(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

function wholeNumber(v: TfValue): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

const NOT_EVALUATED: Evaluated<TfValue> = unknown('not evaluated');

/** The model's view of one resource instance's values. */
class InstanceResolver implements Resolver {
  /**
   * The last node evaluated and its value: the readers ask about one node
   * two or three times in a row (is it null or "", then its value or the
   * reference it makes), which would evaluate its template each time.
   */
  private lastNode: ValueNode | undefined;
  private lastValue: Evaluated<TfValue> = NOT_EVALUATED;
  /** lastValue as a Resolved, once asked for. */
  private lastResolved: Resolved | undefined;
  /** The last literal asked for (never evaluated: a literal is its own value) and its Resolved. */
  private lastLiteralNode: ValueNode | undefined;
  private lastLiteral: Resolved | undefined;

  constructor(private readonly module: ModuleInstance, private readonly context: InstanceContext) {}

  private evaluated(node: ValueNode): Evaluated<TfValue> {
    if (node !== this.lastNode) {
      this.lastValue = this.module.evaluateNode(node, this.context);
      this.lastNode = node;
      this.lastResolved = undefined;
    }
    return this.lastValue;
  }

  /** A scalar without `${` or `%{`: its own value, written in the template. */
  isLiteral(node: ValueNode): node is ScalarNode {
    return node.kind === 'scalar' && !isTemplate(node.value);
  }

  scalar(node: ValueNode): Resolved {
    // Most arguments are literals (`"postgres"`, `100`, `true`): their Resolved without an Evaluated to make and convert.
    if (this.isLiteral(node)) {
      if (node !== this.lastLiteralNode) {
        this.lastLiteralNode = node;
        this.lastLiteral = { known: true, value: node.value, origin: 'template' };
      }
      return this.lastLiteral!;
    }
    const value = this.evaluated(node);
    this.lastResolved ??= toResolved(value);
    return this.lastResolved;
  }

  reference(node: ValueNode): { target: string; attribute?: string; inputs?: readonly InputOrigin[] } | undefined {
    if (node.kind !== 'scalar' || typeof node.value !== 'string' || !node.value.includes('${')) return undefined;
    const v = this.evaluated(node);
    if (v.state !== 'known' || !isPending(v.value) || !v.value.ref) return undefined;
    return { target: v.value.ref.address, attribute: v.value.ref.attribute, ...(v.inputs.length > 0 ? { inputs: v.inputs } : {}) };
  }
}

function toResolved(v: Evaluated<TfValue>): Resolved {
  switch (v.state) {
    case 'known': {
      const value = v.value;
      // A resource attribute: it exists, so the argument is set, but only Terraform knows to what.
      if (isPending(value)) return { known: false, reason: value.reason };
      if (isList(value) || isMap(value)) return { known: false, reason: 'a list or map where a single value belongs' };
      // Two literals, not a spread: one of these per argument of every resource, most with no inputs.
      return v.inputs.length > 0 ? { known: true, value, origin: originOfInputs(v.inputs), inputs: v.inputs } : { known: true, value, origin: 'template' };
    }
    case 'unknown': return { known: false, reason: v.reason, mayBeAbsent: true };
    case 'branches': {
      const descriptions = v.branches.map((b) => (b.state === 'known' ? display(b.value) : '?'));
      return { known: false, reason: `depends on ${v.condition}: one of ${descriptions.join(', ')}`, ...(v.branches.some((b) => b.state !== 'known' || b.value === null) ? { mayBeAbsent: true as const } : {}) };
    }
  }
}

