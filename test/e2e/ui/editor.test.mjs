// The editor as a user sees it: squiggles, Problems rows with rule codes, the hover.
import assert from 'node:assert/strict';
import { quickOpen, workbenchTest } from '../ui.mjs';
import { DEADLINE_MS, lineOf, poll, saveScreenshot, waitForProblems } from './lib.mjs';

const TEMPLATE = 'cloudformation/orders.yaml';

workbenchTest('squiggles and Problems rows with rule codes; the hover shows the recovery profile', async (page) => {
  // Tall enough for the hover to show the recovery table under the Problems panel (the README's screenshot).
  await page.setViewportSize({ width: 1400, height: 1050 });
  await quickOpen(page, 'orders.yaml');
  const editor = page.locator('.editor-instance .monaco-editor').first();

  // Squiggles: warnings (RDS201, RDS101, RDS104) and errors (RDS103 on each replica).
  await editor.locator('.squiggly-warning').first().waitFor({ state: 'attached', timeout: DEADLINE_MS });
  await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: DEADLINE_MS });

  // Problems panel rows, with their rule codes and source.
  const rows = await waitForProblems(page, 'orders.yaml rows RDS201, RDS103, RDS104', (all) => {
    const codes = new Set(all.filter((r) => /orders\.yaml/.test(r.file)).map((r) => r.code));
    return ['RDS201', 'RDS103', 'RDS104'].every((c) => codes.has(c));
  });
  const orders = rows.filter((r) => /orders\.yaml/.test(r.file));
  const rds201 = orders.find((r) => r.code === 'RDS201');
  assert.equal(rds201.severity, 'warning');
  assert.equal(rds201.source, 'rdscope');
  assert.match(rds201.message, /^PaymentsDb is Single-AZ/);
  assert.match(rds201.line, new RegExp(`Ln ${lineOf(TEMPLATE, 'PaymentsDb:')}, Col 3`));
  const rds103 = orders.filter((r) => r.code === 'RDS103');
  assert.equal(rds103.length, 2, JSON.stringify(orders));
  assert.ok(rds103.every((r) => r.severity === 'error'));

  // Hover the flagged resource: the finding, then rdscope's hover with its role and recovery estimates.
  // The token itself (a span of the rendered line), not the line: that spans the editor's width.
  const token = editor.locator('.view-line span', { hasText: /^PaymentsDb$/ }).last();
  const box = await token.boundingBox();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Recovery estimates' }).first();
  let jiggle = 0;
  await poll(page, 'the hover on PaymentsDb', async () => {
    // Move a little each time: the editor only (re)starts a hover on a mouse move.
    await page.mouse.move(box.x + box.width / 2 + (jiggle++ % 3), box.y + box.height / 2);
    return hover.isVisible();
  }, { interval: 1000 });
  const text = await hover.innerText();
  assert.match(text, /PaymentsDb is Single-AZ/, 'the diagnostic');
  assert.match(text, /Set MultiAZ: true/, "the finding's explanation and remedy");
  assert.match(text, /standalone instance/, 'the role');
  assert.match(text, /RPO/, 'the recovery estimates');
  await saveScreenshot(page, 'editor', { docsImage: 'editor-diagnostics.png' });
});
