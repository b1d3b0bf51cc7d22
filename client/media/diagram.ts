/**
 * The topology webview: receives a DiagramInput from the extension, lays it
 * out and renders it with the same modules as `rdscope graph`, and keeps the
 * user's zoom, pan, selection and focus across updates while they type.
 *
 * Everything from the user's files reaches the page either through the SVG
 * renderer's escaping (parsed as XML, never as HTML) or as textContent.
 */
import type { FromWebview, ToWebview } from '../src/topologyMessages';
import { buildDiagram, type DiagramNode } from '../../server/src/diagram/graph';
import { PARSE_ERROR_RULE, toDiagramInput, type DiagramInput } from '../../server/src/diagram/input';
import { createLayoutEngine, type DiagramLayout, type LayoutNode } from '../../server/src/diagram/layout';
import { DIAGRAM_CSS } from '../../server/src/diagram/style';
import { renderLegendSvg, renderSvg } from '../../server/src/diagram/svg';

interface VsCodeApi<S> {
  postMessage(message: FromWebview): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

interface ViewState {
  /** Pan and zoom of the diagram: screen = diagram * k + (x, y). */
  x: number;
  y: number;
  k: number;
  /** The document the view shows; another one fits the view again. */
  documentUri?: string;
  selected?: string;
  expanded: string[];
  /** The view is where fit() put it (no pan or zoom since): a resize fits again. */
  autoFit?: boolean;
}

const MIN_ZOOM = 0.05;
/**
 * Fit never shrinks below this: node titles are 13 px, so text stays at least
 * ~10 px high and a diagram too large for the panel scrolls (wheel, arrows)
 * instead of becoming a texture of 3 px cards.
 */
const LEGIBLE_ZOOM = 0.8;
const MAX_ZOOM = 4;
const PAN_STEP = 60;
const DRAG_THRESHOLD = 4;

// The shared diagram stylesheet goes in with this page's nonce: the CSP allows no other inline style.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const styleElement = document.createElement('style');
styleElement.nonce = nonce;
styleElement.textContent = DIAGRAM_CSS;
document.head.append(styleElement);

const vscode = acquireVsCodeApi<ViewState>();
const state: ViewState = { x: 0, y: 0, k: 1, expanded: [], ...vscode.getState() };
const engine = createLayoutEngine();

const stage = element('stage');
const details = element('details');
const statusLine = element('status');
const banner = element('banner');
const tooltip = element('tooltip');

let current: { input: DiagramInput; layout: DiagramLayout; byKey: Map<string, LayoutNode>; documentUri: string } | undefined;
let viewport: SVGGElement | undefined;
let pendingInput: { input: DiagramInput; documentUri: string } | undefined;
let sequence = 0;

function element(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e;
}

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function saveState(): void {
  vscode.setState(state);
}

function setStatus(text: string, busy = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('busy', busy);
}

/** Parses SVG text from the renderer as XML: markup that slipped through would be a parse error, never live HTML. */
function parseSvg(text: string): SVGSVGElement {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) throw new Error('the diagram could not be drawn (invalid SVG)');
  return document.importNode(root, true) as unknown as SVGSVGElement;
}

// --- rendering ------------------------------------------------------------------------------

/**
 * A syntax error in the followed document while the user types: keep the last
 * good drawing of that document and say what is wrong and where.
 */
function parseErrorIn(input: DiagramInput, documentUri: string): DiagramInput['findings'][number] | undefined {
  return input.findings.find((f) => f.ruleId === PARSE_ERROR_RULE && f.file === documentUri);
}

function showBanner(text: string | undefined): void {
  banner.textContent = text ?? '';
  banner.hidden = text === undefined;
}

async function receive(input: DiagramInput, documentUri: string): Promise<void> {
  const error = parseErrorIn(input, documentUri);
  if (!error) { showBanner(undefined); return show(input, documentUri); }
  const where = `line ${error.range.start.line + 1} of ${fileName(documentUri)}`;
  if (current && current.documentUri === documentUri) {
    showBanner(`Syntax error on ${where}: ${error.message} Showing the last drawing that parsed.`);
    return;
  }
  showBanner(`Syntax error on ${where}: ${error.message}`);
  return show(input, documentUri);
}

