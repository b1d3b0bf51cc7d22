/**
 * Places a tree-shaped component directly, without ELK: the shapes most of a
 * real template is made of (a primary and its standby, a source with its
 * read replicas in a column, a proxy and its targets and endpoints, a cluster
 * and its members, a snapshot and what is restored from it). ELK's layered
 * algorithm costs milliseconds per component and a cold start of a second
 * in a fresh webview; this costs microseconds and gives the same picture:
 * layers left to right, each node's children stacked in the order given
 * (replicas sorted by name), the node centred on them, orthogonal edges.
 *
 * A component qualifies when, at every level, each edge joins two nodes of
 * that level and no node has two incoming edges (a forest). Anything else
 * (an endpoint and a proxy both pointing at a cluster, an edge into a
 * cluster's member from outside) is left to ELK: `placeTree` says undefined.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { minimumSizeOf, paddingOf, SPACING } from './elkOptions';

interface Placed {
  readonly source: ElkNode;
  width: number;
  height: number;
  /** Relative to the container's content box. */
  x: number;
  y: number;
  /** What a container holds, placed in its own content box. */
  readonly inner?: Arrangement;
}

interface Arrangement {
  readonly nodes: readonly Placed[];
  readonly edges: readonly { readonly edge: ElkExtendedEdge; readonly from: Placed; readonly to: Placed }[];
  readonly width: number;
  readonly height: number;
}

/**
 * A laid-out copy of the component (x, y and sizes of every node, edge
 * sections), coordinates relative to the component's top left corner, as
 * ELK returns them with `shapeCoords: ROOT`; undefined when it is not a tree.
 */
export function placeTree(component: ElkNode): ElkNode | undefined {
  const inner = arrange(component.children ?? [], component.edges ?? []);
  if (!inner) return undefined;
  const pad = paddingOf(component);
  return emit({ source: component, width: pad.left + inner.width + pad.right, height: pad.top + inner.height + pad.bottom, x: 0, y: 0, inner }, 0, 0);
}

function arrange(children: readonly ElkNode[], edges: readonly ElkExtendedEdge[]): Arrangement | undefined {
  const byId = new Map<string, Placed>();
  for (const c of children) {
    const placed = size(c);
    if (!placed) return undefined;
    byId.set(c.id, placed);
  }
  const kids = new Map<Placed, Placed[]>();
  const hasParent = new Set<Placed>();
  const routed: { edge: ElkExtendedEdge; from: Placed; to: Placed }[] = [];
  for (const edge of edges) {
    const from = edge.sources.length === 1 ? byId.get(edge.sources[0]) : undefined;
    const to = edge.targets.length === 1 ? byId.get(edge.targets[0]) : undefined;
    // An edge that leaves this level (into a cluster's member), a second parent or a loop: ELK's job.
    if (!from || !to || from === to || hasParent.has(to)) return undefined;
    hasParent.add(to);
    const list = kids.get(from);
    if (list) list.push(to); else kids.set(from, [to]);
    routed.push({ edge, from, to });
  }
  const order = new Map(children.map((c, i) => [byId.get(c.id)!, i]));
  for (const list of kids.values()) list.sort((a, b) => order.get(a)! - order.get(b)!);
  const roots = [...byId.values()].filter((p) => !hasParent.has(p));

  // Layers: each node one to the right of its parent. Every node reached from a root, or there is a cycle.
  const depth = new Map<Placed, number>();
  const walk = (p: Placed, d: number) => { depth.set(p, d); for (const k of kids.get(p) ?? []) walk(k, d + 1); };
  for (const r of roots) walk(r, 0);
  if (depth.size !== byId.size) return undefined;
  const layerWidth: number[] = [];
  for (const [p, d] of depth) layerWidth[d] = Math.max(layerWidth[d] ?? 0, p.width);
  const layerX: number[] = [];
  for (let d = 0, x = 0; d < layerWidth.length; x += layerWidth[d] + SPACING.betweenLayers, d++) layerX[d] = x;

  // Vertically: a node's subtree takes a band; children stack in it, the node centred on them.
  const band = new Map<Placed, number>();
  const bandOf = (p: Placed): number => {
    const list = kids.get(p) ?? [];
    const stacked = list.reduce((a, k) => a + bandOf(k), 0) + SPACING.nodeNode * Math.max(0, list.length - 1);
    const h = Math.max(p.height, stacked);
    band.set(p, h);
    return h;
  };
  const place = (p: Placed, top: number) => {
    const list = kids.get(p) ?? [];
    const span = band.get(p)!;
    p.x = layerX[depth.get(p)!];
    if (list.length === 0) { p.y = top + (span - p.height) / 2; return; }
    let y = top + (span - (list.reduce((a, k) => a + band.get(k)!, 0) + SPACING.nodeNode * (list.length - 1))) / 2;
    for (const k of list) { place(k, y); y += band.get(k)! + SPACING.nodeNode; }
    const first = list[0];
    const last = list[list.length - 1];
    const centre = (first.y + first.height / 2 + last.y + last.height / 2) / 2;
    p.y = Math.min(top + span - p.height, Math.max(top, centre - p.height / 2));
  };
  let height = 0;
  for (const r of roots) {
    if (height > 0) height += SPACING.nodeNode;
    const h = bandOf(r);
    place(r, height);
    height += h;
  }
  const width = layerWidth.reduce((a, w, d) => Math.max(a, layerX[d] + w), 0);
  return { nodes: [...byId.values()], edges: routed, width, height };
}

/** A leaf keeps its size; a container is sized around what it holds, at least its minimum size. */
function size(n: ElkNode): Placed | undefined {
  if (!n.children || n.children.length === 0) {
    const min = minimumSizeOf(n);
    return { source: n, width: Math.max(n.width ?? 0, min.width), height: Math.max(n.height ?? 0, min.height), x: 0, y: 0 };
  }
  const inner = arrange(n.children, n.edges ?? []);
  if (!inner) return undefined;
  const pad = paddingOf(n);
  const min = minimumSizeOf(n);
  return {
    source: n, x: 0, y: 0, inner,
    width: Math.max(min.width, pad.left + inner.width + pad.right),
    height: Math.max(min.height, pad.top + inner.height + pad.bottom),
  };
}

/** The placed node at (dx, dy) plus its own position, its contents and edges in the same (component) coordinates. */
function emit(p: Placed, dx: number, dy: number): ElkNode {
  const x = dx + p.x;
  const y = dy + p.y;
  const out: ElkNode = { ...p.source, x, y, width: p.width, height: p.height };
  if (!p.inner) return out;
  const pad = paddingOf(p.source);
  const ox = x + pad.left;
  const oy = y + pad.top;
  out.children = p.inner.nodes.map((c) => emit(c, ox, oy));
  out.edges = p.inner.edges.map(({ edge, from, to }) => {
    const start = { x: ox + from.x + from.width, y: oy + from.y + from.height / 2 };
    const end = { x: ox + to.x, y: oy + to.y + to.height / 2 };
    // Straight across when level; else down a trunk just right of the source, so the last segment is long enough for the label.
    const trunk = start.x + SPACING.edgeNode;
    const bendPoints = Math.abs(start.y - end.y) < 0.5 ? [] : [{ x: trunk, y: start.y }, { x: trunk, y: end.y }];
    if (bendPoints.length === 0) end.y = start.y;
    return { ...edge, sections: [{ id: `${edge.id}:s`, startPoint: start, endPoint: end, bendPoints }] };
  });
  return out;
}
