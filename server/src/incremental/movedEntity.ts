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
 * the base belongs to older versions of the document. Before anything is
 * written the stand-in reads as the builder left it: no links, empty lists,
 * the builder's role and engine.
 *
 * A stand-in moved again keeps its base and adds the delta (no chain of
 * stand-ins); when the deltas cancel on the node the base's anchor is on
 * (a character typed, then deleted), the base itself is back, as
 * MovedResource does for trees.
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
import type { DbInstance, EditAnchor, Entity } from '../model/topology';
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
  if (value === null || typeof value !== 'object' || value instanceof Map || value instanceof Set) return value;
  return shiftData(value, s, (s.memo ??= new Map()));
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
    if (LINK_REFERENCES.has(key)) return undefined;
    // Shared and frozen: the linker gives a list it pushes into of its own (model/link.ts unlink).
    if (LINK_LISTS.has(key) && Array.isArray(base[key])) return NO_LINKS;
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
    return key === STATE || has(s.written, key) || key in s.base;
  },
  ownKeys(s) {
    const keys = Reflect.ownKeys(s.base);
    if (s.written !== undefined) for (const k of Reflect.ownKeys(s.written)) if (!Object.hasOwn(s.base, k)) keys.push(k);
    return keys;
  },
  getOwnPropertyDescriptor(s, key) {
    if (!has(s.written, key) && !Object.hasOwn(s.base, key)) return undefined;
    return { value: HANDLER.get!(s, key, undefined), writable: true, enumerable: true, configurable: true };
  },
};

/** What a stand-in is made of, read in one step (each read through the Proxy is a call of its handler). */
export interface MovedParts {
  /** The entity the builder made, in its own offsets. */
  readonly base: Entity;
  readonly anchor: EditAnchor;
  /** What was written into the stand-in (the linker's fields); undefined: nothing. */
  readonly written: Readonly<Record<string, unknown>> | undefined;
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
 * are `parts`), of a resource after an edit that
 * moved the text by `shift` (in the coordinates of `entity`'s version), its
 * anchor `anchor` (on `onPlainNode`: the resource's plain node, not a
 * stand-in's): a stand-in, or the entity the builder made when the moves
 * cancelled.
 */
export function movedEntity<T extends Entity>(entity: T, parts: MovedParts | undefined, shift: Shift, anchor: EditAnchor, onPlainNode: boolean): T {
  const was = parts as State | undefined;
  const base = was ? was.base : entity;
  const from = was ? was.from : shift.from;
  const delta = was ? was.delta + shift.delta : shift.delta;
  if (delta === 0 && onPlainNode && sameAnchor(anchor, base.anchor)) return base as T;
  const state: State = { from, delta, base, anchor, written: undefined, read: undefined, memo: undefined };
  return new Proxy(state, HANDLER) as unknown as T;
}

function sameAnchor(a: EditAnchor, b: EditAnchor): boolean {
  return a.resourceNode === b.resourceNode && (a.propertiesNode === undefined) === (b.propertiesNode === undefined);
}

/**
 * Whether `engine`, an engine of `e`, is the one the builder gave it (as
 * builtRoleAndEngine tells, without making the pair a stand-in's read makes).
 */
export function isBuiltEngine(e: DbInstance, engine: DbInstance['engine']): boolean {
  const s = stateOf(e);
  if (s === undefined) return engine === builtRoleAndEngine(e).engine;
  if (!has(s.written, 'engine')) return true;
  return engine === moved(s, builtRoleAndEngine(s.base as DbInstance).engine);
}

/** Gives a stand-in nothing was written into yet what linking writes (the record is its own from now on). */
export function giveLinks(e: Entity, links: Record<string, unknown>): void {
  const s = stateOf(e)!;
  if (s.written !== undefined) throw new Error('incremental: links given to a stand-in twice');
  s.written = links;
}

/** Whether `e` is a stand-in of this module. */
export function isMovedEntity(e: Entity): boolean {
  return stateOf(e) !== undefined;
}

/** The entity the builder made that `e` stands for (`e` itself when it is no stand-in): its data, in its own offsets. */
export function builtEntityOf<T extends Entity>(e: T): T {
  return (stateOf(e)?.base ?? e) as T;
}
