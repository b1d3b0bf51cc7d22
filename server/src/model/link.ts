/**
 * Joins the file models into one topology: resolves who replicates from
 * whom, which cluster an instance joins and what a proxy targets, across
 * files, then derives what depends on those links (cluster-member roles,
 * inherited engines, cross-region replication) and the edges.
 *
 * Names resolve three ways (RDS-FACTS: read replicas): a reference
 * (Ref/GetAtt, `${aws_db_instance.x.id}`) inside its scope, a literal
 * identifier anywhere, an ARN by identifier and region.
 */
import type {
  Attr, DbInstance, Edge, Entity, FileModel, Node, ResourceReference, Topology,
} from './topology';

type Lookup<T extends Entity> = (ref: Attr<ResourceReference> | undefined, scope: string) => T | undefined;

export function linkTopology(models: readonly FileModel[]): Topology {
  const topology: Topology = {
    files: models.map((m) => m.summary),
    instances: [], clusters: [], proxies: [], proxyTargetGroups: [], proxyTargets: [], proxyEndpoints: [], subnets: [], edges: [],
    unread: models.flatMap((m) => m.unread ?? []),
  };
  // Each entity's scope, by position in its topology list (a Map keyed by 30,000 entities costs more than the linking).
  const scopes = {
    instances: [] as string[], clusters: [] as string[], proxies: [] as string[], proxyTargetGroups: [] as string[],
    proxyTargets: [] as string[], proxyEndpoints: [] as string[], subnets: [] as string[],
  };
  for (const m of models) {
    for (const [list, into, scopeList] of [
      [m.instances, topology.instances, scopes.instances], [m.clusters, topology.clusters, scopes.clusters],
      [m.proxies, topology.proxies, scopes.proxies], [m.proxyTargetGroups, topology.proxyTargetGroups, scopes.proxyTargetGroups],
      [m.proxyTargets, topology.proxyTargets, scopes.proxyTargets], [m.proxyEndpoints, topology.proxyEndpoints, scopes.proxyEndpoints],
      [m.subnets, topology.subnets, scopes.subnets],
    ] as [Entity[], Entity[], string[]][]) {
      for (const e of list) { into.push(e); scopeList.push(m.scope); }
    }
  }

  unlink(topology);

  const findInstance = lookupFor(topology.instances, scopes.instances);
  const findCluster = lookupFor(topology.clusters, scopes.clusters);
  const findProxy = lookupFor(topology.proxies, scopes.proxies);
  const findSubnet = lookupFor(topology.subnets, scopes.subnets);

  topology.instances.forEach((instance, i) => {
    const scope = scopes.instances[i];
    if (instance.replicationSourceRef) {
      const source = findInstance(instance.replicationSourceRef, scope);
      if (source) { instance.replicationSource = source; source.replicas.push(instance); }
    }
    if (instance.restoreSourceRef) instance.restoreSource = findInstance(instance.restoreSourceRef, scope);
    if (instance.clusterRef) {
      const cluster = findCluster(instance.clusterRef, scope);
      if (cluster) {
        instance.cluster = cluster;
        cluster.members.push(instance);
        // An instance cannot join a Multi-AZ DB cluster (it creates its own); RDS205 reports it.
        if (cluster.clusterKind === 'multi-az') instance.role = 'cluster-member';
      }
    }
  });
  // Engines inherited along replication chains, shared by the walks so a long chain costs linear time.
  const inherited = new Map<DbInstance, Attr<string>>();
  for (const instance of topology.instances) {
    inheritEngine(instance, inherited);
    instance.crossRegion = crossRegion(instance);
  }

  topology.proxies.forEach((proxy, i) => {
    const scope = scopes.proxies[i];
    proxy.resolvedSubnets = proxy.subnets.known
      ? proxy.subnets.value.map((ref) => findSubnet({ known: true, value: ref, origin: 'template', key: proxy.subnets.key }, scope))
      : [];
  });
  topology.proxyTargetGroups.forEach((group, i) => {
    group.proxy = findProxy(group.proxyRef, scopes.proxyTargetGroups[i]);
    group.proxy?.targetGroups.push(group);
  });
  topology.proxyTargets.forEach((target, i) => {
    const scope = scopes.proxyTargets[i];
    target.proxy = findProxy(target.proxyRef, scope);
    target.proxy?.targets.push(target);
    target.target = target.targetKind === 'instance' ? findInstance(target.targetRef, scope) : findCluster(target.targetRef, scope);
  });
  topology.proxyEndpoints.forEach((endpoint, i) => {
    endpoint.proxy = findProxy(endpoint.proxyRef, scopes.proxyEndpoints[i]);
    endpoint.proxy?.endpoints.push(endpoint);
  });

  // A loop, not push(...edges): tens of thousands of arguments overflow the stack.
  for (const edge of edgesOf(topology)) topology.edges.push(edge);
  return topology;
}

