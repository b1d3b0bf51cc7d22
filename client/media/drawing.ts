/**
 * The diagram in the page, drawing only what is in view when it is large.
 *
 * Chromium's style, layout and paint of a 4,000-node SVG take seconds (the
 * 1 MB template: about 2 s on every update, whatever the layout cost), and
 * the panel shows a few dozen nodes at a legible zoom. So a large diagram
 * keeps in the DOM the groups, nodes and edges that meet the view plus half
 * a screen around it, and draws more as the user pans or zooms. A diagram of
 * up to FULL_DRAWING_NODES nodes is drawn whole, as before: every node stays
 * reachable with Tab and by screen readers.
 *
 * The SVG comes from the shared renderer (svg.ts) item by item, parsed as
 * XML in one batch per update: markup that slipped through would be a parse
 * error, never live HTML.
 */
import type { Box, DiagramLayout } from '../../server/src/diagram/layout';
import { renderSvgShell, SVG_LAYERS, svgItems, type SvgItem, type SvgLayer } from '../../server/src/diagram/svg';

export const FULL_DRAWING_NODES = 600;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Parses SVG text from the renderer as XML. */
export function parseSvg(text: string): SVGSVGElement {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) throw new Error('the diagram could not be drawn (invalid SVG)');
  return document.importNode(root, true) as unknown as SVGSVGElement;
}

export class Drawing {
  readonly svg: SVGSVGElement;
  readonly viewport: SVGGElement | undefined;
  readonly culled: boolean;
  private readonly items: readonly SvgItem[];
  private readonly layers = new Map<SvgLayer, SVGGElement>();
  private readonly drawn = new Map<SvgItem, Element>();
  /** The diagram area the drawn items cover: a view inside it needs nothing new. */
  private covered: Box | undefined;

  constructor(layout: DiagramLayout, idPrefix: string) {
    this.items = svgItems(layout, idPrefix);
    this.culled = layout.nodes.length > FULL_DRAWING_NODES;
    this.svg = parseSvg(renderSvgShell(layout, { embedStyle: false, legend: false, idPrefix }));
    this.viewport = this.svg.querySelector<SVGGElement>('g.viewport') ?? undefined;
    for (const layer of SVG_LAYERS) {
      const g = Array.from(this.viewport?.children ?? []).find((c) => c.getAttribute('class') === layer);
      if (g) this.layers.set(layer, g as SVGGElement);
    }
  }

  /**
   * Draws what meets `view` (diagram coordinates) and drops what is far from
   * it; returns the elements added, for the caller's overlays (selection,
   * search, drill). Everything, the first time, when the diagram is small.
   */
  show(view: Box): Element[] {
    if (!this.culled) return this.covered ? [] : this.draw(this.items, { x: -Infinity, y: -Infinity, width: Infinity, height: Infinity });
    if (this.covered && inside(view, this.covered)) return [];
    const area = { x: view.x - view.width / 2, y: view.y - view.height / 2, width: view.width * 2, height: view.height * 2 };
    const wanted = this.items.filter((i) => meets(i.box, area));
    const keep = new Set(wanted);
    for (const [item, element] of this.drawn) if (!keep.has(item)) { element.remove(); this.drawn.delete(item); }
    return this.draw(wanted.filter((i) => !this.drawn.has(i)), area);
  }

  private draw(items: readonly SvgItem[], area: Box): Element[] {
    this.covered = area;
    if (items.length === 0) return [];
    // One parse for the batch, one group per layer, in drawing order.
    const text = [`<svg xmlns="${SVG_NS}">`];
    for (const layer of SVG_LAYERS) {
      text.push('<g>');
      for (const item of items) if (item.layer === layer) text.push(item.svg());
      text.push('</g>');
    }
    text.push('</svg>');
    const parsed = parseSvg(text.join(''));
    const added: Element[] = [];
    SVG_LAYERS.forEach((layer, i) => {
      const elements = Array.from(parsed.children[i]?.children ?? []);
      const inLayer = items.filter((item) => item.layer === layer);
      elements.forEach((e, j) => this.drawn.set(inLayer[j], e));
      this.layers.get(layer)?.append(...elements);
      added.push(...elements);
    });
    return added;
  }
}

function meets(a: Box, b: Box): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

function inside(a: Box, b: Box): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}
