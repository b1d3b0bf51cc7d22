/**
 * The topology webview: receives a DiagramInput from the extension, lays it
 * out and renders it with the same modules as `rdscope graph`, and keeps the
 * user's zoom, pan, selection and focus across updates while they type.
 *
 * Everything from the user's files reaches the page either through the SVG
 * renderer's escaping (parsed as XML, never as HTML) or as textContent.
 */
import type { DiagramFocus, FromWebview, ToWebview } from '../src/topologyMessages';
import { buildDiagram, type DiagramNode } from '../../server/src/diagram/graph';
import { PARSE_ERROR_RULE, toDiagramInput, type DiagramInput } from '../../server/src/diagram/input';
import { createLayoutEngine, type DiagramLayout, type LayoutNode } from '../../server/src/diagram/layout';
import { DIAGRAM_CSS } from '../../server/src/diagram/style';
import { isDrillFailure, type DrillEntry } from '../../server/src/rules/drill';
import type { FailureKind } from '../../server/src/rules/recovery';
import { renderLegendSvg, renderSvg } from '../../server/src/diagram/svg';
import { Drawing, parseSvg } from './drawing';
import { Minimap } from './minimap';

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
  /** Regions, AZs and clusters drawn as one node each. */
  collapsed?: string[];
  /** The view is where fit() put it (no pan or zoom since): a resize fits again. */
  autoFit?: boolean;
  /** The failure drilled, if any. */
  drill?: FailureKind;
  /** Show only resources with findings, or with findings of at least this severity. */
  filter?: 'findings' | 'error' | 'warning';
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
const drillSummary = element('drill-summary');
const searchBox = element('search') as HTMLInputElement;
const filterSelect = element('filter') as HTMLSelectElement;
const drillSelect = element('drill') as HTMLSelectElement;
const minimap = new Minimap(element('minimap'), (x, y) => {
  state.x = stage.clientWidth / 2 - x * state.k;
  state.y = stage.clientHeight / 2 - y * state.k;
  state.autoFit = false;
  applyTransform();
});
const tooltip = element('tooltip');

let current: { input: DiagramInput; layout: DiagramLayout; byKey: Map<string, LayoutNode>; documentUri: string } | undefined;
let viewport: SVGGElement | undefined;
let drawing: Drawing | undefined;
let pendingInput: { input: DiagramInput; documentUri: string } | undefined;
/** A resource to select and centre once its diagram is drawn (a code lens's "Show in diagram"). */
let pendingFocus: DiagramFocus | undefined;
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

/** The status of the last drawing, shown again when a search is cleared. */
let lastStatus = '';

function setStatus(text: string, busy = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('busy', busy);
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
  if (newDocument) { state.documentUri = documentUri; state.selected = undefined; state.expanded = []; state.collapsed = []; state.autoFit = true; }
  const graph = buildDiagram(input, { expandedFleets: new Set(state.expanded), collapsed: new Set(state.collapsed ?? []) });
  setStatus('Laying out…', true);
  const started = performance.now();
  let layout: DiagramLayout;
  try {
    // Pauses between ELK batches let clicks, keys and newer messages in; a newer message cancels this layout.
    layout = await engine.layout(graph, { pause: () => new Promise((resolve) => setTimeout(resolve, 0)), cancelled: () => mine !== sequence });
  } catch (error) {
    if (mine !== sequence) return;
    const message = error instanceof Error ? error.message : String(error);
    setStatus(`Layout failed: ${message}`);
    post({ type: 'error', message: `layout failed: ${message}` });
    return;
  }
  // A newer update arrived while this one was laid out: it wins.
  if (mine !== sequence) return;
  const next = new Drawing(layout, 'rdv');
  // The stage sizes the SVG; pan and zoom live on the viewport group, so they survive the swap.
  next.svg.setAttribute('width', '100%');
  next.svg.setAttribute('height', '100%');
  next.svg.removeAttribute('viewBox');
  const focusedKey = (document.activeElement as Element | null)?.getAttribute?.('data-node') ?? undefined;
  stage.replaceChildren(next.svg);
  drawing = next;
  viewport = next.viewport;
  current = { input, layout, byKey: new Map(layout.nodes.map((n) => [n.key, n])), documentUri };
  minimap.draw(layout);
  if (newDocument || state.autoFit) fit(); else applyTransform();
  if (state.selected && !current.byKey.has(state.selected)) state.selected = undefined;
  markSelected();
  applyOverlays();
  renderDetails();
  if (focusedKey) nodeElement(focusedKey)?.focus({ preventScroll: true });
  const g = layout.graph;
  const ms = Math.round(performance.now() - started);
  lastStatus = `${g.resourceCount} resource${g.resourceCount === 1 ? '' : 's'}`
    + (g.hiddenReplicas ? `, ${g.hiddenReplicas} replicas collapsed` : '')
    + `, ${input.findings.length} finding${input.findings.length === 1 ? '' : 's'} · laid out in ${ms} ms`;
  setStatus(lastStatus);
  if (pendingFocus) focusResource(pendingFocus);
  // How many diagrams this page has drawn: lets tests (and a curious user) see that an update landed.
  stage.dataset.rendered = String(mine);
  saveState();
}

