/**
 * The diagram as a Mermaid flowchart (renders in GitHub markdown): regions,
 * AZs and clusters become subgraphs, edges keep their kind (thick = sync,
 * dotted = restore, endpoint). Labels are written with Mermaid entity codes
 * for everything but plain characters, so names cannot break the syntax.
 */
import { hierarchy, type DiagramGraph, type DiagramNode, type EdgeKind } from './graph';
import { nodeLabel } from './dot';

const ARROW: Record<EdgeKind, string> = {
  sync: '==>', async: '-->', proxy: '-->', endpoint: '-.->', readers: '-.->', restore: '-.->', 'snapshot-restore': '-.->',
};

/** A quoted Mermaid label: `#NNN;` for every character that is not a letter, digit or plain punctuation. */
export function mermaidString(value: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f\ufffe\uffff]/g, '\ufffd').split('\n');
  const encode = (line: string) => Array.from(line).map((c) => (/^[A-Za-z0-9 .,:_/()+-]$/.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
  return `"${lines.map(encode).join('<br/>')}"`;
}

export function renderMermaid(graph: DiagramGraph): string {
  const { childrenOf } = hierarchy(graph);
  const groups = new Map(graph.groups.map((g) => [g.key, g]));
  const nodes = new Map(graph.nodes.map((n) => [n.key, n]));
  const ids = new Map<string, string>();
  graph.nodes.forEach((n, i) => ids.set(n.key, `n${i}`));
  let subgraphs = 0;
  const lines = ['flowchart LR'];
  const nodeLine = (n: DiagramNode, indent: string) => {
    const shape = n.kind === 'snapshot' ? ['[(', ')]'] : n.kind === 'proxy' || n.kind === 'proxy-endpoint' ? ['([', '])'] : ['[', ']'];
    lines.push(`${indent}${ids.get(n.key)}${shape[0]}${mermaidString(nodeLabel(n))}${shape[1]}`);
  };
  const walk = (key: string, indent: string) => {
    for (const child of childrenOf(key)) {
      const group = groups.get(child);
      const node = nodes.get(child);
      if (group || (node && graph.compounds.has(child))) {
        lines.push(`${indent}subgraph s${subgraphs++}[${mermaidString(group ? group.label : `${node!.title} (${node!.subtitle})`)}]`);
        if (node) nodeLine(node, `${indent}  `);
        walk(child, `${indent}  `);
        lines.push(`${indent}end`);
      } else if (node) nodeLine(node, indent);
    }
  };
  walk('', '  ');
  for (const e of graph.edges) lines.push(`  ${ids.get(e.from)} ${ARROW[e.kind]}|${mermaidString(e.label)}| ${ids.get(e.to)}`);
  lines.push('  classDef error stroke:#cf222e,stroke-width:2px');
  lines.push('  classDef warning stroke:#9a6700,stroke-width:2px');
  lines.push('  classDef info stroke:#0969da');
  lines.push('  classDef dashed stroke-dasharray:5 3');
  for (const severity of ['error', 'warning', 'info'] as const) {
    const members = graph.nodes.filter((n) => n.worst === severity).map((n) => ids.get(n.key));
    if (members.length) lines.push(`  class ${members.join(',')} ${severity}`);
  }
  const dashed = graph.nodes.filter((n) => !n.worst && (n.kind === 'standby' || n.kind === 'fleet' || n.kind === 'cluster-instance')).map((n) => ids.get(n.key));
  if (dashed.length) lines.push(`  class ${dashed.join(',')} dashed`);
  return `${lines.join('\n')}\n`;
}
