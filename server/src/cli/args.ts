/**
 * Command-line options, declared once per command: node's own parser
 * (`util.parseArgs`, strict: an unknown option is a usage error), plus the
 * help text generated from the same declarations.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './io';

export interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  readonly type: 'boolean' | 'string';
  /** Repeatable: the value is the list of every occurrence. */
  readonly multiple?: true;
  readonly value?: string;
  readonly description: string;
}

export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'Show this help.' },
  { name: 'version', short: 'v', type: 'boolean', description: 'Show the version.' },
];

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  readonly positionals: readonly string[];
}

export function parseCommandLine(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const s of [...specs, ...COMMON_OPTIONS]) options[s.name] = { type: s.type, ...(s.short ? { short: s.short } : {}), ...(s.multiple ? { multiple: true } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | readonly string[] | undefined>, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option'));
  }
}

export function optionsHelp(specs: readonly OptionSpec[]): string {
  const rows = [...specs, ...COMMON_OPTIONS].map((s) => {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'string' ? ` ${s.value ?? 'VALUE'}` : ''}`;
    return [flag, s.description] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`).join('\n');
}
