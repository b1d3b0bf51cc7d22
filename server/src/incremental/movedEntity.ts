/**
 * An entity of a resource after an edit, in the new model: a stand-in whose
 * data with moved ranges is made only when a field is read.
 *
 * Typing moves the text of every resource after the keystroke, and with it
 * every range its entities hold. Copying those entities with moved ranges
 * (about half the template's entities per keystroke) was the largest cost of
 * an insertion in a large template, and nearly all of it survived to be
 * collected later; yet after an edit the rules read only the entities linked
 * to the edited resource (relint.ts). So a moved entity is a Proxy over the
 * entity the builder made (its `base`): a field read gives the base's value
 * with every `{start, end}` at or after the shift's `from` moved by its
 * `delta`, made on first read and the same object on every read (data the
 * base holds twice, an instance's engine and engineWritten, is one object
 * here too). Spread, Object.keys, `in` and JSON.stringify see the fields a
 * plain copy has: the base's, and what was written into the stand-in.
 *
 * What the linker writes (model/link.ts: links, lists of links, the linked
 * role and engine, crossRegion) goes into the stand-in, never into the base:
 * the base belongs to older versions of the document. What is not written
 * comes from the stand-in's link record (linkRecord.ts): the links its
 * predecessor had, naming entities by their roots, each read as the entity
 * that stands for it now (the family's LinkResolver). Without either the stand-in
 * reads as the builder left it: no links, empty lists, the builder's role and
 * engine.
 *
 * A stand-in moved again keeps its base and adds the delta (no chain of
 * stand-ins), and takes its predecessor's record (the same object while
 * nothing was written into the predecessor). When the deltas cancel (a
 * character typed, then deleted) it stays a stand-in, whose data is the
 * base's own: handing the base its links back was a keystroke's largest cost.
 *
 * Every range of an entity lies in its own resource's text or outside the
 * Resources section, and the edits it moved with all lie in earlier
 * resources: its ranges at or after the first edit's end moved with every
 * edit since, the others with none, so one shift (the first `from`, the sum of
 * the deltas) moves them all.
 *
 * A Proxy cannot be structuredClone'd: nothing clones the editor's entities
 * (the CLI's worker threads build their own, and send findings as JSON).
 */
import { BUILT_ROLE_AND_ENGINE, builtRoleAndEngine, LINK_FIELDS_OF } from '../model/link';
import type { DbCluster, DbInstance, EditAnchor, Entity, Node } from '../model/topology';
import { engineOwner, type EngineSource, type LinkRecord, type LinkResolver } from './linkRecord';
import { shiftData, type Shift } from './shift';

/** The fields the linker writes, of any kind (model/link.ts LINK_FIELDS_OF): references (and an instance's crossRegion), and lists. */
const LINK_REFERENCES: ReadonlySet<string> = new Set([...Object.values(LINK_FIELDS_OF).flatMap((f) => f.references), 'crossRegion']);
export const LINK_LISTS: ReadonlySet<string> = new Set(Object.values(LINK_FIELDS_OF).flatMap((f) => f.lists));

const STATE = Symbol('moved entity');

/** A stand-in's own fields; `from` and `delta` move the base's offsets to this version's (a Shift). */
interface State extends Shift {
  /** The entity the builder made: never a stand-in, never written through this one. */
  readonly base: Entity;
  readonly anchor: EditAnchor;
  /** What was written into the stand-in (the linker's fields). */
  written: Record<string | symbol, unknown> | undefined;
  /** The links its predecessor had (fields not written read from here), and who stands for the entities they name. */
  readonly record: LinkRecord | undefined;
  readonly resolver: LinkResolver | undefined;
  /** The record's fields read so far, resolved (while the resolver's epoch is `resolvedEpoch`). */
  resolved: Record<string, unknown> | undefined;
  resolvedEpoch: number;
  /** The base's data read so far, moved. */
  read: Record<string | symbol, unknown> | undefined;
  /** Base objects moved so far (for the same object twice: engine and engineWritten). */
  memo: Map<object, unknown> | undefined;
}

