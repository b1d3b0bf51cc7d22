/**
 * `rdscope graph FILE... [--format svg|html|dot|mermaid|json] [-o FILE]`:
 * the diagram the editor panel shows, as a file for docs and pull requests.
 * The same renderer as the webview (server/src/diagram/), so the SVG is the
 * one the panel exports. Exit codes: 0 written, 2 usage errors.
 */
import { parseArgs } from 'node:util';
import { extname } from 'node:path';
import { DEFAULT_FLEET_THRESHOLD } from '../diagram/graph';
import { diagramInputFromLint } from '../diagram/input';
import { DIAGRAM_FORMATS, renderDiagram, type DiagramFormat } from '../diagram/render';
import type { Theme } from '../diagram/style';
import type { LintResult } from '../lint';

export interface GraphIo {
  /** Lints the paths as `rdscope lint` does: same file collection, configuration and cross-file linking. */
  lint(paths: readonly string[], options: { readonly config?: string; readonly followSymlinks?: boolean }): LintResult | Promise<LintResult>;
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(path: string, text: string): void;
}

export const GRAPH_USAGE = `usage: rdscope graph [FILE|FOLDER...] [options]

Draws the RDS topology of the templates: regions, AZs, Multi-AZ standbys,
clusters, replicas, proxies and restores, with backup/PITR/snapshot/encryption
badges and the worst finding per resource.

options:
  -f, --format FORMAT       svg (default), html, dot, mermaid or json
  -o, --output FILE         write to FILE (the format follows its extension
                            when --format is absent); default: standard output
      --theme THEME         svg: auto (default: follows the viewer's light/dark
                            preference), light or dark
      --no-legend           svg/html: leave out the legend
      --fleet-threshold N   collapse more than N direct replicas of one source
                            into "+K replicas" (default ${DEFAULT_FLEET_THRESHOLD})
  -c, --config FILE         configuration file (as for rdscope lint)
      --follow-symlinks     follow symbolic links (as for rdscope lint)
  -h, --help                this text
`;

const BY_EXTENSION: Record<string, DiagramFormat> = {
  '.svg': 'svg', '.html': 'html', '.htm': 'html', '.dot': 'dot', '.gv': 'dot', '.mmd': 'mermaid', '.mermaid': 'mermaid', '.json': 'json',
};

export async function runGraph(argv: readonly string[], io: GraphIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        theme: { type: 'string' },
        'no-legend': { type: 'boolean', default: false },
        'fleet-threshold': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'follow-symlinks': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) { io.stdout(GRAPH_USAGE); return 0; }

  const format = values.format ?? (values.output ? BY_EXTENSION[extname(values.output).toLowerCase()] : undefined) ?? 'svg';
  if (!(DIAGRAM_FORMATS as readonly string[]).includes(format)) return usage(io, `unknown format "${format}" (expected ${DIAGRAM_FORMATS.join(', ')})`);
  const theme = values.theme ?? 'auto';
  if (theme !== 'auto' && theme !== 'light' && theme !== 'dark') return usage(io, `unknown theme "${theme}" (expected auto, light or dark)`);
  let fleetThreshold = DEFAULT_FLEET_THRESHOLD;
  if (values['fleet-threshold'] !== undefined) {
    fleetThreshold = Number(values['fleet-threshold']);
    if (!Number.isInteger(fleetThreshold) || fleetThreshold < 1) return usage(io, '--fleet-threshold takes a whole number of at least 1');
  }

  const result = await io.lint(positionals.length > 0 ? positionals : ['.'], {
    ...(values.config !== undefined ? { config: values.config } : {}), followSymlinks: values['follow-symlinks'],
  });
  const input = diagramInputFromLint(result);
  const t = input.topology;
  if (t.instances.length + t.clusters.length + t.proxies.length === 0) io.stderr('rdscope: no RDS resources found; the diagram is empty\n');
  const text = await renderDiagram(input, format as DiagramFormat, {
    theme: theme as Theme, legend: !values['no-legend'], fleetThreshold,
    title: `RDS topology: ${t.files.map((f) => f.file).join(', ') || 'no templates'}`,
  });
  if (values.output) io.writeFile(values.output, text);
  else io.stdout(text);
  return 0;
}

function usage(io: GraphIo, message: string): number {
  io.stderr(`rdscope graph: ${message}\n${GRAPH_USAGE}`);
  return 2;
}
