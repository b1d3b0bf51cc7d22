/**
 * Places the diagram with elkjs (the Eclipse Layout Kernel compiled to
 * JavaScript, bundled: no worker, no network): layered, left to right,
 * orthogonal edges, compound nodes for region -> AZ -> cluster -> instance.
 *
 * ELK lays out a compound either hierarchically (INCLUDE_CHILDREN: edges may
 * cross group borders, but unconnected parts stack in one tall column) or
 * group by group (SEPARATE_CHILDREN: unconnected parts pack into a grid, but
 * edges may not cross borders). To get both, each container's children are
 * split into connected components: a component of several children goes into
 * an invisible INCLUDE_CHILDREN wrapper laid out by ELK's layered algorithm,
 * and the container packs its components with ELK's rectpacking (no edges
 * are left at its level). Only edges between regions cross top-level
 * borders; those few are routed here as orthogonal connectors after ELK.
 *
 * Edge labels are placed here too, on the longest segment of each edge:
 * given to ELK they become dummy nodes and triple the time at 1,000 instances.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { minimumSizeOf, minimumSizeOption, paddingOf, paddingOption as padding, SPACING } from './elkOptions';
import { hierarchy, type DiagramEdge, type DiagramGraph, type DiagramGroup, type DiagramNode } from './graph';
import { placeTree } from './treeLayout';

export interface Point { readonly x: number; readonly y: number }
export interface Box { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

export type LayoutNode = DiagramNode & Box & { readonly compound: boolean };
export type LayoutGroup = DiagramGroup & Box;
export type LayoutEdge = DiagramEdge & {
  readonly points: readonly Point[];
  readonly labelBox?: Box;
  /** Routed after ELK (edges between regions), not by it. */
  readonly connector: boolean;
};

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly groups: readonly LayoutGroup[];
  /** Containers before what they contain, so later ones draw on top. */
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly graph: DiagramGraph;
}

/** Geometry the SVG renderer draws into; shared so text positions and boxes agree. */
export const GEOMETRY = {
  nodeWidth: 264,
  nodeHeight: 84,
  nodeHeightNoBadges: 64,
  /** Header of a cluster drawn as a container: title, subtitle, detail, badges. */
  compoundHeader: 90,
  compoundPadding: 14,
  groupHeader: 30,
  groupPadding: 14,
  margin: 16,
  charWidth: 6.6,
  labelHeight: 14,
} as const;

const ROOT = '';

export const GLOBAL_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': String(SPACING.nodeNode),
  'elk.layered.spacing.nodeNodeBetweenLayers': String(SPACING.betweenLayers),
  'elk.spacing.edgeNode': String(SPACING.edgeNode),
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.componentComponent': '32',
  'elk.aspectRatio': '1.6',
  // Default 7: 3 gives the same pictures on the fixtures, ~30% faster at 1,000 instances.
  'elk.layered.thoroughness': '3',
  // Not 'elk.layered.considerModelOrder.strategy': elkjs 0.12 throws on it in hierarchical graphs.
  // ELK is deterministic, so the same input still gives the same picture.
  'org.eclipse.elk.json.edgeCoords': 'ROOT',
  'org.eclipse.elk.json.shapeCoords': 'ROOT',
};

/** A container whose children share no edge: packed in rows, in the order given (stable while typing). */
const PACKING: Record<string, string> = { 'elk.algorithm': 'rectpacking', 'elk.spacing.nodeNode': '32' };

/** Width to height of a packed container: wider than tall, like the panel and most screens. */
const ASPECT_RATIO = 1.6;

export interface LayoutEngine {
  layout(graph: DiagramGraph, control?: LayoutControl): Promise<DiagramLayout>;
  /** What the last layout did: how many components, of how many shapes, and how many new shapes it placed itself or gave to ELK. */
  readonly lastRun: LayoutRun;
}

export interface LayoutRun { readonly components: number; readonly shapes: number; readonly placedAsTrees: number; readonly laidOutByElk: number }

/** How a caller that must stay responsive (the webview) lets others run during a long layout, and drops a stale one. */
export interface LayoutControl {
  /** Awaited between ELK batches: a macrotask, so input events and newer messages get in. */
  readonly pause?: () => Promise<void>;
  /** Checked after each pause: true when the layout is no longer wanted (a newer diagram arrived). */
  readonly cancelled?: () => boolean;
}

export class LayoutCancelled extends Error {
  constructor() { super('layout cancelled: a newer diagram replaced it'); }
}

