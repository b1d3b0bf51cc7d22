/**
 * Incremental lint: after reanalyze.ts rebuilt one resource of a template,
 * run the rules again only over what that resource is linked to.
 *
 * Entities fall into components: what replication, restores, cluster
 * membership and proxies (groups, targets, endpoints) link together. The
 * rules in LOCAL_RULES only ever look along those links, so their findings
 * about a component depend on that component alone: they run again over the
 * components that held the old or hold the new entities of the edited
 * resource; elsewhere their previous findings stand (moved with the text).
 * The other rules run over everything.
 *
 * Linking: when the edit leaves everything the linker reads of the resource
 * as it was (its type, identifier, references, engine, region: a value such
 * as a retention or a storage size changed) and moved no text, the new
 * entities take over the links of the ones they replace, within their
 * component. Otherwise the topology is linked again in full.
 *
 * The result equals a full lintAnalyzed (test/incremental/equivalence.test.ts).
 */
import type { LintConfig } from '../config/config';
import { modelsOf, resultOf, withFixEdits, type AnalyzedDocument, type Finding, type LintResult } from '../lint';
import { builtRoleAndEngine, edgesOf, linkTopology, rememberBuiltRoleAndEngine } from '../model/link';
import type { DbCluster, DbInstance, Edge, Entity, FileModel, Node, Topology } from '../model/topology';
import { runRules } from '../rules/engine';
import type { Rule } from '../rules/types';
import type { Derivation, Lineage } from './derivation';
import { movedFinding } from './movedFinding';
import { segmentsOf } from './segments';
import { giveLinks, isBuiltEngine, LINK_LISTS, movedParts, type MovedParts } from './movedEntity';
import { shiftData, type Shift } from './shift';

/**
 * Rules whose findings about an entity depend only on the entities linked to
 * it (directly or through others), never on the rest of the topology. RDS505
 * is not one: a proxy without targets is silent while any unlinked target
 * group anywhere might be its own. A rule added to the registry is run over
 * everything until it is listed here.
 */
export const LOCAL_RULES: ReadonlySet<string> = new Set([
  'RDS101', 'RDS102', 'RDS103', 'RDS104', 'RDS105', 'RDS106', 'RDS107', 'RDS108',
  'RDS201', 'RDS202', 'RDS203', 'RDS204', 'RDS205',
  'RDS301', 'RDS302', 'RDS303', 'RDS304', 'RDS305', 'RDS306',
  'RDS401', 'RDS402',
  'RDS501', 'RDS502', 'RDS503', 'RDS504', 'RDS506',
]);

interface Remembered {
  readonly uri: string;
  readonly config: LintConfig;
  readonly rules: readonly Rule[];
  readonly topology: Topology;
  /** Rule findings (suppressed ones too) in the order the rules produced them. */
  readonly inRuleOrder: readonly Finding[];
}

/** Counts, for the benchmark and the tests. */
export const relintStats = { incremental: 0, handedOver: 0, full: 0, rerunEntities: 0 };

/** The lints the language server may continue from: one object per server (IncrementalAnalysis owns it). */
export class LintMemory {
  readonly remembered = new WeakMap<AnalyzedDocument, Remembered>();
  /** Per family of documents sharing entities (derivation.ts): the document whose lint wrote their links last; null when unknown. */
  readonly lastLinked = new WeakMap<object, AnalyzedDocument | null>();

  constructor(private readonly lineage: Lineage) {}

  /** After a full lint: whose links the entities now hold, and (for a live CloudFormation YAML template) what the next, incremental lint needs. */
  rememberLint(result: LintResult, config: LintConfig, rules: readonly Rule[], inRuleOrder: readonly Finding[]): void {
    relintStats.full++;
    const single = result.documents.size === 1;
    for (const d of result.documents.values()) this.lastLinked.set(this.lineage.familyOf(d), single ? d : null);
    if (!single) return;
    const [doc] = result.documents.values();
    if (!this.lineage.isLive(doc) || doc.kind !== 'cloudformation' || doc.format !== 'yaml' || !doc.model) return;
    this.remembered.set(doc, { uri: doc.uri, config, rules, topology: result.topology, inRuleOrder });
  }

