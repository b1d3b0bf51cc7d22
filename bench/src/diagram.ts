/**
 * Diagram figure: build + layout + SVG render time for templates of N DB
 * instances, in the shapes the diagram's own tests use (test/diagram/helpers.ts).
 * `node bench/generated/.build/diagram.js 100 1000 [runs]` prints JSON.
 */
import { buildDiagram } from '../../server/src/diagram/graph';
import { createLayoutEngine } from '../../server/src/diagram/layout';
import { renderSvg } from '../../server/src/diagram/svg';
import { diagramOf, largeTemplate } from '../../test/diagram/helpers';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const args = process.argv.slice(2).map(Number);
  const runs = args.length > 2 ? args.pop()! : 3;
  const out: Record<string, unknown> = {};
  // ELK is compiled Java: the first layout in a process pays for its JIT warm-up. Reported apart.
  const t0 = performance.now();
  await createLayoutEngine().layout(buildDiagram(diagramOf('warm-up.yaml', largeTemplate(20))));
  out.firstLayoutMs = performance.now() - t0;
  for (const instances of args) {
    const input = diagramOf(`large-${instances}.yaml`, largeTemplate(instances));
    const graphMs: number[] = [];
    const layoutMs: number[] = [];
    const svgMs: number[] = [];
    let nodes = 0;
    let svgBytes = 0;
    for (let i = 0; i < runs; i++) {
      const engine = createLayoutEngine();
      const a = performance.now();
      const graph = buildDiagram(input);
      const b = performance.now();
      const layout = await engine.layout(graph);
      const c = performance.now();
      const svg = renderSvg(layout);
      const d = performance.now();
      graphMs.push(b - a); layoutMs.push(c - b); svgMs.push(d - c);
      nodes = graph.nodes.length;
      svgBytes = svg.length;
    }
    out[instances] = {
      nodes, svgBytes, graphMs: median(graphMs), layoutMs: median(layoutMs), svgMs: median(svgMs),
      totalMs: median(graphMs.map((g, i) => g + layoutMs[i] + svgMs[i])),
    };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();