async function show(input: DiagramInput, documentUri: string): Promise<void> {
  const mine = ++sequence;
  const newDocument = state.documentUri !== documentUri;
  if (newDocument) { state.documentUri = documentUri; state.selected = undefined; state.expanded = []; state.autoFit = true; }
  const graph = buildDiagram(input, { expandedFleets: new Set(state.expanded) });
  setStatus('Laying out…', true);
  const started = performance.now();
  let layout: DiagramLayout;
  try {
    layout = await engine.layout(graph);
  } catch (error) {
    if (mine !== sequence) return;
    const message = error instanceof Error ? error.message : String(error);
    setStatus(`Layout failed: ${message}`);
    post({ type: 'error', message: `layout failed: ${message}` });
    return;
  }
  // A newer update arrived while this one was laid out: it wins.
  if (mine !== sequence) return;
  const svg = parseSvg(renderSvg(layout, { embedStyle: false, legend: false, idPrefix: 'rdv' }));
  // The stage sizes the SVG; pan and zoom live on the viewport group, so they survive the swap.
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
  svg.removeAttribute('viewBox');
  const focusedKey = (document.activeElement as Element | null)?.getAttribute?.('data-node') ?? undefined;
  stage.replaceChildren(svg);
  viewport = svg.querySelector<SVGGElement>('g.viewport') ?? undefined;
  current = { input, layout, byKey: new Map(layout.nodes.map((n) => [n.key, n])), documentUri };
  if (newDocument || state.autoFit) fit(); else applyTransform();
  if (state.selected && !current.byKey.has(state.selected)) state.selected = undefined;
  markSelected();
  renderDetails();
  if (focusedKey) nodeElement(focusedKey)?.focus({ preventScroll: true });
  const g = layout.graph;
  const ms = Math.round(performance.now() - started);
  setStatus(`${g.resourceCount} resource${g.resourceCount === 1 ? '' : 's'}`
    + (g.hiddenReplicas ? `, ${g.hiddenReplicas} replicas collapsed` : '')
    + `, ${input.findings.length} finding${input.findings.length === 1 ? '' : 's'} · laid out in ${ms} ms`);
  // How many diagrams this page has drawn: lets tests (and a curious user) see that an update landed.
  stage.dataset.rendered = String(mine);
  saveState();
}

function nodeElement(key: string): SVGGElement | undefined {
  for (const e of Array.from(stage.querySelectorAll<SVGGElement>('g.node[data-node]'))) if (e.getAttribute('data-node') === key) return e;
  return undefined;
}

function markSelected(): void {
  for (const e of Array.from(stage.querySelectorAll('g.node.selected'))) e.classList.remove('selected');
  if (state.selected) nodeElement(state.selected)?.classList.add('selected');
}

// --- pan and zoom ---------------------------------------------------------------------------

