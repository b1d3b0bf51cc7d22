// Shared helpers for the extension-host tests (not a test file: no .test.js).
//
// Everything waits by polling a condition against a deadline - never a fixed
// sleep - because the language server answers asynchronously and the CI
// machine is slow and busy. Deadlines are generous; a passing test returns as
// soon as its condition holds.
'use strict';
const assert = require('assert');
const vscode = require('vscode');

const EXTENSION_ID = 'rdscope.rdscope';
/** Long enough for a cold start on a loaded 2-core machine (server spawn, WebAssembly, workspace scan). */
const DEFAULT_DEADLINE_MS = 60_000;
/** Per-test Mocha timeout: above every deadline, so a wait reports its own (better) message. */
const TEST_TIMEOUT_MS = 90_000;

/**
 * Poll `probe` until it returns a truthy value (returned) or the deadline
 * passes. `describeState()` explains, in the failure message, what was seen
 * last. Wakes early on diagnostics changes, so most waits end within one event.
 */
async function waitFor(what, probe, { timeout = DEFAULT_DEADLINE_MS, interval = 100, describeState } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const state = describeState ? `\n  last state: ${await Promise.resolve(describeState()).catch((e) => `(cannot describe: ${e.message})`)}` : '';
      const error = lastError ? `\n  last error: ${lastError.stack || lastError}` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${state}${error}`);
    }
    await new Promise((resolve) => {
      const timer = setTimeout(done, interval);
      const sub = vscode.languages.onDidChangeDiagnostics(done);
      function done() { clearTimeout(timer); sub.dispose(); resolve(); }
    });
  }
}

/** The extension under test, activated. */
async function activateExtension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this editor`);
  await ext.activate();
  return ext;
}

function workspaceUri(rel) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'no workspace folder is open (the harness opens test/e2e/workspace)');
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}

/** Open a workspace file in an editor (the server lints open documents first). */
async function openFile(rel) {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(rel));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor, uri: doc.uri };
}

const codeOf = (d) => String(typeof d.code === 'object' && d.code !== null ? d.code.value : d.code);

function rdscopeDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rdscope');
}

function summarize(uri) {
  const list = rdscopeDiagnostics(uri);
  return list.length === 0 ? '(no rdscope diagnostics)'
    : list.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ');
}

/** Wait until the file's rdscope diagnostics satisfy `predicate(list)`; returns the list. */
function waitForDiagnostics(uri, what, predicate, opts = {}) {
  return waitFor(`${what} in ${vscode.workspace.asRelativePath(uri)}`, () => {
    const list = rdscopeDiagnostics(uri);
    return predicate(list) ? list : undefined;
  }, { describeState: () => summarize(uri), ...opts });
}

/** Wait until the file has (at least) these rule codes; returns the diagnostics. */
function waitForCodes(uri, codes, opts) {
  return waitForDiagnostics(uri, `rule codes ${codes.join(', ')}`, (list) => codes.every((c) => list.some((d) => codeOf(d) === c)), opts);
}

/**
 * A barrier: a request the server answers only after linting everything it
 * has been sent (its hover handler lints pending documents first and
 * publishes before answering). After it, the absence of a diagnostic means
 * something, without waiting an arbitrary time.
 */
async function serverSettled(uri) {
  await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(0, 0));
}

/** Position of the `nth` occurrence of `needle` in the document (0-based), optionally `offset` characters in. */
function positionOf(doc, needle, { nth = 0, offset = 0 } = {}) {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${nth + 1}) not found in ${doc.uri.path}`);
  }
  return doc.positionAt(at + offset);
}

/** All hover contents at a position as one markdown/plain string. */
async function hoverText(uri, position) {
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position);
  return (hovers || []).flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value !== undefined ? c.value : String(c)))
    .join('\n\n');
}

/** Code actions the providers offer for a range (resolved, as the light bulb shows them). */
async function codeActions(uri, range, kind) {
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, kind);
  return actions || [];
}

/** Throw away unsaved edits of a document (so the next test sees the fixture as it is on disk). */
async function revert(doc) {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(`${vscode.workspace.asRelativePath(doc.uri)} to be reverted`, () => !doc.isDirty, { timeout: 15_000 });
}

/**
 * What changed between two texts: the differing middle parts after removing
 * the common prefix and suffix. A pure insertion has `removed === ''`.
 */
function textChange(before, after) {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) { endBefore--; endAfter--; }
  return { removed: before.slice(start, endBefore), inserted: after.slice(start, endAfter), at: start };
}

/** Sets an rdscope setting in the workspace (.vscode/settings.json of the temp copy); undefined removes it. */
async function setWorkspaceSetting(key, value) {
  await vscode.workspace.getConfiguration('rdscope').update(key, value, vscode.ConfigurationTarget.Workspace);
}

module.exports = {
  TEST_TIMEOUT_MS,
  activateExtension,
  codeActions,
  codeOf,
  hoverText,
  openFile,
  positionOf,
  rdscopeDiagnostics,
  revert,
  serverSettled,
  setWorkspaceSetting,
  summarize,
  textChange,
  waitFor,
  waitForCodes,
  waitForDiagnostics,
  workspaceUri,
};