  /**
   * The lint of `documents` from the remembered lint of the document the only
   * one was derived from; undefined when there is none to start from (the
   * caller lints in full).
   */
  relintFromPrevious(documents: ReadonlyMap<string, AnalyzedDocument>, config: LintConfig, rules: readonly Rule[]): LintResult | undefined {
    if (documents.size !== 1) return undefined;
    const [doc] = documents.values();
    const derivation = this.lineage.peekDerivation(doc);
    if (!derivation || !doc.model || !derivation.base.model) return undefined;
    // A Terraform file's entities depend on its module, tfvars and the modules it calls, which the
    // per-file model does not hold (model/terraformDeployment.ts): linted in full.
    if (doc.kind === 'terraform') return undefined;
    const previous = this.remembered.get(derivation.base);
    if (!previous || previous.config !== config || previous.rules !== rules || previous.uri !== doc.uri) return undefined;
    this.lineage.takeDerivation(doc);
    // A lint is the start of one next lint only: handing links over changes what it remembers.
    this.remembered.delete(derivation.base);
    const handOver = this.lastLinked.get(this.lineage.familyOf(derivation.base)) === derivation.base;
    const again = relint(documents, doc, derivation, previous, config, rules, handOver);
    if (!again) return undefined;
    this.remembered.set(doc, again.remember);
    this.lastLinked.set(this.lineage.familyOf(doc), doc);
    return again.result;
  }
}

function relint(
  documents: ReadonlyMap<string, AnalyzedDocument>, doc: AnalyzedDocument, derivation: Derivation, previous: Remembered,
  config: LintConfig, rules: readonly Rule[], linksAreTheBase: boolean,
): { result: LintResult; remember: Remembered } | undefined {
  const { moved, shift } = derivation;
  const oldChanged = derivation.removed;
  const newChanged = derivation.added;
  // Subnets are shared by every proxy that lists them, outside the components: an edit to one is linted in full.
  if ([...oldChanged, ...newChanged].some((e) => (e as Node).kind === 'subnet')) return undefined;
  const removed = new Set(oldChanged);
  /** An old entity's entity in the new model: itself, its moved stand-in, or none (rebuilt). */
  const counterpart = (e: Entity): Entity | undefined => (removed.has(e) ? undefined : moved.size > 0 ? moved.get(e) ?? e : e);

  // What the old entities were linked to, read from the links the base's lint wrote (before anything links again).
  // When another lint of this family wrote the shared entities' links since, they are not the base's: lint in full.
  if (!linksAreTheBase) return undefined;
  const wasLinked = linkedTo(oldChanged, previous.topology);

  // Link: hand the links over, or link everything again.
  const sameLinks = sameLinkInputs(oldChanged, newChanged);
  let topology: Topology;
  let affected: Entity[];
  if (sameLinks && shift.delta === 0) {
    ({ topology, affected } = handOverLinks(previous, doc.model!, oldChanged, newChanged, wasLinked));
    relintStats.handedOver++;
  } else {
    // Text moved: the entities after the edit are stand-ins (movedEntity.ts). With the same link inputs they take
    // over the links of the entities they replace (linking 5 MB again cost ~80 ms per keystroke).
    if (sameLinks) relintStats.handedOver++;
    topology = sameLinks ? handOverMovedLinks(modelsOf(documents), previous.topology, oldChanged, newChanged, moved, shift) : linkTopology(modelsOf(documents));
    // The components (in the new linking) of the new entities and of everything the old ones were linked to.
    const seeds: Entity[] = [...newChanged];
    for (const e of wasLinked) {
      const n = counterpart(e);
      if (n) seeds.push(n);
    }
    affected = linkedTo(seeds, topology);
  }
  const affectedSet = new Set(affected);

  const local = rules.filter((r) => LOCAL_RULES.has(r.id));
  const global = rules.filter((r) => !LOCAL_RULES.has(r.id));
  const fresh = runRules(subTopology(topology, affected, affectedSet, doc), local, config);
  if (fresh.some((f) => !f.entity || !affectedSet.has(f.entity))) return undefined;
  const freshGlobal = global.length > 0 ? runRules(topology, global, config) : [];

  // Previous findings of local rules about entities the edit did not reach, moved with the text.
  const keptByRule = new Map<string, Finding[]>();
  for (const f of previous.inRuleOrder) {
    if (!LOCAL_RULES.has(f.ruleId) || !f.entity) continue;
    const n = counterpart(f.entity);
    if (!n || affectedSet.has(n)) continue;
    const kept = shift.delta === 0 ? f : movedFinding(f, n, shift, counterpart);
    if (!kept) return undefined;
    const list = keptByRule.get(f.ruleId);
    if (list) list.push(kept);
    else keptByRule.set(f.ruleId, [kept]);
  }

  // In the order a full run produces them: rule by rule, each rule's findings in its own order.
  const freshByRule = new Map<string, Finding[]>();
  for (const f of withFixEdits([...fresh, ...freshGlobal], documents)) {
    const list = freshByRule.get(f.ruleId);
    if (list) list.push(f);
    else freshByRule.set(f.ruleId, [f]);
  }
  const inRuleOrder: Finding[] = [];
  for (const rule of rules) {
    for (const f of keptByRule.get(rule.id) ?? []) inRuleOrder.push(f);
    for (const f of freshByRule.get(rule.id) ?? []) inRuleOrder.push(f);
  }

  relintStats.incremental++;
  relintStats.rerunEntities += affected.length;
  return {
    result: resultOf(documents, topology, inRuleOrder, config),
    remember: { uri: doc.uri, config, rules, topology, inRuleOrder },
  };
}