/** Component layouts kept per engine: enough for a large estate, bounded for a long session. */
const COMPONENT_CACHE_SIZE = 5000;
/** Nodes given to ELK in one call: one call costs far less than one per component, and this bounds the time between pauses. */
const ELK_BATCH_NODES = 150;

/**
 * One ELK instance (created on first need: most templates never need it),
 * and a cache of component layouts by shape. Each component of several nodes
 * (a primary with its standby and replicas, a cluster with its members, a
 * proxy and its targets) is placed directly when it is a tree (treeLayout.ts),
 * else by ELK's layered algorithm; the containers (regions, AZs) then pack
 * their components in rows here, in linear time. The cache key is the
 * component's shape with its names left out, so a template of hundreds of
 * components of a few shapes lays out each shape once; an edit re-lays out
 * only a component whose shape it changed, and a keystroke that changes no
 * shape re-lays out nothing.
 */
export function createLayoutEngine(): LayoutEngine {
  let elk: InstanceType<typeof ELK> | undefined;
  const components = new Map<string, ElkNode>();
  const remember = (key: string, laid: ElkNode) => {
    components.delete(key);
    components.set(key, laid);
    // Most recently used last: the cache drops the oldest.
    if (components.size > COMPONENT_CACHE_SIZE) components.delete(components.keys().next().value!);
  };
  const engine = {
    lastRun: { components: 0, shapes: 0, placedAsTrees: 0, laidOutByElk: 0 } as LayoutRun,
    async layout(graph: DiagramGraph, control: LayoutControl = {}): Promise<DiagramLayout> {
      const elkGraph = toElk(graph);
      const wrappers: ElkNode[] = [];
      const collect = (n: ElkNode) => { for (const c of n.children ?? []) { if (c.id.startsWith('w:')) wrappers.push(c); else collect(c); } };
      collect(elkGraph);
      const shapes = new Map(wrappers.map((w) => [w.id, anonymous(w)]));
      // Shapes not in the cache: trees placed here, the rest to ELK, each shape once.
      const forElk = new Map<string, ElkNode>();
      let placedAsTrees = 0;
      for (const shape of shapes.values()) {
        if (components.has(shape.key) || forElk.has(shape.key)) continue;
        const tree = placeTree(shape.node);
        if (tree) { remember(shape.key, tree); placedAsTrees++; } else forElk.set(shape.key, { ...shape.node, id: shape.key });
      }
      engine.lastRun = { components: wrappers.length, shapes: new Set([...shapes.values()].map((x) => x.key)).size, placedAsTrees, laidOutByElk: forElk.size };
      let batch: ElkNode[] = [];
      let nodes = 0;
      const run = async () => {
        elk ??= new ELK();
        const done = await elk.layout({ id: 'batch', layoutOptions: { 'elk.algorithm': 'org.eclipse.elk.fixed' }, children: batch }, { layoutOptions: GLOBAL_OPTIONS });
        for (const c of done.children ?? []) remember(c.id, translate({ ...c, id: '' }, -(c.x ?? 0), -(c.y ?? 0)));
        batch = [];
        nodes = 0;
        if (control.pause) await control.pause();
        if (control.cancelled?.()) throw new LayoutCancelled();
      };
      for (const component of forElk.values()) {
        batch.push(component);
        nodes += countNodes(component);
        if (nodes >= ELK_BATCH_NODES) await run();
      }
      if (batch.length > 0) await run();
      const laid = new Map<string, ElkNode>();
      for (const w of wrappers) {
        const shape = shapes.get(w.id)!;
        const cached = components.get(shape.key)!;
        remember(shape.key, cached);
        laid.set(w.id, named(cached, shape.names));
      }
      return fromElk(graph, placeAt(pack(elkGraph, laid), 0, 0));
    },
  };
  return engine;
}

/**
 * A component with its node and edge ids replaced by their position in it
 * (n0, n1, ... e0, e1, ...): two components that differ only in names share
 * one layout. `names` maps the positions back.
 */
function anonymous(component: ElkNode): { key: string; node: ElkNode; names: Map<string, string> } {
  const names = new Map<string, string>();
  const idOf = new Map<string, string>();
  const rename = (id: string, prefix: string) => {
    let anon = idOf.get(id);
    if (anon === undefined) { anon = `${prefix}${idOf.size}`; idOf.set(id, anon); names.set(anon, id); }
    return anon;
  };
  const visit = (n: ElkNode): ElkNode => ({
    ...n, id: rename(n.id, 'n'),
    ...(n.children ? { children: n.children.map(visit) } : {}),
    ...(n.edges ? { edges: n.edges.map((e) => ({ ...e, id: rename(e.id, 'e'), sources: e.sources.map((s) => rename(s, 'n')), targets: e.targets.map((t) => rename(t, 'n')) })) } : {}),
  });
  const node = visit(component);
  return { key: JSON.stringify(node), node, names };
}

