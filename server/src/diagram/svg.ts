/**
 * A laid-out diagram -> SVG text. The CLI writes it to a file, the webview
 * parses it into the page: one renderer, so both show the same picture.
 *
 * Every resource drawn is an element with `data-resource` (its logical id /
 * address) and `data-node` (its unique key); every edge has `data-edge`
 * ("Source -> Target") and `data-kind`. Nodes are focusable and labelled for
 * screen readers; `<title>` children give hovers. Every string from the
 * user's files passes through escapeMarkup, and nothing uses inline `style`
 * attributes (a strict CSP forbids them): looks come from classes.
 */
import { escapeMarkup as esc } from './escape';
import type { Badge, EdgeKind } from './graph';
import { GEOMETRY, type Box, type DiagramLayout, type LayoutEdge, type LayoutGroup, type LayoutNode } from './layout';
import { DIAGRAM_CSS, paletteCss, type Theme } from './style';

export interface SvgOptions {
  /** Embed the stylesheet and a palette: true for files; false where the page styles it (the webview, the HTML page). */
  readonly embedStyle?: boolean;
  readonly theme?: Theme;
  /** Draw the legend below the diagram. */
  readonly legend?: boolean;
  /** Opaque background rectangle (PNG export, images in dark pages). */
  readonly background?: boolean;
  /** Prefix of ids inside the SVG (arrow markers), so several SVGs can share a page. */
  readonly idPrefix?: string;
}

const EDGE_KINDS: readonly EdgeKind[] = ['sync', 'async', 'proxy', 'endpoint', 'readers', 'restore', 'snapshot-restore'];

export const LEGEND_EDGES: readonly { kind: EdgeKind; text: string }[] = [
  { kind: 'sync', text: 'sync (standby, cluster reader)' },
  { kind: 'async', text: 'async (read replica)' },
  { kind: 'proxy', text: 'proxy target' },
  { kind: 'endpoint', text: 'proxy endpoint / readers' },
  { kind: 'restore', text: 'PITR or snapshot restore' },
];

export const LEGEND_BADGES: readonly { badge: Badge; text: string }[] = [
  { badge: { kind: 'pitr', state: 'on', text: 'PITR', description: '' }, text: 'protection on' },
  { badge: { kind: 'backup', state: 'off', text: 'no backups', description: '' }, text: 'protection off' },
  { badge: { kind: 'backup', state: 'unknown', text: 'backup ?', description: '' }, text: 'not known statically' },
  { badge: { kind: 'finding', state: 'error', text: 'RDS101 +1', description: '' }, text: 'worst finding, +more' },
];

const SEVERITIES = ['error', 'warning', 'info'] as const;
const r = (v: number) => Math.round(v * 10) / 10;

export function renderSvg(layout: DiagramLayout, options: SvgOptions = {}): string {
  return renderSvgOf(layout, options, svgItems(layout, options.idPrefix ?? 'rd'));
}

/**
 * The SVG with its layers empty: a page that draws only what is in view
 * (the webview, on a large diagram) fills them from `svgItems`.
 */
export function renderSvgShell(layout: DiagramLayout, options: SvgOptions = {}): string {
  return renderSvgOf(layout, options, []);
}

/** The layers, bottom to top, each a `<g>` of this class inside `g.viewport`. */
export const SVG_LAYERS = ['groups', 'edges connectors', 'clusters', 'edges', 'nodes'] as const;
export type SvgLayer = (typeof SVG_LAYERS)[number];

/** One drawn thing: where it is (for drawing only what is in view) and its SVG, made on demand. */
export interface SvgItem {
  readonly layer: SvgLayer;
  readonly box: Box;
  svg(): string;
}