/**
 * The builder's role of each instance, before linking refined it: linking the
 * same file models again (the language server re-links cached models on every
 * edit) must start from what the files say, not from the previous link.
 */
const built = new WeakMap<DbInstance, { readonly role: DbInstance['role']; readonly engine: DbInstance['engine'] }>();

/**
 * The role and engine the builder gave `instance`, whatever linking made of
 * them since: the incremental analysis (server/src/incremental/) hands links
 * over to new entities, and linking again starts from what the file says.
 */
export function builtRoleAndEngine(instance: DbInstance): { readonly role: DbInstance['role']; readonly engine: DbInstance['engine'] } {
  return built.get(instance) ?? standInBuilt(instance) ?? { role: instance.role, engine: instance.engine };
}

/**
 * The key under which an entity standing in for another (the incremental
 * analysis's moved entities, server/src/incremental/movedEntity.ts) gives the
 * role and engine the builder gave the entity it stands for, whatever linking
 * wrote into it since.
 */
export const BUILT_ROLE_AND_ENGINE: unique symbol = Symbol('built role and engine');

function standInBuilt(instance: DbInstance): { readonly role: DbInstance['role']; readonly engine: DbInstance['engine'] } | undefined {
  return (instance as { [BUILT_ROLE_AND_ENGINE]?: { readonly role: DbInstance['role']; readonly engine: DbInstance['engine'] } })[BUILT_ROLE_AND_ENGINE];
}

/**
 * Records the builder's role and engine of a fresh instance before the
 * incremental lint writes linked values into it without linkTopology (it
 * hands over the links of the instance it replaces), so a later link still
 * starts from what the file says.
 */
export function rememberBuiltRoleAndEngine(instance: DbInstance): void {
  if (!built.has(instance) && standInBuilt(instance) === undefined) built.set(instance, { role: instance.role, engine: instance.engine });
}

/** The links linkTopology writes into an entity of each kind (unlink() clears the same), besides an instance's role, engine and crossRegion. */
export const LINK_FIELDS_OF: Readonly<Record<Node['kind'], { readonly references: readonly string[]; readonly lists: readonly string[] }>> = {
  instance: { references: ['replicationSource', 'restoreSource', 'cluster'], lists: ['replicas'] },
  cluster: { references: [], lists: ['members'] },
  proxy: { references: [], lists: ['resolvedSubnets', 'targetGroups', 'targets', 'endpoints'] },
  'proxy-target-group': { references: ['proxy'], lists: [] },
  'proxy-endpoint': { references: ['proxy'], lists: [] },
  'proxy-target': { references: ['proxy', 'target'], lists: [] },
  subnet: { references: [], lists: [] },
};

/** Clears what a previous linkTopology wrote into these entities, so linking is idempotent. */
function unlink(t: Topology): void {
  for (const i of t.instances) {
    const b = built.get(i) ?? standInBuilt(i);
    if (b === undefined) built.set(i, { role: i.role, engine: i.engine });
    else { i.role = b.role; i.engine = b.engine; }
    i.replicationSource = undefined;
    i.restoreSource = undefined;
    i.cluster = undefined;
    // An empty list stays (most are): a new one per entity and link is garbage the next link makes again. A frozen
    // one is shared (the incremental analysis's moved entities read so before any linking).
    if (i.replicas.length > 0 || Object.isFrozen(i.replicas)) i.replicas = [];
    i.crossRegion = undefined;
  }
  for (const c of t.clusters) if (c.members.length > 0 || Object.isFrozen(c.members)) c.members = [];
  for (const p of t.proxies) {
    p.resolvedSubnets = [];
    if (p.targetGroups.length > 0 || Object.isFrozen(p.targetGroups)) p.targetGroups = [];
    if (p.targets.length > 0 || Object.isFrozen(p.targets)) p.targets = [];
    if (p.endpoints.length > 0 || Object.isFrozen(p.endpoints)) p.endpoints = [];
  }
  for (const g of t.proxyTargetGroups) g.proxy = undefined;
  for (const target of t.proxyTargets) { target.proxy = undefined; target.target = undefined; }
  for (const e of t.proxyEndpoints) e.proxy = undefined;
}