function has(o: object | undefined, key: string | symbol): boolean {
  return o !== undefined && Object.hasOwn(o, key);
}

/** The list of links of a stand-in nothing linked yet. */
const NO_LINKS: readonly Entity[] = Object.freeze([]);

function moved(s: State, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Map || value instanceof Set || s.delta === 0) return value;
  return shiftData(value, s, (s.memo ??= new Map()));
}

/** A link field (or role, engine, crossRegion) from the stand-in's record, resolved; undefined when the record has none. */
function fromRecord(s: State, key: string): unknown {
  const record = s.record!;
  const resolver = s.resolver!;
  if (s.resolvedEpoch !== resolver.epoch) { s.resolved = undefined; s.resolvedEpoch = resolver.epoch; }
  const resolved = s.resolved;
  if (resolved !== undefined && Object.hasOwn(resolved, key)) return resolved[key];
  let value: unknown;
  if (key === 'role') value = record.role;
  else if (key === 'crossRegion') value = record.crossRegion;
  else if (key === 'engine') value = record.engine && engineFrom(s, record.engine);
  else {
    const link = record.links[key];
    // A proxy's resolved subnets hold undefined for a subnet not found.
    value = link === undefined ? undefined : Array.isArray(link) ? link.map((e: Entity | undefined) => e && resolver.resolve(e)) : resolver.resolve(link as Entity);
  }
  (s.resolved ??= {})[key] = value;
  return value;
}

/** The engine linking gave an instance, from where it comes: the same object a link would give it now. */
function engineFrom(s: State, source: EngineSource): DbInstance['engine'] {
  switch (source.from) {
    // Undefined (the builder's engine) should the cluster or the owner's engine be gone: their link inputs changed,
    // so everything is linked again anyway.
    case 'cluster': return (readLink(s, 'cluster') as DbCluster | undefined)?.engine as DbInstance['engine'];
    case 'owner': return (s.resolver!.resolve(source.owner) as DbInstance).engineWritten as DbInstance['engine'];
    case 'made': return moved(s, source.value) as DbInstance['engine'];
  }
}

/** A link reference or list as the stand-in reads it: written, else from its record, else none. */
function readLink(s: State, key: string): unknown {
  const written = s.written;
  if (written !== undefined && Object.hasOwn(written, key)) return written[key];
  return s.record !== undefined ? fromRecord(s, key) : undefined;
}

/** The builder's role and engine, moved (model/link.ts asks for them through BUILT_ROLE_AND_ENGINE). */
function built(s: State): { readonly role: DbInstance['role']; readonly engine: DbInstance['engine'] } {
  const b = builtRoleAndEngine(s.base as DbInstance);
  return { role: b.role, engine: moved(s, b.engine) as DbInstance['engine'] };
}

/** A field as this stand-in reads before anything is written: the builder's value, moved. */
function readField(s: State, key: string | symbol): unknown {
  const base = s.base as unknown as Record<string | symbol, unknown>;
  if (key === 'anchor') return s.anchor;
  if (typeof key !== 'string') {
    if (key !== BUILT_ROLE_AND_ENGINE) return base[key];
    if ((s.base as DbInstance).kind !== 'instance') return undefined;
  } else {
    if (LINK_REFERENCES.has(key)) return s.record !== undefined ? fromRecord(s, key) : undefined;
    // Shared and frozen: the linker gives a list it pushes into of its own (model/link.ts unlink).
    if (LINK_LISTS.has(key) && Array.isArray(base[key])) return (s.record !== undefined ? fromRecord(s, key) as Entity[] | undefined : undefined) ?? NO_LINKS;
    if ((key === 'role' || key === 'engine') && s.record !== undefined && (s.base as DbInstance).kind === 'instance') {
      const linked = fromRecord(s, key);
      if (linked !== undefined) return linked;
    }
  }
  const read = s.read;
  if (read !== undefined && Object.hasOwn(read, key)) return read[key];
  let value: unknown;
  if (key === BUILT_ROLE_AND_ENGINE) value = built(s);
  else if ((key === 'role' || key === 'engine') && (s.base as DbInstance).kind === 'instance') value = built(s)[key];
  else {
    // What the base inherits (toString, constructor) is nobody's data.
    if (!Object.hasOwn(base, key)) return base[key];
    value = base[key];
    if (value === null || typeof value !== 'object') return value;
    value = moved(s, value);
  }
  (s.read ??= {})[key] = value;
  return value;
}