function applyTransform(): void {
  viewport?.setAttribute('transform', `translate(${round(state.x)} ${round(state.y)}) scale(${round(state.k, 4)})`);
  saveState();
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** The whole drawing when it fits at a legible size; else its top left corner at LEGIBLE_ZOOM, to scroll from. */
function fit(): void {
  if (!current) return;
  const { width, height } = current.layout;
  const w = stage.clientWidth || 800;
  const h = stage.clientHeight || 600;
  const k = clamp(Math.min((w - 24) / Math.max(width, 1), (h - 24) / Math.max(height, 1), 1.25), LEGIBLE_ZOOM, MAX_ZOOM);
  state.k = k;
  state.x = width * k <= w - 24 ? (w - width * k) / 2 : 12;
  state.y = height * k <= h - 24 ? Math.max(12, (h - height * k) / 2) : 12;
  state.autoFit = true;
  applyTransform();
}

function zoomAt(factor: number, cx = stage.clientWidth / 2, cy = stage.clientHeight / 2): void {
  state.autoFit = false;
  const k = clamp(state.k * factor, MIN_ZOOM, MAX_ZOOM);
  state.x = cx - (cx - state.x) * (k / state.k);
  state.y = cy - (cy - state.y) * (k / state.k);
  state.k = k;
  applyTransform();
}

function pan(dx: number, dy: number): void {
  state.autoFit = false;
  state.x += dx;
  state.y += dy;
  applyTransform();
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

// --- selection, reveal, details -------------------------------------------------------------

function nodeFromEvent(event: Event): LayoutNode | undefined {
  const target = event.target as Element | null;
  const g = target?.closest?.('g.node[data-node]');
  const key = g?.getAttribute('data-node');
  return key ? current?.byKey.get(key) : undefined;
}

function activate(node: LayoutNode): void {
  if (node.kind === 'fleet') {
    // "+N replicas": show them (and keep them shown across updates).
    state.expanded = [...new Set([...state.expanded, node.key])];
    if (current) void show(current.input, current.documentUri);
    return;
  }
  state.selected = node.key;
  markSelected();
  renderDetails();
  saveState();
  if (node.file !== undefined && node.range) post({ type: 'reveal', file: node.file, range: node.range });
}

function deselect(): void {
  state.selected = undefined;
  markSelected();
  renderDetails();
  saveState();
}

function renderDetails(): void {
  const node = state.selected ? current?.byKey.get(state.selected) : undefined;
  details.hidden = !node;
  if (!node) { details.replaceChildren(); return; }
  const close = el('button', { className: 'close', type: 'button', title: 'Close (Escape)' }, '\u00d7');
  close.setAttribute('aria-label', 'Close the details');
  close.addEventListener('click', () => { deselect(); stage.focus(); });
  const parts: Node[] = [
    close,
    el('h2', {}, node.title),
    // The file by name (its full URI, often long and percent-encoded, as the tooltip).
    el('p', { className: 'muted', ...(node.file ? { title: node.file } : {}) }, [node.resourceType, node.file && fileName(node.file)].filter(Boolean).join(' · ')),
    el('p', {}, node.subtitle),
    el('p', {}, node.detail),
  ];
  const badges = node.badges.filter((b) => b.kind !== 'finding');
  if (badges.length) parts.push(el('ul', { className: 'badges' }, ...badges.map((b) => el('li', { className: `badge-${b.state}` }, b.description))));

  parts.push(el('h3', {}, `Findings (${node.findings.length})`));
  if (node.findings.length === 0) parts.push(el('p', { className: 'muted' }, 'No findings.'));
  else {
    parts.push(el('ul', { className: 'findings' }, ...node.findings.map((f) => {
      const button = el('button', { className: `finding sev-${f.severity}`, type: 'button', title: 'Reveal in the editor' },
        el('span', { className: 'severity' }, f.severity), ` ${f.ruleId} `, el('span', { className: 'rule-name' }, f.ruleName), `: ${f.message}`);
      button.addEventListener('click', () => post({ type: 'reveal', file: f.file, range: f.range }));
      return el('li', {}, button);
    })));
  }

  parts.push(el('h3', {}, 'Recovery (estimates)'));
  parts.push(recoverySection(node));
  details.replaceChildren(...parts);
}

function fileName(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  try { return decodeURIComponent(last); } catch { return last; }
}

function recoverySection(node: DiagramNode): Node {
  const r = node.recovery;
  if (!r) {
    const why = current?.input.recovery === undefined ? 'Recovery estimates are not available from this server.'
      : node.kind === 'proxy' || node.kind === 'proxy-endpoint' || node.kind === 'snapshot' || node.kind === 'fleet'
        ? 'Recovery estimates are given for databases.' : 'No estimate: its source or cluster is not in these files.';
    return el('p', { className: 'muted' }, why);
  }
  const rows = r.failures.map((f) => el('tr', {},
    el('th', { scope: 'row' }, f.label),
    el('td', { title: f.rpo.reason, className: `class-${f.rpo.class}` }, f.rpo.value),
    el('td', { title: f.rto.reason, className: `class-${f.rto.class}` }, f.rto.value)));
  const box = el('div', { className: 'recovery' },
    el('p', {}, r.database === node.resource ? r.summary : `${r.summary} (profile of ${r.database})`),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Failure'), el('th', {}, 'RPO'), el('th', {}, 'RTO'))), el('tbody', {}, ...rows)),
    el('p', { className: 'muted' }, 'Estimates, not guarantees; hover a figure for its reason.'));
  return box;
}

type Attrs = Partial<Pick<HTMLElement, 'className' | 'title'>> & { type?: string; scope?: string };

function el(tag: string, attrs: Attrs, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  if (attrs.className) e.className = attrs.className;
  if (attrs.title) e.title = attrs.title;
  if (attrs.type) e.setAttribute('type', attrs.type);
  if (attrs.scope) e.setAttribute('scope', attrs.scope);
  // Text nodes only: names and messages never become markup.
  e.append(...children);
  return e;
}

// --- tooltip ----------------------------------------------------------------------------------

function showTooltip(node: LayoutNode, anchor: DOMRect): void {
  const lines = [`${node.title}`, node.subtitle, node.detail];
  if (node.findings.length === 0) lines.push('No findings');
  tooltip.replaceChildren(...lines.filter(Boolean).map((l) => el('div', {}, l)),
    ...node.findings.map((f) => el('div', { className: `sev-${f.severity}` }, `${f.severity} ${f.ruleId}: ${f.message}`)));
  tooltip.hidden = false;
  const x = clamp(anchor.left, 4, Math.max(4, window.innerWidth - tooltip.offsetWidth - 4));
  const below = anchor.bottom + 6;
  const y = below + tooltip.offsetHeight > window.innerHeight ? Math.max(4, anchor.top - tooltip.offsetHeight - 6) : below;
  // Position through CSSOM (allowed by the CSP, unlike a style attribute in markup).
  tooltip.style.left = `${Math.round(x)}px`;
  tooltip.style.top = `${Math.round(y)}px`;
}

function hideTooltip(): void {
  tooltip.hidden = true;
}

// --- export ------------------------------------------------------------------------------------

function exportSvg(): void {
  if (!current) return;
  // The file is what `rdscope graph --format svg` writes for the same input.
  post({ type: 'export', format: 'svg', text: renderSvg(current.layout) });
}

function exportPng(): void {
  if (!current) return;
  const theme = document.body.classList.contains('vscode-light') ? 'light'
    : document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast') ? 'dark' : 'light';
  const text = renderSvg(current.layout, { theme, background: true });
  const size = /width="(\d+)" height="(\d+)"/.exec(text);
  const width = Number(size?.[1] ?? 800);
  const height = Number(size?.[2] ?? 600);
  // Canvas area is bounded (about 268 M pixels in Chromium): scale 2 where it fits, less where it does not.
  const scale = Math.max(0.1, Math.min(2, Math.sqrt(120_000_000 / (width * height))));
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) { setStatus('PNG export failed: no canvas'); return; }
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, width, height);
    post({ type: 'export', format: 'png', dataUrl: canvas.toDataURL('image/png') });
  };
  image.onerror = () => setStatus('PNG export failed: the SVG could not be rasterized');
  image.src = `data:image/svg+xml;base64,${base64(text)}`;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// --- events ------------------------------------------------------------------------------------