function listsOf(m: FileModel | Topology): Entity[][] {
  return [m.instances, m.clusters, m.proxies, m.proxyTargetGroups, m.proxyTargets, m.proxyEndpoints, m.subnets];
}

/**
 * `seeds` and every entity linked to them, directly or through others: their
 * connected components over the links the linker wrote (replication and
 * restore sources, cluster membership, a proxy's target groups, targets and
 * endpoints, a target's database), found by walking the links from the seeds
 * (the linker writes both directions, except restores and proxy targets,
 * looked up in `t`). Not subnets: every proxy may share them. Walking only
 * the edited resource's components, not the whole topology, saved ~40 ms per
 * keystroke in 5 MB.
 */
function linkedTo(seeds: readonly Entity[], t: Topology): Entity[] {
  let unlisted: Map<Entity, Entity[]> | undefined;
  const pointingAt = (e: Entity): readonly Entity[] => {
    if (!unlisted) {
      unlisted = new Map();
      const add = (to: Entity | undefined, from: Entity) => {
        if (!to) return;
        const list = unlisted!.get(to);
        if (list) list.push(from);
        else unlisted!.set(to, [from]);
      };
      for (const i of t.instances) add(i.restoreSource, i);
      for (const target of t.proxyTargets) add(target.target, target);
    }
    return unlisted.get(e) ?? [];
  };
  const seen = new Set<Entity>();
  const out: Entity[] = [];
  const stack: Entity[] = [];
  const visit = (e: Entity | undefined) => {
    if (e === undefined || seen.has(e) || (e as Node).kind === 'subnet') return;
    seen.add(e);
    out.push(e);
    stack.push(e);
  };
  for (const e of seeds) visit(e);
  while (stack.length > 0) {
    const x = stack.pop() as Node;
    switch (x.kind) {
      case 'instance':
        visit(x.replicationSource); visit(x.restoreSource); visit(x.cluster);
        for (const r of x.replicas) visit(r);
        for (const e of pointingAt(x)) visit(e);
        break;
      case 'cluster':
        for (const m of x.members) visit(m);
        for (const e of pointingAt(x)) visit(e);
        break;
      case 'proxy':
        for (const g of x.targetGroups) visit(g);
        for (const target of x.targets) visit(target);
        for (const e of x.endpoints) visit(e);
        break;
      case 'proxy-target-group': case 'proxy-endpoint': visit(x.proxy); break;
      case 'proxy-target': visit(x.proxy); visit(x.target); break;
      case 'subnet': break;
    }
  }
  return out;
}

