/**
 * `--fix`: which quick fixes to apply in one pass, and the resulting texts.
 * Every fix the rules offer is a minimal edit (fix/edits.ts) that keeps
 * comments and formatting, so all of them count as safe. In one pass a fix is
 * taken in finding order unless one of its edits overlaps or touches an edit
 * already taken in the same file; the rest wait for the next pass, after the
 * files are linted again (like `eslint --fix`). A file that would no longer
 * parse as the same kind of template keeps its text, and the fixes that
 * touched it are dropped.
 */
import type { LintConfig } from '../config/config';
import type { TextEdit } from '../fix/edits';
import { analyzeDocument, type Finding } from '../lint';
import type { LintRun } from './run';

export interface FileFix {
  readonly uri: string;
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

export interface FixPlan {
  readonly files: FileFix[];
  /** The fixes taken in this pass, by the files each one edits. */
  readonly fixes: readonly { readonly ruleId: string; readonly files: readonly string[] }[];
  /** Files a fix would have left unreadable (a rule's bug): not fixed. */
  readonly broken: readonly string[];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return !(a.range.end < b.range.start || b.range.end < a.range.start);
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.range.start - x.range.start || y.range.end - x.range.end)) {
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  }
  return out;
}

export function planFixes(run: LintRun, configs: readonly LintConfig[]): FixPlan {
  const excluded = new Set<string>(); // files a fix broke: no fix touches them this pass
  for (;;) {
    const accepted: Finding[] = [];
    const editsByFile = new Map<string, TextEdit[]>();
    for (const f of run.findings) {
      const edits = f.fix?.edits ?? [];
      if (edits.length === 0) continue;
      const fileOk = edits.every((e) => {
        const doc = run.documents.get(e.file);
        return doc !== undefined && doc.kind !== undefined && !excluded.has(e.file);
      });
      if (!fileOk) continue;
      if (edits.some((e) => (editsByFile.get(e.file) ?? []).some((taken) => overlaps(taken, e)))) continue;
      accepted.push(f);
      for (const e of edits) {
        const list = editsByFile.get(e.file) ?? [];
        list.push(e);
        editsByFile.set(e.file, list);
      }
    }
    const files: FileFix[] = [];
    let broken = false;
    for (const [uri, edits] of [...editsByFile.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const doc = run.documents.get(uri)!;
      const after = applyEdits(doc.text, edits);
      if (after === doc.text) continue;
      const check = analyzeDocument({ uri, text: after }, configs[doc.configId]);
      if (check.problem || check.kind !== doc.kind) {
        excluded.add(uri);
        broken = true;
        continue;
      }
      files.push({ uri, path: doc.path, before: doc.text, after });
    }
    if (!broken) {
      return {
        files,
        fixes: accepted.map((f) => ({ ruleId: f.ruleId, files: [...new Set(f.fix!.edits.map((e) => e.file))] })),
        broken: [...excluded],
      };
    }
  }
}
