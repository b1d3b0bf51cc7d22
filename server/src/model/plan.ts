/**
 * `terraform show -json` plan output to a FileModel.
 * https://developer.hashicorp.com/terraform/internals/json-format
 *
 * Plan values are concrete: no templates, references already evaluated,
 * `count`/`for_each` already expanded into addresses as Terraform prints them.
 * What Terraform itself cannot know before apply (a new instance's ARN) is
 * missing from `planned_values` and marked in the resource's
 * `change.after_unknown`; such an attribute is unknown here too, unless the
 * configuration shows it was never written (then the AWS default applies).
 */
import { get, getEntry, type MapEntry, type MapNode, type Range, type ValueNode } from '../parse/tree';
import { AttributeReader, type Resolved, type Resolver } from './attributes';
import { NON_RESOURCE_ROOTS, parseExpression } from './terraformExpressions';
import { addTerraformResource, objectsOf, readTerraformTags, TERRAFORM_RDS_RESOURCE_TYPES } from './terraformResources';
import type { Attr, Entity, FileModel } from './topology';

export function buildTerraformPlan(file: string, root: ValueNode): FileModel {
  const model: FileModel = {
    summary: { file, provider: 'terraform-plan', suppressions: new Set() },
    scope: file,
    instances: [], clusters: [], proxies: [], proxyTargetGroups: [], proxyTargets: [], proxyEndpoints: [], subnets: [],
  };
  const configuration = get(root, 'configuration');
  const resources = plannedResources(get(get(root, 'planned_values'), 'root_module'), get(configuration, 'root_module'));
  const resolver = new PlanResolver(new Set(resources.map((r) => r.address)));
  const afterUnknown = afterUnknownByAddress(root);

  for (const planned of resources) {
    if (!TERRAFORM_RDS_RESOURCE_TYPES.has(planned.type)) continue;
    const values = get(planned.node, 'values');
    const config = configurationResource(planned);
    const body = values?.kind === 'map'
      ? resolver.valuesWithUnknowns(values, afterUnknown.get(planned.address), config ? get(config, 'expressions') ?? EMPTY : undefined, planned.modulePrefix)
      : undefined;
    const base: Entity = {
      id: planned.address,
      file,
      provider: 'terraform-plan',
      resourceType: planned.type,
      range: planned.node.range,
      idRange: planned.addressRange,
      region: planRegion(body, config, get(configuration, 'provider_config'), resolver),
      identifier: undefined,
      tags: readTerraformTags(body, resolver),
      // A plan carries no comments: `//` suppressions are read from the configuration files.
      suppressions: new Set(),
      anchor: { resourceNode: planned.node, propertiesNode: values },
    };
    addTerraformResource(model, base, body, resolver);
  }
  return model;
}

const EMPTY: MapNode = { kind: 'map', entries: [], range: { start: 0, end: 0 }, flow: true };

interface PlannedResource {
  readonly address: string;
  readonly addressRange: Range;
  readonly type: string;
  readonly name: string;
  readonly node: MapNode;
  /** `module.analytics.` for a resource of that module instance, '' at the root. */
  readonly modulePrefix: string;
  /** The module's block in `configuration` (module calls are not expanded there). */
  readonly configModule: ValueNode | undefined;
}

/** Managed resources of the root module and every child module, breadth first. */
function plannedResources(rootModule: ValueNode | undefined, rootConfig: ValueNode | undefined): PlannedResource[] {
  const found: PlannedResource[] = [];
  const queue: { module: ValueNode; prefix: string; config: ValueNode | undefined }[] = rootModule ? [{ module: rootModule, prefix: '', config: rootConfig }] : [];
  for (let i = 0; i < queue.length; i++) {
    const { module, prefix, config } = queue[i];
    for (const node of objectsOf(get(module, 'resources'))) {
      const mode = stringOf(get(node, 'mode'));
      if (mode !== undefined && mode !== 'managed') continue; // data sources are read, not managed
      const addressEntry = getEntry(node, 'address');
      const address = stringOf(addressEntry?.value);
      const type = stringOf(get(node, 'type'));
      if (!addressEntry || address === undefined || type === undefined) continue;
      found.push({ address, addressRange: addressEntry.value.range, type, name: stringOf(get(node, 'name')) ?? '', node, modulePrefix: prefix, configModule: config });
    }
    for (const child of objectsOf(get(module, 'child_modules'))) {
      const address = stringOf(get(child, 'address'));
      if (address === undefined) continue;
      const call = lastModuleCall(address);
      queue.push({ module: child, prefix: `${address}.`, config: call ? get(get(get(config, 'module_calls'), call), 'module') : undefined });
    }
  }
  return found;
}