/**
 * Everything linkTopology reads of an entity (model/link.ts): which list it
 * is in, its name, identifier and region, its references, the roles and
 * engines it starts from, what a cluster's kind and engine give its members.
 * Equal inputs, equal links.
 */
function linkInputs(e: Entity): string {
  const x = e as Node;
  const common = [x.kind, e.id, e.identifier, e.region];
  switch (x.kind) {
    case 'instance': {
      const built = builtRoleAndEngine(x);
      return JSON.stringify([...common, x.replicationSourceRef, x.restoreSourceRef, x.clusterRef, built.role, built.engine, x.engineWritten, x.sourceRegion]);
    }
    case 'cluster': return JSON.stringify([...common, x.clusterKind, x.engine]);
    case 'proxy': return JSON.stringify([...common, x.subnets]);
    case 'proxy-target-group': case 'proxy-endpoint': return JSON.stringify([...common, x.proxyRef]);
    case 'proxy-target': return JSON.stringify([...common, x.proxyRef, x.targetKind, x.targetRef]);
    case 'subnet': return JSON.stringify([...common, x.availabilityZone]);
  }
}

function sameLinkInputs(oldOnes: readonly Entity[], newOnes: readonly Entity[]): boolean {
  if (oldOnes.length !== newOnes.length) return false;
  for (let i = 0; i < oldOnes.length; i++) if (linkInputs(oldOnes[i]) !== linkInputs(newOnes[i])) return false;
  return true;
}

/**
 * Links for a model that differs from the last linked one only by the
 * entities of one resource, whose link inputs did not change: each new
 * entity takes the links of the old one it replaces, and whatever pointed at
 * the old one (only entities of its component can) points at the new one.
 * What linkTopology would write, without touching the rest of the topology.
 */
function handOverLinks(previous: Remembered, model: FileModel, oldOnes: readonly Entity[], newOnes: readonly Entity[], wasLinked: readonly Entity[]): { topology: Topology; affected: Entity[] } {
  const replace = new Map<Entity, Entity>();
  oldOnes.forEach((o, i) => replace.set(o, newOnes[i]));
  const h = handover((e) => replace.get(e), { from: 0, delta: 0 });
  replace.forEach((n, o) => takeLinks(o, n, h));
  // Everything linked to an old entity is in its component.
  const affected: Entity[] = [];
  for (const e of wasLinked) {
    const m = replace.get(e) ?? e;
    affected.push(m);
  }
  // Engines first, read along the old links; then the links.
  const kept = wasLinked.filter((e) => !replace.has(e));
  const engines = kept.map((e) => engineNow(e, h));
  kept.forEach((e, i) => pointAtReplacements(e, h, engines[i]));

  const t = previous.topology;
  const swap = <T extends Entity>(e: T): T => (replace.get(e) as T | undefined) ?? e;
  const edges: Edge[] = t.edges.map((e) => (replace.has(e.from) || replace.has(e.to) ? { ...e, from: swap(e.from), to: swap(e.to) } : e));
  const topology: Topology = {
    files: t.files,
    instances: [...model.instances], clusters: [...model.clusters], proxies: [...model.proxies],
    proxyTargetGroups: [...model.proxyTargetGroups], proxyTargets: [...model.proxyTargets], proxyEndpoints: [...model.proxyEndpoints],
    subnets: [...model.subnets], edges, unread: t.unread,
  };
  return { topology, affected };
}

