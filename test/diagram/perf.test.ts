/**
 * Layout + render time at scale, for the benchmark: reported as diagnostics
 * (`node --test` prints them), with bounds loose enough for a slow CI box.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildDiagram } from '../../server/src/diagram/graph';
import { createLayoutEngine } from '../../server/src/diagram/layout';
import { renderSvg } from '../../server/src/diagram/svg';
import { diagramFixture, diagramOf, largeTemplate } from './helpers';

describe('diagram performance', () => {
  // ELK is compiled Java: its first layout in a process pays for JIT warm-up. Reported apart.
  before(async () => {
    const t0 = performance.now();
    await createLayoutEngine().layout(buildDiagram(diagramFixture('all-shapes.yaml')));
    console.log(`# first layout in the process (all-shapes.yaml, JIT warm-up): ${ms(performance.now() - t0)}`);
  });

  for (const instances of [100, 1000]) {
    it(`builds, lays out and renders ${instances} instances`, async (t) => {
      const input = diagramOf(`large-${instances}.yaml`, largeTemplate(instances));
      const engine = createLayoutEngine();
      const t0 = performance.now();
      const graph = buildDiagram(input);
      const t1 = performance.now();
      const layout = await engine.layout(graph);
      const t2 = performance.now();
      const svg = renderSvg(layout);
      const t3 = performance.now();
      // The same shapes again (a keystroke that changes a value, not the structure): the layout is reused.
      await engine.layout(buildDiagram(input));
      const t4 = performance.now();
      t.diagnostic(`${instances} instances -> ${graph.nodes.length} nodes, ${graph.edges.length} edges: graph ${ms(t1 - t0)}, `
        + `layout ${ms(t2 - t1)}, svg ${ms(t3 - t2)} (${(svg.length / 1024).toFixed(0)} KiB), total ${ms(t3 - t0)}; `
        + `unchanged shapes again ${ms(t4 - t3)}; ${layout.width}x${layout.height} px`);
      assert.ok(t3 - t0 < instances * 60, 'within a generous bound');
      // Readable: packed into a grid, not one endless column.
      assert.ok(layout.height / layout.width < 4, `aspect ${layout.width}x${layout.height}`);
    });
  }
});

function ms(v: number): string {
  return `${Math.round(v)} ms`;
}
