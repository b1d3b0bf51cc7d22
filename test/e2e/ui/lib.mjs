// Helpers shared by the rdscope UI tests (not a test file: no .test.mjs).
// Generic workbench helpers live in ../ui.mjs; these know about rdscope's
// fixture workspace and the parts of the workbench the tests read.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readProblems } from '../ui.mjs';
import { ARTIFACTS_DIR, REPO_ROOT } from '../util.mjs';

/** Generous: the machine running this may be slow and busy. */
export const DEADLINE_MS = 60_000;

/** The fixture workspace copy the workbench has open. */
export function workspaceFile(rel) {
  const root = process.env.E2E_WORKSPACE;
  if (!root) throw new Error('E2E_WORKSPACE is not set; run via test/e2e/run.mjs');
  return join(root, rel);
}

/** 1-based line number of the first line of a workspace file that contains `needle`. */
export function lineOf(rel, needle) {
  const lines = readFileSync(workspaceFile(rel), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in ${rel}`);
  return i + 1;
}

/** Poll `probe` (async, returns a value or a falsy one) until it holds; throws with `describe()` after the deadline. */
export async function poll(page, what, probe, { timeout = DEADLINE_MS, interval = 200, describe } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${describe ? `; last seen: ${await describe()}` : ''}`);
    }
    await page.waitForTimeout(interval);
  }
}

/** Problems panel rows, once `predicate(rows)` holds. */
export async function waitForProblems(page, what, predicate, opts = {}) {
  let rows = [];
  return poll(page, `Problems panel: ${what}`, async () => {
    rows = await readProblems(page, { minRows: 0 });
    return predicate(rows) ? rows : undefined;
  }, { describe: () => JSON.stringify(rows.map((r) => `${r.file}: ${r.code} ${r.line}`)), ...opts });
}

/** The visible lines of the active editor, top to bottom, as plain text. */
export async function editorLines(page) {
  return page.locator('.editor-instance .monaco-editor.focused .view-lines, .editor-group-container.active .monaco-editor .view-lines').first()
    .evaluate((el) => [...el.querySelectorAll('.view-line')]
      .map((line) => ({ top: parseFloat(line.style.top) || 0, text: line.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text));
}

/** The status bar's cursor item: { line, column, selected } (selected: characters, 0 for none). */
export async function cursorStatus(page) {
  const text = (await page.locator('[id="status.editor.selection"]').innerText()).trim();
  const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
  if (!m) return { text };
  return { text, line: Number(m[1]), column: Number(m[2]), selected: Number(m[3] ?? 0) };
}

/** Go to a line and column with Ctrl+G, as a user would. */
export async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await box.waitFor({ state: 'visible' });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await poll(page, `the cursor at Ln ${line}, Col ${column}`, async () => {
    const s = await cursorStatus(page);
    return s.line === line && s.column === column;
  }, { describe: async () => (await cursorStatus(page)).text });
}

/**
 * Save a screenshot under test/e2e/artifacts/<name>.png (git-ignored). With
 * `docsImage`, also copy it to docs/images/ for the README - only when that
 * file does not exist yet or E2E_UPDATE_DOCS_IMAGES=1, so an ordinary test
 * run does not rewrite committed files.
 */
export async function saveScreenshot(page, name, { docsImage, clip } = {}) {
  const dir = process.env.E2E_ARTIFACTS_DIR || ARTIFACTS_DIR;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, clip });
  if (docsImage) {
    const target = join(REPO_ROOT, 'docs', 'images', docsImage);
    if (!existsSync(target) || process.env.E2E_UPDATE_DOCS_IMAGES === '1') {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
      console.log(`# screenshot ${file} -> ${target}`);
    }
  }
  return file;
}
