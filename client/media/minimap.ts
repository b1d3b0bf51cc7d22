/**
 * The overview of a large drawing: every group and node as a small box, the
 * part on screen as a frame. A click or drag on it moves the view there.
 * Built with DOM calls (no markup strings): nothing from the user's files
 * is drawn in it but geometry and severity classes.
 */
import type { DiagramLayout } from '../../server/src/diagram/layout';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MAX_WIDTH = 200;
const MAX_HEIGHT = 140;

export interface View { readonly x: number; readonly y: number; readonly k: number; readonly width: number; readonly height: number }

export class Minimap {
  private scale = 1;
  private layout: DiagramLayout | undefined;
  private readonly svg: SVGSVGElement;
  private readonly frame: SVGRectElement;

  /** `moveTo` receives the diagram point to centre the view on. */
  constructor(private readonly host: HTMLElement, moveTo: (x: number, y: number) => void) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('aria-hidden', 'true');
    this.frame = document.createElementNS(SVG_NS, 'rect');
    this.frame.setAttribute('class', 'mm-view');
    host.append(this.svg);
    let dragging = false;
    const move = (e: PointerEvent) => {
      const r = this.svg.getBoundingClientRect();
      moveTo((e.clientX - r.left) / this.scale, (e.clientY - r.top) / this.scale);
    };
    host.addEventListener('pointerdown', (e) => { dragging = true; host.setPointerCapture(e.pointerId); move(e); e.stopPropagation(); });
    host.addEventListener('pointermove', (e) => { if (dragging) move(e); });
    host.addEventListener('pointerup', (e) => { dragging = false; host.releasePointerCapture(e.pointerId); });
    host.addEventListener('wheel', (e) => e.stopPropagation());
  }

  draw(layout: DiagramLayout): void {
    this.layout = layout;
    this.scale = Math.min(MAX_WIDTH / Math.max(layout.width, 1), MAX_HEIGHT / Math.max(layout.height, 1));
    const w = Math.ceil(layout.width * this.scale);
    const h = Math.ceil(layout.height * this.scale);
    this.svg.setAttribute('width', String(w));
    this.svg.setAttribute('height', String(h));
    // One path per look (groups, nodes, nodes by worst severity): a few elements, not one per node,
    // so a 4,000-node overview costs the page next to nothing to style and paint.
    const paths = new Map<string, string[]>();
    const box = (b: { x: number; y: number; width: number; height: number }, cls: string) => {
      const w = Math.max(1, b.width * this.scale);
      const h = Math.max(1, b.height * this.scale);
      let list = paths.get(cls);
      if (!list) { list = []; paths.set(cls, list); }
      list.push(`M${round(b.x * this.scale)} ${round(b.y * this.scale)}h${round(w)}v${round(h)}h${round(-w)}z`);
    };
    for (const g of layout.groups) box(g, 'mm-group');
    for (const n of layout.nodes) box(n, `mm-node${n.worst ? ` mm-${n.worst}` : ''}`);
    const elements = [...paths].map(([cls, d]) => {
      const path = document.createElementNS(SVG_NS, 'path');
      path.setAttribute('d', d.join(''));
      path.setAttribute('class', cls);
      path.dataset.boxes = String(d.length);
      return path;
    });
    this.svg.replaceChildren(...elements, this.frame);
  }

  /** Shows the overview only when the drawing does not fit the stage; frames the part on screen. */
  update(view: View): void {
    const layout = this.layout;
    const fits = !layout || (layout.width * view.k <= view.width + 1 && layout.height * view.k <= view.height + 1);
    this.host.hidden = fits;
    if (fits) return;
    const s = this.scale;
    this.frame.setAttribute('x', String((-view.x / view.k) * s));
    this.frame.setAttribute('y', String((-view.y / view.k) * s));
    this.frame.setAttribute('width', String((view.width / view.k) * s));
    this.frame.setAttribute('height', String((view.height / view.k) * s));
  }

  clear(): void {
    this.layout = undefined;
    this.svg.replaceChildren();
    this.host.hidden = true;
  }
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
