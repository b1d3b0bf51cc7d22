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
import type { DbInstance, Edge, Entity, FileModel, Node, Topology } from '../model/topology';
import { runRules } from '../rules/engine';
import type { Rule } from '../rules/types';
import type { Derivation, Lineage } from './derivation';
import { movedFinding } from './movedFinding';
import { segmentsOf } from './segments';

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
  /** An old entity's entity in the new model: itself, its moved copy, or none (rebuilt). */
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
    // Text moved: the entities after the edit are copies. With the same link inputs they take over the links of
    // the entities they copy (linking 5 MB again cost ~80 ms per keystroke).
    if (sameLinks) relintStats.handedOver++;
    topology = sameLinks ? handOverMovedLinks(modelsOf(documents), oldChanged, newChanged, moved) : linkTopology(modelsOf(documents));
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

/** The linker's fields, and the lists of them (model/link.ts unlink() names the same). */
const LINK_REFERENCES = ['replicationSource', 'restoreSource', 'cluster', 'proxy', 'target'] as const;
const LINK_LISTS = ['replicas', 'members', 'resolvedSubnets', 'targetGroups', 'targets', 'endpoints'] as const;

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
  const swap = <T>(v: T): T => (replace.get(v as unknown as Entity) as unknown as T) ?? v;

  for (const [o, n] of replace) takeLinks(o, n, swap);
  // Everything linked to an old entity is in its component.
  const affected: Entity[] = [];
  for (const e of wasLinked) {
    const m = replace.get(e) ?? e;
    affected.push(m);
    if (!replace.has(e)) pointAtReplacements(m, replace, swap);
  }

  const t = previous.topology;
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
 * Links for a model whose entities after the edit are moved copies (`moved`)
 * and whose edited resource's entities were rebuilt with the same link inputs
 * (`oldOnes` -> `newOnes`): each copy takes the links of the entity it
 * replaces, and every other entity's links to a replaced one point at its
 * replacement. What linkTopology would write: equal inputs, equal links.
 */
function handOverMovedLinks(models: readonly FileModel[], oldOnes: readonly Entity[], newOnes: readonly Entity[], moved: ReadonlyMap<Entity, Entity>): Topology {
  const replace = new Map<Entity, Entity>(moved);
  oldOnes.forEach((o, i) => replace.set(o, newOnes[i]));
  const swap = <T>(v: T): T => (replace.get(v as unknown as Entity) as unknown as T) ?? v;
  const fresh = new Set<Entity>();
  for (const [o, n] of replace) {
    fresh.add(n);
    takeLinks(o, n, swap);
  }
  const [model] = models;
  const topology: Topology = {
    files: models.map((m) => m.summary),
    instances: [...model.instances], clusters: [...model.clusters], proxies: [...model.proxies],
    proxyTargetGroups: [...model.proxyTargetGroups], proxyTargets: [...model.proxyTargets], proxyEndpoints: [...model.proxyEndpoints],
    subnets: [...model.subnets], edges: [], unread: models.flatMap((m) => m.unread ?? []),
  };
  for (const list of listsOf(topology)) {
    for (const e of list) if (!fresh.has(e)) pointAtReplacements(e, replace, swap);
  }
  for (const edge of edgesOf(topology)) topology.edges.push(edge);
  return topology;
}

/** An entity's links to replaced entities now point at their replacements (a list is copied, never changed in place). */
function pointAtReplacements(e: Entity, replace: ReadonlyMap<Entity, Entity>, swap: <T>(v: T) => T): void {
  const fields = e as unknown as Record<string, unknown>;
  for (const k of LINK_REFERENCES) if (replace.has(fields[k] as Entity)) fields[k] = replace.get(fields[k] as Entity);
  for (const k of LINK_LISTS) {
    const list = fields[k] as Entity[] | undefined;
    if (Array.isArray(list) && list.some((x) => replace.has(x))) fields[k] = list.map(swap);
  }
}

/** `to` (a fresh entity with the builder's fields) takes `from`'s links, each pointing at its replacement. */
function takeLinks(from: Entity, to: Entity, swap: <T>(v: T) => T): void {
  const source = from as unknown as Record<string, unknown>;
  const target = to as unknown as Record<string, unknown>;
  if ((to as Node).kind === 'instance') {
    const instance = to as DbInstance;
    rememberBuiltRoleAndEngine(instance);
    const old = from as DbInstance;
    // The linked role and engine of the old one (same inputs, same links); an engine written on it is its own.
    instance.role = old.role;
    if (!instance.engineWritten) instance.engine = old.engine;
    instance.crossRegion = old.crossRegion;
  }
  for (const k of LINK_REFERENCES) if (k in source) target[k] = swap(source[k]);
  for (const k of LINK_LISTS) {
    const list = source[k];
    if (!Array.isArray(list)) continue;
    // Most lists are empty, and so is the fresh entity's own: no new one.
    const own = target[k];
    if (list.length > 0 || !Array.isArray(own) || own.length > 0) target[k] = list.map(swap);
  }
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