/**
 * Links for a model whose entities after the edit moved (`moved`: stand-ins,
 * movedEntity.ts) and whose edited resource's entities were rebuilt with the
 * same link inputs (`oldOnes` -> `newOnes`): each new entity takes the links
 * of the entity it replaces, and the entities before the edit (the same
 * objects in both models) that link to a replaced one point at its
 * replacement. What linkTopology would write: equal inputs, equal links.
 * The edges are made only when read (the rules read their components' own):
 * each one pointing at a new entity was a new object per keystroke.
 */
function handOverMovedLinks(models: readonly FileModel[], previous: Topology, oldOnes: readonly Entity[], newOnes: readonly Entity[], moved: ReadonlyMap<Entity, Entity>, shift: Shift): Topology {
  const edited = new Map<Entity, Entity>();
  oldOnes.forEach((o, i) => edited.set(o, newOnes[i]));
  const h = handover((e) => edited.get(e) ?? moved.get(e), shift);
  // forEach: a for-of over 10,000 entries made an [old, new] pair for each.
  edited.forEach((n, o) => takeLinks(o, n, h));
  moved.forEach((n, o) => takeLinks(o, n, h));
  const [model] = models;
  const topology = withEdgesWhenRead({
    files: models.map((m) => m.summary),
    instances: [...model.instances], clusters: [...model.clusters], proxies: [...model.proxies],
    proxyTargetGroups: [...model.proxyTargetGroups], proxyTargets: [...model.proxyTargets], proxyEndpoints: [...model.proxyEndpoints],
    subnets: [...model.subnets], unread: models.flatMap((m) => m.unread ?? []),
  });
  // The model's lists are in resource order: the entities before the edit lead both, as the same objects.
  const before = listsOf(previous);
  const kept: number[] = [];
  listsOf(topology).forEach((list, k) => {
    const old = before[k];
    let i = 0;
    while (i < list.length && list[i] === old[i]) i++;
    kept[k] = i;
  });
  // Engines first, read along the old links; then the links.
  const engines = topology.instances.slice(0, kept[0]).map((e) => engineNow(e, h));
  listsOf(topology).forEach((list, k) => {
    for (let i = 0; i < kept[k]; i++) pointAtReplacements(list[i], h, k === 0 ? engines[i] : undefined);
  });
  return topology;
}

/** One handover of links from the entities of a lint to their replacements. */
interface Handover {
  /** An old entity's replacement; undefined: it stays. */
  readonly replaced: (e: Entity) => Entity | undefined;
  /** An old entity's replacement, or itself. */
  readonly swap: (e: unknown) => unknown;
  /** From the old entities' offsets to the new ones'. */
  readonly shift: Shift;
  /** engineOwner's walks, along the old links. */
  readonly owners: Map<DbInstance, DbInstance | null>;
}

function handover(replaced: (e: Entity) => Entity | undefined, shift: Shift): Handover {
  return { replaced, swap: (e) => (e === undefined ? e : replaced(e as Entity) ?? e), shift, owners: new Map() };
}

/** A topology whose `edges` are made from its links on first read (the same array on every read). */
function withEdgesWhenRead(t: Omit<Topology, 'edges'>): Topology {
  let edges: Edge[] | undefined;
  return Object.defineProperty(t as Topology, 'edges', {
    get: () => (edges ??= edgesOf(t as Topology)),
    set: (value: Edge[]) => { edges = value; },
    enumerable: true,
    configurable: true,
  });
}

/**
 * The engine an instance kept from the previous model inherits now, when it
 * inherited it from an entity that was replaced (undefined: the same), read
 * along the old links.
 */
