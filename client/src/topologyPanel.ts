/**
 * "rdscope: Show RDS topology": a webview beside the editor that draws the
 * topology of the active template (and every template linked to it) and
 * stays live while the user types: each edit asks the language server for
 * `rdscope/topology` again (debounced), and the webview re-renders in place
 * keeping zoom, pan and selection. Clicking a resource reveals it in the
 * editor; the diagram exports as SVG or PNG through a save dialog.
 *
 * Security: scripts only with a per-load nonce, nothing loaded but the
 * extension's dist/media, and every message from the webview is checked
 * (topologyMessages.ts) before it opens or writes anything.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { toDiagramInput, type DiagramInput } from '../../server/src/diagram/input';
import { TOPOLOGY_REQUEST, type TopologyParams } from '../../server/src/lsp/protocol';
import { webviewHtml } from './topologyHtml';
import { panelActionFor, replacesDiagram, type PanelAction, type ToWebview, type TopologyTarget } from './topologyMessages';

const VIEW_TYPE = 'rdscope.topology';
/** Long enough to skip most keystrokes, short enough to feel live. */
const UPDATE_DELAY_MS = 250;

let open: TopologyPanel | undefined;

/**
 * Shows the RDS topology of the active document (or the target's) and the
 * templates linked to it; with a target, focuses its resource or turns on its drill.
 */
export async function showTopology(context: vscode.ExtensionContext, client: LanguageClient, target: TopologyTarget = {}): Promise<void> {
  if (!open) {
    open = new TopologyPanel(context, client);
    open.onDidDispose(() => { open = undefined; });
  }
  await open.show(target);
}

/** A document the language server lints: the same choice as the client's document selector. */
export function isTemplateCandidate(doc: vscode.TextDocument): boolean {
  if (!['file', 'untitled', 'vscode-vfs'].includes(doc.uri.scheme)) return false;
  // Terraform HCL draws its folder's module (the server answers for the module of a .tf file).
  return ['yaml', 'json', 'jsonc', 'terraform'].includes(doc.languageId) || /\.(template|tf|tf\.json)$/i.test(doc.uri.path);
}

class TopologyPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeListeners: (() => void)[] = [];
  /** The document the diagram follows. */
  private followed: vscode.Uri | undefined;
  /** The last diagram sent, and the (protocol) URIs of its files. */
  private last: { input: DiagramInput; documentUri: string } | undefined;
  private files = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private requestSequence = 0;
  /** A focus or drill asked for, sent with the next diagram of its document. */
  private pending: TopologyTarget | undefined;
  /**
   * The page has said 'ready' since it last loaded: a message posted before
   * that is lost, so a pending focus or drill waits for it. The page is
   * dropped while the panel is hidden (retainContextWhenHidden: false).
   */
  private pageReady = false;

  constructor(context: vscode.ExtensionContext, private readonly client: LanguageClient) {
    const media = vscode.Uri.joinPath(context.extensionUri, 'dist', 'media');
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'RDS topology', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [media],
      // The webview keeps its zoom and selection in its own state (setState), so it can be dropped when hidden.
      retainContextWhenHidden: false,
    });
    const webview = this.panel.webview;
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'diagram.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'diagram.css')).toString(),
    });

    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => { void this.handle(panelActionFor(m, { files: this.files, documentUri: this.last?.documentUri })); }),
      vscode.window.onDidChangeActiveTextEditor((editor) => { if (editor) this.follow(editor.document); }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.shows(e.document.uri)) this.schedule();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.followed?.toString() === doc.uri.toString() && doc.isUntitled) this.follow(undefined);
      }),
      this.panel.onDidChangeViewState(() => { if (this.panel.visible) this.schedule(0); else this.pageReady = false; }),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Brings the panel up on the target's document (else the active editor's), with its focus or drill to come. */
  async show(target: TopologyTarget): Promise<void> {
    this.panel.reveal(undefined, true);
    this.pending = target.focus || target.drill ? target : undefined;
    if (target.uri) {
      const uri = this.client.protocol2CodeConverter.asUri(target.uri);
      // The followed document or one linked to it: the same diagram, asked again and sent with the focus.
      this.follow(vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? await vscode.workspace.openTextDocument(uri));
    } else this.follow(vscode.window.activeTextEditor?.document);
    // Nothing to ask the server (the active editor is not a template): the diagram on show takes the drill.
    if (this.pending && this.last && !this.timer) this.postDiagram();
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  /** The diagram is about this document, or one linked to it. */
  private shows(uri: vscode.Uri): boolean {
    return this.followed?.toString() === uri.toString() || this.files.has(this.client.code2ProtocolConverter.asUri(uri));
  }

  private follow(doc: vscode.TextDocument | undefined): void {
    if (doc && !isTemplateCandidate(doc)) return; // another kind of editor: keep the diagram on show
    if (doc && this.shows(doc.uri) && this.followed) { this.schedule(0); return; } // a linked file: the same diagram
    this.followed = doc?.uri;
    if (!doc) {
      this.post({ type: 'status', message: 'Open a CloudFormation or Terraform JSON template to see its RDS topology.' });
      return;
    }
    this.panel.title = `RDS topology: ${fileNameOf(doc.uri.path)}`;
    this.schedule(0);
  }

  private schedule(delay = UPDATE_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.update(); }, delay);
  }

  private async update(): Promise<void> {
    const followed = this.followed;
    if (!followed || !this.panel.visible) return;
    const mine = ++this.requestSequence;
    const documentUri = this.client.code2ProtocolConverter.asUri(followed);
    let response: unknown;
    try {
      // The client sends pending edits before a request, so the server answers for the text on screen.
      response = await this.client.sendRequest(TOPOLOGY_REQUEST, { uri: documentUri, diagram: true } satisfies TopologyParams);
    } catch (error) {
      if (mine === this.requestSequence) this.post({ type: 'status', message: `rdscope/topology failed: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (mine !== this.requestSequence) return; // a newer edit's answer is on its way
    let input: DiagramInput;
    try {
      input = toDiagramInput(response);
    } catch (error) {
      this.post({ type: 'status', message: `The server's topology cannot be drawn: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (!replacesDiagram(input, documentUri, this.last)) {
      // Not a template (or no RDS in it): the last template's diagram stays; edits to it still redraw it.
      const shown = this.last!.documentUri;
      this.followed = this.client.protocol2CodeConverter.asUri(shown);
      this.panel.title = `RDS topology: ${fileNameOf(shown)}`;
      this.post({ type: 'note', message: `${fileNameOf(documentUri)} has no RDS resources: showing ${fileNameOf(shown)}` });
      return;
    }
    this.files = new Set(input.topology.files.map((f) => f.file));
    this.files.add(documentUri);
    this.last = { input, documentUri };
    this.panel.title = `RDS topology: ${fileNameOf(documentUri)}`;
    this.postDiagram();
  }

  /** The last diagram, with a pending focus (when its file is in the diagram) or drill. */
  private postDiagram(): void {
    if (!this.last) return;
    const pending = this.pending;
    const focusFile = pending?.focus && pending.uri && this.files.has(pending.uri) ? pending.uri : undefined;
    // Until the page is ready the message may be lost: it goes again on 'ready', pending kept.
    // A focus in another document waits for that document's diagram; a drill goes once.
    if (this.pageReady) this.pending = pending?.focus && !focusFile ? { uri: pending.uri, focus: pending.focus } : undefined;
    this.post({
      type: 'diagram', ...this.last,
      ...(focusFile && pending?.focus ? { focus: { file: focusFile, resource: pending.focus } } : {}),
      ...(pending?.drill ? { drill: pending.drill } : {}),
    });
  }

  private async handle(action: PanelAction): Promise<void> {
    switch (action.kind) {
      case 'ready':
        this.pageReady = true;
        if (this.last) this.postDiagram();
        else this.schedule(0);
        return;
      case 'reveal':
        await this.revealRange(action.file, action.range);
        return;
      case 'save':
        await this.save(action.format, action.data, action.defaultName);
        return;
      case 'log':
        console.warn(`rdscope: ${action.message}`);
        return;
      case 'ignore':
        return;
    }
  }

  private async revealRange(file: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    const uri = this.client.protocol2CodeConverter.asUri(file);
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const doc = await vscode.workspace.openTextDocument(uri);
    // Where the document is already open; else the column the user was editing in, never over the diagram.
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const column = visible?.viewColumn ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.followed?.toString())?.viewColumn
      ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false, preview: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async save(format: 'svg' | 'png', data: Uint8Array, defaultName: string): Promise<void> {
    const folder = this.followed && this.followed.scheme === 'file' ? vscode.Uri.joinPath(this.followed, '..')
      : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, defaultName) : undefined,
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      title: `Export the RDS topology as ${format.toUpperCase()}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, data);
    this.post({ type: 'exported', message: `Saved ${target.path.split('/').pop()}` });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    for (const l of this.disposeListeners) l();
  }
}

function fileNameOf(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  try { return decodeURIComponent(last); } catch { return last; }
}
