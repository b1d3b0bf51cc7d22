/**
 * The diagram's targets of issue 15, in Node (the webview runs the same
 * graph, layout and SVG code): the first drawing of the 1 MB template, an
 * edit reflected (one resource's backup retention changed, then the same
 * layout engine again), and 300 resources.
 * `node bench/generated/.build/diagramTargets.js FILE_1MB [runs]` prints JSON.
 */
import { readFileSync } from 'node:fs';
import { buildDiagram } from '../../server/src/diagram/graph';
import { createLayoutEngine } from '../../server/src/diagram/layout';
import { renderSvg } from '../../server/src/diagram/svg';
import { diagramOf, largeTemplate } from '../../test/diagram/helpers';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Timing { total: number; input: number; draw: number; drawCpu: number }

/** The server's part (lint, DiagramInput) and the webview's (graph, layout, SVG), wall time; the webview's CPU time too. */
async function draw(engine: ReturnType<typeof createLayoutEngine>, text: string, uri: string): Promise<Timing> {
  const t0 = performance.now();
  const input = diagramOf(uri, text);
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  renderSvg(await engine.layout(buildDiagram(input)));
  const used = process.cpuUsage(cpu);
  const t2 = performance.now();
  return { total: t2 - t0, input: t1 - t0, draw: t2 - t1, drawCpu: (used.user + used.system) / 1000 };
}

const medians = (xs: Timing[]) => ({
  totalMs: median(xs.map((x) => x.total)), inputMs: median(xs.map((x) => x.input)), drawMs: median(xs.map((x) => x.draw)), drawCpuMs: median(xs.map((x) => x.drawCpu)),
});

async function main(): Promise<void> {
  const [file, runsArg] = process.argv.slice(2);
  const runs = Number(runsArg ?? 3);
  const big = readFileSync(file, 'utf8');
  // A pasted change: a new read replica of the first primary.
  const replica = '\n  PastedReplica:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      SourceDBInstanceIdentifier: !Ref Primary0\n      DBInstanceClass: db.r6g.large\n';
  const edited = big.endsWith('\n') ? big + replica.slice(1) : big + replica;
  const small = largeTemplate(300);
  const first: Timing[] = [];
  const edit: Timing[] = [];
  const three: Timing[] = [];
  // Warm-up: ELK is compiled Java; the first layout of a process pays for JIT (the panel pays it once).
  await draw(createLayoutEngine(), largeTemplate(20), 'warm.yaml');
  for (let i = 0; i < runs; i++) {
    const engine = createLayoutEngine();
    first.push(await draw(engine, big, 'big.yaml'));
    edit.push(await draw(engine, edited, 'big.yaml'));
    three.push(await draw(createLayoutEngine(), small, 'three.yaml'));
  }
  process.stdout.write(`${JSON.stringify({ bytes: big.length, first: medians(first), edit: medians(edit), threeHundred: medians(three) })}\n`);
}

void main();