function engineNow(e: Entity, h: Handover): DbInstance['engine'] | undefined {
  if ((e as Node).kind !== 'instance' || (e as DbInstance).engineWritten) return undefined;
  const engine = linkedEngine(e as DbInstance, h);
  return engine === (e as DbInstance).engine ? undefined : engine;
}

/**
 * An entity kept from the previous model: its links to replaced entities now
 * point at their replacements (a list is copied, never changed in place), and
 * an instance takes `engine`, when given (engineNow).
 */
function pointAtReplacements(e: Entity, { replaced }: Handover, engine: DbInstance['engine'] | undefined): void {
  // By kind and by name: a keyed read of each link field of every entity before the edit was most of this.
  const x = e as Node;
  const at = <T extends Entity>(v: T | undefined): T | undefined => (v === undefined ? undefined : replaced(v) as T | undefined);
  switch (x.kind) {
    case 'instance': {
      if (engine !== undefined) x.engine = engine;
      const source = at(x.replicationSource);
      if (source) x.replicationSource = source;
      const restore = at(x.restoreSource);
      if (restore) x.restoreSource = restore;
      const cluster = at(x.cluster);
      if (cluster) x.cluster = cluster;
      x.replicas = swappedList(x.replicas, replaced) ?? x.replicas;
      break;
    }
    case 'cluster': x.members = swappedList(x.members, replaced) ?? x.members; break;
    case 'proxy':
      x.resolvedSubnets = swappedList(x.resolvedSubnets, replaced) ?? x.resolvedSubnets;
      x.targetGroups = swappedList(x.targetGroups, replaced) ?? x.targetGroups;
      x.targets = swappedList(x.targets, replaced) ?? x.targets;
      x.endpoints = swappedList(x.endpoints, replaced) ?? x.endpoints;
      break;
    case 'proxy-target-group': case 'proxy-endpoint': {
      const proxy = at(x.proxy);
      if (proxy) x.proxy = proxy;
      break;
    }
    case 'proxy-target': {
      const proxy = at(x.proxy);
      if (proxy) x.proxy = proxy;
      const target = at(x.target);
      if (target) x.target = target;
      break;
    }
    case 'subnet': break;
  }
}

/** A copy of `list` with replaced entities replaced (never changed in place); undefined when none is. */
function swappedList<T extends Entity | undefined>(list: readonly T[], replaced: (e: Entity) => Entity | undefined): T[] | undefined {
  let copy: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const n = item === undefined ? undefined : replaced(item);
    if (n === undefined) continue;
    copy ??= list.slice();
    copy[i] = n as T;
  }
  return copy;
}

/**
 * `to` (a new entity: fresh from the builder, a moved stand-in nothing was
 * written into yet, or the builder's entity back when the moves cancelled)
 * takes `from`'s links, each pointing at its replacement. A stand-in's links
 * are read from what was written into it, not through its Proxy (a handler
 * call per field, for every entity after the edit).
 */
function takeLinks(from: Entity, to: Entity, h: Handover): void {
  const fromParts = movedParts(from);
  const toParts = movedParts(to);
  const links = linksOf(from, fromParts, (toParts?.base ?? to) as DbInstance, h);
  // A fresh stand-in reads as the builder left it: it gets what differs.
  if (toParts) {
    if (links) giveLinks(to, links);
    return;
  }
  // Any other entity gets every field linking writes, as linkTopology would.
  const target = to as unknown as Record<string, unknown>;
  if ((to as Node).kind === 'instance') {
    const instance = to as DbInstance;
    rememberBuiltRoleAndEngine(instance);
    const built = builtRoleAndEngine(instance);
    instance.role = (links?.role as DbInstance['role'] | undefined) ?? built.role;
    if (!instance.engineWritten) instance.engine = (links?.engine as DbInstance['engine'] | undefined) ?? built.engine;
    instance.crossRegion = links?.crossRegion as boolean | undefined;
  }
  const fields = LINK_FIELDS_OF[(to as Node).kind];
  for (const k of fields.references) target[k] = links?.[k];
  for (const k of fields.lists) {
    const list = links?.[k] as Entity[] | undefined;
    // Most lists are empty, and so is the entity's own: no new one.
    const own = target[k];
    if (list) target[k] = list;
    else if (!Array.isArray(own) || own.length > 0 || Object.isFrozen(own)) target[k] = [];
  }
}