/** Everything drawn, in drawing order. */
export function svgItems(layout: DiagramLayout, idPrefix = 'rd'): SvgItem[] {
  const names = new Map(layout.nodes.map((n) => [n.key, n.resource ?? n.title]));
  const edge = (layer: SvgLayer) => (e: LayoutEdge): SvgItem => ({ layer, box: edgeBox(e), svg: () => edgeSvg(e, idPrefix, names) });
  return [
    ...layout.groups.map((g): SvgItem => ({ layer: 'groups', box: g, svg: () => groupSvg(g) })),
    // Edges between regions are not routed around nodes: drawn under everything, they pass behind boxes.
    ...layout.edges.filter((e) => e.connector).map(edge('edges connectors')),
    ...layout.nodes.filter((n) => n.compound).map((n): SvgItem => ({ layer: 'clusters', box: n, svg: () => nodeSvg(n) })),
    ...layout.edges.filter((e) => !e.connector).map(edge('edges')),
    ...layout.nodes.filter((n) => !n.compound).map((n): SvgItem => ({ layer: 'nodes', box: n, svg: () => nodeSvg(n) })),
  ];
}

function edgeBox(e: LayoutEdge): Box {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (x: number, y: number) => { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); };
  for (const p of e.points) add(p.x, p.y);
  if (e.labelBox) { add(e.labelBox.x, e.labelBox.y); add(e.labelBox.x + e.labelBox.width, e.labelBox.y + e.labelBox.height); }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function renderSvgOf(layout: DiagramLayout, options: SvgOptions, items: readonly SvgItem[]): string {
  const { embedStyle = true, theme = 'auto', legend = true, background = false, idPrefix = 'rd' } = options;
  const m = GEOMETRY.margin;
  const legendBlock = legend ? legendSvg(Math.max(layout.width - 2 * m, 560), idPrefix) : undefined;
  const width = Math.max(layout.width, legendBlock ? legendBlock.width + 2 * m : 0);
  const height = layout.height + (legendBlock ? legendBlock.height + m : 0);
  const g = layout.graph;
  const summary = `RDS topology: ${g.resourceCount} resource${g.resourceCount === 1 ? '' : 's'}`
    + (g.hiddenReplicas > 0 ? `, ${g.hiddenReplicas} replicas collapsed` : '');

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="rdscope-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="${esc(summary)}">`);
  out.push(`<title>${esc(summary)}</title>`);
  if (embedStyle) out.push(`<style>${paletteCss(theme)}${DIAGRAM_CSS}</style>`);
  out.push(`<defs>${EDGE_KINDS.map((k) => marker(idPrefix, k)).join('')}</defs>`);
  if (background) out.push(`<rect class="rd-bg" x="0" y="0" width="${width}" height="${height}"/>`);
  out.push('<g class="viewport">');
  for (const layer of SVG_LAYERS) {
    // Appended one by one: a spread of 100,000 parts overflows the stack.
    out.push(`<g class="${layer}">`);
    for (const item of items) if (item.layer === layer) out.push(item.svg());
    out.push('</g>');
  }
  out.push('</g>');
  if (legendBlock) out.push(`<g class="legend" transform="translate(${m} ${layout.height})">${legendBlock.svg}</g>`);
  out.push('</svg>');
  return out.join('\n');
}

