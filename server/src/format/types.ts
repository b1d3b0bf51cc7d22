/**
 * What every report format reads: the findings and the documents they point
 * into (for line/column and the offending text). `LintResult` from lint.ts
 * fits as it is; the CLI builds the same shape from worker results, which
 * carry no topology.
 */
import type { Finding } from '../lint';
import type { LineIndex } from '../parse/lineIndex';
import type { Range } from '../parse/tree';
import type { RuleMeta, Severity } from '../rules/types';
import { REPOSITORY_URL, ruleDocUrl } from '../projectLinks';

export interface ReportDocument {
  readonly uri: string;
  readonly text: string;
  readonly lineIndex: LineIndex;
}

export interface ReportInput {
  readonly documents: ReadonlyMap<string, ReportDocument>;
  /** Reported findings. */
  readonly findings: readonly Finding[];
  /** Findings a suppression removed; listed (marked) only with showSuppressed. */
  readonly suppressed: readonly Finding[];
}

export interface FormatOptions {
  /** rdscope's version, for SARIF and JSON. */
  readonly toolVersion: string;
  /** Rule metadata (RDS000 and the registry): SARIF rule descriptors, help links. */
  readonly rules: readonly RuleMeta[];
  readonly showSuppressed?: boolean;
  /** Text format: each finding's detail (explanation and remedy) on the line below it (`--verbose`). */
  readonly verbose?: boolean;
  /** ANSI colours (text format only). */
  readonly color?: boolean;
  /** How many files were linted (templates, including broken ones), for summaries. */
  readonly filesLinted?: number;
}

/** The project's repository (package.json, through projectLinks.ts). */
export const INFORMATION_URI = REPOSITORY_URL;

/** Where a rule's documentation page lives (package.json `repository`, through projectLinks.ts). */
export const helpUri = ruleDocUrl;

export interface Position1 {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  /** 0-based UTF-16 offset into the text. */
  readonly offset: number;
}

export interface Range1 {
  readonly start: Position1;
  readonly end: Position1;
}

export function positionOf(doc: ReportDocument | undefined, offset: number): Position1 {
  if (!doc) return { line: 1, column: 1, offset };
  const p = doc.lineIndex.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1, offset: Math.max(0, Math.min(offset, doc.text.length)) };
}

export function rangeOf(doc: ReportDocument | undefined, range: Range): Range1 {
  return { start: positionOf(doc, range.start), end: positionOf(doc, Math.max(range.start, range.end)) };
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start - b.range.start
    || a.range.end - b.range.end
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
    || ((a.resource ?? '') < (b.resource ?? '') ? -1 : (a.resource ?? '') > (b.resource ?? '') ? 1 : 0)
    || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** The findings a format shows: the reported ones, plus the suppressed ones (marked) on request, in file order. */
export function shownFindings(input: ReportInput, showSuppressed: boolean | undefined): Finding[] {
  const all = showSuppressed ? [...input.findings, ...input.suppressed.map((f) => ({ ...f, suppressed: true }))] : [...input.findings];
  return all.sort(compareFindings);
}

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity as Severity]++;
  return counts;
}

/** Messages are one line in every format. */
export function oneLine(text: string): string {
  // Nearly every message is one line already: no regular expression to run (three per finding in a report).
  if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text.trim();
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