/** `module.a["x"].module.b[0]` → `b`: the call that this module instance comes from. */
function lastModuleCall(address: string): string | undefined {
  let name: string | undefined;
  for (const m of address.matchAll(/module\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?/g)) name = m[1];
  return name;
}

/** The resource's block in `configuration`: its expressions and provider. */
function configurationResource(planned: PlannedResource): MapNode | undefined {
  const address = `${planned.type}.${planned.name}`;
  return objectsOf(get(planned.configModule, 'resources')).find((r) => stringOf(get(r, 'address')) === address && stringOf(get(r, 'mode')) !== 'data');
}

function afterUnknownByAddress(root: ValueNode): Map<string, ValueNode> {
  const byAddress = new Map<string, ValueNode>();
  for (const change of objectsOf(get(root, 'resource_changes'))) {
    const address = stringOf(get(change, 'address'));
    const unknown = get(get(change, 'change'), 'after_unknown');
    if (address !== undefined && unknown) byAddress.set(address, unknown);
  }
  return byAddress;
}

/**
 * The resource's own `region` (AWS provider v6), else the constant region of
 * the provider configuration it uses. Terraform 1.1+ points
 * `provider_config_key` at the configuration that is really used, also for
 * modules that inherit or are passed a provider; a key that is not in
 * `provider_config` (older Terraform) stays unknown.
 */
function planRegion(body: MapNode | undefined, config: MapNode | undefined, providers: ValueNode | undefined, resolver: Resolver): Attr<string> {
  const own = new AttributeReader(resolver).string(body, 'region');
  if (own) return own;
  if (!config) return { known: false, reason: 'the resource is not in the plan configuration', key: 'region' };
  const key = stringOf(get(config, 'provider_config_key')) ?? 'aws';
  const provider = get(providers, key);
  if (!provider) return { known: false, reason: `provider region not set (no provider configuration ${key} in the plan)`, key: 'region' };
  const region = getEntry(get(provider, 'expressions'), 'region');
  const constant = getEntry(region?.value, 'constant_value');
  const value = stringOf(constant?.value);
  if (!region || !constant || value === undefined) {
    return { known: false, reason: region ? 'the provider region is computed' : 'provider region not set', key: 'region', keyRange: region?.keyRange, valueRange: region?.value.range };
  }
  return { known: true, value, origin: 'template', key: 'region', text: value, keyRange: region.keyRange, valueRange: constant.value.range };
}

