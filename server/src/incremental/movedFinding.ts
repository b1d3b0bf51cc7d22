/**
 * Findings of the previous lint about entities an incremental lint did not
 * reach, moved with the text (relint.ts keeps them).
 *
 * Typing moves every finding after the cursor: ~7,500 in a 5 MB template,
 * on every keystroke. A finding the edit does not move (before the cursor,
 * about entities that were not copied) is kept as it is. A moved one is a
 * MovedFinding: a plain-data finding (the same own fields a rule finding
 * has, but its fix and fix proposal) whose fix (read only for a code action)
 * and fix proposal (which nothing reads once the fix is materialized) are
 * made only when read; and which tells the language server's publisher
 * (lsp/publishedDiagnostics.ts) which finding it was moved from and by which
 * shift, so the diagnostic published for that one can be sent again without
 * converting or comparing it.
 */
import type { Finding } from '../lint';
import type { Entity } from '../model/topology';
import type { Range } from '../parse/tree';
import type { FixIntent, FixProposal, MaterializedFix, TextEdit } from '../rules/types';
import { shiftRange, type Shift } from './shift';

/** The lowest start and highest end of a value's ranges. */
interface Span {
  readonly min: number;
  readonly max: number;
}

/**
 * A value (a fix, a fix proposal) kept as the one last made (`origin`,
 * plain) plus how far all its ranges moved alike since (`delta`), with the
 * span of its ranges in the origin's offsets: typing moves it without making
 * a new one.
 */
interface Drift<T> extends Span {
  readonly origin: T;
  readonly delta: number;
}

/** A plain value that has not moved since it was made. */
function undrifted<T>(origin: T, spanOf: (value: T) => Span): Drift<T> {
  return { origin, delta: 0, ...spanOf(origin) };
}

/**
 * `d` moved by `s` as well: the same origin while its ranges all move (or all
 * stay); when some move and some do not, the value as it is now (`now`)
 * moved range by range (`moveBy`), made a new origin.
 */
function drifted<T>(d: Drift<T>, s: Shift, now: () => T, moveBy: (value: T, s: Shift) => T, spanOf: (value: T) => Span): Drift<T> {
  if (d.min + d.delta >= s.from) return { ...d, delta: d.delta + s.delta };
  if (d.max + d.delta < s.from) return d;
  return undrifted(moveBy(now(), s), spanOf);
}

/** The proposal's intents' lowest start and highest end (their ranges: what moves). */
function intentSpan(proposal: FixProposal): Span {
  let min = Infinity;
  let max = -Infinity;
  for (const intent of proposal.intents) {
    for (const r of [intent.kind === 'remove' ? intent.keyRange : undefined, intent.valueRange]) {
      if (!r) continue;
      if (r.start < min) min = r.start;
      if (r.end > max) max = r.end;
    }
  }
  return { min, max };
}

/**
 * A previous finding moved with the text. Own fields as a rule finding has
 * them (lint.ts, rules/engine.ts), so it reads and compares as one; `fix`
 * and `proposal` are getters (a spread leaves them out).
 *
 * The proposal is kept as the one it was last made from (`origin`, plain)
 * plus how far it has moved since (`delta`: every range of it moved alike at
 * every step), and which entity each intent is on: the finding's own (most
 * intents) or one resolved at every step (`intentEntities`). The fix is kept
 * the same way (its edits' ranges all moved alike). So typing moves no
 * proposal or fix object until one is read: a moved fix was ~4 objects per
 * finding after the cursor and keystroke (~3,300 findings in 5 MB).
 */
class MovedFinding implements Finding {
  declare readonly ruleId: string;
  declare readonly ruleName: string;
  declare readonly severity: Finding['severity'];
  declare readonly message: string;
  declare readonly detail?: string;
  declare readonly file: string;
  declare readonly range: Range;
  declare readonly entity: Entity;
  declare readonly resource?: string;
  declare readonly resourceType?: string;
  declare readonly related: Finding['related'];
  declare readonly suppressed?: boolean;

  /** The finding it was moved from and the shift, for the publisher; cleared when this one is moved on (no chain of versions). */
  #from: Finding | undefined;
  #shift: Shift;
  #proposalDrift: Drift<FixProposal> | undefined;
  /** Per intent, its entity now when not the finding's own; undefined: all are the finding's own. */
  #intentEntities: readonly Entity[] | undefined;
  #proposal: FixProposal | undefined;
  #fixDrift: Drift<MaterializedFix> | undefined;
  #fix: MaterializedFix | undefined;

