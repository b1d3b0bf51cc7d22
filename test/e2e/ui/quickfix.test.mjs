// A quick fix through the light bulb menu (Ctrl+.), as a user applies it.
import assert from 'node:assert/strict';
import { quickOpen, readProblems, runCommand, workbenchTest } from '../ui.mjs';
import { editorLines, goTo, lineOf, poll, waitForProblems } from './lib.mjs';

const TEMPLATE = 'cloudformation/orders.yaml';

workbenchTest('the light bulb offers "Set MultiAZ: true" on RDS201 and applying it fixes the template', async (page) => {
  await quickOpen(page, 'orders.yaml');
  await waitForProblems(page, 'RDS201 on orders.yaml', (rows) => rows.some((r) => /orders\.yaml/.test(r.file) && r.code === 'RDS201'));
  const idLine = lineOf(TEMPLATE, 'PaymentsDb:');
  const retentionLine = lineOf(TEMPLATE, 'BackupRetentionPeriod: 7');
  const before = await editorLines(page);

  // Cursor on the finding (the resource's logical id), then Ctrl+. opens the light bulb menu.
  // (Ctrl+. asks the providers afresh; the light bulb icon itself only reflects the last automatic request.)
  await goTo(page, idLine, 5);
  const widget = page.locator('.action-widget').first();
  const fix = widget.locator('.monaco-list-row', { hasText: 'Set MultiAZ: true' }).first();
  await poll(page, 'the quick fix menu with "Set MultiAZ: true"', async () => {
    if (await fix.isVisible()) return true;
    // Not there (yet): close whatever the menu shows and ask again.
    if (await widget.isVisible()) await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    await widget.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    return fix.isVisible();
  }, { interval: 1000, describe: async () => ((await widget.isVisible()) ? `menu: ${await widget.innerText()}` : 'no menu') });
  const menu = await page.locator('.action-widget').first().innerText();
  assert.match(menu, /Suppress RDS201 for PaymentsDb/, 'the suppression is offered too');
  // The menu blocks the pointer until the mouse moves (so a stray click cannot pick an entry): move, then click.
  await fix.hover({ force: true });
  await fix.click();

  // The setting lands in PaymentsDb's Properties, right after its last one; nothing else changes.
  const after = await poll(page, 'the fixed text in the editor', async () => {
    const lines = await editorLines(page);
    return lines[retentionLine] === '      MultiAZ: true' ? lines : undefined;
  }, { describe: async () => JSON.stringify((await editorLines(page)).slice(retentionLine - 2, retentionLine + 2)) });
  assert.deepEqual([...after.slice(0, retentionLine), ...after.slice(retentionLine + 1)].slice(0, before.length - 1), before.slice(0, before.length - 1));
  assert.match(after[retentionLine - 1], /# keep a week of point-in-time recovery$/, 'the comment is kept');

  // The finding is gone from the Problems panel; the other findings of the file stay.
  await waitForProblems(page, 'no RDS201 for orders.yaml, RDS104 still there', (rows) => {
    const orders = rows.filter((r) => /orders\.yaml/.test(r.file));
    return !orders.some((r) => r.code === 'RDS201') && orders.some((r) => r.code === 'RDS104');
  });

  // Leave the workspace as it was for the next test, and know it is: the server reports RDS201 on the file
  // again only once the editor's text is the disk's. A palette command can be lost (the palette not yet
  // focused), so revert again until it is (seen in CI: a lost revert left the next tests a Multi-AZ PaymentsDb).
  await poll(page, 'the file reverted: RDS201 on orders.yaml again', async () => {
    const rows = await readProblems(page, { minRows: 0 });
    if (rows.some((r) => /orders\.yaml/.test(r.file) && r.code === 'RDS201')) return true;
    await quickOpen(page, 'orders.yaml');
    await runCommand(page, 'File: Revert File');
    return false;
  }, { interval: 3000 });
});