function stringOf(node: ValueNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** A value Terraform will know only after apply, with the configuration expression that computes it. */
interface AfterApply {
  readonly expression: ValueNode | undefined;
  readonly modulePrefix: string;
}

/** Plan values are literal; only values known after apply need care. */
class PlanResolver implements Resolver {
  private readonly afterApply = new WeakMap<ValueNode, AfterApply>();

  constructor(private readonly addresses: ReadonlySet<string>) {}

  scalar(node: ValueNode): Resolved {
    if (this.afterApply.has(node)) return { known: false, reason: 'known only after apply' };
    switch (node.kind) {
      case 'scalar': return { known: true, value: node.value, origin: 'template' };
      case 'map': return { known: false, reason: 'a map where a single value belongs' };
      case 'seq': return { known: false, reason: 'a list where a single value belongs' };
      default: return { known: false, reason: 'not plan JSON' };
    }
  }

  /**
   * A value known only after apply (`replicate_source_db = aws_db_instance.primary.arn`
   * on a new primary) still names its resource in the configuration's
   * `references`; it counts when that address is one of the plan's resources.
   */
  reference(node: ValueNode): { target: string; attribute?: string } | undefined {
    const pending = this.afterApply.get(node);
    if (!pending) return undefined;
    for (const item of itemsOf(get(pending.expression, 'references'))) {
      const text = stringOf(item);
      const expression = text === undefined ? undefined : parseExpression(text);
      if (expression?.kind !== 'traversal' || NON_RESOURCE_ROOTS.has(expression.root)) continue;
      const [name, second, third] = expression.steps;
      if (name?.kind !== 'attribute') continue;
      let target = `${pending.modulePrefix}${expression.root}.${name.name}`;
      let attribute = second?.kind === 'attribute' ? second.name : undefined;
      if (second?.kind === 'index') {
        if (second.key.kind !== 'literal' || (typeof second.key.value !== 'number' && typeof second.key.value !== 'string')) continue;
        target += `[${JSON.stringify(second.key.value)}]`;
        attribute = third?.kind === 'attribute' ? third.name : undefined;
      }
      // A counted resource named without its index is not one resource: leave it unknown.
      if (this.addresses.has(target)) return { target, attribute };
    }
    return undefined;
  }

  /**
   * `values` plus an entry for every attribute `after_unknown` marks, so the
   * readers see it as present but unknown, when the configuration writes it.
   * `expressions` is the configuration block at the same level.
   */
  valuesWithUnknowns(values: MapNode, afterUnknown: ValueNode | undefined, expressions: ValueNode | undefined, modulePrefix: string): MapNode {
    const merged = this.withUnknowns(values, afterUnknown, expressions, modulePrefix);
    return merged.kind === 'map' ? merged : values;
  }

  private withUnknowns(values: ValueNode, afterUnknown: ValueNode | undefined, expressions: ValueNode | undefined, modulePrefix: string): ValueNode {
    if (!afterUnknown) return values;
    if (values.kind === 'seq' && afterUnknown.kind === 'seq') {
      const items = values.items.map((item, i) => {
        const unknownItem = afterUnknown.items[i];
        const expressionItem = expressions?.kind === 'seq' ? expressions.items[i] : undefined;
        return unknownItem ? this.withUnknowns(item, unknownItem, expressionItem, modulePrefix) : item;
      });
      return { ...values, items };
    }
    if (values.kind !== 'map' || afterUnknown.kind !== 'map') return values;
    const entries: MapEntry[] = values.entries.map((entry) => {
      const marked = getEntry(afterUnknown, entry.key);
      if (!marked) return entry;
      if (isTrue(marked.value)) {
        const absent = entry.value.kind === 'scalar' && entry.value.value === null;
        return absent && isWritten(expressions, entry.key) ? this.pending(entry.key, entry.keyRange, entry.value.range, expressions, modulePrefix) : entry;
      }
      return { ...entry, value: this.withUnknowns(entry.value, marked.value, get(expressions, entry.key), modulePrefix) };
    });
    for (const marked of afterUnknown.entries) {
      if (!isTrue(marked.value) || getEntry(values, marked.key) || !isWritten(expressions, marked.key)) continue;
      entries.push(this.pending(marked.key, marked.keyRange, marked.value.range, expressions, modulePrefix));
    }
    return { ...values, entries };
  }

  private pending(key: string, keyRange: Range, valueRange: Range, expressions: ValueNode | undefined, modulePrefix: string): MapEntry {
    const value: ValueNode = { kind: 'scalar', value: '', range: valueRange, style: 'json' };
    this.afterApply.set(value, { expression: get(expressions, key), modulePrefix });
    return { key, keyRange, value };
  }
}

/**
 * Whether the configuration sets the attribute. Not written: the provider
 * computes it, as AWS would by default, so it reads as absent. Without the
 * configuration block, the cautious answer is yes.
 */
function isWritten(expressions: ValueNode | undefined, key: string): boolean {
  return !expressions || getEntry(expressions, key) !== undefined;
}

function isTrue(node: ValueNode): boolean {
  return node.kind === 'scalar' && node.value === true;
}

function itemsOf(node: ValueNode | undefined): ValueNode[] {
  return node?.kind === 'seq' ? node.items : [];
}
