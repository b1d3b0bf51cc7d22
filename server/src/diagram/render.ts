/**
 * DiagramInput -> a file in one of the `rdscope graph` formats. The webview
 * calls the same pieces (buildDiagram, a layout engine, renderSvg), so the
 * SVG the CLI writes is the SVG the panel exports.
 */
import { renderDot } from './dot';
import { buildDiagram, type GraphOptions } from './graph';
import { renderHtml, type HtmlOptions } from './html';
import type { DiagramInput } from './input';
import { layoutDiagram, type DiagramLayout } from './layout';
import { renderMermaid } from './mermaid';
import { renderSvg, type SvgOptions } from './svg';

export const DIAGRAM_FORMATS = ['svg', 'html', 'dot', 'mermaid', 'json'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export type RenderOptions = GraphOptions & SvgOptions & HtmlOptions;

export async function renderDiagram(input: DiagramInput, format: DiagramFormat, options: RenderOptions = {}): Promise<string> {
  const graph = buildDiagram(input, options);
  switch (format) {
    case 'dot': return renderDot(graph);
    case 'mermaid': return renderMermaid(graph);
    case 'svg': return `${renderSvg(await layoutDiagram(graph), options)}\n`;
    case 'html': return renderHtml(await layoutDiagram(graph), options);
    case 'json': return `${JSON.stringify(layoutToJson(await layoutDiagram(graph)), null, 2)}\n`;
  }
}

/** The laid-out diagram as data: boxes, edge polylines, badges and findings per node. */
export function layoutToJson(layout: DiagramLayout) {
  return {
    version: 1,
    width: layout.width,
    height: layout.height,
    hiddenReplicas: layout.graph.hiddenReplicas,
    groups: layout.groups,
    nodes: layout.nodes.map(({ tooltip: _tooltip, ...n }) => n),
    edges: layout.edges,
  };
}