/**
 * What linking wrote into `from` (whose parts, if it is a stand-in, are
 * `parts`) that differs from what the builder left, for an entity with the
 * same link inputs whose builder's entity is `built`: its links pointing at
 * the replacements, non-empty lists, a linked role, engine or crossRegion.
 * Undefined: nothing.
 */
function linksOf(from: Entity, parts: MovedParts | undefined, built: DbInstance, h: Handover): Record<string, unknown> | undefined {
  const { swap } = h;
  let links: Record<string, unknown> | undefined;
  const put = (k: string, v: unknown) => { (links ??= {})[k] = v; };
  const isInstance = (from as Node).kind === 'instance';
  if (parts) {
    const written = parts.written;
    if (written === undefined) return undefined;
    for (const k in written) {
      if (!Object.hasOwn(written, k)) continue;
      const v = written[k];
      if (LINK_LISTS.has(k)) {
        if ((v as Entity[]).length > 0) put(k, (v as Entity[]).map(swap));
      } else if (k === 'engine' || k === 'role') {
        // Below, for an instance.
      } else if (v !== undefined) {
        put(k, swap(v));
      }
    }
  } else {
    const fields = from as unknown as Record<string, unknown>;
    const { references, lists } = LINK_FIELDS_OF[(from as Node).kind];
    for (const k of references) {
      const v = fields[k];
      if (v !== undefined) put(k, swap(v));
    }
    for (const k of lists) {
      const v = fields[k] as Entity[];
      if (v.length > 0) put(k, v.map(swap));
    }
    if (isInstance && (from as DbInstance).crossRegion !== undefined) put('crossRegion', (from as DbInstance).crossRegion);
  }
  if (isInstance) {
    const old = from as DbInstance;
    const role = parts ? (Object.hasOwn(parts.written!, 'role') ? parts.written!.role : undefined) : old.role;
    if (role !== undefined && role !== builtRoleAndEngine(built).role) put('role', role);
    // An engine written on the instance is its own.
    if (!built.engineWritten) {
      const engine = linkedEngine(old, h);
      if (engine !== undefined) put('engine', engine);
    }
  }
  return links;
}

/** The links linkTopology writes into an entity of each kind (unlink() clears the same), besides an instance's role, engine and crossRegion. */
const LINK_FIELDS_OF: Readonly<Record<Node['kind'], { readonly references: readonly string[]; readonly lists: readonly string[] }>> = {
  instance: { references: ['replicationSource', 'restoreSource', 'cluster'], lists: ['replicas'] },
  cluster: { references: [], lists: ['members'] },
  proxy: { references: [], lists: ['resolvedSubnets', 'targetGroups', 'targets', 'endpoints'] },
  'proxy-target-group': { references: ['proxy'], lists: [] },
  'proxy-endpoint': { references: ['proxy'], lists: [] },
  'proxy-target': { references: ['proxy', 'target'], lists: [] },
  subnet: { references: [], lists: [] },
};


/**
 * The engine linking gives an entity with `from`'s link inputs (`from`
 * itself, or its replacement), from the engine linking gave `from`: the
 * builder's (undefined); its cluster's (the replacement's); the engine written
 * on the first source up its replication chain that has one (the
 * replacement's); or one linking made for it (an unknown engine), whose ranges
 * move with the text. `owners` remembers, per instance on a chain, that first
 * source (null: none, or a cycle), so a long chain is walked once.
 */
