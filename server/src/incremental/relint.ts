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
 * as a retention or a storage size changed), the new entities, and the
 * stand-ins of the entities after the edit when text moved, take over the
 * links of the ones they replace (linkHandover.ts). Otherwise the topology
 * is linked again in full.
 *
 * The result equals a full lintAnalyzed (test/incremental/equivalence.test.ts).
 */
import type { LintConfig } from '../config/config';
import { modelsOf, resultOf, withFixEdits, type AnalyzedDocument, type Finding, type LintResult } from '../lint';
import { builtRoleAndEngine, edgesOf, linkTopology } from '../model/link';
import type { DbInstance, Entity, Node, Topology } from '../model/topology';
import { runRules } from '../rules/engine';
import type { Rule } from '../rules/types';
import type { Derivation, Lineage } from './derivation';
import { movedFinding } from './movedFinding';
import { handOverLinks, handOverMovedLinks, listsOf } from './linkHandover';
import type { LinkResolver } from './linkRecord';
import { builtEntityOf } from './movedEntity';
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
    for (const d of result.documents.values()) {
      this.lastLinked.set(this.lineage.familyOf(d), single ? d : null);
      // Only a family an incremental analysis gave stand-ins has a resolver: the others (every Terraform file, on every keystroke) skip the walk.
      if (d.model) this.lineage.existingResolverOf(d)?.relinked(listsOf(d.model), builtEntityOf);
    }
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
    const again = relint(documents, doc, derivation, previous, config, rules, handOver, this.lineage.resolverOf(doc));
    if (!again) return undefined;
    this.remembered.set(doc, again.remember);
    this.lastLinked.set(this.lineage.familyOf(doc), doc);
    return again.result;
  }
}

function relint(
  documents: ReadonlyMap<string, AnalyzedDocument>, doc: AnalyzedDocument, derivation: Derivation, previous: Remembered,
  config: LintConfig, rules: readonly Rule[], linksAreTheBase: boolean, resolver: LinkResolver,
): { result: LintResult; remember: Remembered } | undefined {
  const { standIns, shift } = derivation;
  const oldChanged = derivation.removed;
  const newChanged = derivation.added;
  // Subnets are shared by every proxy that lists them, outside the components: an edit to one is linted in full.
  if ([...oldChanged, ...newChanged].some((e) => (e as Node).kind === 'subnet')) return undefined;
  const removed = new Set(oldChanged);
  /** An old entity's entity in the new model: itself, its moved stand-in (once links are handed over), or none (rebuilt). */
  const counterpart = (e: Entity): Entity | undefined => (removed.has(e) ? undefined : standIns.length > 0 ? resolver.now(builtEntityOf(e)) : e);

  // What the old entities were linked to, read from the links the base's lint wrote (before anything links again).
  // When another lint of this family wrote the shared entities' links since, they are not the base's: lint in full.
  if (!linksAreTheBase) return undefined;
  const wasLinked = linkedTo(oldChanged, previous.topology);

  // Link: hand the links over, or link everything again.
  const sameLinks = sameLinkInputs(oldChanged, newChanged);
  let topology: Topology;
  let affected: Entity[];
  if (sameLinks && shift.delta === 0) {
    ({ topology, affected } = handOverLinks(previous, doc.model!, oldChanged, newChanged, wasLinked, resolver));
    relintStats.handedOver++;
  } else {
    // Text moved: the entities after the edit are stand-ins (movedEntity.ts) carrying their predecessors' links as
    // records. With the same link inputs those stand (linking 5 MB again cost ~80 ms per keystroke).
    if (sameLinks) {
      relintStats.handedOver++;
      topology = handOverMovedLinks(modelsOf(documents), previous.topology, oldChanged, newChanged, standIns, shift, resolver);
    } else {
      topology = linkTopology(modelsOf(documents));
      resolver.relinked(listsOf(doc.model!), builtEntityOf);
    }
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
      // Only an instance restored from a snapshot or a point in time names a restore source (its builder's data, read
      // without resolving every instance's links on every keystroke).
      for (const i of t.instances) if (i.restoreSourceRef) add(i.restoreSource, i);
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
