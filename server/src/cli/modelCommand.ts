/**
 * `rdscope model FILE...`: the linked topology as JSON
 * (schemas/topology.schema.json), what the editor's diagram receives. Files
 * and folders are collected as `rdscope lint` collects them.
 */
import { topologyToJson } from '../model/serialize';
import { optionsHelp, parseCommandLine, type OptionSpec } from './args';
import { UsageError, writeReport, type Io } from './io';
import { lintWithOptions, TOPOLOGY_OPTIONS } from './lintSync';
import { VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', value: 'FORMAT', description: 'json (the only format).' },
  { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'Write the model to FILE instead of stdout.' },
  ...TOPOLOGY_OPTIONS,
];

export const MODEL_HELP = `Usage: rdscope model [options] FILE|FOLDER...

Prints the RDS topology of the given templates (linked across files) as JSON.

Options:
${optionsHelp(OPTIONS)}
`;

export async function modelCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommandLine(argv, OPTIONS);
  if (args.values.help) { io.out(MODEL_HELP); return 0; }
  if (args.values.version) { io.out(`${VERSION}\n`); return 0; }
  const format = (args.values.format as string | undefined) ?? 'json';
  if (format !== 'json') throw new UsageError(`unknown format "${format}" for model; expected json`);
  const result = await lintWithOptions(args.positionals, args.values, io);
  const json = topologyToJson(result.topology, (file) => result.documents.get(file)?.lineIndex);
  writeReport(io, `${JSON.stringify(json, null, 2)}\n`, args.values.output as string | undefined);
  return 0;
}
