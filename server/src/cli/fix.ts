/**
 * `--fix`: one pass of fixes over the linted files, planned by fix/plan.ts
 * (the planner the editor's fix-all uses too). Only fixes of the kinds asked
 * for count: `fix` always, `suggestion` with --fix-suggestions. A fix that
 * overlaps another waits for the next pass, after the files are linted again
 * (like `eslint --fix`); a fix that would leave its file unreadable, or read
 * as another kind of template, is dropped.
 */
import type { LintConfig } from '../config/config';
import { planFixes as planFileFixes } from '../fix/plan';

/** Tests apply edits the way --fix does. */
export { applyEdits } from '../fix/plan';
import { analyzeDocument } from '../lint';
import type { FixKind } from '../rules/types';
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
  /** Files a fix would have left unreadable (a rule's bug): that fix was dropped. */
  readonly broken: readonly string[];
}

export function planFixes(run: LintRun, configs: readonly LintConfig[], kinds: ReadonlySet<FixKind>): FixPlan {
  const candidates = run.findings.flatMap((f, i) => (f.fix && kinds.has(f.fix.kind) ? [{ id: String(i), kind: f.fix.kind, edits: f.fix.edits }] : []));
  const result = planFileFixes({
    fixes: candidates,
    textOf: (uri) => {
      const doc = run.documents.get(uri);
      return doc && doc.kind !== undefined ? doc.text : undefined;
    },
    stillParses: (uri, text) => {
      const doc = run.documents.get(uri)!;
      const check = analyzeDocument({ uri, text }, configs[doc.configId]);
      return !check.problem && check.kind === doc.kind;
    },
  });
  return {
    files: result.files.map((r) => ({ uri: r.file, path: run.documents.get(r.file)!.path, before: r.before, after: r.after })),
    fixes: result.applied.map((c) => ({ ruleId: run.findings[Number(c.id)].ruleId, files: [...new Set(c.edits.map((e) => e.file))] })),
    broken: [...new Set(result.dropped.filter((d) => d.reason === 'breaks-file').flatMap((d) => d.fix.edits.map((e) => e.file)))],
  };
}
