// The diagram asked for from the editor: a database's code lens opens it with
// that database selected and centred; "rdscope: Failure drill" opens it with
// the failure picked in a quick pick. (Imports go through ../ so the file
// also runs alone from another folder: `run.mjs --skip-host --ui-dir ...`.)
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { quickOpen, webviewFrame, workbenchTest } from '../ui.mjs';
import { DEADLINE_MS, saveScreenshot, workspaceFile } from '../ui/lib.mjs';

/** Workspace settings for the test's duration (the workbench applies .vscode/settings.json as it changes). */
async function withSettings(settings, run) {
  const path = workspaceFile('.vscode/settings.json');
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  mkdirSync(workspaceFile('.vscode'), { recursive: true });
  writeFileSync(path, JSON.stringify({ ...(before ? JSON.parse(before) : {}), ...settings }, null, 2));
  try {
    await run();
  } finally {
    if (before === undefined) rmSync(path, { force: true }); else writeFileSync(path, before);
  }
}

workbenchTest('a database\'s code lens opens the diagram with that database selected and centred', async (page) => {
  await page.setViewportSize({ width: 1500, height: 900 });
  await withSettings({ 'rdscope.codeLens.enable': true }, async () => {
    await quickOpen(page, 'orders.yaml');
    // One lens per database: OrdersDb's reads "Multi-AZ · no PITR · 2 replicas · RTO 1-2 min" (its replicas' start "Read replica of").
    const lens = page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: /^Multi-AZ · no PITR/ });
    await lens.first().waitFor({ state: 'visible', timeout: DEADLINE_MS });
    assert.equal(await lens.count(), 1, 'one lens is OrdersDb\'s');
    await lens.click();
    const frame = await webviewFrame(page, { timeout: DEADLINE_MS });
    const selected = frame.locator('#stage g.node.selected[data-kind="instance"][data-resource="OrdersDb"]');
    await selected.waitFor({ state: 'attached', timeout: DEADLINE_MS });
    assert.equal(await frame.locator('#details h2').textContent(), 'OrdersDb');
    // Centred in what the details pane (floating on the stage's right) leaves free.
    const box = await selected.boundingBox();
    const stage = await frame.locator('#stage').boundingBox();
    const details = await frame.locator('#details').boundingBox();
    const free = Math.min(stage.x + stage.width, details.x);
    assert.ok(Math.abs(box.x + box.width / 2 - (stage.x + free) / 2) < 4, `centred: ${JSON.stringify({ box, stage, details })}`);
    await saveScreenshot(page, 'diagram-code-lens-focus');
  });
});

workbenchTest('"rdscope: Failure drill" asks which failure and opens the diagram drilling it', async (page) => {
  await page.setViewportSize({ width: 1500, height: 900 });
  await quickOpen(page, 'orders.yaml');
  // From the palette (not ui.mjs's runCommand: it waits for the quick input to close, and this command opens another).
  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await box.waitFor({ state: 'visible' });
  await page.keyboard.type('rdscope: Failure drill');
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: /^rdscope: Failure drill$/ }) }).first().click();
  const pick = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Availability Zone outage' });
  await pick.waitFor({ state: 'visible', timeout: DEADLINE_MS });
  await pick.click();
  const frame = await webviewFrame(page, { timeout: DEADLINE_MS });
  await frame.locator('#drill-summary').waitFor({ state: 'visible', timeout: DEADLINE_MS });
  assert.equal(await frame.locator('#drill').inputValue(), 'az-outage');
  // OrdersDb is Multi-AZ: it fails over; PaymentsDb is Single-AZ in the AZ that failed, at worst.
  await frame.locator('#stage g.node.drill-automatic-failover[data-kind="instance"][data-resource="OrdersDb"]').waitFor({ state: 'attached', timeout: DEADLINE_MS });
  assert.match(await frame.locator('#drill-summary').innerText(), /automatic failover/);
  await saveScreenshot(page, 'diagram-drill-command');
});