const HANDLER: ProxyHandler<State> = {
  get(s, key) {
    if (key === STATE) return s;
    const written = s.written;
    if (written !== undefined && Object.hasOwn(written, key)) return written[key];
    return readField(s, key);
  },
  set(s, key, value) {
    (s.written ??= {})[key] = value;
    return true;
  },
  defineProperty(s, key, descriptor) {
    (s.written ??= {})[key] = descriptor.value;
    return true;
  },
  deleteProperty() {
    // Nothing deletes an entity's field; the base's stay.
    return false;
  },
  has(s, key) {
    return key === STATE || has(s.written, key) || key in s.base || inRecord(s, key);
  },
  ownKeys(s) {
    const keys = Reflect.ownKeys(s.base);
    const add = (k: string | symbol) => { if (!keys.includes(k)) keys.push(k); };
    if (s.written !== undefined) for (const k of Reflect.ownKeys(s.written)) add(k);
    if (s.record !== undefined) {
      for (const k of Object.keys(s.record.links)) add(k);
      if (s.record.crossRegion !== undefined) add('crossRegion');
    }
    return keys;
  },
  getOwnPropertyDescriptor(s, key) {
    if (!has(s.written, key) && !Object.hasOwn(s.base, key) && !inRecord(s, key)) return undefined;
    return { value: HANDLER.get!(s, key, undefined), writable: true, enumerable: true, configurable: true };
  },
};

/** Whether the stand-in's record gives `key` (a field its base may not have: linking adds links and crossRegion). */
function inRecord(s: State, key: string | symbol): boolean {
  const record = s.record;
  return record !== undefined && typeof key === 'string' && (Object.hasOwn(record.links, key) || (key === 'crossRegion' && record.crossRegion !== undefined));
}

/** What a stand-in is made of, read in one step (each read through the Proxy is a call of its handler). */
export interface MovedParts {
  /** The entity the builder made, in its own offsets. */
  readonly base: Entity;
  readonly anchor: EditAnchor;
}

/** The parts of a stand-in; undefined for an entity that is none. */
export function movedParts(e: Entity): MovedParts | undefined {
  return stateOf(e) as MovedParts | undefined;
}

function stateOf(e: Entity): State | undefined {
  return (e as unknown as { [STATE]?: State })[STATE];
}

/**
 * The entity in the new model of `entity` (whose parts, if it is a stand-in,
 * are `parts`), of a resource after an edit that moved the text by `shift`
 * (in the coordinates of `entity`'s version), its anchor `anchor`: a
 * stand-in, with `entity`'s links as a record (linkRecordOf; `owners` as
 * there) whose entities `resolver` resolves.
 */
export function movedEntity<T extends Entity>(entity: T, parts: MovedParts | undefined, shift: Shift, anchor: EditAnchor, resolver: LinkResolver, owners: Map<DbInstance, DbInstance | null>): T {
  const was = parts as State | undefined;
  const base = was ? was.base : entity;
  const from = was ? was.from : shift.from;
  const delta = was ? was.delta + shift.delta : shift.delta;
  const record = linkRecordOf(entity, was, resolver, owners);
  const state: State = {
    from, delta, base, anchor, written: undefined, record, resolver: record && resolver, resolved: undefined, resolvedEpoch: resolver.epoch, read: undefined, memo: undefined,
  };
  return new Proxy(state, HANDLER) as unknown as T;
}