/** A laid-out anonymous component with its real ids back. */
function named(n: ElkNode, names: ReadonlyMap<string, string>): ElkNode {
  return {
    ...n, id: names.get(n.id) ?? n.id,
    ...(n.children ? { children: n.children.map((c) => named(c, names)) } : {}),
    ...(n.edges ? { edges: n.edges.map((e) => ({ ...e, id: names.get(e.id) ?? e.id })) } : {}),
  };
}

function countNodes(n: ElkNode): number {
  return (n.children ?? []).reduce((a, c) => a + countNodes(c), 1);
}

/** Bottom up: each container's children in rows (in the order given: stable while typing), and its size. Positions are local. */
function pack(n: ElkNode, laid: ReadonlyMap<string, ElkNode>): ElkNode {
  const component = laid.get(n.id);
  if (component) return { ...component, id: n.id, x: 0, y: 0 };
  if (!n.children || n.children.length === 0) return { ...n, x: 0, y: 0 };
  const { top, left, bottom, right } = paddingOf(n);
  const min = minimumSizeOf(n);
  const gap = Number(n.layoutOptions?.['elk.spacing.nodeNode'] ?? 32);
  const children = n.children.map((c) => pack(c, laid));
  const area = children.reduce((a, c) => a + ((c.width ?? 0) + gap) * ((c.height ?? 0) + gap), 0);
  const widest = Math.max(...children.map((c) => c.width ?? 0));
  const rowWidth = Math.max(widest, Math.sqrt(area * ASPECT_RATIO));
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let contentWidth = 0;
  const placed = children.map((c) => {
    const w = c.width ?? 0;
    if (x > 0 && x + w > rowWidth) { x = 0; y += rowHeight + gap; rowHeight = 0; }
    const at = { ...c, x: left + x, y: top + y };
    x += w + gap;
    rowHeight = Math.max(rowHeight, c.height ?? 0);
    contentWidth = Math.max(contentWidth, x - gap);
    return at;
  });
  const width = Math.max(min.width, left + contentWidth + right);
  const height = Math.max(min.height, top + y + rowHeight + bottom);
  return { ...n, children: placed, width, height, x: 0, y: 0 };
}

/** Top down: local positions to ELK's ROOT coordinates (what fromElk reads). */
function placeAt(n: ElkNode, dx: number, dy: number): ElkNode {
  const x = (n.x ?? 0) + dx;
  const y = (n.y ?? 0) + dy;
  if (n.id.startsWith('w:')) return translate(n, x, y);
  return { ...n, x, y, ...(n.children ? { children: n.children.map((c) => placeAt(c, x, y)) } : {}) };
}

/** A laid-out component (ELK's ROOT coordinates) moved by (dx, dy), children and edge routes with it. */
function translate(n: ElkNode, dx: number, dy: number): ElkNode {
  const move = (p: { x: number; y: number }) => ({ x: p.x + dx, y: p.y + dy });
  return {
    ...n, x: (n.x ?? 0) + dx, y: (n.y ?? 0) + dy,
    ...(n.children ? { children: n.children.map((c) => translate(c, dx, dy)) } : {}),
    ...(n.edges ? {
      edges: n.edges.map((e) => ({
        ...e, sections: e.sections?.map((sec) => ({ ...sec, startPoint: move(sec.startPoint), endPoint: move(sec.endPoint), ...(sec.bendPoints ? { bendPoints: sec.bendPoints.map(move) } : {}) })),
      })),
    } : {}),
  };
}

let defaultEngine: LayoutEngine | undefined;

export function layoutDiagram(graph: DiagramGraph): Promise<DiagramLayout> {
  defaultEngine ??= createLayoutEngine();
  return defaultEngine.layout(graph);
}

export function nodeSize(n: DiagramNode): { width: number; height: number } {
  return { width: GEOMETRY.nodeWidth, height: n.badges.length > 0 ? GEOMETRY.nodeHeight : GEOMETRY.nodeHeightNoBadges };
}

export function labelWidth(text: string): number {
  return Math.ceil(text.length * GEOMETRY.charWidth * 0.85) + 8;
}

