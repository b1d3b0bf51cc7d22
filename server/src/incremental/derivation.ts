/**
 * How an incrementally analyzed document came from the one before it: what
 * reanalyze.ts hands to relint.ts, beside the document (which keeps the shape
 * analyzeDocument gives it).
 */
import type { AnalyzedDocument } from '../lint';
import type { Entity } from '../model/topology';
import type { Shift } from './shift';

export interface Derivation {
  readonly base: AnalyzedDocument;
  /** Logical ids whose entities were built again. */
  readonly changed: ReadonlySet<string>;
  /** Offsets at or after `shift.from` in the base moved by `shift.delta`; entities there were copied. */
  readonly shift: Shift;
  /** Old entity -> its moved copy (entities of resources after the edit, when the length changed). */
  readonly moved: ReadonlyMap<Entity, Entity>;
  /** The entities of the changed resources in the base and in the new model, list by list in model order. */
  readonly removed: readonly Entity[];
  readonly added: readonly Entity[];
}

const derivations = new WeakMap<AnalyzedDocument, Derivation>();

export function setDerivation(doc: AnalyzedDocument, derivation: Derivation): void {
  // Only one step back is of use (relint.ts lints in full from further back): no chain of old versions is kept alive.
  derivations.delete(derivation.base);
  derivations.set(doc, derivation);
}

export function peekDerivation(doc: AnalyzedDocument): Derivation | undefined {
  return derivations.get(doc);
}

/** The derivation, once: the incremental lint consumes it. */
export function takeDerivation(doc: AnalyzedDocument): Derivation | undefined {
  const d = derivations.get(doc);
  if (d) derivations.delete(doc);
  return d;
}

/**
 * Documents whose entities may be shared: an incremental analysis keeps
 * the entities of every resource it did not touch, so versions of one
 * document form a family sharing objects (and the links linkTopology writes
 * into them). Every other document is a family of its own.
 */
const families = new WeakMap<AnalyzedDocument, object>();

export function familyOf(doc: AnalyzedDocument): object {
  return families.get(doc) ?? doc;
}

export function joinFamily(doc: AnalyzedDocument, of: AnalyzedDocument): void {
  families.set(doc, familyOf(of));
}

/** Documents the language server re-analyzes (through reanalyzeDocument): the ones worth remembering lints for. */
const live = new WeakSet<AnalyzedDocument>();

export function markLive(doc: AnalyzedDocument): void {
  live.add(doc);
}

export function isLive(doc: AnalyzedDocument): boolean {
  return live.has(doc);
}
