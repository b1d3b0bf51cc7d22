/**
 * How the diagram looks, in one stylesheet keyed on classes and `--rd-*`
 * custom properties. The SVG and HTML the CLI writes embed it with a palette
 * (light, dark, or both through prefers-color-scheme); the webview injects the
 * same rules and maps `--rd-*` to VS Code's theme variables (client/media/diagram.css),
 * so light, dark and high-contrast themes follow the editor.
 */

export type Theme = 'light' | 'dark' | 'auto';

const LIGHT = {
  bg: '#ffffff', fg: '#1f2328', muted: '#57606a', 'group-bg': '#f6f8fa', 'group-border': '#d0d7de', 'az-bg': '#ffffff',
  'node-bg': '#ffffff', 'node-border': '#8c959f', 'cluster-bg': '#f5f3ff', focus: '#0969da',
  error: '#cf222e', warning: '#9a6700', info: '#0969da', 'on-severity': '#ffffff',
  ok: '#1a7f37', 'ok-bg': '#dafbe1', off: '#bc4c00', 'off-bg': '#fff1e5', unknown: '#57606a', 'unknown-bg': '#eaeef2',
  edge: '#57606a', sync: '#1a7f37', async: '#0969da', proxy: '#8250df', restore: '#bc4c00',
};

const DARK: typeof LIGHT = {
  bg: '#0d1117', fg: '#e6edf3', muted: '#9198a1', 'group-bg': '#161b22', 'group-border': '#30363d', 'az-bg': '#0d1117',
  'node-bg': '#1c2128', 'node-border': '#6e7681', 'cluster-bg': '#1d1a2b', focus: '#4493f8',
  error: '#f85149', warning: '#d29922', info: '#4493f8', 'on-severity': '#0d1117',
  ok: '#3fb950', 'ok-bg': '#12261e', off: '#db6d28', 'off-bg': '#2d1b10', unknown: '#9198a1', 'unknown-bg': '#21262d',
  edge: '#9198a1', sync: '#3fb950', async: '#4493f8', proxy: '#a371f7', restore: '#db6d28',
};

/** The `--rd-*` names a host must define (the webview maps them to VS Code theme colours). */
export const PALETTE_VARIABLES = Object.keys(LIGHT).map((k) => `--rd-${k}`);

const vars = (p: typeof LIGHT) => Object.entries(p).map(([k, v]) => `--rd-${k}:${v};`).join('');

export function paletteCss(theme: Theme, selector = '.rdscope-diagram'): string {
  if (theme === 'light') return `${selector}{${vars(LIGHT)}}`;
  if (theme === 'dark') return `${selector}{${vars(DARK)}}`;
  return `${selector}{${vars(LIGHT)}}@media (prefers-color-scheme: dark){${selector}{${vars(DARK)}}}`;
}

