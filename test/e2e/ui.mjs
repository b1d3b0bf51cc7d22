// Playwright helpers for driving the code-server workbench in Chromium.
//
// UI test files (test/e2e/ui/*.test.mjs) run under node:test in a child
// process; run.mjs tells them where the server is through the environment:
//   E2E_SERVER_URL   http://127.0.0.1:PORT of the running code-server
//   E2E_WORKSPACE    absolute path of the folder to open
// Typical test:
//   import { workbenchTest, runCommand, waitForNotification } from '../ui.mjs';
//   workbenchTest('says hello', async (page) => {
//     await runCommand(page, 'Selftest: Hello');
//     await waitForNotification(page, 'Hello from selftest');
//   });
import { test } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ARTIFACTS_DIR, CHROMIUM_PATH } from './util.mjs';

const DEFAULT_TIMEOUT = 30_000;

/** Launch the system Chromium (Debian's; Playwright's own builds are not downloadable here). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Container-friendly flags; also stop Chromium from phoning home, which
    // would only produce timeouts on this network. Do NOT add --user-data-dir:
    // Playwright manages the profile and refuses it in args.
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Workbench URL for a folder, with optional extra query parameters (e.g. payload). */
export function workbenchUrl(serverUrl, folder, extraQuery = {}) {
  const url = new URL(serverUrl);
  if (folder) url.searchParams.set('folder', folder);
  for (const [k, v] of Object.entries(extraQuery)) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * Wait until the workbench is usable. VS Code records performance marks with
 * the browser's native performance.mark(); 'code/didLoadExtensions' is set once
 * the extension host is up and extensions are registered, i.e. contributed
 * commands can be run. The DOM checks guard against a half-rendered layout.
 */
export async function waitForWorkbench(page, { timeout = 60_000 } = {}) {
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout });
  await page.waitForFunction(
    () => performance.getEntriesByName('code/didLoadExtensions').length > 0,
    null,
    { timeout, polling: 100 },
  );
}

/**
 * Open a fresh browser context on the workbench for `folder` and wait until
 * it is ready. Returns a session; always call session.close().
 * Console messages are kept so failures can show what the workbench said.
 */
export async function openWorkbench({
  serverUrl = process.env.E2E_SERVER_URL,
  folder = process.env.E2E_WORKSPACE,
  browser,
  viewport = { width: 1400, height: 900 },
  timeout = 60_000,
} = {}) {
  if (!serverUrl) throw new Error('openWorkbench: no server URL (E2E_SERVER_URL is not set; run via test/e2e/run.mjs)');
  const ownBrowser = !browser;
  browser ??= await launchBrowser();
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(DEFAULT_TIMEOUT);
  const recorder = recordConsole(page);
  await page.goto(workbenchUrl(serverUrl, folder));
  await waitForWorkbench(page, { timeout });
  return {
    browser,
    context,
    page,
    /** Last n console lines of the workbench (incl. forwarded extension-host output). */
    consoleTail: (n = 40) => recorder.tail(n),
    async close() {
      await context.close().catch(() => {});
      if (ownBrowser) await browser.close().catch(() => {});
    },
  };
}

/** The quick input box (shared by Quick Open and the command palette). */
const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

/** Press a key that opens the quick input and wait for it to take focus. */
async function openQuickInput(page, key) {
  await page.keyboard.press(key);
  await page.waitForSelector(QUICK_INPUT_BOX, { state: 'visible' });
  await page.waitForFunction((sel) => document.activeElement === document.querySelector(sel), QUICK_INPUT_BOX);
}

/**
 * Open a workspace file via Quick Open (Ctrl+P), like a user would.
 * File search is served by ripgrep on the server, hence the rg requirement.
 */
export async function quickOpen(page, fileName) {
  await openQuickInput(page, 'Control+P');
  await page.keyboard.type(fileName);
  const base = fileName.split('/').pop();
  // Wait for the result row rather than pressing Enter blindly: the first row
  // may still be a "recently opened" entry while the search is running.
  const row = page.locator(QUICK_ROW).filter({ has: page.locator('.label-name', { hasText: base }) }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ state: 'visible' });
  // Focus lands in the editor once the model is resolved.
  await page.waitForSelector('.editor-instance .monaco-editor.focused');
}

/**
 * Run a command through the command palette (F1) by its full title as shown
 * in the palette, e.g. 'Selftest: Hello' (category + ': ' + title).
 */
export async function runCommand(page, title) {
  await openQuickInput(page, 'F1');
  await page.keyboard.type(title);
  // Match the label exactly to avoid running a longer command with the same prefix.
  const row = page.locator(QUICK_ROW).filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
  }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.waitForSelector(QUICK_INPUT, { state: 'hidden' });
}

/** Wait for a notification toast whose text contains `text` (string or RegExp); returns its locator. */
export async function waitForNotification(page, text, { timeout = DEFAULT_TIMEOUT } = {}) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout });
  return toast;
}

/**
 * Show the Problems panel and return its diagnostics as
 * { file, severity: 'error'|'warning'|'info'|'hint'|'unknown', message, source, code, line, text, related }
 * (line is the panel's "[Ln 1, Col 8]"; text is the row's aria-label; related: the aria-labels
 * of its related-information rows, which the tree shows below it).
 * File rows only provide `file` for the diagnostics below them. Only rendered
 * rows are returned - the tree is virtualised - plenty for small fixtures.
 * Pass `minRows` to wait until at least that many diagnostics are listed.
 */
