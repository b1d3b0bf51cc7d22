/**
 * The one fix planner. `rdscope lint --fix` and the editor's fix-all
 * (`source.fixAll.rdscope`, "Fix all in file") both call planFixes for each
 * pass, so a file comes out the same from either.
 *
 * In finding order it takes each fix once (two rules may offer the same
 * edit), drops a fix whose edits overlap an edit already taken, puts inserts
 * that land on one offset in a fixed order (see insertOrder) and merges them,
 * then parses every changed file again. A file that no longer parses is
 * rebuilt fix by fix, keeping each fix that leaves it parsing and dropping
 * the others: a rule's bad edit costs that fix, never the user's file.
 */
import type { FixKind } from '../rules/types';
import type { TextEdit } from './edits';

export interface CandidateFix {
  /** The caller's handle (a rule id, a finding); reported back as is. */
  readonly id: string;
  readonly kind: FixKind;
  readonly edits: readonly TextEdit[];
}

export interface PlanInput {
  /** In finding order: the order decides which of two overlapping fixes wins. */
  readonly fixes: readonly CandidateFix[];
  /** The current text of a file a fix edits; undefined: the fix is skipped (a file we may not edit). */
  readonly textOf: (file: string) => string | undefined;
  /** Whether `text` still reads as the template `file` was (it parses, and as the same kind). */
  readonly stillParses: (file: string, text: string) => boolean;
}

export interface FileResult {
  readonly file: string;
  readonly before: string;
  readonly after: string;
  /** The edits that turn `before` into `after`: ordered by offset, same-offset inserts merged. */
  readonly edits: readonly TextEdit[];
}

export type DropReason = 'duplicate' | 'overlap' | 'breaks-file';

export interface PlanResult {
  /** Changed files only, sorted by name. */
  readonly files: readonly FileResult[];
  readonly applied: readonly CandidateFix[];
  readonly dropped: readonly { readonly fix: CandidateFix; readonly reason: DropReason }[];
}

const isInsert = (e: TextEdit) => e.range.start === e.range.end;

/**
 * Edits that cannot both apply: their ranges intersect, or an insert sits at
 * the edge of (or inside) a replacement, where which goes first is a guess.
 * Two inserts at one offset are compatible: insertOrder orders them.
 */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.range.start < b.range.end && b.range.start < a.range.end) return true;
  if (isInsert(a) && isInsert(b)) return false;
  const within = (p: TextEdit, r: TextEdit) => isInsert(p) && p.range.start >= r.range.start && p.range.start <= r.range.end;
  return within(a, b) || within(b, a);
}

/** The indentation of the first line an insert writes (after a leading `,` and line break, if any). */
function insertIndent(newText: string): number {
  const m = /^,?(?:\r?\n)?([ \t]*)/.exec(newText)!;
  return m[1].length;
}

/**
 * Two inserts at one offset: the deeper one first. Both land where a nested
 * block ends (`MultiAZ: true` at the end of `Properties`, `UpdateReplacePolicy:
 * Snapshot` at the end of the resource that holds it): the deeper line belongs
 * to the inner map and must come before the outer map's next key, else YAML
 * reads it as part of the outer key's value. Equal depth keeps finding order.
 */
function insertOrder(a: { edit: TextEdit; seq: number }, b: { edit: TextEdit; seq: number }): number {
  return a.edit.range.start - b.edit.range.start || a.edit.range.end - b.edit.range.end
    || (isInsert(a.edit) && isInsert(b.edit) ? insertIndent(b.edit.newText) - insertIndent(a.edit.newText) : 0)
    || a.seq - b.seq;
}

/** Orders the edits of one file and merges inserts at one offset into one edit. */
export function orderEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = edits.map((edit, seq) => ({ edit, seq })).sort(insertOrder).map((x) => x.edit);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && isInsert(prev) && isInsert(e) && prev.range.start === e.range.start && prev.file === e.file) {
      out[out.length - 1] = { ...prev, newText: prev.newText + e.newText };
    } else out.push(e);
  }
  return out;
}

/** Applies non-overlapping edits of one file (orderEdits decides the order of inserts at one offset). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of orderEdits(edits)) {
    out += text.slice(at, e.range.start) + e.newText;
    at = Math.max(at, e.range.end);
  }
  return out + text.slice(at);
}

export function planFixes(input: PlanInput): PlanResult {
  const dropped: { fix: CandidateFix; reason: DropReason }[] = [];
  const taken: CandidateFix[] = [];
  const seen = new Set<string>();
  const texts = new Map<string, string>();
  const textOf = (file: string) => {
    if (!texts.has(file)) {
      const t = input.textOf(file);
      if (t === undefined) return undefined;
      texts.set(file, t);
    }
    return texts.get(file);
  };

  for (const fix of input.fixes) {
    if (fix.edits.length === 0 || fix.edits.some((e) => textOf(e.file) === undefined)) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) { dropped.push({ fix, reason: 'duplicate' }); continue; }
    if (fix.edits.some((e) => taken.some((t) => t.edits.some((o) => editsOverlap(o, e))))) { dropped.push({ fix, reason: 'overlap' }); continue; }
    seen.add(key);
    taken.push(fix);
  }

  const filesOf = (fixes: readonly CandidateFix[]) => [...new Set(fixes.flatMap((f) => f.edits.map((e) => e.file)))];
  const resultFor = (file: string, fixes: readonly CandidateFix[]): FileResult => {
    const edits = fixes.flatMap((f) => f.edits.filter((e) => e.file === file));
    const before = texts.get(file)!;
    return { file, before, after: applyEdits(before, edits), edits: orderEdits(edits) };
  };
  const parses = (r: FileResult) => r.after === r.before || input.stillParses(r.file, r.after);

  // All at once first (the usual case: one parse per file); a file that breaks is rebuilt fix by fix.
  let applied = taken;
  const broken = new Set(filesOf(taken).filter((file) => !parses(resultFor(file, taken))));
  if (broken.size > 0) {
    applied = taken.filter((f) => !f.edits.some((e) => broken.has(e.file)));
    for (const fix of taken.filter((f) => f.edits.some((e) => broken.has(e.file)))) {
      const trial = [...applied, fix];
      if (filesOf([fix]).every((file) => parses(resultFor(file, trial)))) applied = trial;
      else dropped.push({ fix, reason: 'breaks-file' });
    }
    // A dropped fix that spanned files changed a file checked above: check the final texts once more.
    for (;;) {
      const bad = filesOf(applied).find((file) => !parses(resultFor(file, applied)));
      if (bad === undefined) break;
      for (const fix of applied.filter((f) => f.edits.some((e) => e.file === bad))) dropped.push({ fix, reason: 'breaks-file' });
      applied = applied.filter((f) => !f.edits.some((e) => e.file === bad));
    }
  }

  const files = filesOf(applied).sort().map((file) => resultFor(file, applied)).filter((r) => r.after !== r.before);
  return { files, applied, dropped };
}
