/**
 * Findings of the previous lint about entities an incremental lint did not
 * reach, moved with the text (relint.ts keeps them).
 */
import type { Finding } from '../lint';
import type { Entity } from '../model/topology';
import type { Range } from '../parse/tree';
import type { FixIntent, TextEdit } from '../rules/types';
import type { Shift } from './shift';

/** A previous finding about an entity after the edit, with every offset moved and its entities the moved copies. */
export function movedFinding(f: Finding, shift: Shift, counterpart: (e: Entity) => Entity | undefined): Finding | undefined {
  const r = (range: Range) => moveRange(range, shift);
  const entity = counterpart(f.entity!);
  if (!entity) return undefined;
  let intents: FixIntent[] | undefined;
  if (f.proposal) {
    intents = [];
    for (const intent of f.proposal.intents) {
      const e = counterpart(intent.entity);
      if (!e) return undefined;
      intents.push(intent.kind === 'remove'
        ? { ...intent, entity: e, keyRange: r(intent.keyRange), valueRange: r(intent.valueRange) }
        : { ...intent, entity: e, ...(intent.valueRange ? { valueRange: r(intent.valueRange) } : {}) });
    }
  }
  return {
    ...f,
    entity,
    range: r(f.range),
    related: f.related.map((x) => ({ ...x, range: r(x.range) })),
    ...(f.proposal ? { proposal: { ...f.proposal, intents: intents! } } : {}),
    ...(f.fix ? { fix: { ...f.fix, edits: f.fix.edits.map((e: TextEdit) => ({ ...e, range: r(e.range) })) } } : {}),
  };
}

function moveRange(range: Range, s: Shift): Range {
  return { start: range.start >= s.from ? range.start + s.delta : range.start, end: range.end >= s.from ? range.end + s.delta : range.end };
}
