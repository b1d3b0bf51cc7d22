/**
 * `--format text` (the default): one finding per line,
 * `path:line:col  severity  RDSnnn  message  (resource)`, files in order with a
 * blank line between them, then one summary line with counts per severity.
 * Colour only when asked (the CLI asks on a TTY without NO_COLOR).
 */
import type { Severity } from '../rules/types';
import { printable } from './printable';
import { countSeverities, oneLine, positionOf, shownFindings, type FormatOptions, type ReportInput } from './types';

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', cyan: '\u001b[36m' };

const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.cyan };

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function formatText(input: ReportInput, options: FormatOptions): string {
  const paint = (code: string, s: string) => (options.color ? `${code}${s}${ANSI.reset}` : s);
  const shown = shownFindings(input, options.showSuppressed);
  const lines: string[] = [];
  let previousFile: string | undefined;
  const files = new Set<string>();
  for (const f of shown) {
    if (previousFile !== undefined && f.file !== previousFile) lines.push('');
    previousFile = f.file;
    if (!f.suppressed) files.add(f.file);
    const pos = positionOf(input.documents.get(f.file), f.range.start);
    const severity = paint(SEVERITY_COLOR[f.severity], f.severity);
    const rule = paint(ANSI.dim, f.ruleId);
    const resource = f.resource ? `  ${paint(ANSI.dim, `(${printable(f.resource)})`)}` : '';
    const marker = f.suppressed ? `  ${paint(ANSI.dim, '[suppressed]')}` : '';
    // File names, ids and messages come from the workspace: control characters escaped (printable.ts).
    lines.push(`${paint(ANSI.bold, `${printable(f.file)}:${pos.line}:${pos.column}`)}  ${severity}  ${rule}  ${printable(oneLine(f.message))}${resource}${marker}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(input, options, files.size));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(input: ReportInput, options: FormatOptions, filesWithFindings: number): string {
  const paint = (code: string, s: string) => (options.color ? `${code}${s}${ANSI.reset}` : s);
  const counts = countSeverities(input.findings);
  const total = counts.error + counts.warning + counts.info;
  const linted = options.filesLinted !== undefined ? plural(options.filesLinted, 'template') : undefined;
  const extras: string[] = [];
  if (input.suppressed.length > 0) {
    extras.push(`${input.suppressed.length} suppressed${options.showSuppressed ? '' : ' (shown with --show-suppressed)'}`);
  }
  const offered = (kind: string) => input.findings.filter((f) => f.fix && f.fix.kind === kind && f.fix.edits.length > 0).length;
  const fixable = offered('fix');
  const suggested = offered('suggestion');
  if (fixable > 0) extras.push(`${fixable} fixable with --fix`);
  // Suggestions change a running database (rules/types.ts FixKind): never applied by --fix alone.
  if (suggested > 0) extras.push(`${suggested} with --fix --fix-suggestions`);
  const tail = extras.length > 0 ? `; ${extras.join(', ')}` : '';
  if (total === 0) return `${paint(ANSI.bold, 'No problems')}${linted ? ` in ${linted}` : ''}${tail}`;
  const parts = [
    paint(SEVERITY_COLOR.error, plural(counts.error, 'error')),
    paint(SEVERITY_COLOR.warning, plural(counts.warning, 'warning')),
    paint(SEVERITY_COLOR.info, `${counts.info} info`),
  ];
  const where = ` in ${plural(filesWithFindings, 'file')}${linted ? ` (${linted} linted)` : ''}`;
  return `${paint(ANSI.bold, plural(total, 'problem'))} (${parts.join(', ')})${where}${tail}`;
}
