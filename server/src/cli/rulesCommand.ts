/** `rdscope rules`: every rule with its default severity, options and documentation link. */
import { configurableRules } from '../config/load';
import { helpUri } from '../format/types';
import type { FixKind } from '../rules/types';
import { optionsHelp, parseCommandLine, type OptionSpec } from './args';
import { UsageError, writeReport, type Io } from './io';
import { VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', value: 'FORMAT', description: 'text (default) or json.' },
  { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'Write the list to FILE instead of stdout.' },
];

export const RULES_HELP = `Usage: rdscope rules [options]

Lists every rule: id, name, default severity, what it checks, its options and its documentation page.

Options:
${optionsHelp(OPTIONS)}
`;

/** `fix`, `suggestion`, `fix or suggestion` (by case: rds105's CloudFormation fix, its Terraform suggestion) or `none`. */
function offersText(offers: readonly FixKind[] | undefined): string {
  return offers && offers.length > 0 ? offers.join(' or ') : 'none';
}

export function rulesCommand(argv: readonly string[], io: Io): number {
  const args = parseCommandLine(argv, OPTIONS);
  if (args.values.help) { io.out(RULES_HELP); return 0; }
  if (args.values.version) { io.out(`${VERSION}\n`); return 0; }
  if (args.positionals.length > 0) throw new UsageError(`rules takes no arguments (got ${args.positionals.join(' ')})`);
  const format = (args.values.format as string | undefined) ?? 'text';
  const rules = configurableRules();
  let text: string;
  if (format === 'json') {
    text = `${JSON.stringify(rules.map((r) => ({
      id: r.id,
      name: r.name,
      defaultSeverity: r.defaultSeverity,
      summary: r.summary,
      description: r.description,
      options: Object.fromEntries(Object.entries(r.options ?? {}).map(([k, o]) => [k, { type: o.type, default: o.default, description: o.description }])),
      offers: r.offers ?? [],
      helpUri: helpUri(r.id),
    })), null, 2)}\n`;
  } else if (format === 'text') {
    const idWidth = Math.max(...rules.map((r) => r.id.length));
    const nameWidth = Math.max(...rules.map((r) => r.name.length));
    const lines: string[] = [];
    for (const r of rules) {
      lines.push(`${r.id.padEnd(idWidth)}  ${r.name.padEnd(nameWidth)}  ${r.defaultSeverity.padEnd(7)}  ${helpUri(r.id)}`);
      lines.push(`${' '.repeat(idWidth + 2)}${r.summary}`);
      lines.push(`${' '.repeat(idWidth + 2)}offers: ${offersText(r.offers)}`);
      for (const [name, o] of Object.entries(r.options ?? {})) {
        lines.push(`${' '.repeat(idWidth + 2)}option ${name} (${o.type}, default ${JSON.stringify(o.default)}): ${o.description}`);
      }
    }
    lines.push('', `${rules.length} rules. A fix changes no running database (--fix, fix on save); a suggestion does (--fix --fix-suggestions, or a quick fix in the editor).`);
    lines.push(`Configure them in .rdscope.yaml: rules: { RDS201: off, RDS301: { severity: error, maxReplicas: 3 } }`);
    text = `${lines.join('\n')}\n`;
  } else {
    throw new UsageError(`unknown format "${format}" for rules; expected text or json`);
  }
  writeReport(io, text, args.values.output as string | undefined);
  return 0;
}