// --- to ELK ------------------------------------------------------------------------------------

export function toElk(graph: DiagramGraph): ElkNode {
  const nodeByKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const groupByKey = new Map(graph.groups.map((g) => [g.key, g]));
  const { parentOf, childrenOf } = hierarchy(graph);

  const ancestors = (key: string): string[] => {
    const out = [key];
    for (let k = key; k !== ROOT;) { k = parentOf(k); out.push(k); }
    return out;
  };

  // For each container: the edges it holds (with the child of the container each leaves from),
  // and which of its children they connect.
  const edgesAt = new Map<string, { edge: DiagramEdge; child: string }[]>();
  const unions = new Map<string, UnionFind>();
  for (const e of graph.edges) {
    const up = ancestors(e.from);
    const down = ancestors(e.to);
    const common = new Set(up);
    let lca = down.find((k) => common.has(k)) ?? ROOT;
    if (lca === e.from || lca === e.to) lca = parentOf(lca);
    if (lca === ROOT) continue; // between regions: routed after layout
    const a = up[up.indexOf(lca) - 1];
    const b = down[down.indexOf(lca) - 1];
    let uf = unions.get(lca);
    if (!uf) { uf = new UnionFind(); unions.set(lca, uf); }
    uf.union(a, b);
    let list = edgesAt.get(lca);
    if (!list) { list = []; edgesAt.set(lca, list); }
    list.push({ edge: e, child: a });
  }

  const elkEdge = (e: DiagramEdge): ElkExtendedEdge => ({ id: e.key, sources: [e.from], targets: [e.to] });

  const item = (key: string, inWrapper: boolean): ElkNode => {
    const node = nodeByKey.get(key);
    const group = groupByKey.get(key);
    if (node && !graph.compounds.has(key)) return { id: key, ...nodeSize(node) };
    const top = group ? GEOMETRY.groupHeader : GEOMETRY.compoundHeader;
    const side = group ? GEOMETRY.groupPadding : GEOMETRY.compoundPadding;
    const contents = container(key, inWrapper);
    // Wide enough for a node, and for the group's label.
    const minWidth = Math.max(GEOMETRY.nodeWidth + 2 * side, group ? Math.ceil(group.label.length * 7) + 2 * side : 0);
    return {
      id: key,
      layoutOptions: {
        ...(inWrapper ? {} : PACKING),
        'elk.padding': padding(top, side),
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': minimumSizeOption(minWidth, top + side + (group ? 0 : 8)),
      },
      ...contents,
    };
  };

  const container = (key: string, inWrapper: boolean): { children: ElkNode[]; edges: ElkExtendedEdge[] } => {
    const items = childrenOf(key);
    const edges = edgesAt.get(key) ?? [];
    if (inWrapper) return { children: items.map((k) => item(k, true)), edges: edges.map((x) => elkEdge(x.edge)) };
    const uf = unions.get(key);
    const rootOf = (k: string) => (uf ? uf.find(k) : k);
    const components = new Map<string, { members: string[]; edges: ElkExtendedEdge[] }>();
    for (const k of items) {
      const root = rootOf(k);
      const c = components.get(root);
      if (c) c.members.push(k); else components.set(root, { members: [k], edges: [] });
    }
    for (const { edge, child } of edges) components.get(rootOf(child))!.edges.push(elkEdge(edge));
    const children: ElkNode[] = [];
    let w = 0;
    for (const { members, edges: own } of components.values()) {
      if (members.length === 1) { children.push(item(members[0], false)); continue; }
      children.push({
        id: `w:${w++}:${key}`,
        layoutOptions: {
          'elk.hierarchyHandling': 'INCLUDE_CHILDREN', 'elk.padding': padding(0, 0),
          // Nodes of a layer in the order given (graph.ts sorts the replicas of a source by name).
          'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
        },
        children: members.map((k) => item(k, true)),
        edges: own,
      });
    }
    return { children, edges: [] };
  };

  return {
    id: 'root',
    // Regions further apart than other components: edges between regions run in that gap.
    layoutOptions: { ...PACKING, 'elk.padding': padding(GEOMETRY.margin, GEOMETRY.margin), 'elk.spacing.nodeNode': '64' },
    ...container(ROOT, false),
  };
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

// --- from ELK ----------------------------------------------------------------------------------

function fromElk(graph: DiagramGraph, result: ElkNode): DiagramLayout {
  const boxes = new Map<string, Box>();
  const routed = new Map<string, { points: Point[] }>();
  const visit = (n: ElkNode) => {
    boxes.set(n.id, { x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 });
    for (const e of n.edges ?? []) {
      const section = e.sections?.[0];
      if (section) routed.set(e.id, { points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] });
    }
    for (const c of n.children ?? []) visit(c);
  };
  visit(result);

  const box = (key: string): Box => boxes.get(key) ?? { x: 0, y: 0, width: 0, height: 0 };
  const groups = graph.groups.map((g): LayoutGroup => ({ ...g, ...box(g.key) }));
  const nodes = graph.nodes.map((n): LayoutNode => ({ ...n, ...box(n.key), compound: graph.compounds.has(n.key) }));
  const { parentOf } = hierarchy(graph);
  const topLevel = (key: string): string => { let k = key; while (parentOf(k) !== ROOT) k = parentOf(k); return k; };
  const edges = graph.edges.map((e): LayoutEdge => {
    const r = routed.get(e.key);
    if (r) return { ...e, points: r.points, labelBox: labelOn(r.points, e.label), connector: false };
    return { ...e, ...connector(box(e.from), box(e.to), box(topLevel(e.from)), box(topLevel(e.to)), e.label), connector: true };
  });
  return { width: Math.ceil(result.width ?? 0), height: Math.ceil(result.height ?? 0), groups, nodes, edges, graph };
}

