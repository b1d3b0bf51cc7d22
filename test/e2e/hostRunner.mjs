// Run an extension-host Mocha suite inside code-server.
//
// Desktop VS Code runs extension tests via CLI flags (--extensionDevelopmentPath,
// --extensionTestsPath). The web workbench takes the same two settings from
// the `payload` query parameter instead; the paths must be vscode-remote URIs
// whose authority is the server's host:port. When the suite finishes, the
// workbench calls window.codeAutomationExit(code, logs) - a hook meant for
// automation - which we provide with page.exposeFunction.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, recordConsole, waitForWorkbench, workbenchUrl } from './ui.mjs';
import { latestServerLog } from './codeServer.mjs';
import { HarnessError, secondsSince } from './util.mjs';

/** vscode-remote URI for an absolute server-side path. */
function remoteUri(server, absPath) {
  return `vscode-remote://127.0.0.1:${server.port}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

function readNewResults(dir, before) {
  if (!existsSync(dir)) return null;
  const fresh = readdirSync(dir).filter((f) => f.endsWith('.json') && !before.has(f)).sort();
  if (fresh.length === 0) return null;
  return JSON.parse(readFileSync(join(dir, fresh.at(-1)), 'utf8'));
}

/**
 * @param {object} o
 * @param {{url: string, port: number}} o.server     from startCodeServer()
 * @param {{hostResultsDir: string}} o.sandbox       from createSandbox()
 * @param {string} o.extensionDevelopmentPath        folder with the extension's package.json
 * @param {string} o.extensionTestsPath              the test index module (exports run())
 * @param {string} [o.workspaceFolder]               folder to open while testing
 * @param {number} [o.timeoutMs]                     deadline for the whole suite
 * @param {import('playwright-core').Browser} [o.browser]
 * @returns {Promise<{exitCode: number|null, timedOut: boolean, results: object|null, seconds: string, logs: () => string}>}
 *   exitCode 0 = all passed, 1 = failures (or crash), null = deadline hit.
 *   results: the JSON summary written by test/e2e/host/index.js (passed/failed titles), if any.
 *   logs(): console output of the workbench + extension host and the host's log files, for failures.
 */
export async function runHostSuite({
  server, sandbox, extensionDevelopmentPath, extensionTestsPath, workspaceFolder,
  timeoutMs = Number(process.env.E2E_HOST_TIMEOUT) || 180_000, browser,
}) {
  const start = performance.now();
  const devPath = resolve(extensionDevelopmentPath);
  const testsPath = resolve(extensionTestsPath);
  if (!existsSync(join(devPath, 'package.json'))) throw new HarnessError(`no package.json in extensionDevelopmentPath ${devPath}`);
  if (!existsSync(testsPath)) throw new HarnessError(`extensionTestsPath not found: ${testsPath}`);

  const resultsDir = sandbox.hostResultsDir;
  mkdirSync(resultsDir, { recursive: true });
  const before = new Set(readdirSync(resultsDir));

  const ownBrowser = !browser;
  browser ??= await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  const recorder = recordConsole(page);

  let hostLogs = [];
  let exitCode;
  let resolveExit;
  const exited = new Promise((r) => { resolveExit = r; });
  // Must be registered before navigation: the workbench looks it up when the
  // suite ends. logs = [{relativePath, contents}]: the window's log files
  // (including the extension host's), collected by the workbench at exit.
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    hostLogs = Array.isArray(logs) ? logs : [];
    exitCode = code;
    resolveExit(code);
  });

  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remoteUri(server, devPath)],
    ['extensionTestsPath', remoteUri(server, testsPath)],
  ]);
  const url = workbenchUrl(server.url, workspaceFolder, { payload });

  let timer;
  const deadline = new Promise((resolveDeadline) => { timer = setTimeout(() => resolveDeadline('timeout'), timeoutMs); });
  let timedOut = false;
  let consoleText = '';
  try {
    await page.goto(url);
    // Not strictly needed (codeAutomationExit is what we wait for), but it
    // turns "workbench never loaded" into a clear error instead of a timeout.
    await Promise.race([waitForWorkbench(page, { timeout: Math.min(timeoutMs, 60_000) }), exited]).catch(async (err) => {
      throw new HarnessError(`workbench did not load for the host suite: ${err.message}\n${await recorder.tail(40)}`);
    });
    timedOut = (await Promise.race([exited, deadline])) === 'timeout';
  } finally {
    clearTimeout(timer);
    consoleText = await recorder.tail(300); // before closing: formatting reads from the page
    await context.close().catch(() => {});
    if (ownBrowser) await browser.close().catch(() => {});
  }

  const results = readNewResults(resultsDir, before);
  // The server-side host log: activation errors and crashes land here.
  const serverHostLog = latestServerLog(sandbox, 'remoteexthost.log');
  return {
    exitCode: timedOut ? null : exitCode,
    timedOut,
    results,
    seconds: secondsSince(start),
    logs: () => [
      '--- workbench console (incl. extension host output) ---',
      consoleText,
      ...hostLogs
        .filter((l) => /exthost/i.test(l.relativePath))
        .map((l) => `--- ${l.relativePath} (browser) ---\n${l.contents.slice(-8000)}`),
      ...(serverHostLog ? [`--- ${serverHostLog.file} ---\n${serverHostLog.text}`] : []),
    ].join('\n'),
  };
}

/** Human-readable lines for a host result (used by run.mjs and selftest.mjs). */
export function describeHostResult(name, r) {
  const lines = [];
  const passed = r.results?.passed.length ?? 0;
  const failed = r.results?.failed.length ?? 0;
  const status = r.timedOut ? 'TIMED OUT' : r.exitCode === 0 ? 'ok' : `exit ${r.exitCode}`;
  lines.push(`host suite ${name}: ${status} - ${passed} passed, ${failed} failed (${r.seconds} s)`);
  for (const t of r.results?.passed ?? []) lines.push(`  ✔ ${t.title}`);
  for (const t of r.results?.failed ?? []) lines.push(`  ✖ ${t.title}\n${indent(t.error, 6)}`);
  return lines.join('\n');
}

const indent = (s, n) => String(s).split('\n').map((l) => ' '.repeat(n) + l).join('\n');