/**
 * What linking gave `e` (whose state, if it is a stand-in, is `s`), naming
 * entities by their roots in `resolver`: a stand-in nothing was written into
 * has its record still; anything else is read field by field. Undefined: nothing.
 */
function linkRecordOf(e: Entity, s: State | undefined, resolver: LinkResolver, owners: Map<DbInstance, DbInstance | null>): LinkRecord | undefined {
  if (s !== undefined && s.written === undefined) return s.record;
  const rootOf = (x: Entity) => resolver.rootOf(builtEntityOf(x));
  const x = e as Node;
  const fields = e as unknown as Record<string, unknown>;
  const { references, lists } = LINK_FIELDS_OF[x.kind];
  let links: Record<string, Entity | readonly (Entity | undefined)[]> | undefined;
  for (const k of references) {
    const v = fields[k] as Entity | undefined;
    if (v !== undefined) (links ??= {})[k] = rootOf(v);
  }
  for (const k of lists) {
    const v = fields[k] as readonly Entity[];
    if (v.length > 0) (links ??= {})[k] = v.map((x) => x && rootOf(x));
  }
  if (x.kind !== 'instance') return links && { links };
  const role = x.role !== builtRoleAndEngine(x).role ? x.role : undefined;
  const crossRegion = x.crossRegion;
  const engine = engineSourceOf(x, s, rootOf, owners);
  if (!links && role === undefined && crossRegion === undefined && engine === undefined) return undefined;
  return { links: links ?? {}, ...(role !== undefined ? { role } : {}), ...(crossRegion !== undefined ? { crossRegion } : {}), ...(engine ? { engine } : {}) };
}

/** Where the engine linking gave `x` comes from (as model/link.ts inheritEngine gives it); undefined: the builder's. */
function engineSourceOf(x: DbInstance, s: State | undefined, rootOf: (e: Entity) => Entity, owners: Map<DbInstance, DbInstance | null>): EngineSource | undefined {
  const engine = x.engine;
  if (isBuiltEngine(x, engine)) return undefined;
  const cluster = x.cluster;
  if (cluster && engine === cluster.engine) return { from: 'cluster' };
  const owner = engineOwner(x, owners);
  if (owner && owner.engineWritten === engine) return { from: 'owner', owner: rootOf(owner) };
  // Its ranges are its own resource's: back to its base's offsets, moved again when read.
  const value = s === undefined || s.delta === 0 ? engine : shiftData(engine, { from: s.from + s.delta, delta: -s.delta }, new Map()) as DbInstance['engine'];
  return { from: 'made', value };
}

/**
 * Whether `engine`, an engine of `e`, is the one the builder gave it (as
 * builtRoleAndEngine tells, without making the pair a stand-in's read makes).
 */
export function isBuiltEngine(e: DbInstance, engine: DbInstance['engine']): boolean {
  const s = stateOf(e);
  if (s === undefined) return engine === builtRoleAndEngine(e).engine;
  return engine === moved(s, builtRoleAndEngine(s.base as DbInstance).engine);
}

/**
 * Whether every link of `e` is read through the family's resolver: a
 * stand-in nothing was written into, whose links come from its record, so
 * they are the current ones whatever was replaced (a handover leaves it be).
 * A stand-in is that or has every link written: linkTopology writes every
 * link field (model/link.ts unlink), and a handover writes only into entities
 * that have theirs written.
 */
export function linksFollowTheResolver(e: Entity): boolean {
  const s = stateOf(e);
  return s !== undefined && s.written === undefined;
}

/** Whether `e` is a stand-in of this module. */
export function isMovedEntity(e: Entity): boolean {
  return stateOf(e) !== undefined;
}

/** The entity the builder made that `e` stands for (`e` itself when it is no stand-in): its data, in its own offsets. */
export function builtEntityOf<T extends Entity>(e: T): T {
  return (stateOf(e)?.base ?? e) as T;
}