let drag: { x: number; y: number; startX: number; startY: number; moved: boolean; pointer: number } | undefined;

stage.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { x: state.x, y: state.y, startX: e.clientX, startY: e.clientY, moved: false, pointer: e.pointerId };
});
stage.addEventListener('pointermove', (e) => {
  if (!drag || drag.pointer !== e.pointerId) return;
  const dx = e.clientX - drag.startX;
  const dy = e.clientY - drag.startY;
  if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
  if (!drag.moved) { drag.moved = true; stage.setPointerCapture(e.pointerId); stage.classList.add('panning'); hideTooltip(); }
  state.x = drag.x + dx;
  state.y = drag.y + dy;
  state.autoFit = false;
  applyTransform();
});
const endDrag = (e: PointerEvent) => {
  if (!drag || drag.pointer !== e.pointerId) return;
  if (drag.moved) stage.releasePointerCapture(e.pointerId);
  stage.classList.remove('panning');
  // A drag that moved is a pan, not a click: swallow the click that follows.
  if (drag.moved) stage.addEventListener('click', (c) => c.stopPropagation(), { capture: true, once: true });
  drag = undefined;
};
stage.addEventListener('pointerup', endDrag);
stage.addEventListener('pointercancel', endDrag);

// The wheel scrolls (shift: sideways), as in an editor; with Ctrl or Cmd (and a trackpad pinch) it zooms.
stage.addEventListener('wheel', (e) => {
  e.preventDefault();
  const lines = e.deltaMode === 1 ? 20 : 1;
  if (e.ctrlKey || e.metaKey) {
    const rect = stage.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX - rect.left, e.clientY - rect.top);
  } else if (e.shiftKey && e.deltaX === 0) pan(-e.deltaY * lines, 0);
  else pan(-e.deltaX * lines, -e.deltaY * lines);
}, { passive: false });

