/**
 * `rdscope drill PATHS --failure KIND [--format text|json|markdown]`: what
 * happens to each database when an instance, an AZ or a region fails, or the
 * data is corrupted or deleted (rules/drill.ts). Markdown is for a pull
 * request comment. Files are collected and linked as `rdscope lint` does.
 * Exit codes: 0 reported, 2 usage errors.
 */
import { DRILL_FAILURES, DRILL_OUTCOMES, drill, isDrillFailure, type DrillEntry, type DrillReport } from '../rules/drill';
import { printable } from '../format/printable';
import { optionsHelp, parseCommandLine, type OptionSpec } from './args';
import { UsageError, writeReport, type Io } from './io';
import { lintWithOptions, TOPOLOGY_OPTIONS } from './lintSync';
import { VERSION } from './version';

const FORMATS = ['text', 'json', 'markdown'] as const;

const OPTIONS: readonly OptionSpec[] = [
  { name: 'failure', type: 'string', value: 'KIND', description: `The failure to drill: ${DRILL_FAILURES.join(', ')}.` },
  { name: 'format', short: 'f', type: 'string', value: 'FORMAT', description: 'text (default), json or markdown (a pull request comment).' },
  { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'Write the report to FILE instead of stdout.' },
  ...TOPOLOGY_OPTIONS,
];

export const DRILL_HELP = `Usage: rdscope drill [options] --failure KIND FILE|FOLDER...

A failure drill: for each database of the templates, what happens when
${DRILL_FAILURES.join(', ')} strikes:
${DRILL_OUTCOMES.join(', ')}, with the recovery path, the estimated RPO and
RTO (estimates, not guarantees) and the findings whose fix would change it.
An outcome that depends on a value not known statically says so, and is the
worst it could be.

Options:
${optionsHelp(OPTIONS)}
`;

export async function drillCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommandLine(argv, OPTIONS);
  if (args.values.help) { io.out(DRILL_HELP); return 0; }
  if (args.values.version) { io.out(`${VERSION}\n`); return 0; }
  const failure = args.values.failure as string | undefined;
  if (failure === undefined) throw new UsageError(`drill needs --failure (${DRILL_FAILURES.join(', ')})`);
  if (!isDrillFailure(failure)) throw new UsageError(`unknown failure "${failure}"; expected ${DRILL_FAILURES.join(', ')}`);
  const format = (args.values.format as string | undefined) ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" for drill; expected ${FORMATS.join(', ')}`);
  const result = await lintWithOptions(args.positionals, args.values, io);
  const report = drill(result.topology, result.findings, failure);
  if (report.databases.length === 0) io.err('rdscope: no RDS databases found\n');
  const text = format === 'json' ? `${JSON.stringify(drillJson(report), null, 2)}\n` : format === 'markdown' ? drillMarkdown(report) : drillText(report);
  writeReport(io, text, args.values.output as string | undefined);
  return 0;
}

/** The JSON report: `{ failure, databases: [{ resource, file, outcome, rpo, rto, path, findings, unknown? }] }`. */
export function drillJson(report: DrillReport) {
  return {
    failure: report.failure,
    databases: report.databases.map((d) => ({
      resource: d.resource, file: d.file, outcome: d.outcome, rpo: d.rpo, rto: d.rto, path: d.path, findings: d.findings,
      ...(d.unknown ? { unknown: d.unknown } : {}),
    })),
  };
}

export function drillText(report: DrillReport): string {
  const lines = [`Failure drill: ${report.label} (${report.failure}), ${plural(report.databases.length, 'database')}`, ''];
  for (const d of report.databases) {
    lines.push(`${printable(d.resource)}  ${printable(d.file)}`);
    lines.push(`  ${outcomeText(d)}   RPO ${printable(d.rpo)}   RTO ${printable(d.rto)}`);
    lines.push(`  ${printable(d.path)}`);
    if (d.unknown) lines.push(`  depends on a value not known statically: ${printable(d.unknown.reason)}`);
    if (d.findings.length > 0) lines.push(`  would change with: ${d.findings.join(', ')}`);
    lines.push('');
  }
  lines.push(summary(report), 'RPO and RTO are estimates, not guarantees.');
  return `${lines.join('\n')}\n`;
}

export function drillMarkdown(report: DrillReport): string {
  const cell = (s: string) => markdownCell(s);
  const lines = [
    `### Failure drill: ${report.label}`, '',
    '| Database | Outcome | RPO | RTO | Recovery path | Would change with |', '|---|---|---|---|---|---|',
    ...report.databases.map((d) => `| ${cell(d.resource)} | ${cell(outcomeText(d))} | ${cell(d.rpo)} | ${cell(d.rto)} | ${cell(d.path)}${d.unknown ? ` (depends on a value not known statically: ${cell(d.unknown.reason)})` : ''} | ${d.findings.join(', ')} |`),
    '', `${summary(report)} RPO and RTO are estimates, not guarantees.`,
  ];
  return `${lines.join('\n')}\n`;
}

function outcomeText(d: DrillEntry): string {
  return d.unknown ? `${d.outcome} at worst (${d.unknown.outcomes.join(' or ')})` : d.outcome;
}

function summary(report: DrillReport): string {
  const counts = DRILL_OUTCOMES.map((o) => [o, report.databases.filter((d) => d.outcome === o).length] as const).filter(([, n]) => n > 0);
  return counts.length === 0 ? 'No databases.' : `${counts.map(([o, n]) => `${n} ${o}`).join(', ')}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One table cell: no newline, no pipe, no markup (HTML is escaped; GitHub renders markdown in a comment). */
function markdownCell(text: string): string {
  return printable(text).replace(/[\\|*_[\]<>&#!]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}