function linkedEngine(from: DbInstance, { replaced, shift, owners }: Handover): DbInstance['engine'] | undefined {
  const engine = from.engine;
  if (isBuiltEngine(from, engine)) return undefined;
  const cluster = from.cluster;
  if (cluster && engine === cluster.engine) return ((replaced(cluster) ?? cluster) as DbCluster).engine;
  const owner = engineOwner(from, owners);
  if (owner && owner.engineWritten === engine) return ((replaced(owner) ?? owner) as DbInstance).engineWritten!;
  if (shift.delta === 0) return engine;
  const moved = shiftData(engine, shift, memo) as DbInstance['engine'];
  memo.clear();
  return moved;
}

/** For shiftData, cleared after each use. */
const memo = new Map<object, unknown>();

/** The first source up `instance`'s replication chain with an engine written on it (as linkTopology's inheritEngine walks). */
function engineOwner(instance: DbInstance, owners: Map<DbInstance, DbInstance | null>): DbInstance | null {
  const first = instance.replicationSource;
  if (!first) return null;
  // Most chains are one replica deep.
  if (first.engineWritten) return first;
  const path: DbInstance[] = [];
  let found: DbInstance | null = null;
  for (let source: DbInstance | undefined = first; source; source = source.replicationSource) {
    if (source.engineWritten) { found = source; break; }
    const known = owners.get(source);
    // Known, or met again on this walk (null, set below): a cycle has no owner.
    if (known !== undefined) { found = known; break; }
    owners.set(source, null);
    path.push(source);
  }
  for (const p of path) owners.set(p, found);
  return found;
}

/**
 * The topology restricted to the affected entities, in the topology's order
 * (rules report in the order they iterate), with the edges between them.
 * Component members are in list order; several components are merged by
 * list and resource position, without visiting the rest of the topology.
 */
function subTopology(t: Topology, affected: readonly Entity[], keep: ReadonlySet<Entity>, doc: AnalyzedDocument): Topology {
  const indexOf = segmentsOf(doc)?.indexOf;
  let lists: Entity[][];
  if (indexOf && doc.model) {
    lists = [[], [], [], [], [], [], []];
    for (const e of affected) lists[LIST_OF[(e as Node).kind]].push(e);
    const modelLists = listsOf(doc.model);
    lists.forEach((list, k) => {
      const at = new Map(list.map((e) => [e, positionIn(modelLists[k], e, indexOf)]));
      list.sort((a, b) => at.get(a)! - at.get(b)!);
    });
  } else {
    lists = listsOf(t).map((list) => list.filter((e) => keep.has(e)));
  }
  const [instances, clusters, proxies, proxyTargetGroups, proxyTargets, proxyEndpoints, subnets] = lists;
  const sub: Topology = {
    files: t.files,
    instances: instances as DbInstance[], clusters: clusters as Topology['clusters'], proxies: proxies as Topology['proxies'],
    proxyTargetGroups: proxyTargetGroups as Topology['proxyTargetGroups'], proxyTargets: proxyTargets as Topology['proxyTargets'],
    proxyEndpoints: proxyEndpoints as Topology['proxyEndpoints'], subnets: subnets as Topology['subnets'], edges: [],
    unread: t.unread,
  };
  for (const e of edgesOf(sub)) if (keep.has(e.from) && keep.has(e.to)) sub.edges.push(e);
  return sub;
}

/** Index of `e` in a model list, which is in resource order (binary search on the resource, then its few entities). */
function positionIn(list: readonly Entity[], e: Entity, indexOf: ReadonlyMap<string, number>): number {
  const j = indexOf.get(e.id) ?? -1;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((indexOf.get(list[mid].id) ?? -1) < j) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < list.length; i++) if (list[i] === e) return i;
  return list.indexOf(e);
}

const LIST_OF: Readonly<Record<Node['kind'], number>> = {
  instance: 0, cluster: 1, proxy: 2, 'proxy-target-group': 3, 'proxy-target': 4, 'proxy-endpoint': 5, subnet: 6,
};
