/**
 * Handing links over: after an incremental re-analysis, the edited
 * resource's entities, rebuilt with the same link inputs, take the links the
 * previous lint wrote into the entities they replace; the stand-ins of the
 * resources after the edit (movedEntity.ts) already carry their
 * predecessors' links as records (linkRecord.ts), and from now on the
 * family's resolver reads each entity those name as its replacement; and the
 * entities before the edit that link to a replaced one point at its
 * replacement. What linkTopology would write (equal inputs, equal links),
 * without linking the whole topology again on every keystroke. relint.ts
 * decides when links may be handed over.
 */
import { builtRoleAndEngine, edgesOf, LINK_FIELDS_OF, rememberBuiltRoleAndEngine } from '../model/link';
import type { DbCluster, DbInstance, Edge, Entity, FileModel, Node, Topology } from '../model/topology';
import { engineOwner, type LinkResolver } from './linkRecord';
import { builtEntityOf, isBuiltEngine, linksFollowTheResolver } from './movedEntity';
import { shiftData, type Shift } from './shift';

/** A model's or topology's entity lists, in the linker's order. */
export function listsOf(m: FileModel | Topology): Entity[][] {
  return [m.instances, m.clusters, m.proxies, m.proxyTargetGroups, m.proxyTargets, m.proxyEndpoints, m.subnets];
}

/**
 * Links for a model that differs from the last linked one only by the
 * entities of one resource, whose link inputs did not change: each new
 * entity takes the links of the old one it replaces, and whatever pointed at
 * the old one (only entities of its component can) points at the new one.
 * What linkTopology would write, without touching the rest of the topology.
 */
export function handOverLinks(previous: { readonly topology: Topology }, model: FileModel, oldOnes: readonly Entity[], newOnes: readonly Entity[], wasLinked: readonly Entity[], resolver: LinkResolver): { topology: Topology; affected: Entity[] } {
  const replace = new Map<Entity, Entity>();
  oldOnes.forEach((o, i) => replace.set(o, newOnes[i]));
  const h = handover((e) => replace.get(e), { from: 0, delta: 0 });
  resolver.handingOver();
  replace.forEach((n, o) => resolver.rebuilt(builtEntityOf(o), n));
  replace.forEach((n, o) => takeLinks(o, n, h));
  // Everything linked to an old entity is in its component.
  const affected: Entity[] = [];
  for (const e of wasLinked) {
    const m = replace.get(e) ?? e;
    affected.push(m);
  }
  // Engines first, read along the old links; then the links. A stand-in reading its links through the resolver has the new ones.
  const kept = wasLinked.filter((e) => !replace.has(e) && !linksFollowTheResolver(e));
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
 * Links for a model whose entities after the edit moved (`standIns`,
 * movedEntity.ts, carrying their predecessors' links as records) and whose
 * edited resource's entities were rebuilt with the same link inputs
 * (`oldOnes` -> `newOnes`): the resolver reads each entity a record names
 * as its replacement, each rebuilt entity takes the links of the entity it
 * replaces, and the entities before the edit (the same objects in both
 * models) that link to a replaced one point at its replacement. What
 * linkTopology would write: equal inputs, equal links. The edges are made
 * only when read (the rules read their components' own): each one pointing
 * at a new entity was a new object per keystroke.
 */
export function handOverMovedLinks(models: readonly FileModel[], previous: Topology, oldOnes: readonly Entity[], newOnes: readonly Entity[], standIns: readonly Entity[], shift: Shift, resolver: LinkResolver): Topology {
  const edited = new Map<Entity, Entity>();
  oldOnes.forEach((o, i) => edited.set(o, newOnes[i]));
  // Any other old entity's replacement is what the resolver reads its root as (a map from old to new stand-ins per
  // keystroke was ~1.5 MB of garbage near the top of a 5 MB template).
  const h = handover((e) => {
    const n = edited.get(e) ?? resolver.now(builtEntityOf(e));
    return n === e ? undefined : n;
  }, shift);
  resolver.handingOver();
  for (const n of standIns) resolver.set(builtEntityOf(n), n);
  edited.forEach((n, o) => resolver.rebuilt(builtEntityOf(o), n));
  edited.forEach((n, o) => takeLinks(o, n, h));
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
  // Engines first, read along the old links; then the links. A stand-in reading its links through the resolver has the new
  // ones (reading them all again cost ~30 ms per keystroke in 5 MB).
  const engines = topology.instances.slice(0, kept[0]).map((e) => (linksFollowTheResolver(e) ? undefined : engineNow(e, h)));
  listsOf(topology).forEach((list, k) => {
    for (let i = 0; i < kept[k]; i++) if (!linksFollowTheResolver(list[i])) pointAtReplacements(list[i], h, k === 0 ? engines[i] : undefined);
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
      swapIn(x, 'replicas', replaced);
      break;
    }
    case 'cluster': swapIn(x, 'members', replaced); break;
    case 'proxy':
      swapIn(x, 'resolvedSubnets', replaced);
      swapIn(x, 'targetGroups', replaced);
      swapIn(x, 'targets', replaced);
      swapIn(x, 'endpoints', replaced);
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

/**
 * Replaces the replaced entities of `e`'s list `key` (a copy: lists are never
 * changed in place); nothing is written when none is (a stand-in would take
 * the list it resolved from its record as written, for every kept entity).
 */
function swapIn<T extends Entity, K extends keyof T & string>(e: T, key: K, replaced: (e: Entity) => Entity | undefined): void {
  const swapped = swappedList(e[key] as readonly (Entity | undefined)[], replaced);
  if (swapped) e[key] = swapped as T[K];
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
 * `to` (an edited resource's entity, fresh from the builder) takes `from`'s
 * links, each pointing at its replacement: every field linking writes, as
 * linkTopology would.
 */
function takeLinks(from: Entity, to: Entity, h: Handover): void {
  const links = linksOf(from, to as DbInstance, h);
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
 * What linking gave `from` (read through its fields: a stand-in's are its
 * written links or its record's) that differs from what the builder left,
 * for an entity with the same link inputs whose builder's entity is `built`:
 * its links pointing at the replacements, non-empty lists, a linked role,
 * engine or crossRegion. Undefined: nothing.
 */
function linksOf(from: Entity, built: DbInstance, h: Handover): Record<string, unknown> | undefined {
  const { swap } = h;
  let links: Record<string, unknown> | undefined;
  const put = (k: string, v: unknown) => { (links ??= {})[k] = v; };
  const isInstance = (from as Node).kind === 'instance';
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
  if (isInstance) {
    const old = from as DbInstance;
    const role = old.role;
    if (role !== undefined && role !== builtRoleAndEngine(built).role) put('role', role);
    // An engine written on the instance is its own.
    if (!built.engineWritten) {
      const engine = linkedEngine(old, h);
      if (engine !== undefined) put('engine', engine);
    }
  }
  return links;
}

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
