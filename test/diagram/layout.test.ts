/**
 * Layout: tree-shaped components placed directly (treeLayout.ts), the rest by
 * ELK, every shape once, and an edit re-laying out only the shapes it changed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildDiagram } from '../../server/src/diagram/graph';
import { createLayoutEngine, LayoutCancelled, type Box, type DiagramLayout } from '../../server/src/diagram/layout';
import { fixture } from '../helpers';
import { diagramFixture, diagramOf, largeTemplate } from './helpers';

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Nodes that are not inside one another (a cluster holds its members) must not overlap. */
function assertNoOverlap(layout: DiagramLayout): void {
  const leaves = layout.nodes.filter((n) => !n.compound);
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) assert.ok(!overlaps(leaves[i], leaves[j]), `${leaves[i].title} overlaps ${leaves[j].title}`);
  }
}

function assertOrthogonal(layout: DiagramLayout): void {
  for (const e of layout.edges) {
    for (let i = 0; i + 1 < e.points.length; i++) {
      const [a, b] = [e.points[i], e.points[i + 1]];
      assert.ok(Math.abs(a.x - b.x) < 0.01 || Math.abs(a.y - b.y) < 0.01, `${e.name}: segment ${i} is diagonal`);
    }
  }
}

describe('diagram layout', () => {
  it('places primaries, standbys, replicas, proxies and clusters as trees, without ELK, each shape once', async () => {
    const engine = createLayoutEngine();
    const layout = await engine.layout(buildDiagram(diagramOf('large.yaml', largeTemplate(60))));
    assert.equal(engine.lastRun.laidOutByElk, 0);
    assert.ok(engine.lastRun.components >= 6, `${engine.lastRun.components} components`);
    assert.ok(engine.lastRun.shapes < engine.lastRun.components, 'components of one shape share a layout');
    assert.equal(engine.lastRun.placedAsTrees, engine.lastRun.shapes);
    assertNoOverlap(layout);
    assertOrthogonal(layout);

    // Primary0's replicas and standby: one column right of it, in name order, the primary centred on them.
    const node = (title: string) => layout.nodes.find((n) => n.title === title)!;
    const primary = node('Primary0');
    const column = layout.edges.filter((e) => e.from === primary.key).map((e) => layout.nodes.find((n) => n.key === e.to)!);
    assert.equal(column.length, 6);
    assert.ok(column.every((c) => c.x === column[0].x && c.x > primary.x + primary.width), 'the children stand in one column to the right');
    const replicas = column.filter((c) => c.kind === 'instance').sort((a, b) => a.y - b.y).map((c) => c.title);
    assert.deepEqual(replicas, ['Primary0Replica0', 'Primary0Replica1', 'Primary0Replica2', 'Primary0Replica3', 'Primary0Replica4']);
    const top = Math.min(...column.map((c) => c.y));
    const bottom = Math.max(...column.map((c) => c.y + c.height));
    assert.ok(primary.y > top && primary.y + primary.height < bottom, 'the primary sits beside the middle of its column');
    // Each edge runs from the source's right side into the target's left side, its label on its last segment.
    for (const e of layout.edges.filter((x) => x.from === primary.key)) {
      const to = layout.nodes.find((n) => n.key === e.to)!;
      assert.equal(e.points[0].x, primary.x + primary.width);
      assert.equal(e.points.at(-1)!.x, to.x);
      assert.ok(e.labelBox && e.labelBox.x > e.points.at(-2)!.x && e.labelBox.x + e.labelBox.width < to.x, `${e.name}: label beside ${to.title}`);
    }
  });

  it('gives ELK only what is not a tree: a cluster reached by a proxy and by its read-only endpoint', async () => {
    const engine = createLayoutEngine();
    const layout = await engine.layout(buildDiagram(diagramFixture('all-shapes.yaml')));
    assert.equal(engine.lastRun.laidOutByElk, 1);
    assert.ok(engine.lastRun.placedAsTrees >= 2, 'the Multi-AZ DB cluster and the snapshot restore are trees');
    assertNoOverlap(layout);
    assertOrthogonal(layout);
  });

  it('re-lays out only the shape an edit changed, and nothing for an edit that changes no shape', async () => {
    const text = readFileSync(fixture('diagram', 'all-shapes.yaml'), 'utf8');
    const engine = createLayoutEngine();
    const uri = 'file:///stack/all-shapes.yaml';
    await engine.layout(buildDiagram(diagramOf(uri, text)));

    const retention = text.replace('BackupRetentionPeriod: 0', 'BackupRetentionPeriod: 5');
    assert.notEqual(retention, text);
    await engine.layout(buildDiagram(diagramOf(uri, retention)));
    assert.deepEqual([engine.lastRun.placedAsTrees, engine.lastRun.laidOutByElk], [0, 0]);

    const pasted = `${text.trimEnd()}\n  PastedReplica:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      SourceDBInstanceIdentifier: !Ref OrdersReplica\n      DBInstanceClass: db.r6g.large\n`;
    const layout = await engine.layout(buildDiagram(diagramOf(uri, pasted)));
    assert.ok(layout.nodes.some((n) => n.title === 'PastedReplica'));
    // The replica joins the component ELK lays out (the proxy's): that one shape again, nothing else.
    assert.deepEqual([engine.lastRun.placedAsTrees, engine.lastRun.laidOutByElk], [0, 1]);
    assertNoOverlap(layout);
  });

  it('pauses between ELK batches and stops when the layout is no longer wanted', async () => {
    let pauses = 0;
    await assert.rejects(createLayoutEngine().layout(buildDiagram(diagramFixture('all-shapes.yaml')), {
      pause: async () => { pauses++; },
      cancelled: () => true,
    }), LayoutCancelled);
    assert.equal(pauses, 1);
  });
});