export async function readProblems(page, { minRows = 0, timeout = DEFAULT_TIMEOUT } = {}) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    // Ctrl+Shift+M toggles; only press it when the panel is hidden.
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible' });
  }
  const readRows = () => panel.locator('.monaco-list-row').evaluateAll((rows) => {
    const out = [];
    let file = '';
    for (const row of rows) {
      const text = (sel) => row.querySelector(sel)?.textContent?.trim() ?? '';
      // Tree levels: 1 = a file, 2 = a diagnostic, 3 = its related information.
      const level = Number(row.getAttribute('aria-level') || 0);
      const icon = row.querySelector('.marker-icon');
      if (level === 1 || (!level && !icon)) {
        // A file row: "<name>" with a count badge; its full path is in the label's aria-label.
        file = row.querySelector('.monaco-icon-label')?.getAttribute('aria-label') || text('.label-name');
        continue;
      }
      if (!icon) {
        // Related information ("OrdersDb turns automated backups off here"): belongs to the diagnostic above.
        out.at(-1)?.related.push(row.getAttribute('aria-label') ?? text('.monaco-tl-contents'));
        continue;
      }
      // The icon's class names the severity: <div class="marker-icon warning">.
      const severity = ['error', 'warning', 'info', 'hint'].find((s) => icon.classList.contains(s)) ?? 'unknown';
      out.push({
        file,
        severity,
        message: text('.marker-message'),
        source: text('.marker-source'),
        code: text('.marker-code'),
        line: text('.marker-line'),
        text: row.getAttribute('aria-label') ?? '',
        related: [],
      });
    }
    return out;
  });
  const deadline = Date.now() + timeout;
  for (;;) {
    const rows = await readRows();
    if (rows.length >= minRows) return rows;
    if (Date.now() > deadline) throw new Error(`Problems panel: expected >= ${minRows} rows, found ${rows.length}`);
    await page.waitForTimeout(200);
  }
}

/**
 * The inner frame of the visible webview, where the extension's HTML lives.
 * VS Code nests webviews two iframes deep: an outer `iframe.webview.ready`
 * (the host page, class 'ready' once its service worker is up) that contains
 * `#active-frame` (the extension's document).
 */
export async function webviewFrame(page, { timeout = DEFAULT_TIMEOUT } = {}) {
  const outer = page.locator('iframe.webview.ready').filter({ visible: true }).last();
  await outer.waitFor({ state: 'attached', timeout });
  const outerFrame = await (await outer.elementHandle()).contentFrame();
  const inner = await outerFrame.waitForSelector('#active-frame', { state: 'attached', timeout });
  const frame = await inner.contentFrame();
  await frame.waitForLoadState('domcontentloaded', { timeout });
  return frame;
}

/** Save a full-page screenshot into test/e2e/artifacts/ (git-ignored); returns the path. */
export async function screenshot(page, name) {
  const dir = process.env.E2E_ARTIFACTS_DIR || ARTIFACTS_DIR;
  mkdirSync(dir, { recursive: true });
  const safe = name.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80);
  const file = join(dir, `${safe}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * A node:test test that gets a fresh workbench page. On failure it saves a
 * screenshot and appends it and the browser console tail to the error, so a
 * CI log alone is enough to see what the editor looked like.
 */
export function workbenchTest(name, fn, { folder, timeout = 120_000 } = {}) {
  return test(name, { timeout }, async (t) => {
    const session = await openWorkbench({ folder });
    try {
      await fn(session.page, session, t);
    } catch (err) {
      const shot = await screenshot(session.page, name).catch((e) => `(screenshot failed: ${e.message})`);
      // node:test prints err.stack, which was frozen when the error was
      // created - so extend both.
      const extra = `\n    screenshot: ${shot}\n    browser console (tail):\n${indentLines(await session.consoleTail(), 6)}`;
      if (err instanceof Error) {
        err.message += extra;
        if (err.stack) err.stack += extra;
      }
      throw err;
    } finally {
      await session.close();
    }
  });
}

/**
 * Record a page's console as plain text lines, in order.
 * The workbench styles its logs ('%c INFO', 'color: #33f', ...) and forwards
 * the extension host's console (e.g. Mocha's reporter) as extra printf-style
 * arguments, which msg.text() leaves unformatted ("%d passing (%s) 2 5ms").
 * So format the arguments ourselves: drop the CSS ones, util.format the rest.
 * (404s for vsda.js / vsda_bg.wasm are normal in code-server: that module
 * only exists in Microsoft's builds.)
 * @returns {{ tail: (n?: number) => Promise<string> }}
 */
export function recordConsole(page) {
  const lines = [];
  let chain = Promise.resolve();
  page.on('console', (msg) => {
    chain = chain.then(async () => {
      lines.push(`[${msg.type()}] ${await consoleMessageText(msg)}`);
    });
  });
  page.on('pageerror', (err) => {
    chain = chain.then(() => { lines.push(`[pageerror] ${err.stack || err.message}`); });
  });
  return {
    async tail(n = 40) {
      await chain;
      return lines.slice(-n).join('\n');
    },
  };
}

async function consoleMessageText(msg) {
  let args;
  try {
    args = await Promise.all(msg.args().map((a) => a.jsonValue()));
  } catch {
    args = null; // page gone or a non-serialisable argument
  }
  if (!args?.length) return msg.text().replace(/%c/g, '');
  const parts = [];
  if (typeof args[0] === 'string' && args[0].includes('%c')) {
    const cssArgs = args[0].split('%c').length - 1;
    parts.push(args[0].replace(/%c/g, '').trim());
    args = args.slice(1 + cssArgs);
  }
  if (args.length) parts.push(format(...args));
  return parts.join(' ');
}

function indentLines(s, n) {
  return s.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