/** The legend alone, as its own SVG (the webview shows it beside the diagram). */
export function renderLegendSvg(idPrefix = 'rd-legend'): string {
  const block = legendSvg(560, idPrefix);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="rdscope-diagram rdscope-legend" width="${block.width}" height="${block.height}" viewBox="0 0 ${block.width} ${block.height}" role="img" aria-label="Legend">`
    + `<defs>${EDGE_KINDS.map((k) => marker(idPrefix, k)).join('')}</defs>${block.svg}</svg>`;
}

function marker(prefix: string, kind: EdgeKind): string {
  // userSpaceOnUse: the same arrow on a thick sync edge as on a thin one.
  return `<marker id="${prefix}-arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">`
    + `<path class="marker marker-${kind}" d="M0,0 L10,5 L0,10 z"/></marker>`;
}

function groupSvg(g: LayoutGroup): string {
  const label = fit(g.label, g.width - 2 * GEOMETRY.groupPadding, 7);
  return `<g class="group group-${g.kind}" data-group="${esc(g.label)}" data-key="${esc(g.key)}"><title>${esc(g.label)}</title>`
    + `<rect x="${r(g.x)}" y="${r(g.y)}" width="${r(g.width)}" height="${r(g.height)}" rx="${g.kind === 'region' ? 10 : 6}"/>`
    + `<text class="group-label" x="${r(g.x + GEOMETRY.groupPadding)}" y="${r(g.y + 20)}">${esc(label)}</text></g>`;
}

function nodeSvg(n: LayoutNode): string {
  const classes = ['node', `node-${n.kind}`];
  if (n.worst) classes.push(`sev-${n.worst}`);
  if (n.condition) classes.push('conditional');
  const attrs = [`class="${classes.join(' ')}"`, `data-node="${esc(n.key)}"`, `data-kind="${n.kind}"`];
  if (n.resource !== undefined) attrs.push(`data-resource="${esc(n.resource)}"`);
  if (n.file !== undefined) attrs.push(`data-file="${esc(n.file)}"`);
  attrs.push('tabindex="0"', 'role="button"', `aria-label="${esc(n.ariaLabel)}"`);

  const pad = 10;
  const finding = n.badges.find((b) => b.kind === 'finding');
  const others = n.badges.filter((b) => b.kind !== 'finding');
  const chip = finding ? badgeWidth(finding.text, true) : 0;
  const out = [`<g ${attrs.join(' ')}>`, `<title>${esc(n.tooltip)}</title>`];
  out.push(`<rect class="node-box" x="${r(n.x)}" y="${r(n.y)}" width="${r(n.width)}" height="${r(n.height)}" rx="6"/>`);
  const textWidth = n.width - 2 * pad;
  // Names that share a prefix (aws_db_instance.billing_replica_1, _2…) differ at the end: keep both ends.
  out.push(`<text class="node-title" x="${r(n.x + pad)}" y="${r(n.y + 20)}">${esc(fitMiddle(n.title, textWidth - (chip ? chip + 6 : 0), 8))}</text>`);
  out.push(`<text class="node-subtitle" x="${r(n.x + pad)}" y="${r(n.y + 37)}">${esc(fit(n.subtitle, textWidth, 6.3))}</text>`);
  out.push(`<text class="node-detail" x="${r(n.x + pad)}" y="${r(n.y + 52)}">${esc(fit(n.detail, textWidth, 6.3))}</text>`);
  if (finding) out.push(badgeSvg(finding, n.x + n.width - pad - chip, n.y + 7));
  out.push(badgeRow(others, n.x + pad, n.y + 60, n.x + n.width - pad));
  out.push('</g>');
  return out.join('');
}

/** Badges left to right; what does not fit becomes one "+N" badge (all of them stay in the aria-label). */
function badgeRow(badges: readonly Badge[], x: number, y: number, limit: number): string {
  const widths = badges.map((b) => badgeWidth(b.text));
  const out: string[] = [];
  for (let i = 0; i < badges.length; i++) {
    const remaining = widths.slice(i).reduce((a, w) => a + w + 4, -4);
    const overflow = badgeWidth(`+${badges.length - i - 1}`);
    if (x + remaining > limit && x + widths[i] + 4 + overflow > limit) {
      out.push(badgeSvg({ kind: badges[i].kind, state: 'unknown', text: `+${badges.length - i}`, description: '' }, x, y));
      break;
    }
    out.push(badgeSvg(badges[i], x, y));
    x += widths[i] + 4;
  }
  return out.join('');
}

/** Severity chips are bold, so wider per character. */
function badgeWidth(text: string, bold = false): number {
  return Math.ceil(Array.from(text).length * (bold ? 6.6 : 5.9)) + 10;
}

function badgeSvg(b: Badge, x: number, y: number): string {
  const w = badgeWidth(b.text, b.kind === 'finding');
  return `<g class="badge badge-${b.kind} badge-${b.state}">`
    + `<rect x="${r(x)}" y="${r(y)}" width="${w}" height="16" rx="8"/>`
    + `<text x="${r(x + w / 2)}" y="${r(y + 12)}" text-anchor="middle">${esc(b.text)}</text></g>`;
}

function edgeSvg(e: LayoutEdge, prefix: string, names: Map<string, string>): string {
  const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)} ${r(p.y)}`).join(' ');
  const attrs = [
    `class="edge edge-${e.kind}${e.connector ? ' edge-connector' : ''}"`, `data-edge="${esc(e.name)}"`, `data-kind="${e.kind}"`,
    `data-from="${esc(names.get(e.from) ?? '')}"`, `data-to="${esc(names.get(e.to) ?? '')}"`,
  ];
  const out = [`<g ${attrs.join(' ')}>`, `<title>${esc(`${e.name}: ${e.description}`)}</title>`,
    `<path d="${d}" marker-end="url(#${prefix}-arrow-${e.kind})"/>`];
  if (e.labelBox) out.push(labelSvg(e.label, e.labelBox));
  out.push('</g>');
  return out.join('');
}