  constructor(f: Finding, shift: Shift, entity: Entity, proposal: ProposalDrift | undefined) {
    const self = this as unknown as Record<string, unknown>;
    self.ruleId = f.ruleId;
    self.ruleName = f.ruleName;
    self.severity = f.severity;
    self.message = f.message;
    if ('detail' in f) self.detail = f.detail;
    self.file = f.file;
    self.range = shiftRange(f.range, shift);
    self.entity = entity;
    if ('resource' in f) self.resource = f.resource;
    if ('resourceType' in f) self.resourceType = f.resourceType;
    self.related = f.related.length === 0 ? f.related : f.related.map((x) => ({ file: x.file, range: shiftRange(x.range, shift), message: x.message }));
    if (f.suppressed) self.suppressed = true;
    // Its fix, moved by `shift` too (made now only when some of its edits move and some do not).
    const fix = f instanceof MovedFinding ? f.#fixDrift : f.fix && undrifted(f.fix, editSpan);
    this.#fixDrift = fix && drifted(fix, shift, () => f.fix!, movedFix, editSpan);
    this.#from = f;
    this.#shift = shift;
    if (proposal) {
      this.#proposalDrift = proposal.drift;
      this.#intentEntities = proposal.entities;
    }
    // The finding it was moved from keeps no link to its own predecessor: only one step back is of use.
    if (f instanceof MovedFinding) f.#from = undefined;
  }

