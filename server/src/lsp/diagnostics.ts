/**
 * Findings as LSP diagnostics: pure, no connection. The diagnostic says what
 * the CLI says (same rule id, range, message, severity); its `data` names the
 * finding for the code actions, so they never read the message (its fix is
 * made from the current finding: lsp/codeActions.ts).
 */
import type { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Range as LspRange } from 'vscode-languageserver';
import type { MaterializedFix } from '../fix/edits';
import type { Finding } from '../lint';
import type { LineIndex } from '../parse/lineIndex';
import type { Range } from '../parse/tree';
import type { Severity } from '../rules/types';
import { ruleDocUrl } from '../projectLinks';
import type { DiagnosticData } from './protocol';
import type { RuleDocLink } from './ruleDocLinks';

export const DIAGNOSTIC_SOURCE = 'rdscope';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = { error: 1, warning: 2, info: 3 };


/** What the conversion needs to know about the workspace. */
export interface DocumentLookup {
  /** Offsets to positions, for each file a finding or its fix names. */
  lineIndexOf(file: string): LineIndex | undefined;
  /** The editor's version of an open document; null for a file read from disk. */
  versionOf(file: string): number | null;
}

export function toLspRange(index: LineIndex, range: Range): LspRange {
  return { start: index.positionAt(range.start), end: index.positionAt(range.end) };
}

/**
 * `docLink` is where the rule code links (lsp/ruleDocLinks.ts): the bundled
 * page for rdscope's own client, else the published one.
 */
export function toDiagnostic(finding: Finding, lookup: DocumentLookup, docLink: RuleDocLink = ruleDocUrl): Diagnostic {
  const index = lookup.lineIndexOf(finding.file);
  const range = index ? toLspRange(index, finding.range) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of finding.related) {
    const relatedIndex = lookup.lineIndexOf(r.file);
    if (relatedIndex) related.push({ location: { uri: r.file, range: toLspRange(relatedIndex, r.range) }, message: r.message });
  }
  const data: DiagnosticData = { ruleId: finding.ruleId, ...(finding.resource !== undefined ? { resource: finding.resource } : {}) };
  return {
    range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docLink(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    ...(related.length ? { relatedInformation: related } : {}),
    data,
  };
}

/** A quick fix's edits in LSP terms (made on the server when the editor asks: lsp/codeActions.ts), with the versions of the documents they were made for. */
export interface DiagnosticFix {
  readonly title: string;
  /** `suggestion`: changes a running database (rules/types.ts FixKind); offered, never preferred. */
  readonly kind?: 'fix' | 'suggestion';
  /** Edits by document URI: a fix may change another file (RDS103 sets the source's retention). */
  readonly edits: readonly { readonly uri: string; readonly range: LspRange; readonly newText: string }[];
  /** The version of each edited document the edits were computed for (null: a file not open). */
  readonly versions: Readonly<Record<string, number | null>>;
}

/** A fix's edits in LSP terms, each with the version of the document it was computed for. */
export function toDiagnosticFix(fix: MaterializedFix, lookup: DocumentLookup): DiagnosticFix | undefined {
  const edits: DiagnosticFix['edits'][number][] = [];
  const versions: Record<string, number | null> = {};
  for (const e of fix.edits) {
    const index = lookup.lineIndexOf(e.file);
    if (!index) return undefined;
    edits.push({ uri: e.file, range: toLspRange(index, e.range), newText: e.newText });
    versions[e.file] = lookup.versionOf(e.file);
  }
  return { title: fix.title, kind: fix.kind, edits, versions };
}

/** The ranges toDiagnostic converts, in its order: the finding's, then each related location's. */
export function eachRange(finding: Finding, visit: (file: string, range: Range) => void): void {
  visit(finding.file, finding.range);
  for (const r of finding.related) visit(r.file, r.range);
}

export function isDiagnosticData(data: unknown): data is DiagnosticData {
  return typeof data === 'object' && data !== null && typeof (data as DiagnosticData).ruleId === 'string';
}
