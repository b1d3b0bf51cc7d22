/**
 * `rdscope graph FILE... [--format svg|html|dot|mermaid|json] [-o FILE]`:
 * the diagram the editor panel shows, as a file for docs and pull requests.
 * The same renderer as the webview (server/src/diagram/), so the SVG is the
 * one the panel exports. Exit codes: 0 written, 2 usage errors.
 */
import { extname } from 'node:path';
import { DEFAULT_FLEET_THRESHOLD } from '../diagram/graph';
import { diagramInputFromLint } from '../diagram/input';
import { DIAGRAM_FORMATS, renderDiagram, type DiagramFormat } from '../diagram/render';
import type { Theme } from '../diagram/style';
import type { LintResult } from '../lint';
import { optionsHelp, parseCommandLine, type ParsedArgs, type OptionSpec } from './args';
import type { FlagValues } from './deploymentFlags';
import { UsageError } from './io';
import { TOPOLOGY_OPTIONS } from './lintSync';

export interface GraphIo {
  /** Lints the paths as `rdscope lint` does, with the values of TOPOLOGY_OPTIONS: same files, configuration, deployment and linking. */
  lint(paths: readonly string[], values: FlagValues): LintResult | Promise<LintResult>;
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(path: string, text: string): void;
}

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', value: 'FORMAT', description: 'svg (default), html, dot, mermaid or json.' },
  { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'Write to FILE (the format follows its extension when --format is absent); default: standard output.' },
  { name: 'theme', type: 'string', value: 'THEME', description: "svg: auto (default: follows the viewer's light/dark preference), light or dark." },
  { name: 'no-legend', type: 'boolean', description: 'svg/html: leave out the legend.' },
  { name: 'fleet-threshold', type: 'string', value: 'N', description: `Collapse more than N direct replicas of one source into "+K replicas" (default ${DEFAULT_FLEET_THRESHOLD}).` },
  ...TOPOLOGY_OPTIONS,
];

export const GRAPH_USAGE = `usage: rdscope graph [FILE|FOLDER...] [options]

Draws the RDS topology of the templates: regions, AZs, Multi-AZ standbys,
clusters, replicas, proxies and restores, with backup/PITR/snapshot/encryption
badges and the worst finding per resource, for the deployment the options name
(as for rdscope lint).

options:
${optionsHelp(OPTIONS)}
`;

const BY_EXTENSION: Record<string, DiagramFormat> = {
  '.svg': 'svg', '.html': 'html', '.htm': 'html', '.dot': 'dot', '.gv': 'dot', '.mmd': 'mermaid', '.mermaid': 'mermaid', '.json': 'json',
};

export async function runGraph(argv: readonly string[], io: GraphIo): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseCommandLine(argv, OPTIONS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usage(io, error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) { io.stdout(GRAPH_USAGE); return 0; }
  const text = (name: string) => values[name] as string | undefined;
  const output = text('output');

  const format = text('format') ?? (output ? BY_EXTENSION[extname(output).toLowerCase()] : undefined) ?? 'svg';
  if (!(DIAGRAM_FORMATS as readonly string[]).includes(format)) return usage(io, `unknown format "${format}" (expected ${DIAGRAM_FORMATS.join(', ')})`);
  const theme = text('theme') ?? 'auto';
  if (theme !== 'auto' && theme !== 'light' && theme !== 'dark') return usage(io, `unknown theme "${theme}" (expected auto, light or dark)`);
  let fleetThreshold = DEFAULT_FLEET_THRESHOLD;
  if (text('fleet-threshold') !== undefined) {
    fleetThreshold = Number(text('fleet-threshold'));
    if (!Number.isInteger(fleetThreshold) || fleetThreshold < 1) return usage(io, '--fleet-threshold takes a whole number of at least 1');
  }

  const result = await io.lint(positionals.length > 0 ? positionals : ['.'], values);
  const input = diagramInputFromLint(result);
  const t = input.topology;
  if (t.instances.length + t.clusters.length + t.proxies.length === 0) io.stderr('rdscope: no RDS resources found; the diagram is empty\n');
  const drawing = await renderDiagram(input, format as DiagramFormat, {
    theme: theme as Theme, legend: values['no-legend'] !== true, fleetThreshold,
    title: `RDS topology: ${t.files.map((f) => f.file).join(', ') || 'no templates'}`,
  });
  if (output) io.writeFile(output, drawing);
  else io.stdout(drawing);
  return 0;
}

function usage(io: GraphIo, message: string): number {
  io.stderr(`rdscope graph: ${message}\n${GRAPH_USAGE}`);
  return 2;
}