stage.addEventListener('click', (e) => {
  const node = nodeFromEvent(e);
  if (node) activate(node);
});

stage.addEventListener('keydown', (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const node = nodeFromEvent(e);
  switch (e.key) {
    case 'Enter': case ' ': if (node) { activate(node); break; } return;
    case '+': case '=': zoomAt(1.2); break;
    case '-': case '_': zoomAt(1 / 1.2); break;
    case '0': fit(); break;
    case 'ArrowLeft': pan(PAN_STEP, 0); break;
    case 'ArrowRight': pan(-PAN_STEP, 0); break;
    case 'ArrowUp': pan(0, PAN_STEP); break;
    case 'ArrowDown': pan(0, -PAN_STEP); break;
    case 'Escape': deselect(); hideTooltip(); break;
    default: return;
  }
  e.preventDefault();
});

stage.addEventListener('mouseover', (e) => {
  const node = nodeFromEvent(e);
  const g = (e.target as Element).closest?.('g.node');
  if (node && g) showTooltip(node, g.getBoundingClientRect()); else hideTooltip();
});
stage.addEventListener('mouseleave', hideTooltip);
stage.addEventListener('focusin', (e) => {
  const node = nodeFromEvent(e);
  const g = (e.target as Element).closest?.('g.node');
  if (node && g) showTooltip(node, g.getBoundingClientRect());
});
stage.addEventListener('focusout', hideTooltip);

for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-action]'))) {
  button.addEventListener('click', () => {
    switch (button.dataset.action) {
      case 'fit': fit(); break;
      case 'zoom-in': zoomAt(1.2); break;
      case 'zoom-out': zoomAt(1 / 1.2); break;
      case 'export-svg': exportSvg(); break;
      case 'export-png': exportPng(); break;
    }
  });
}

// The panel resized (a sash dragged, the editor group split): fit again unless the user has moved the view.
let resizeFrame = 0;
new ResizeObserver(() => {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => { if (!current) return; if (state.autoFit) fit(); else applyTransform(); });
}).observe(stage);

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null) return;
  switch (message.type) {
    case 'diagram': {
      let input: DiagramInput;
      try { input = toDiagramInput(message.input); } catch (error) {
        setStatus(`Cannot draw this topology: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (typeof message.documentUri !== 'string') return;
      pendingInput = { input, documentUri: message.documentUri };
      // Several updates queued behind a long layout: only the last is laid out.
      setTimeout(() => {
        if (!pendingInput) return;
        const next = pendingInput;
        pendingInput = undefined;
        void receive(next.input, next.documentUri);
      }, 0);
      break;
    }
    case 'status':
      setStatus(String(message.message), message.busy === true);
      if (!message.busy) { current = undefined; viewport = undefined; stage.replaceChildren(); showBanner(undefined); renderDetails(); }
      break;
    case 'exported':
    case 'note':
      setStatus(String(message.message));
      break;
  }
});

const legend = element('legend');
legend.append(parseSvg(renderLegendSvg('rdl')));
post({ type: 'ready' });