/**
 * An orthogonal connector between nodes in two top-level groups (regions):
 * out of the source towards the other region, along the gap between the two
 * regions, into the target. Its label sits in the gap, where nothing else is.
 */
function connector(a: Box, b: Box, regionA: Box, regionB: Box, label: string): { points: Point[]; labelBox: Box } {
  const w = labelWidth(label);
  const h = GEOMETRY.labelHeight;
  const ay = a.y + a.height / 2;
  const by = b.y + b.height / 2;
  const ax = a.x + a.width / 2;
  const bx = b.x + b.width / 2;
  if (regionB.x >= regionA.x + regionA.width || regionA.x >= regionB.x + regionB.width) {
    const right = regionB.x >= regionA.x + regionA.width;
    const gap = right ? (regionA.x + regionA.width + regionB.x) / 2 : (regionB.x + regionB.width + regionA.x) / 2;
    const s = { x: right ? a.x + a.width : a.x, y: ay };
    const t = { x: right ? b.x : b.x + b.width, y: by };
    return {
      points: [s, { x: gap, y: ay }, { x: gap, y: by }, t],
      labelBox: { x: gap - w / 2, y: (ay + by) / 2 - h / 2, width: w, height: h },
    };
  }
  const down = regionB.y >= regionA.y + regionA.height / 2;
  const gap = down ? (regionA.y + regionA.height + regionB.y) / 2 : (regionB.y + regionB.height + regionA.y) / 2;
  const s = { x: ax, y: down ? a.y + a.height : a.y };
  const t = { x: bx, y: down ? b.y : b.y + b.height };
  return {
    points: [s, { x: ax, y: gap }, { x: bx, y: gap }, t],
    labelBox: { x: (ax + bx) / 2 - w / 2, y: gap - h - 2, width: w, height: h },
  };
}

/**
 * A label centred on the last segment of an orthogonal edge when it is
 * horizontal and long enough (beside the node it names, and never on a trunk
 * that several edges share), else on the longest segment. On the line itself
 * (its background masks the line), so it stays within the space ELK keeps
 * between edges and nodes.
 */
function labelOn(points: readonly Point[], label: string): Box {
  const w = labelWidth(label);
  const h = GEOMETRY.labelHeight;
  let best = 0;
  let bestLength = -1;
  const lastStart = points[points.length - 2];
  const lastEnd = points[points.length - 1];
  if (lastStart && lastStart.y === lastEnd.y && Math.abs(lastEnd.x - lastStart.x) >= w + 8) best = points.length - 2;
  else for (let i = 0; i + 1 < points.length; i++) {
    const length = Math.abs(points[i + 1].x - points[i].x) + Math.abs(points[i + 1].y - points[i].y);
    // Prefer horizontal segments: text reads along them.
    const score = points[i + 1].y === points[i].y ? length * 2 : length;
    if (score > bestLength) { bestLength = score; best = i; }
  }
  const a = points[best];
  const b = points[best + 1] ?? a;
  return { x: (a.x + b.x) / 2 - w / 2, y: (a.y + b.y) / 2 - h / 2, width: w, height: h };
}