/**
 * Selects, highlights and centres a resource, as a click would (without
 * revealing it in the editor, where the user already is). A replica folded
 * into "+N replicas" is unfolded first; a Terraform block with `count` or
 * `for_each` focuses its first instance.
 */
function focusResource(focus: DiagramFocus): void {
  if (!current) return;
  const of = (n: DiagramNode) => n.file === focus.file && (n.resource === focus.resource || n.resource?.startsWith(`${focus.resource}[`) === true);
  // The resource's own node, not its standby or a cluster's synthesized writer.
  const node = current.layout.nodes.find((n) => of(n) && (n.kind === 'instance' || n.kind === 'cluster' || n.kind === 'proxy' || n.kind === 'proxy-endpoint'))
    ?? current.layout.nodes.find(of);
  if (!node) {
    const fleet = current.layout.nodes.find((n) => n.fleet?.replicas.includes(focus.resource));
    if (fleet && !state.expanded.includes(fleet.key)) { state.expanded = [...state.expanded, fleet.key]; redraw(); return; }
    pendingFocus = undefined;
    setStatus(`${focus.resource} is not in this diagram`);
    return;
  }
  pendingFocus = undefined;
  state.selected = node.key;
  renderDetails();
  centreOn(node.key);
  markSelected();
  saveState();
}