  get fix(): MaterializedFix | undefined {
    const d = this.#fixDrift;
    if (!d || d.delta === 0) return d?.origin;
    return (this.#fix ??= movedFix(d.origin, { from: 0, delta: d.delta }));
  }

  /** Whether an edit of its fix reaches `from` (a range moves when its end does), without making the fix. */
  fixReaches(from: number): boolean {
    const d = this.#fixDrift;
    return d !== undefined && d.max + d.delta >= from;
  }

  get proposal(): FixProposal | undefined {
    const d = this.#proposalDrift;
    if (!d || this.#proposal) return this.#proposal;
    const delta = d.delta;
    const r = (range: Range): Range => (delta === 0 ? range : { start: range.start + delta, end: range.end + delta });
    const intents = d.origin.intents.map((intent, i): FixIntent => {
      const entity = this.#intentEntities?.[i] ?? this.entity;
      return intent.kind === 'remove'
        ? { ...intent, entity, keyRange: r(intent.keyRange), valueRange: r(intent.valueRange) }
        : { ...intent, entity, ...(intent.valueRange ? { valueRange: r(intent.valueRange) } : {}) };
    });
    return (this.#proposal = { ...d.origin, intents });
  }

  /** The proposal moved by one more shift: what the next MovedFinding keeps; undefined when an intent's entity is gone. */
  nextProposal(s: Shift, entity: Entity, counterpart: (e: Entity) => Entity | undefined): ProposalDrift | undefined | null {
    const d = this.#proposalDrift;
    if (!d) return undefined;
    const entities = this.#intentEntities && resolved(this.#intentEntities, entity, counterpart);
    if (entities === null) return null;
    return { drift: drifted(d, s, () => this.proposal!, movedProposal, intentSpan), entities };
  }

  /** Whether its proposal neither moves by `s` nor changes an entity (the finding's own entity stays: checked by the caller). */
  proposalStays(s: Shift, counterpart: (e: Entity) => Entity | undefined): boolean {
    const d = this.#proposalDrift;
    if (!d) return true;
    if (d.max + d.delta >= s.from || (d.min !== Infinity && d.min + d.delta >= s.from)) return false;
    for (const e of this.#intentEntities ?? []) if (e !== undefined && counterpart(e) !== e) return false;
    return true;
  }

  static previous(f: Finding): { readonly from: Finding; readonly shift: Shift } | undefined {
    return f instanceof MovedFinding && f.#from ? { from: f.#from, shift: f.#shift } : undefined;
  }
}

/** The entities now of intents not on the finding's own entity (the others stay undefined); null when one is gone. */
function resolved(entities: readonly (Entity | undefined)[], own: Entity, counterpart: (e: Entity) => Entity | undefined): Entity[] | null | undefined {
  let any = false;
  const out: Entity[] = [];
  for (const e of entities) {
    if (e === undefined) { out.push(undefined as unknown as Entity); continue; }
    const n = counterpart(e);
    if (!n) return null;
    any = any || n !== own;
    out.push(n);
  }
  return any ? out : undefined;
}

/** A moved finding's proposal: how it drifted, and the entities now of intents not on the finding's own entity. */
interface ProposalDrift {
  readonly drift: Drift<FixProposal>;
  readonly entities: readonly Entity[] | undefined;
}

/**
 * A plain proposal (of a finding the rules made) moved by `s`: itself as the
 * origin when its ranges all move or all stay, else a copy moved range by
 * range; null when an intent's entity is gone.
 */
function plainProposal(p: FixProposal, s: Shift, entity: Entity, counterpart: (e: Entity) => Entity | undefined): ProposalDrift | null {
  let entities: (Entity | undefined)[] | undefined;
  for (let i = 0; i < p.intents.length; i++) {
    const e = counterpart(p.intents[i].entity);
    if (!e) return null;
    if (e !== entity) {
      entities ??= new Array<Entity | undefined>(p.intents.length).fill(undefined);
      entities[i] = e;
    }
  }
  return { drift: drifted(undrifted(p, intentSpan), s, () => p, movedProposal, intentSpan), entities: entities as Entity[] | undefined };
}

/** A proposal with every intent's ranges moved by `s`. */
function movedProposal(p: FixProposal, s: Shift): FixProposal {
  const intents = p.intents.map((intent): FixIntent => (intent.kind === 'remove'
    ? { ...intent, keyRange: shiftRange(intent.keyRange, s), valueRange: shiftRange(intent.valueRange, s) }
    : { ...intent, ...(intent.valueRange ? { valueRange: shiftRange(intent.valueRange, s) } : {}) }));
  return { ...p, intents };
}

/** A fix with every edit's range moved by `s`. */
function movedFix(fix: MaterializedFix, s: Shift): MaterializedFix {
  return { title: fix.title, kind: fix.kind, edits: fix.edits.map((e: TextEdit) => ({ file: e.file, range: shiftRange(e.range, s), newText: e.newText })) };
}

/** A fix's edits' lowest start and highest end. */
function editSpan(fix: MaterializedFix): Span {
  let min = Infinity;
  let max = -Infinity;
  for (const e of fix.edits) {
    if (e.range.start < min) min = e.range.start;
    if (e.range.end > max) max = e.range.end;
  }
  return { min, max };
}

/** Whether any range of `f` (but its proposal's) reaches an offset the edit moves: a range moves when its end does. */
function reachesPast(f: Finding, from: number): boolean {
  if (f.range.end >= from) return true;
  for (const x of f.related) if (x.range.end >= from) return true;
  if (f instanceof MovedFinding) return f.fixReaches(from);
  if (f.fix) for (const e of f.fix.edits) if (e.range.end >= from) return true;
  return false;
}

/**
 * A previous finding about an entity after the edit (`entity`: the entity
 * now), with every offset moved and its entities the ones now; the finding
 * itself when nothing of it moved; undefined when an entity of its fix is gone.
 */
export function movedFinding(f: Finding, entity: Entity, shift: Shift, counterpart: (e: Entity) => Entity | undefined): Finding | undefined {
  if (entity === f.entity && !reachesPast(f, shift.from) && proposalStays(f, shift, counterpart)) return f;
  const proposal = f instanceof MovedFinding ? f.nextProposal(shift, entity, counterpart) : f.proposal ? plainProposal(f.proposal, shift, entity, counterpart) : undefined;
  if (proposal === null) return undefined;
  return new MovedFinding(f, shift, entity, proposal);
}

/** Whether `f`'s fix proposal neither moves nor changes an entity. */
function proposalStays(f: Finding, s: Shift, counterpart: (e: Entity) => Entity | undefined): boolean {
  if (f instanceof MovedFinding) return f.proposalStays(s, counterpart);
  for (const intent of f.proposal?.intents ?? []) {
    if (counterpart(intent.entity) !== intent.entity) return false;
    if ((intent.kind === 'remove' && intent.keyRange.end >= s.from) || (intent.valueRange && intent.valueRange.end >= s.from)) return false;
  }
  return true;
}

/** The finding `f` was moved from by an incremental lint, and the shift; undefined for any other finding. */
export function movedFrom(f: Finding): { readonly from: Finding; readonly shift: Shift } | undefined {
  return MovedFinding.previous(f);
}
