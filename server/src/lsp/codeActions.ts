/**
 * Code actions, pure: a quick fix for each fixable finding, "suppress RDSnnn
 * for this resource", and `source.fixAll.rdscope` (fix on save). The fix is
 * the current finding's that the diagnostic names (its `data`: rule and
 * resource; its range tells apart several of one rule on one resource), made
 * for the documents' current versions; a message is never parsed.
 */
import type { CodeAction, Diagnostic, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { MaterializedFix } from '../fix/edits';
import { planFixes } from '../fix/plan';
import type { Finding } from '../lint';
import { isDiagnosticData, toDiagnosticFix, toLspRange, type DiagnosticFix, type DocumentLookup, DIAGNOSTIC_SOURCE } from './diagnostics';
import { FIX_ALL_KIND, type DiagnosticData, type LspRange } from './protocol';

export interface CodeActionEnv extends DocumentLookup {
  /** The document the actions are for. */
  readonly uri: string;
  /** Its current findings (the last lint of its current text). */
  readonly findings: readonly Finding[];
  /** The edit that suppresses a rule on a resource of this document. */
  suppression(ruleId: string, resource: string): MaterializedFix | undefined;
  /** The client applies `documentChanges` (versioned edits); otherwise plain `changes`. */
  readonly documentChanges: boolean;
}

const QUICKFIX = 'quickfix';

/** Does a requested `only` kind cover `kind` (`source` covers `source.fixAll.rdscope`)? */
export function kindRequested(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function quickFixActions(diagnostics: readonly Diagnostic[], only: readonly string[] | undefined, env: CodeActionEnv): CodeAction[] {
  if (!kindRequested(only, QUICKFIX)) return [];
  const fixes: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !isDiagnosticData(diagnostic.data)) continue;
    const data = diagnostic.data;
    const fix = currentFix(diagnostic, data, env);
    if (fix && !seen.has(`fix\u0000${fix.title}`)) {
      seen.add(`fix\u0000${fix.title}`);
      // A suggestion is offered but not preferred: the editor's auto-fix (preferred quick fixes) must not apply it.
      fixes.push({ title: fix.title, kind: QUICKFIX, diagnostics: [diagnostic], isPreferred: fix.kind !== 'suggestion', edit: toWorkspaceEdit(fix, env) });
    }
    if (data.resource !== undefined && !seen.has(`suppress\u0000${data.ruleId}\u0000${data.resource}`)) {
      seen.add(`suppress\u0000${data.ruleId}\u0000${data.resource}`);
      const suppress = env.suppression(data.ruleId, data.resource);
      const converted = suppress && toDiagnosticFix(suppress, env);
      if (converted) suppressions.push({ title: converted.title, kind: QUICKFIX, diagnostics: [diagnostic], edit: toWorkspaceEdit(converted, env) });
    }
  }
  // Fixes first, then the suppressions: the light bulb lists them in this order.
  return [...fixes, ...suppressions];
}

/**
 * The fix of the current finding the diagnostic is: of its rule and
 * resource, the one saying what it says, at its range (a rule may report one
 * resource twice at one range, once with a fix); else the one saying it
 * elsewhere (a diagnostic of an older version, moved since); else the first
 * with a fix.
 */
function currentFix(diagnostic: Diagnostic, data: DiagnosticData, env: CodeActionEnv): DiagnosticFix | undefined {
  const named = env.findings.filter((f) => f.ruleId === data.ruleId && f.resource === data.resource);
  const saying = named.filter((f) => f.message === diagnostic.message);
  const index = saying.length > 1 ? env.lineIndexOf(env.uri) : undefined;
  const here = index && saying.find((f) => f.file === env.uri && sameLspRange(toLspRange(index, f.range), diagnostic.range));
  const finding = here ?? saying[0] ?? named.find((f) => f.fix);
  return finding?.fix ? toDiagnosticFix(finding.fix, env) : undefined;
}

function sameLspRange(a: LspRange, b: LspRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function toWorkspaceEdit(fix: DiagnosticFix, env: Pick<CodeActionEnv, 'documentChanges'>): WorkspaceEdit {
  const byUri = new Map<string, LspTextEdit[]>();
  for (const e of fix.edits) {
    const list = byUri.get(e.uri) ?? [];
    list.push({ range: e.range, newText: e.newText });
    byUri.set(e.uri, list);
  }
  if (env.documentChanges) {
    return {
      documentChanges: [...byUri].map(([uri, edits]) => ({ textDocument: { uri, version: fix.versions[uri] ?? null }, edits })),
    };
  }
  return { changes: Object.fromEntries(byUri) };
}

// ---------------------------------------------------------------------------
// Fix all

/** The document's text if a fix-all pass produced `text`: whether it still reads as the same template, and its findings. */
export interface TextCheck {
  readonly parses: boolean;
  readonly findings: readonly Finding[];
}

export interface FixAllResult {
  readonly text: string;
  /** Findings fixed, over all passes. */
  readonly fixed: number;
  readonly passes: number;
}

/**
 * Every fix (never a suggestion: see rules/types.ts FixKind) of a document,
 * as eslint --fix does it: each pass is planned by fix/plan.ts, the planner
 * `rdscope lint --fix` uses, then the result is linted again (a fix can make
 * another one possible), up to `maxPasses`. Fixes that edit another file
 * (RDS103 sets the source's retention) are left to their quick fix: saving one
 * file should not change another.
 */
export function fixAll(uri: string, text: string, findings: readonly Finding[], check: (text: string) => TextCheck, maxPasses = 10): FixAllResult {
  const checked = new Map<string, TextCheck>();
  const checkOnce = (t: string) => {
    let c = checked.get(t);
    if (!c) { c = check(t); checked.set(t, c); }
    return c;
  };
  let current = text;
  let currentFindings = findings;
  let fixed = 0;
  let passes = 0;
  while (passes < maxPasses) {
    const fixes = currentFindings.flatMap((f, i) => (f.fix && f.fix.kind === 'fix' && f.fix.edits.length > 0 && f.fix.edits.every((e) => e.file === uri)
      ? [{ id: String(i), kind: f.fix.kind, edits: f.fix.edits }] : []));
    if (fixes.length === 0) break;
    const plan = planFixes({ fixes, textOf: (file) => (file === uri ? current : undefined), stillParses: (_file, t) => checkOnce(t).parses });
    passes++;
    const next = plan.files[0]?.after;
    if (next === undefined || next === current) break;
    fixed += plan.applied.length;
    current = next;
    currentFindings = checkOnce(current).findings;
  }
  return { text: current, fixed, passes };
}

/** One edit that turns `before` into `after`: their common start and end stay untouched. */
export function minimalEdit(before: string, after: string): { start: number; end: number; newText: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) { endBefore--; endAfter--; }
  return { start, end: endBefore, newText: after.slice(start, endAfter) };
}

export function fixAllAction(title: string, edit: WorkspaceEdit): CodeAction {
  return { title, kind: FIX_ALL_KIND, edit };
}
