/**
 * The topology webview in headless Chromium: the real page (topologyHtml.ts,
 * its CSP, dist/media/diagram.js and .css) served from 127.0.0.1, with a
 * stand-in for VS Code's webview API that records what the page posts.
 * Used by the browser tests and by the diagram bench (what a user waits for,
 * from the message to the drawing). Needs `node esbuild.mjs` first.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../../client/src/topologyHtml';
import type { FromWebview, ToWebview } from '../../client/src/topologyMessages';
import type { DiagramInput } from '../../server/src/diagram/input';

/** VS Code's webview API as the page sees it, recording messages, state and CSP violations. */
const STUB = `(() => {
  const posted = [];
  const violations = [];
  let state;
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.__rdscope = { posted, violations, state: () => state };
  window.acquireVsCodeApi = () => ({ postMessage: (m) => posted.push(JSON.parse(JSON.stringify(m))), getState: () => state, setState: (s) => { state = s; } });
  const theme = new URL(document.currentScript.src).searchParams.get('theme') || 'light';
  document.body.classList.add(theme === 'dark' ? 'vscode-dark' : theme === 'hc' ? 'vscode-high-contrast' : 'vscode-light');
  const vars = theme === 'dark'
    ? { '--vscode-editor-background': '#1e1e1e', '--vscode-editor-foreground': '#d4d4d4', '--vscode-editorWidget-background': '#252526', '--vscode-descriptionForeground': '#a0a0a0' }
    : theme === 'hc'
      ? { '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff', '--vscode-contrastBorder': '#6fc3df', '--vscode-editorWidget-background': '#0c141f' }
      : { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#333333' };
  for (const [k, v] of Object.entries(vars)) document.body.style.setProperty(k, v);
})();`;

export interface Recorded { posted: FromWebview[]; violations: string[] }

export interface WebviewHost {
  readonly origin: string;
  readonly browser: Browser;
  /** Pages served as they are (a standalone HTML export, for one). */
  readonly staticPages: Map<string, string>;
  openPage(theme?: 'light' | 'dark' | 'hc', size?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the page server and Chromium (Debian's, found or installed by scripts/ensure-chromium.mjs). */
export async function startWebviewHost(repoRoot: string): Promise<WebviewHost> {
  const media = join(repoRoot, 'dist', 'media');
  const ensured = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'ensure-chromium.mjs')], { encoding: 'utf8' });
  if (ensured.status !== 0) throw new Error(`Chromium is not available: ${ensured.stderr || ensured.stdout}`);
  const executablePath = ensured.stdout.trim().split('\n').pop()!;
  if (!existsSync(join(media, 'diagram.js'))) throw new Error(`${media}/diagram.js is missing: run \`node esbuild.mjs\` first`);

  const staticPages = new Map<string, string>();
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (status: number, type: string, body: string | Buffer) => { res.writeHead(status, { 'content-type': type }); res.end(body); };
    if (url.pathname === '/page') {
      return send(200, 'text/html', webviewHtml({
        cspSource: origin, nonce: randomBytes(16).toString('base64'), scriptUri: '/media/diagram.js', styleUri: '/media/diagram.css',
        preludeScripts: [`/stub.js?theme=${encodeURIComponent(url.searchParams.get('theme') ?? 'light')}`],
      }));
    }
    if (url.pathname === '/stub.js') return send(200, 'text/javascript', STUB);
    const file = /^\/media\/(diagram\.(?:js|css))$/.exec(url.pathname);
    if (file) return send(200, file[1].endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(join(media, file[1])));
    const page = staticPages.get(url.pathname);
    if (page) return send(200, 'text/html', page);
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    origin, browser, staticPages,
    async openPage(theme = 'light', size = { width: 1400, height: 900 }) {
      const page = await browser.newPage({ viewport: size });
      page.on('pageerror', (error) => { throw error; });
      await page.goto(`${origin}/page?theme=${theme}`);
      await page.waitForFunction(() => (window as unknown as { __rdscope: Recorded }).__rdscope.posted.some((m) => m.type === 'ready'));
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => {
    const r = (window as unknown as { __rdscope: Recorded }).__rdscope;
    return { posted: r.posted, violations: r.violations };
  });
}

/** How many diagrams the page has drawn (the page counts them in #stage's data-rendered). */
export async function renderedCount(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.getElementById('stage')!.dataset.rendered ?? 0));
}

/** Sends a message as the extension does and waits until the page has drawn a diagram after it. */
export async function sendAndWait(page: Page, message: ToWebview): Promise<void> {
  const before = await renderedCount(page);
  await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
  await page.waitForFunction((n) => Number(document.getElementById('stage')!.dataset.rendered ?? 0) > n, before, { timeout: 60_000 });
}

/** Sends what the extension sends and waits until the page has drawn it. */
export async function sendDiagram(page: Page, input: DiagramInput, documentUri: string): Promise<void> {
  await sendAndWait(page, { type: 'diagram', input, documentUri });
}

/**
 * Puts a message into the page, to be sent by `timeDrawing`: handing it to
 * the page is not part of what the page does. As JSON, as VS Code carries a
 * webview message: objects the server shares arrive as copies.
 */
export async function stageMessage(page: Page, message: ToWebview): Promise<void> {
  await page.evaluate((json) => { (window as unknown as { __pending: unknown }).__pending = JSON.parse(json); }, JSON.stringify(message));
}

/**
 * What the user waits for: from the staged message's arrival (structured
 * clone included, as from VS Code's host) to the next frame after the page
 * drew the diagram, timed inside the page; and the longest task on the
 * page's main thread meanwhile (what a click or keystroke would have waited
 * behind); and the page's status line after it.
 */
export async function timeDrawing(page: Page): Promise<{ ms: number; longestTaskMs: number; status: string }> {
  return page.evaluate(() => new Promise<{ ms: number; longestTaskMs: number; status: string }>((resolve) => {
    const stage = document.getElementById('stage')!;
    const before = Number(stage.dataset.rendered ?? 0);
    let longestTaskMs = 0;
    const tasks = new PerformanceObserver((list) => { for (const e of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, e.duration); });
    tasks.observe({ type: 'longtask' });
    const started = performance.now();
    const drawn = new MutationObserver(() => {
      if (Number(stage.dataset.rendered ?? 0) <= before) return;
      drawn.disconnect();
      // The frame that shows it: after style, layout and paint of the new drawing.
      requestAnimationFrame(() => setTimeout(() => {
        const ms = performance.now() - started;
        for (const e of tasks.takeRecords()) longestTaskMs = Math.max(longestTaskMs, e.duration);
        tasks.disconnect();
        resolve({ ms, longestTaskMs, status: document.getElementById('status')?.textContent ?? '' });
      }, 0));
    });
    drawn.observe(stage, { attributes: true, attributeFilter: ['data-rendered'] });
    window.postMessage((window as unknown as { __pending: unknown }).__pending, '*');
  }));
}
