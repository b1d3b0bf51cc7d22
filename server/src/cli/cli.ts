/**
 * The `rdscope` command line (main.ts runs it; bin/rdscope.js -> dist/cli.js).
 *
 *   rdscope lint [paths or globs...]   lint templates (the default command)
 *   rdscope rules                      list the rules
 *   rdscope model FILE...              print the linked topology as JSON
 *   rdscope graph FILE...              draw the topology (SVG, HTML, DOT, Mermaid, JSON)
 *   rdscope drill --failure KIND FILE...  what each database does when an instance, AZ or region fails
 *
 * Exit codes: 0 clean, 1 findings at --fail-level, 2 usage errors, unreadable
 * paths, invalid configuration (and internal errors). A stack trace is only
 * printed with --debug.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, formatConfigProblem } from '../config/load';
import { printable, printableLines } from '../format/printable';
import { hasGlobMagic } from '../io/glob';
import { HOMEPAGE_URL } from '../projectLinks';
import { DRILL_HELP, drillCommand } from './drill';
import { GRAPH_USAGE, runGraph } from './graph';
import { FatalError, UsageError, writeReport, type Io } from './io';
import { lintWithOptions } from './lintSync';
import { LINT_HELP, lintCommand } from './lintCommand';
import { MODEL_HELP, modelCommand } from './modelCommand';
import { RULES_HELP, rulesCommand } from './rulesCommand';
import { VERSION } from './version';

export interface Command {
  readonly summary: string;
  readonly help: string;
  run(argv: readonly string[], io: Io): number | Promise<number>;
}

/** `rdscope graph` (server/src/cli/graph.ts, the diagram issue), fed by the same file collection as lint. */
const GRAPH: Command = {
  summary: 'Draw the RDS topology as SVG, HTML, DOT, Mermaid or JSON.',
  help: GRAPH_USAGE,
  async run(argv, io) {
    if (argv.includes('--version') || argv.includes('-v')) { io.out(`${VERSION}\n`); return 0; }
    return runGraph(argv, {
      lint: (paths, values) => lintWithOptions(paths, values, io),
      stdout: (text) => io.out(text),
      stderr: (text) => io.err(text),
      writeFile: (path, text) => writeReport(io, text, path),
    });
  },
};

export const COMMANDS: Record<string, Command> = {
  lint: { summary: 'Lint templates (the default command).', help: LINT_HELP, run: lintCommand },
  rules: { summary: 'List the rules with their severity and documentation.', help: RULES_HELP, run: rulesCommand },
  model: { summary: 'Print the linked RDS topology of templates as JSON.', help: MODEL_HELP, run: modelCommand },
  graph: GRAPH,
  drill: { summary: 'A failure drill: what each database does when an instance, AZ or region fails, or data is corrupted.', help: DRILL_HELP, run: drillCommand },
};

function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return `rdscope ${VERSION}: lints Amazon RDS architecture in CloudFormation and Terraform templates.

Usage: rdscope [command] [options] [paths...]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`).join('\n')}

Without a command, rdscope lints (rdscope . is rdscope lint .).
Run rdscope <command> --help for a command's options.
Documentation: ${HOMEPAGE_URL}
`;
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  // Test hook: RDSCOPE_TEST_CRASH=command makes every command fail as an internal error would.
  if (io.env.RDSCOPE_TEST_CRASH === 'command') throw new Error('simulated crash (RDSCOPE_TEST_CRASH)');
  const [first, ...rest] = argv;
  if (first === undefined) return COMMANDS.lint.run([], io);
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    io.out(topic && COMMANDS[topic] ? COMMANDS[topic].help : generalHelp());
    return 0;
  }
  if (first === '--version' || first === '-v') { io.out(`${VERSION}\n`); return 0; }
  if (Object.prototype.hasOwnProperty.call(COMMANDS, first)) return COMMANDS[first].run(rest, io);
  // `rdscope .`, `rdscope --format sarif infra/`: lint.
  if (first.startsWith('-') || hasGlobMagic(first) || statSync(resolve(io.cwd, first), { throwIfNoEntry: false })) {
    return COMMANDS.lint.run(argv, io);
  }
  throw new UsageError(`unknown command or path "${first}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`rdscope: ${printable(error.message)}\nRun rdscope --help for usage.\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(`rdscope: invalid configuration\n${error.problems.map((p) => `${printable(formatConfigProblem(p))}\n`).join('')}`);
      return 2;
    }
    if (error instanceof FatalError) {
      io.err(`rdscope: ${printableLines(error.message)}\n`);
      return 2;
    }
    // One line: whatever the error says, a stack trace is for --debug only.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    io.err(`rdscope: internal error: ${printable(message)}\n`);
    if (debug && error instanceof Error && error.stack) io.err(`${printableLines(error.stack)}\n`);
    else io.err('Run again with --debug for the stack trace, and please report it.\n');
    return 2;
  }
}
