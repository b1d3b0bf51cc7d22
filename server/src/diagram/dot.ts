/**
 * The diagram as Graphviz DOT: regions, AZs and clusters become `cluster_`
 * subgraphs (a cluster resource also gets a header node inside its subgraph,
 * where edges to the cluster end). Graphviz lays it out itself.
 */
import { hierarchy, type DiagramGraph, type DiagramNode, type EdgeKind, type Severity } from './graph';

const EDGE_STYLE: Record<EdgeKind, string> = {
  sync: 'style=bold, color="#1a7f37"',
  async: 'color="#0969da"',
  proxy: 'color="#8250df"',
  endpoint: 'style=dotted, color="#8250df"',
  readers: 'style=dotted, color="#8250df"',
  restore: 'style=dashed, color="#bc4c00"',
  'snapshot-restore': 'style=dashed, color="#bc4c00"',
};

const SEVERITY_COLOR: Record<Severity, string> = { error: '#cf222e', warning: '#9a6700', info: '#0969da' };

/** A DOT double-quoted string: backslashes (Graphviz reads `\l`, `\N` in labels) and quotes escaped, lines as `\n`. */
export function dotString(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '\ufffd');
  return `"${clean.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function renderDot(graph: DiagramGraph): string {
  const { childrenOf } = hierarchy(graph);
  const groups = new Map(graph.groups.map((g) => [g.key, g]));
  const nodes = new Map(graph.nodes.map((n) => [n.key, n]));
  const ids = new Map<string, string>();
  graph.nodes.forEach((n, i) => ids.set(n.key, `n${i}`));
  let clusterCount = 0;

  const lines = [
    'digraph rdscope {',
    '  graph [rankdir=LR, compound=true, fontname="Helvetica", fontsize=11, labeljust=l];',
    '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const nodeLine = (n: DiagramNode, indent: string) => {
    const attrs = [`label=${dotString(nodeLabel(n))}`, `tooltip=${dotString(n.tooltip)}`, `class=${dotString(`node-${n.kind}`)}`];
    const styles = ['rounded'];
    if (n.kind === 'standby' || n.kind === 'fleet' || n.kind === 'collapsed' || n.kind === 'cluster-instance' || n.condition) styles.push('dashed');
    if (n.worst) { attrs.push(`color="${SEVERITY_COLOR[n.worst]}"`, 'penwidth=2'); }
    attrs.push(`style="${styles.join(',')}"`);
    if (n.kind === 'snapshot') attrs.push('shape=note');
    lines.push(`${indent}${ids.get(n.key)} [${attrs.join(', ')}];`);
  };
  const walk = (key: string, indent: string) => {
    for (const child of childrenOf(key)) {
      const group = groups.get(child);
      const node = nodes.get(child);
      if (group || (node && graph.compounds.has(child))) {
        lines.push(`${indent}subgraph cluster_${clusterCount++} {`);
        lines.push(`${indent}  label=${dotString(group ? group.label : `${node!.title} (${node!.subtitle})`)};`);
        lines.push(`${indent}  style=${group?.kind === 'az' ? 'dashed' : 'rounded'};`);
        if (node) nodeLine(node, `${indent}  `);
        walk(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else if (node) nodeLine(node, indent);
    }
  };
  walk('', '  ');
  for (const e of graph.edges) {
    lines.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)} [label=${dotString(e.label)}, tooltip=${dotString(e.description)}, ${EDGE_STYLE[e.kind]}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function nodeLabel(n: DiagramNode): string {
  const badges = n.badges.map((b) => b.text).join(' | ');
  return [n.title, n.subtitle, n.detail, badges].filter(Boolean).join('\n');
}
