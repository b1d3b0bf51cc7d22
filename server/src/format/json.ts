/**
 * `--format json`: the stable machine-readable report, described by
 * schemas/findings.schema.json. Positions are 1-based line and column (UTF-16
 * code units, as the text and SARIF outputs count them) plus the 0-based
 * offset; a fix's edits replace `range` with `newText`. The shape only grows:
 * a field is never removed or renamed without a new `version`.
 */
import type { Finding } from '../lint';
import { prettyJsonPieces } from './jsonPieces';
import { countSeverities, helpUri, oneLine, rangeOf, shownFindings, type FormatOptions, type Range1, type ReportInput } from './types';

export const FINDINGS_JSON_VERSION = 1;

export interface JsonFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** The explanation and the remedy; absent when the rule gives none (RDS000, RDS001). */
  readonly detail?: string;
  readonly resource: string | null;
  readonly resourceType: string | null;
  readonly range: Range1;
  readonly related: readonly { readonly file: string; readonly range: Range1; readonly message: string }[];
  readonly fixes: readonly { readonly title: string; readonly kind: 'fix' | 'suggestion'; readonly edits: readonly { readonly file: string; readonly range: Range1; readonly newText: string }[] }[];
  readonly suppressed: boolean;
  readonly helpUri: string;
}

export interface JsonReport {
  readonly version: number;
  readonly tool: { readonly name: 'rdscope'; readonly version: string };
  readonly summary: {
    readonly filesLinted: number | null;
    readonly findings: number;
    readonly error: number;
    readonly warning: number;
    readonly info: number;
    readonly suppressed: number;
    readonly fixable: number;
    readonly suggestions: number;
  };
  readonly findings: readonly JsonFinding[];
}

export function toJsonReport(input: ReportInput, options: FormatOptions): JsonReport {
  return { ...reportHead(input, options), findings: shownFindings(input, options.showSuppressed).map((f) => jsonFinding(f, input)) };
}

/** The report but its findings. */
function reportHead(input: ReportInput, options: FormatOptions): Omit<JsonReport, 'findings'> {
  const counts = countSeverities(input.findings);
  return {
    version: FINDINGS_JSON_VERSION,
    tool: { name: 'rdscope', version: options.toolVersion },
    summary: {
      filesLinted: options.filesLinted ?? null,
      findings: input.findings.length,
      ...counts,
      suppressed: input.suppressed.length,
      fixable: input.findings.filter((f) => f.fix && f.fix.kind === 'fix' && f.fix.edits.length > 0).length,
      suggestions: input.findings.filter((f) => f.fix && f.fix.kind === 'suggestion' && f.fix.edits.length > 0).length,
    },
  };
}

function jsonFinding(f: Finding, input: ReportInput): JsonFinding {
  const doc = (file: string) => input.documents.get(file);
  const related = f.related.length === 0 ? [] : f.related.map((r) => ({ file: r.file, range: rangeOf(doc(r.file), r.range), message: oneLine(r.message) }));
  const fixes = f.fix && f.fix.edits.length > 0
    ? [{ title: f.fix.title, kind: f.fix.kind, edits: f.fix.edits.map((e) => ({ file: e.file, range: rangeOf(doc(e.file), e.range), newText: e.newText })) }]
    : [];
  // Two literals, not a spread of `detail`: the keys in the same order, without a runtime call per finding.
  return f.detail
    ? {
      file: f.file, ruleId: f.ruleId, ruleName: f.ruleName, severity: f.severity, message: oneLine(f.message), detail: oneLine(f.detail),
      resource: f.resource ?? null, resourceType: f.resourceType ?? null, range: rangeOf(doc(f.file), f.range), related, fixes,
      suppressed: f.suppressed === true, helpUri: helpUri(f.ruleId),
    }
    : {
      file: f.file, ruleId: f.ruleId, ruleName: f.ruleName, severity: f.severity, message: oneLine(f.message),
      resource: f.resource ?? null, resourceType: f.resourceType ?? null, range: rangeOf(doc(f.file), f.range), related, fixes,
      suppressed: f.suppressed === true, helpUri: helpUri(f.ruleId),
    };
}

export function formatJson(input: ReportInput, options: FormatOptions): string {
  return [...jsonReportChunks(input, options)].join('');
}

/** The report's text in pieces, each finding made as it is written (jsonPieces.ts). */
export function jsonReportChunks(input: ReportInput, options: FormatOptions): Iterable<string> {
  const findings = shownFindings(input, options.showSuppressed);
  return prettyJsonPieces({ ...reportHead(input, options), findings: [] }, (function* () {
    for (const f of findings) yield jsonFinding(f, input);
  })());
}
