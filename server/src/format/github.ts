/**
 * `--format github`: GitHub Actions workflow commands, so findings show as
 * annotations on the pull request without code scanning:
 * `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`.
 * info becomes `notice`. Values are escaped as the runner expects (`%`, CR,
 * LF everywhere; `:` and `,` in properties too).
 */
import type { Severity } from '../rules/types';
import { printable } from './printable';
import { summaryLine } from './text';
import { oneLine, rangeOf, shownFindings, type FormatOptions, type ReportInput } from './types';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * A value as a GitHub document: `%`, CR and LF percent-encoded (the runner
 * decodes them), other control characters made visible (printable.ts), so a
 * workspace value can neither end the command line nor drive the log viewer's
 * terminal emulation.
 */
function escapeData(s: string): string {
  const encoded = s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return printable(encoded);
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(input: ReportInput, options: FormatOptions): string {
  const lines: string[] = [];
  for (const f of shownFindings(input, options.showSuppressed)) {
    if (f.suppressed) continue; // an annotation cannot be marked suppressed; leave them out
    const r = rangeOf(input.documents.get(f.file), f.range);
    const props = [
      `file=${escapeProperty(f.file)}`,
      `line=${r.start.line}`,
      `col=${r.start.column}`,
      `endLine=${r.end.line}`,
      `endColumn=${r.end.column}`,
      `title=${escapeProperty(`${f.ruleId} ${f.ruleName}`)}`,
    ];
    const message = `${oneLine(f.message)}${f.resource ? ` (${f.resource})` : ''}`;
    lines.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(message)}`);
  }
  const files = new Set(input.findings.map((f) => f.file)).size;
  lines.push(`rdscope: ${summaryLine(input, { ...options, color: false }, files)}`);
  return `${lines.join('\n')}\n`;
}
