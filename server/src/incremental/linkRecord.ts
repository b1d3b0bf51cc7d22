/**
 * Links that outlive a keystroke: what linking gave an entity, naming the
 * entities the builder made (their `base`s) rather than the stand-ins of one
 * version (movedEntity.ts), so the stand-ins of every later version share
 * one record, and a family's LinkResolver says which entity stands for a
 * base now.
 *
 * Typing moves every entity after the cursor: each is a new stand-in on
 * every keystroke. Handing each one its predecessor's links, each pointing
 * at a new stand-in, was the largest cost of a keystroke near the top of a
 * large template (~40 ms of ~90 in 1 MB at the first keystrokes). With a
 * record, a new stand-in takes its predecessor's record as it is, and a link
 * is resolved when read (the rules read only the edited resource's component).
 *
 * Links belong to the family's last linked version (as linkTopology's writes
 * into shared entities already do: incremental/relint.ts lastLinked), so the
 * resolver is one per family, changed when a lint hands links over.
 */
import type { DbInstance, Entity } from '../model/topology';

/** Where an instance's engine comes from, when linking gave it one (model/link.ts inheritEngine). */
export type EngineSource =
  /** Its cluster's engine (the same object). */
  | { readonly from: 'cluster' }
  /** The engine written on `owner` (a root), the first source up its replication chain with one (the same object). */
  | { readonly from: 'owner'; readonly owner: Entity }
  /** One linking made for it (an unknown engine), in its base's offsets. */
  | { readonly from: 'made'; readonly value: DbInstance['engine'] };

export interface LinkRecord {
  /** Link fields linking set (model/link.ts LINK_FIELDS_OF; non-empty lists only), naming entities by their roots (a proxy's subnet not found: undefined). */
  readonly links: Readonly<Record<string, Entity | readonly (Entity | undefined)[]>>;
  /** An instance's role, when linking changed the builder's. */
  readonly role?: DbInstance['role'];
  readonly engine?: EngineSource;
  readonly crossRegion?: boolean;
}

/**
 * The first source up `instance`'s replication chain with an engine written
 * on it (as linkTopology's inheritEngine walks); `owners` remembers, per
 * instance on a chain, that first source (null: none, or a cycle), so a long
 * chain is walked once.
 */
export function engineOwner(instance: DbInstance, owners: Map<DbInstance, DbInstance | null>): DbInstance | null {
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
 * Which entity stands for a builder's entity in the family's last linked
 * version. Records name an entity by its root: the builder's entity, or for
 * one built again (its resource edited), the root of the one it replaced, so
 * typing in a resource keeps one name for its entity (no chain of versions
 * to walk, none kept alive). A root resolves to a stand-in, to the entity
 * built again last, or (not listed) to itself.
 */
export class LinkResolver {
  private current = new Map<Entity, Entity>();
  /** A builder's entity built again for an edited resource -> the root it continues (gone with the entity). */
  private roots = new WeakMap<Entity, Entity>();
  /** Changes whenever what a root resolves to may change: stand-ins drop the links they resolved before. */
  epoch = 0;

  /** The name records give `base`, a builder's entity. */
  rootOf(base: Entity): Entity {
    return this.roots.get(base) ?? base;
  }

  resolve(root: Entity): Entity {
    return this.current.get(root) ?? root;
  }

  /** The entity that stands now for `base` (a builder's entity, of any version): resolve(rootOf(base)). */
  now(base: Entity): Entity {
    return this.resolve(this.rootOf(base));
  }

  /** From now on `entity` (a stand-in, or the builder's entity itself) stands for `base`, a builder's entity. */
  set(base: Entity, entity: Entity): void {
    const root = this.rootOf(base);
    if (root === entity) this.current.delete(root);
    else this.current.set(root, entity);
  }

  /** `rebuilt`, a builder's entity of an edited resource, replaces `base`'s and continues its root. */
  rebuilt(base: Entity, rebuilt: Entity): void {
    const root = this.rootOf(base);
    if (root !== rebuilt) this.roots.set(rebuilt, root);
    this.set(rebuilt, rebuilt);
  }

  /** Links are about to be handed over (set() and rebuilt() follow). */
  handingOver(): void {
    this.epoch++;
  }

  /** After a full link of `lists` (a model's entities; `baseOf` gives each one's builder's entity): each base is its own root, resolved to its entity. */
  relinked(lists: readonly (readonly Entity[])[], baseOf: (e: Entity) => Entity): void {
    this.epoch++;
    this.current = new Map();
    this.roots = new WeakMap();
    for (const list of lists) {
      for (const entity of list) {
        const base = baseOf(entity);
        if (base !== entity) this.current.set(base, entity);
      }
    }
  }
}