function lookupFor<T extends Entity>(entities: readonly T[], scopes: readonly string[]): Lookup<T> {
  // scope -> logical id / address -> entity (the last one wins, as a Map keyed by both did).
  const byScope = new Map<string, Map<string, T>>();
  const byIdentifier = new Map<string, { entity: T; scope: string }[]>();
  entities.forEach((e, i) => {
    const scope = scopes[i];
    let ids = byScope.get(scope);
    if (!ids) { ids = new Map(); byScope.set(scope, ids); }
    ids.set(e.id, e);
    const id = e.identifier?.known ? e.identifier.value.toLowerCase() : undefined;
    if (id) {
      const list = byIdentifier.get(id) ?? [];
      list.push({ entity: e, scope });
      byIdentifier.set(id, list);
    }
  });
  return (ref, scope) => {
    if (!ref?.known) return undefined;
    const r = ref.value;
    if (r.kind === 'reference') return byScope.get(scope)?.get(r.target);
    const candidates = byIdentifier.get(r.identifier);
    if (!candidates) return undefined;
    const inRegion = r.kind === 'arn'
      ? candidates.filter((c) => !c.entity.region.known || c.entity.region.value === r.region)
      : candidates;
    // Prefer the candidate in the same scope; identifiers are unique per account and region.
    return (inRegion.find((c) => c.scope === scope) ?? inRegion[0])?.entity;
  };
}

/**
 * A replica takes its engine from its source (RDS-FACTS); walk up the chain,
 * guarding cycles. Every replica passed on the way gets the same engine and is
 * remembered in `inherited`, where later walks stop: linear in the chain length.
 */
function inheritEngine(instance: DbInstance, inherited: Map<DbInstance, Attr<string>>): void {
  if (instance.engineWritten) return;
  if (instance.role === 'aurora-member' || instance.role === 'cluster-member') {
    if (instance.cluster) instance.engine = instance.cluster.engine;
    return;
  }
  if (instance.role !== 'replica' || inherited.has(instance)) return;
  const path: DbInstance[] = [instance];
  const seen = new Set<DbInstance>(path);
  let source = instance.replicationSource;
  let engine: Attr<string> | undefined;
  while (source && !seen.has(source)) {
    if (source.engineWritten) { engine = source.engineWritten; break; }
    const known = inherited.get(source);
    if (known) { engine = known; break; }
    seen.add(source);
    path.push(source);
    source = source.replicationSource;
  }
  engine ??= {
    known: false,
    key: instance.engine.key,
    reason: source ? 'the replication chain is a cycle' : 'inherited from a source outside the analyzed files',
  };
  // Only replicas are on the path (a source is followed through replicationSource, which only replicas have).
  for (const replica of path) {
    if (replica.engineWritten || replica.role !== 'replica') continue;
    replica.engine = engine.known ? engine : { ...engine, key: replica.engine.key };
    inherited.set(replica, engine);
  }
}

function crossRegion(instance: DbInstance): boolean | undefined {
  if (instance.role !== 'replica') return undefined;
  const ref = instance.replicationSourceRef;
  const own = instance.region.known ? instance.region.value : undefined;
  const source = instance.replicationSource;
  if (source?.region.known && own) return source.region.value !== own;
  if (ref?.known && ref.value.kind === 'arn' && ref.value.region && own) return ref.value.region !== own;
  if (instance.sourceRegion?.known) {
    if (own) return instance.sourceRegion.value !== own;
    // CloudFormation: SourceRegion is only set for a source in another region,
    // however the source is named (RDS305 reports a name that is not an ARN).
    return true;
  }
  return undefined;
}

/** The topology's edges, from the links (in list order). */
export function edgesOf(t: Topology): Edge[] {
  const edges: Edge[] = [];
  for (const i of t.instances) {
    if (i.replicationSource) edges.push({ kind: 'replication', from: i.replicationSource, to: i, crossRegion: i.crossRegion });
    if (i.restoreSource) edges.push({ kind: 'restore', from: i.restoreSource, to: i });
    if (i.cluster) edges.push({ kind: 'membership', from: i.cluster, to: i });
  }
  for (const target of t.proxyTargets) {
    if (target.proxy && target.target) edges.push({ kind: 'proxy-target', from: target.proxy, to: target.target as Node });
  }
  return edges;
}

