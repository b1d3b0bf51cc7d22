/**
 * A resource after an edit, in the new version of the tree, copied only when
 * something reads it.
 *
 * Typing moves the text of every resource after the keystroke. Copying the
 * value tree of each of them with moved ranges (about half the template per
 * keystroke) was most of the work and of the garbage of an insertion, yet
 * after an edit nothing but a fix, a test or a full walk reads those trees:
 * the rules read entities. So a moved resource's entry in the new tree is a
 * stand-in whose `keyRange` and `value` make the copy on first read (the same
 * copy on every read).
 *
 * Every offset of a resource after the edit lies after it (the edit ends
 * before the resource's key line), so the resource moves as a whole: by the
 * sum of the length deltas of the edits since its tree was last built or
 * copied. A stand-in moved again keeps its original tree and adds the delta
 * (no chain of stand-ins); when the deltas cancel (a character typed, then
 * deleted) the original entry itself is back.
 *
 * Entities keep their edit anchor on their resource's node: a moved entity's
 * anchor is a stand-in as well, reading the same copy.
 */
import type { EditAnchor } from '../model/topology';
import type { MapEntry, ValueNode } from '../parse/tree';
import { shiftEntry } from './shift';

export class MovedResource {
  /** The entry in the new tree (a stand-in: `keyRange` and `value` copy the resource when read). */
  readonly entry: MapEntry;
  private copy?: MapEntry;
  /** Stand-in anchors, without and with a properties node (every entity of a resource shares its builder's anchor). */
  private plainAnchor?: EditAnchor;
  private propertiesAnchor?: EditAnchor;

  private constructor(private readonly base: MapEntry, private readonly delta: number) {
    // A Proxy with one shared handler: an object literal with getters made three closures per resource and keystroke.
    this.entry = new Proxy(this, ENTRY) as unknown as MapEntry;
  }

  /**
   * The entry that replaces `entry` (whose stand-in, if it is one, is
   * `previous`) when the text before it grows by `delta`: a stand-in, or the
   * original entry when the deltas cancel.
   */
  static after(entry: MapEntry, previous: MovedResource | undefined, delta: number): { entry: MapEntry; moved?: MovedResource } {
    const standIn = previous !== undefined && previous.entry === entry;
    const base = standIn ? previous.copy ?? previous.base : entry;
    const total = standIn && previous.copy === undefined ? previous.delta + delta : delta;
    if (total === 0) return { entry: base };
    const moved = new MovedResource(base, total);
    return { entry: moved.entry, moved };
  }

  /** The logical id, read without copying. */
  get key(): string {
    return this.base.key;
  }

  resolved(): MapEntry {
    return (this.copy ??= shiftEntry(this.base, { from: 0, delta: this.delta }));
  }

  /** Whether `anchor` is one of this resource's stand-in anchors, and which. */
  hasPropertiesOf(anchor: EditAnchor): boolean | undefined {
    return anchor === this.propertiesAnchor ? true : anchor === this.plainAnchor ? false : undefined;
  }

  /** The anchor of an entity of this resource, as the builder sets it: the resource's map and, if it had one, its `Properties` value. */
  anchor(withProperties: boolean): EditAnchor {
    const existing = withProperties ? this.propertiesAnchor : this.plainAnchor;
    if (existing) return existing;
    const anchor = new StandInAnchor(this, withProperties);
    if (withProperties) this.propertiesAnchor = anchor;
    else this.plainAnchor = anchor;
    return anchor;
  }
}

/** An anchor on a stand-in's copy (getters on the prototype: no closures per resource and keystroke). */
class StandInAnchor implements EditAnchor {
  constructor(private readonly owner: MovedResource, private readonly withProperties: boolean) {}

  get resourceNode(): ValueNode {
    return this.owner.resolved().value;
  }

  get propertiesNode(): ValueNode | undefined {
    return this.withProperties ? propertiesOf(this.owner.resolved().value) : undefined;
  }
}

/** A MapEntry's fields, in the order yaml's converter writes them. */
const ENTRY_KEYS = ['key', 'keyRange', 'value'];

/** The stand-in entry: `key` as is, `keyRange` and `value` of the copy. */
const ENTRY: ProxyHandler<MovedResource> = {
  get(m, key) {
    if (key === 'key') return m.key;
    if (key === 'keyRange' || key === 'value') return m.resolved()[key];
    return undefined;
  },
  has: (_m, key) => ENTRY_KEYS.includes(key as string),
  ownKeys: () => [...ENTRY_KEYS],
  getOwnPropertyDescriptor(m, key) {
    if (!ENTRY_KEYS.includes(key as string)) return undefined;
    return { value: ENTRY.get!(m, key, undefined), writable: true, enumerable: true, configurable: true };
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
  getPrototypeOf: () => Object.prototype,
};

/** An anchor on a resource's plain (not stand-in) node. */
export function plainAnchor(resourceNode: ValueNode, withProperties: boolean): EditAnchor {
  return { resourceNode, propertiesNode: withProperties ? propertiesOf(resourceNode) : undefined };
}

/** The builder's propertiesNode, when set, is the resource's `Properties` value (the last one, as get() reads it). */
function propertiesOf(resourceNode: ValueNode): ValueNode | undefined {
  if (resourceNode.kind !== 'map') return undefined;
  for (let i = resourceNode.entries.length - 1; i >= 0; i--) {
    if (resourceNode.entries[i].key === 'Properties') return resourceNode.entries[i].value;
  }
  return undefined;
}
