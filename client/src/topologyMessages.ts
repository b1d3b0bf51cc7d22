/**
 * The messages between the topology webview and the extension, and what the
 * extension does with each one: a pure function, so it is tested without VS
 * Code. The webview is treated as untrusted input: a message is checked
 * field by field and may only reveal files of the diagram it was sent.
 */
import type { DiagramInput } from '../../server/src/diagram/input';
import type { JsonRange } from '../../server/src/model/serialize';
import { isDrillFailure } from '../../server/src/rules/drill';
import type { FailureKind } from '../../server/src/rules/recovery';

/** Extension -> webview. */
export type ToWebview =
  | {
    readonly type: 'diagram'; readonly input: DiagramInput; readonly documentUri: string;
    /** Select, highlight and centre this resource once drawn (a code lens's "Show in diagram"). */
    readonly focus?: DiagramFocus;
    /** Turn the failure drill on with this failure ("rdscope: Failure drill"). */
    readonly drill?: FailureKind;
  }
  /** No diagram to show, and why: "Open a CloudFormation template…", an error. */
  | { readonly type: 'status'; readonly message: string; readonly busy?: boolean }
  | { readonly type: 'exported'; readonly message: string }
  /** A word in the status line that leaves the drawing on show ("orders.yaml has no RDS resources"). */
  | { readonly type: 'note'; readonly message: string };

/** Webview -> extension. */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly file: string; readonly range: JsonRange }
  | { readonly type: 'export'; readonly format: 'svg'; readonly text: string }
  | { readonly type: 'export'; readonly format: 'png'; readonly dataUrl: string }
  | { readonly type: 'error'; readonly message: string };

/** A resource of the diagram: its file (protocol URI) and logical id or Terraform address (a block's, for `count`). */
export interface DiagramFocus { readonly file: string; readonly resource: string }

/** What the panel is asked to show: `rdscope.showTopology`'s argument, checked; the drill command's choice. */
export interface TopologyTarget {
  /** The document to draw (protocol URI); else the active editor's. */
  readonly uri?: string;
  /** A resource of that document to focus. */
  readonly focus?: string;
  readonly drill?: FailureKind;
}

/**
 * `rdscope.showTopology`'s argument, field by field: a command can be run
 * with any argument (a link in a hover, another extension), so what is not
 * a short string of the expected kind is dropped.
 */
export function topologyTargetOf(arg: unknown): TopologyTarget {
  if (!isObject(arg)) return {};
  const short = (v: unknown, max: number) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);
  const uri = short(arg.uri, 8192);
  const focus = uri ? short(arg.focus, 1024) : undefined;
  const drill = typeof arg.drill === 'string' && isDrillFailure(arg.drill) ? arg.drill : undefined;
  return { ...(uri ? { uri } : {}), ...(focus ? { focus } : {}), ...(drill ? { drill } : {}) };
}

export type PanelAction =
  /** The webview (re)loaded: send it the current diagram. */
  | { readonly kind: 'ready' }
  | { readonly kind: 'reveal'; readonly file: string; readonly range: JsonRange }
  | { readonly kind: 'save'; readonly format: 'svg' | 'png'; readonly data: Uint8Array; readonly defaultName: string }
  | { readonly kind: 'log'; readonly message: string }
  | { readonly kind: 'ignore'; readonly reason: string };

export interface PanelContext {
  /** Files of the diagram on show: the only ones "reveal" may open. */
  readonly files: ReadonlySet<string>;
  /** The document the diagram follows, for the export file's default name. */
  readonly documentUri?: string;
}

/** Larger exports than this are refused (a 1,000-instance diagram is a few MB of SVG). */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
const PNG_PREFIX = 'data:image/png;base64,';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function panelActionFor(message: unknown, context: PanelContext): PanelAction {
  if (!isObject(message) || typeof message.type !== 'string') return ignore('not a message');
  switch (message.type) {
    case 'ready':
      return { kind: 'ready' };
    case 'reveal': {
      const { file, range } = message;
      if (typeof file !== 'string' || !context.files.has(file)) return ignore('reveal of a file that is not in the diagram');
      if (!isRange(range)) return ignore('reveal without a valid range');
      const at = (p: { line: number; character: number }) => ({ line: p.line, character: p.character });
      return { kind: 'reveal', file, range: { start: at(range.start), end: at(range.end) } };
    }
    case 'export': {
      const name = exportName(context.documentUri);
      if (message.format === 'svg') {
        const text = message.text;
        if (typeof text !== 'string' || !text.startsWith('<svg') || text.length > MAX_EXPORT_BYTES) return ignore('export without SVG text');
        return { kind: 'save', format: 'svg', data: new TextEncoder().encode(text), defaultName: `${name}.svg` };
      }
      if (message.format === 'png') {
        const url = message.dataUrl;
        if (typeof url !== 'string' || !url.startsWith(PNG_PREFIX) || url.length > MAX_EXPORT_BYTES * 1.4) return ignore('export without PNG data');
        const data = decodeBase64(url.slice(PNG_PREFIX.length));
        if (!data || !PNG_SIGNATURE.every((b, i) => data[i] === b)) return ignore('export data is not a PNG');
        return { kind: 'save', format: 'png', data, defaultName: `${name}.png` };
      }
      return ignore('export in an unknown format');
    }
    case 'error':
      return { kind: 'log', message: `topology view: ${typeof message.message === 'string' ? message.message.slice(0, 2000) : 'unknown error'}` };
    default:
      return ignore(`unknown message type ${message.type.slice(0, 40)}`);
  }
}

/**
 * Whether the answer for a newly followed document replaces the diagram on
 * show. A document that brings no resource and no finding of its own (a CI
 * workflow, `.rdscope.yaml`, a template without RDS) does not: the last
 * template's diagram stays. The followed document itself always redraws,
 * even when the user deletes its last resource.
 */
export function replacesDiagram(next: DiagramInput, nextDocumentUri: string, shown: { readonly documentUri: string } | undefined): boolean {
  if (!shown || shown.documentUri === nextDocumentUri) return true;
  const t = next.topology;
  const own = (e: { readonly file: string }) => e.file === nextDocumentUri;
  return t.instances.some(own) || t.clusters.some(own) || t.proxies.some(own) || t.proxyEndpoints.some(own) || next.findings.some(own);
}

/** `orders.yaml` -> `orders.topology`; the extension adds `.svg` / `.png`. */
export function exportName(documentUri: string | undefined): string {
  const last = (documentUri ?? '').split(/[\\/]/).pop() ?? '';
  const base = decodeURIComponentSafe(last).replace(/\.(ya?ml|json|template|tf\.json)$/i, '').replace(/[^\w.-]+/g, '-');
  return `${base || 'rds'}.topology`;
}

function ignore(reason: string): PanelAction {
  return { kind: 'ignore', reason };
}

function isRange(v: unknown): v is JsonRange {
  return isObject(v) && isPosition(v.start) && isPosition(v.end);
}

function isPosition(v: unknown): v is { line: number; character: number } {
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 1e8;
  return isObject(v) && ok(v.line) && ok(v.character);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function decodeBase64(b64: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return undefined;
  return Uint8Array.from(Buffer.from(b64, 'base64'));
}

function decodeURIComponentSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
