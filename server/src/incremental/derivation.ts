/**
 * How an incrementally analyzed document came from the one before it: what
 * reanalyze.ts hands to relint.ts, beside the document (which keeps the shape
 * analyzeDocument gives it).
 */
import type { AnalyzedDocument } from '../lint';
import type { Entity } from '../model/topology';
import { LinkResolver } from './linkRecord';
import type { Shift } from './shift';

export interface Derivation {
  readonly base: AnalyzedDocument;
  /** Logical ids whose entities were built again. */
  readonly changed: ReadonlySet<string>;
  /** Offsets at or after `shift.from` in the base moved by `shift.delta`; entities there are stand-ins (movedEntity.ts). */
  readonly shift: Shift;
  /**
   * The stand-ins of the entities of the resources after the edit, when the
   * length changed (movedEntity.ts); once a lint handed links over, the
   * family's resolver reads each old entity as its stand-in.
   */
  readonly standIns: readonly Entity[];
  /** The entities of the changed resources in the base and in the new model, list by list in model order. */
  readonly removed: readonly Entity[];
  readonly added: readonly Entity[];
}

/**
 * What the language server knows about how its documents came about: one
 * object per server (IncrementalAnalysis owns it), never module state, so
 * nothing outside the editor's re-analysis sees it.
 */
export class Lineage {
  private readonly derivations = new WeakMap<AnalyzedDocument, Derivation>();
  /**
   * Documents whose entities may be shared: an incremental analysis keeps
   * the entities of every resource it did not touch, so versions of one
   * document form a family sharing objects (and the links linkTopology writes
   * into them). Every other document is a family of its own.
   */
  private readonly families = new WeakMap<AnalyzedDocument, object>();
  /** Documents the language server re-analyzes: the ones worth remembering lints for. */
  private readonly live = new WeakSet<AnalyzedDocument>();
  /** Per family: which entity stands for each root its stand-ins' link records name (linkRecord.ts). */
  private readonly resolvers = new WeakMap<object, LinkResolver>();

  setDerivation(doc: AnalyzedDocument, derivation: Derivation): void {
    // Only one step back is of use (relint.ts lints in full from further back): no chain of old versions is kept alive.
    this.derivations.delete(derivation.base);
    this.derivations.set(doc, derivation);
  }

  peekDerivation(doc: AnalyzedDocument): Derivation | undefined {
    return this.derivations.get(doc);
  }

  /** The derivation, once: the incremental lint consumes it. */
  takeDerivation(doc: AnalyzedDocument): Derivation | undefined {
    const d = this.derivations.get(doc);
    if (d) this.derivations.delete(doc);
    return d;
  }

  familyOf(doc: AnalyzedDocument): object {
    return this.families.get(doc) ?? doc;
  }

  joinFamily(doc: AnalyzedDocument, of: AnalyzedDocument): void {
    this.families.set(doc, this.familyOf(of));
  }

  resolverOf(doc: AnalyzedDocument): LinkResolver {
    const family = this.familyOf(doc);
    let r = this.resolvers.get(family);
    if (!r) this.resolvers.set(family, (r = new LinkResolver()));
    return r;
  }

  /** The family's resolver, if an incremental analysis made one (a family without stand-ins has none to reset). */
  existingResolverOf(doc: AnalyzedDocument): LinkResolver | undefined {
    return this.resolvers.get(this.familyOf(doc));
  }

  markLive(doc: AnalyzedDocument): void {
    this.live.add(doc);
  }

  isLive(doc: AnalyzedDocument): boolean {
    return this.live.has(doc);
  }
}