function setDrill(failure: FailureKind | undefined): void {
  state.drill = failure;
  drillSelect.value = failure ?? '';
  applyOverlays();
  renderDetails();
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

// --- overlays: failure drill, search, filter --------------------------------------------------

const OUTCOME_WORDS: Record<DrillEntry['outcome'], string> = {
  'automatic-failover': 'automatic failover', 'promote-replica': 'promote a replica', 'restore-from-backup': 'restore from backup',
  'down-until-recovered': 'down until recovered', 'data-lost': 'data lost', unaffected: 'unaffected',
};
const FILTER_RANK = { error: 0, warning: 1, info: 2 } as const;

/** The drill entry of a node: its resource's (a standby its primary's, a cluster instance its cluster's). */
function drillEntryOf(node: DiagramNode): DrillEntry | undefined {
  if (!state.drill || !current || node.resource === undefined || node.file === undefined) return undefined;
  return drillIndex().get(`${node.file}\u0000${node.resource}`);
}

let drillCache: { input: DiagramInput; failure: FailureKind; map: Map<string, DrillEntry> } | undefined;
function drillIndex(): Map<string, DrillEntry> {
  if (!current || !state.drill) return new Map();
  if (drillCache?.input !== current.input || drillCache.failure !== state.drill) {
    const entries = current.input.drill?.[state.drill] ?? [];
    drillCache = { input: current.input, failure: state.drill, map: new Map(entries.map((e) => [`${e.file}\u0000${e.resource}`, e])) };
  }
  return drillCache.map;
}

function passesFilter(node: DiagramNode): boolean {
  if (!state.filter) return true;
  if (state.filter === 'findings') return node.findings.length > 0;
  return node.worst !== undefined && FILTER_RANK[node.worst] <= FILTER_RANK[state.filter];
}

/** Identifiers (DBInstanceIdentifier / identifier) of the resources, for search. */
let identifiers: { input: DiagramInput; map: Map<string, string> } | undefined;
function identifierOf(node: DiagramNode): string {
  if (!current || node.resource === undefined) return '';
  if (identifiers?.input !== current.input) {
    const map = new Map<string, string>();
    for (const e of [...current.input.topology.instances, ...current.input.topology.clusters]) {
      const id = (e as { identifier?: unknown }).identifier;
      if (typeof id === 'string') map.set(`${e.file}\u0000${e.id}`, id);
    }
    identifiers = { input: current.input, map };
  }
  return identifiers.map.get(`${node.file}\u0000${node.resource}`) ?? '';
}

function matchesSearch(node: LayoutNode, query: string): boolean {
  const haystack = [node.title, node.resource ?? '', node.subtitle, identifierOf(node), ...(node.fleet?.replicas ?? [])].join('\n').toLowerCase();
  return haystack.includes(query);
}

let searchHits: string[] = [];
let searchIndex = 0;

/** The search's hits, over the whole diagram (a large one draws only what is in view). */
let searchHitKeys = new Set<string>();

/** Drill colours, search hits and the filter, on the drawn nodes; the drill's tally above the drawing. */
function applyOverlays(): void {
  if (!current) { drillSummary.hidden = true; return; }
  const query = searchBox.value.trim().toLowerCase();
  const counts = new Map<DrillEntry['outcome'], number>();
  const hits: string[] = [];
  for (const node of current.layout.nodes) {
    const entry = drillEntryOf(node);
    if (entry && (node.kind === 'instance' || node.kind === 'cluster')) counts.set(entry.outcome, (counts.get(entry.outcome) ?? 0) + 1);
    if (query && matchesSearch(node, query)) hits.push(node.key);
  }
  searchHits = hits;
  searchHitKeys = new Set(hits);
  decorate(Array.from(stage.querySelectorAll<SVGGElement>('g.node[data-node]')));
  stage.querySelector('svg')?.classList.toggle('filtering', state.filter !== undefined);
  if (searchIndex >= hits.length) searchIndex = 0;
  drillSummary.hidden = !state.drill;
  if (state.drill) {
    const items = (Object.keys(OUTCOME_WORDS) as DrillEntry['outcome'][]).filter((o) => counts.has(o))
      .map((o) => el('span', { className: `outcome outcome-${o}` }, `${counts.get(o)} ${OUTCOME_WORDS[o]}`));
    drillSummary.replaceChildren(el('strong', {}, `${drillLabel()}:`), ...(items.length ? items : [el('span', {}, 'no databases')]),
      el('span', { className: 'muted' }, 'estimates; select a database for its recovery path'));
  }
}

/** The overlay classes (drill outcome, search hit or miss, filtered out, selected) on drawn node elements. */
function decorate(elements: readonly Element[]): void {
  if (!current) return;
  const searching = searchBox.value.trim() !== '';
  for (const g of elements) {
    const node = current.byKey.get(g.getAttribute('data-node') ?? '');
    if (!node) continue;
    for (const c of Array.from(g.classList)) if (c.startsWith('drill-') || c.startsWith('search-') || c === 'filtered-out') g.classList.remove(c);
    const entry = drillEntryOf(node);
    if (entry) {
      g.classList.add(`drill-${entry.outcome}`);
      if (entry.unknown) g.classList.add('drill-uncertain');
      if (entry.outcome === 'unaffected') g.classList.add('drill-dim');
      g.setAttribute('aria-description', `${drillLabel()}: ${OUTCOME_WORDS[entry.outcome]}${entry.unknown ? ' at worst' : ''}`);
    } else g.removeAttribute('aria-description');
    if (searching) g.classList.add(searchHitKeys.has(node.key) ? 'search-hit' : 'search-miss');
    if (!passesFilter(node)) g.classList.add('filtered-out');
    g.classList.toggle('selected', node.key === state.selected);
  }
}

function drillLabel(): string {
  return drillSelect.selectedOptions[0]?.textContent?.replace(/^Drill: /, 'Drill: ') ?? 'Drill';
}

/** Centres a node in the view, at a legible zoom: in the part of the stage the details pane (floating on its right) leaves free. */
function centreOn(key: string): void {
  const node = current?.byKey.get(key);
  if (!node) return;
  state.k = Math.max(state.k, LEGIBLE_ZOOM);
  const stageBox = stage.getBoundingClientRect();
  const detailsLeft = details.hidden ? Infinity : details.getBoundingClientRect().left;
  const freeWidth = detailsLeft > stageBox.left + stageBox.width / 4 && detailsLeft < stageBox.right ? detailsLeft - stageBox.left : stage.clientWidth;
  state.x = freeWidth / 2 - (node.x + node.width / 2) * state.k;
  state.y = stage.clientHeight / 2 - (node.y + node.height / 2) * state.k;
  state.autoFit = false;
  applyTransform();
}

function runSearch(next = false): void {
  applyOverlays();
  const query = searchBox.value.trim();
  if (!query) { setStatus(lastStatus); return; }
  if (searchHits.length === 0) { setStatus(`No resource matches "${query}"`); return; }
  if (next) searchIndex = (searchIndex + 1) % searchHits.length;
  centreOn(searchHits[searchIndex]);
  setStatus(`${searchIndex + 1} of ${searchHits.length} matching "${query}"`);
}

// --- pan and zoom ---------------------------------------------------------------------------

function applyTransform(): void {
  viewport?.setAttribute('transform', `translate(${round(state.x)} ${round(state.y)}) scale(${round(state.k, 4)})`);
  const width = stage.clientWidth;
  const height = stage.clientHeight;
  minimap.update({ x: state.x, y: state.y, k: state.k, width, height });
  // A large diagram draws what came into view; the overlays go on what was just drawn.
  const added = drawing?.show({ x: -state.x / state.k, y: -state.y / state.k, width: (width || 800) / state.k, height: (height || 600) / state.k }) ?? [];
  if (added.length > 0 && current) decorate(added.filter((e) => e.matches('g.node[data-node]')));
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

function redraw(): void {
  if (current) void show(current.input, current.documentUri);
}

/** Collapses (or expands) a region, AZ or cluster, keeping it so across updates. */
function setCollapsed(key: string, collapse: boolean): void {
  const set = new Set(state.collapsed ?? []);
  if (collapse) set.add(key); else set.delete(key);
  state.collapsed = [...set];
  redraw();
}

function activate(node: LayoutNode): void {
  if (node.kind === 'fleet') {
    // "+N replicas": show them (and keep them shown across updates).
    state.expanded = [...new Set([...state.expanded, node.key])];
    redraw();
    return;
  }
  if (node.kind === 'collapsed') { setCollapsed((JSON.parse(node.key) as string[])[1], false); return; }
  if (node.kind === 'cluster' && state.collapsed?.includes(node.key)) { setCollapsed(node.key, false); return; }
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
  // What rests on a deployment input says which (as the findings' messages do): "backup retention 7 (with Retention=7 from prod.json)".
  if (node.inputs?.length) {
    parts.push(el('h3', {}, 'From deployment inputs'));
    parts.push(el('ul', { className: 'inputs' }, ...node.inputs.map((v) => el('li', {}, `${attributeWords(v.attribute)} ${v.value}${v.inputs}`))));
  }

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

  const collapse = collapseButtons(node);
  if (collapse) parts.push(collapse);
  const entry = drillEntryOf(node);
  if (entry) parts.push(drillSection(entry));
  parts.push(el('h3', {}, 'Recovery (estimates)'));
  parts.push(recoverySection(node));
  details.replaceChildren(...parts);
}

/** "Collapse cluster Orders", "Collapse AZ us-east-1a", "Collapse region us-east-1", "Collapse the replicas of X". */
function collapseButtons(node: DiagramNode): Node | undefined {
  if (!current) return undefined;
  const buttons: HTMLElement[] = [];
  const add = (label: string, action: () => void) => {
    const b = el('button', { className: 'collapse', type: 'button' }, label);
    b.addEventListener('click', action);
    buttons.push(b);
  };
  const groups = new Map(current.layout.groups.map((g) => [g.key, g]));
  for (let p: string | undefined = node.kind === 'cluster' ? node.key : node.parent; p;) {
    const cluster = current.byKey.get(p);
    const group = groups.get(p);
    if (cluster?.kind === 'cluster') add(`Collapse cluster ${cluster.title}`, () => setCollapsed(cluster.key, true));
    else if (group) add(`Collapse ${group.label}`, () => setCollapsed(group.key, true));
    p = cluster?.parent || group?.parent;
  }
  const replicaOf = current.layout.edges.find((e) => e.kind === 'async' && e.to === node.key)?.from;
  const fleet = replicaOf === undefined ? undefined : state.expanded.find((k) => (JSON.parse(k) as string[])[1] === replicaOf);
  if (fleet) add('Collapse these replicas', () => { state.expanded = state.expanded.filter((k) => k !== fleet); state.selected = undefined; redraw(); });
  return buttons.length ? el('p', { className: 'collapse-row' }, ...buttons) : undefined;
}

function drillSection(entry: DrillEntry): Node {
  const box = el('div', { className: 'drill' },
    el('h3', {}, drillLabel()),
    el('p', { className: `outcome outcome-${entry.outcome}` }, `${OUTCOME_WORDS[entry.outcome]}${entry.unknown ? ' at worst' : ''}`),
    el('p', {}, entry.path),
    el('p', {}, `RPO ${entry.rpo} · RTO ${entry.rto} (estimates)`));
  if (entry.unknown) {
    box.append(el('p', { className: 'muted' }, `Depends on a value not known statically: ${entry.unknown.reason}. Could be: ${entry.unknown.outcomes.map((o) => OUTCOME_WORDS[o]).join(', ')}.`));
  }
  // The findings whose fix would change the outcome: a click goes to the finding in the editor.
  const recovery = current?.input.recovery?.find((r) => r.resource === entry.resource && r.file === entry.file);
  const related = new Set([entry.resource, recovery?.database]);
  const findings = (current?.input.findings ?? []).filter((f) => entry.findings.includes(f.ruleId) && f.resource !== undefined && related.has(f.resource));
  if (findings.length > 0) {
    box.append(el('p', {}, 'Would change with:'), el('ul', { className: 'findings' }, ...findings.map((f) => {
      const button = el('button', { className: `finding sev-${f.severity}`, type: 'button', title: 'Go to the finding in the editor' },
        el('span', { className: 'severity' }, f.severity), ` ${f.ruleId} on ${f.resource}: ${f.message}`);
      button.addEventListener('click', () => post({ type: 'reveal', file: f.file, range: f.range }));
      return el('li', {}, button);
    })));
  }
  return box;
}

/** `backupRetention` -> `backup retention`; `multiAz` -> `Multi-AZ`. */
function attributeWords(attribute: string): string {
  const named: Record<string, string> = { multiAz: 'Multi-AZ', availabilityZone: 'AZ', kmsKeyId: 'KMS key', requireTls: 'require TLS' };
  return named[attribute] ?? attribute.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
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
  const entry = drillEntryOf(node);
  if (entry) lines.push(`${drillLabel()}: ${OUTCOME_WORDS[entry.outcome]}${entry.unknown ? ' at worst' : ''} (RPO ${entry.rpo}, RTO ${entry.rto})`);
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
  if (node) { activate(node); return; }
  // A click on a region's or AZ's label collapses it into one node.
  const label = (e.target as Element | null)?.closest?.('text.group-label');
  const key = label?.closest('g.group[data-key]')?.getAttribute('data-key');
  if (key) setCollapsed(key, true);
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
      const focus = message.focus;
      if (typeof focus === 'object' && focus !== null && typeof focus.file === 'string' && typeof focus.resource === 'string') pendingFocus = { file: focus.file, resource: focus.resource };
      if (typeof message.drill === 'string' && isDrillFailure(message.drill)) setDrill(message.drill);
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
      if (!message.busy) { current = undefined; viewport = undefined; drawing = undefined; stage.replaceChildren(); minimap.clear(); showBanner(undefined); renderDetails(); }
      break;
    case 'exported':
    case 'note':
      setStatus(String(message.message));
      break;
  }
});

let searchTimer: ReturnType<typeof setTimeout> | undefined;
searchBox.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => { searchIndex = 0; runSearch(); }, 120);
});
searchBox.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') { e.preventDefault(); clearTimeout(searchTimer); runSearch(true); }
  if (e.key === 'Escape') { searchBox.value = ''; runSearch(); stage.focus(); }
});
filterSelect.addEventListener('change', () => {
  const v = filterSelect.value;
  state.filter = v === 'findings' || v === 'error' || v === 'warning' ? v : undefined;
  applyOverlays();
  saveState();
});
drillSelect.addEventListener('change', () => setDrill(isDrillFailure(drillSelect.value) ? drillSelect.value : undefined));
drillSelect.value = state.drill ?? '';
filterSelect.value = state.filter ?? '';

const legend = element('legend');
legend.append(parseSvg(renderLegendSvg('rdl')));
post({ type: 'ready' });