function labelSvg(text: string, b: Box): string {
  return `<rect class="edge-label-bg" x="${r(b.x - 1)}" y="${r(b.y)}" width="${r(b.width + 2)}" height="${r(b.height)}" rx="3"/>`
    + `<text class="edge-label" x="${r(b.x + b.width / 2)}" y="${r(b.y + b.height - 3)}" text-anchor="middle">${esc(text)}</text>`;
}

/** The legend, wrapped to `maxWidth`; coordinates from its own top-left corner. */
function legendSvg(maxWidth: number, prefix: string): { svg: string; width: number; height: number } {
  type Item = { width: number; draw: (x: number, y: number) => string };
  const text = (s: string, x: number, y: number) => `<text class="legend-text" x="${r(x)}" y="${r(y + 12)}">${esc(s)}</text>`;
  const textWidth = (s: string) => Math.ceil(s.length * 6.2);
  const items: Item[] = [];
  for (const e of LEGEND_EDGES) {
    items.push({ width: 40 + textWidth(e.text), draw: (x, y) =>
      `<g class="edge edge-${e.kind}"><path d="M${x} ${y + 8} L${x + 32} ${y + 8}" marker-end="url(#${prefix}-arrow-${e.kind})"/></g>${text(e.text, x + 38, y)}` });
  }
  for (const b of LEGEND_BADGES) {
    const w = badgeWidth(b.badge.text, b.badge.kind === 'finding');
    items.push({ width: w + 6 + textWidth(b.text), draw: (x, y) => badgeSvg(b.badge, x, y) + text(b.text, x + w + 6, y) });
  }
  items.push({ width: 40 + textWidth('standby: serves no reads'), draw: (x, y) =>
    `<g class="node node-standby"><rect class="node-box" x="${x}" y="${y + 1}" width="32" height="14" rx="3"/></g>${text('standby: serves no reads', x + 38, y)}` });
  for (const s of SEVERITIES) {
    items.push({ width: 18 + textWidth(s), draw: (x, y) => `<rect class="sev-swatch-${s}" x="${x}" y="${y + 2}" width="12" height="12" rx="2"/>${text(s, x + 16, y)}` });
  }

  const pad = 10;
  const rowHeight = 22;
  const parts: string[] = [];
  let x = pad + 56;
  let y = pad;
  let width = 0;
  parts.push(`<text class="legend-text legend-title" x="${pad}" y="${y + 12}">Legend</text>`);
  for (const item of items) {
    if (x + item.width > maxWidth - pad && x > pad + 56) { x = pad + 56; y += rowHeight; }
    parts.push(item.draw(x, y));
    x += item.width + 18;
    width = Math.max(width, x - 18 + pad);
  }
  const height = y + rowHeight + pad - 4;
  return { svg: `<rect class="legend-box" x="0" y="0" width="${width}" height="${height}" rx="6"/>${parts.join('')}`, width, height };
}

/** Like fit, but the ellipsis goes in the middle: the start and the distinguishing end both stay. */
export function fitMiddle(text: string, width: number, charWidth: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' '));
  const max = Math.max(1, Math.floor(width / charWidth));
  if (chars.length <= max) return chars.join('');
  const head = Math.floor((max - 1) * 0.4);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** Shortens text to fit a width at an average character width; the full text stays in titles and labels. */
export function fit(text: string, width: number, charWidth: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' '));
  const max = Math.max(1, Math.floor(width / charWidth));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