/** Rules only: no colours of their own, every colour is a `--rd-*` variable. */
export const DIAGRAM_CSS = `
.rdscope-diagram{font-family:var(--rd-font,-apple-system,BlinkMacSystemFont,"Segoe UI",system-ui,Ubuntu,"Droid Sans",sans-serif);font-size:12px}
.rdscope-diagram text{fill:var(--rd-fg)}
.rdscope-diagram .rd-bg{fill:var(--rd-bg)}
.rdscope-diagram .group>rect{fill:var(--rd-group-bg);stroke:var(--rd-group-border);stroke-width:1}
.rdscope-diagram .group-az>rect{fill:var(--rd-az-bg);stroke-dasharray:5 3}
.rdscope-diagram .group-label{font-weight:600;fill:var(--rd-muted);font-size:12px}
.rdscope-diagram .node{cursor:pointer;outline:none}
.rdscope-diagram .node-box{fill:var(--rd-node-bg);stroke:var(--rd-node-border);stroke-width:1.2}
.rdscope-diagram .node-cluster>.node-box{fill:var(--rd-cluster-bg)}
.rdscope-diagram .node-standby>.node-box,.rdscope-diagram .node-fleet>.node-box,.rdscope-diagram .node-collapsed>.node-box,.rdscope-diagram .node-cluster-instance>.node-box{stroke-dasharray:6 3}
.rdscope-diagram .node-snapshot>.node-box{stroke-dasharray:2 3}
.rdscope-diagram .node.conditional>.node-box{stroke-dasharray:3 3}
.rdscope-diagram .node.sev-error>.node-box{stroke:var(--rd-error);stroke-width:2}
.rdscope-diagram .node.sev-warning>.node-box{stroke:var(--rd-warning);stroke-width:2}
.rdscope-diagram .node.sev-info>.node-box{stroke:var(--rd-info);stroke-width:1.6}
.rdscope-diagram .node:focus>.node-box,.rdscope-diagram .node.selected>.node-box{stroke:var(--rd-focus);stroke-width:3}
.rdscope-diagram .node-title{font-weight:600;font-size:13px}
.rdscope-diagram .node-subtitle,.rdscope-diagram .node-detail{font-size:11px;fill:var(--rd-muted)}
.rdscope-diagram .badge>rect{stroke-width:1;fill:var(--rd-unknown-bg);stroke:var(--rd-unknown)}
.rdscope-diagram .badge>text{font-size:10px;fill:var(--rd-unknown)}
.rdscope-diagram .badge-on>rect{fill:var(--rd-ok-bg);stroke:var(--rd-ok)}
.rdscope-diagram .badge-on>text{fill:var(--rd-ok)}
.rdscope-diagram .badge-off>rect{fill:var(--rd-off-bg);stroke:var(--rd-off)}
.rdscope-diagram .badge-off>text{fill:var(--rd-off)}
.rdscope-diagram .badge-error>rect{fill:var(--rd-error);stroke:var(--rd-error)}
.rdscope-diagram .badge-warning>rect{fill:var(--rd-warning);stroke:var(--rd-warning)}
.rdscope-diagram .badge-info>rect{fill:var(--rd-info);stroke:var(--rd-info)}
.rdscope-diagram .badge-error>text,.rdscope-diagram .badge-warning>text,.rdscope-diagram .badge-info>text{fill:var(--rd-on-severity);font-weight:600}
.rdscope-diagram .edge path{fill:none;stroke:var(--rd-edge);stroke-width:1.4}
.rdscope-diagram .edge-sync path{stroke:var(--rd-sync);stroke-width:3}
.rdscope-diagram .edge-async path{stroke:var(--rd-async);stroke-width:1.6}
.rdscope-diagram .edge-proxy path{stroke:var(--rd-proxy);stroke-width:1.6}
.rdscope-diagram .edge-endpoint path,.rdscope-diagram .edge-readers path{stroke:var(--rd-proxy);stroke-dasharray:2 3}
.rdscope-diagram .edge-restore path,.rdscope-diagram .edge-snapshot-restore path{stroke:var(--rd-restore);stroke-dasharray:7 4}
.rdscope-diagram .marker{stroke:none;fill:var(--rd-edge)}
.rdscope-diagram .marker-sync{fill:var(--rd-sync)}
.rdscope-diagram .marker-async{fill:var(--rd-async)}
.rdscope-diagram .marker-proxy,.rdscope-diagram .marker-endpoint,.rdscope-diagram .marker-readers{fill:var(--rd-proxy)}
.rdscope-diagram .marker-restore,.rdscope-diagram .marker-snapshot-restore{fill:var(--rd-restore)}
.rdscope-diagram .edge-label-bg{fill:var(--rd-bg);fill-opacity:.85}
.rdscope-diagram .edge-label{font-size:10.5px;fill:var(--rd-muted)}
.rdscope-diagram .legend-box{fill:var(--rd-bg);stroke:var(--rd-group-border)}
.rdscope-diagram .legend-title{font-weight:600}
.rdscope-diagram .legend-text{font-size:11px}
.rdscope-diagram .sev-swatch-error{fill:var(--rd-error)}
.rdscope-diagram .sev-swatch-warning{fill:var(--rd-warning)}
.rdscope-diagram .sev-swatch-info{fill:var(--rd-info)}
`.trim();
