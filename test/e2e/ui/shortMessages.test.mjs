// Issue 16 as a user sees it: each Problems row shows its whole message (one
// short sentence, nothing cut off), and clicking a rule code opens the rule
// page shipped in the extension in a Markdown preview, with no network.
import assert from 'node:assert/strict';
import { quickOpen, readProblems, workbenchTest } from '../ui.mjs';
import { DEADLINE_MS, poll, saveScreenshot, waitForProblems } from './lib.mjs';

workbenchTest('Problems rows show the whole message; the rule code opens the bundled page in a Markdown preview', async (page) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await quickOpen(page, 'orders.yaml');
  await waitForProblems(page, 'orders.yaml rows RDS201, RDS101, RDS103, RDS104', (all) => {
    const codes = new Set(all.filter((r) => /orders\.yaml/.test(r.file)).map((r) => r.code));
    return ['RDS201', 'RDS101', 'RDS103', 'RDS104'].every((c) => codes.has(c));
  });
  const panel = page.locator('.markers-panel');
  // Every rendered message fits its row: the element is not wider than what it shows.
  const cut = await panel.locator('.monaco-list-row .marker-message').evaluateAll((els) =>
    els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  assert.deepEqual(cut, [], 'no message is cut off');
  const rows = await readProblems(page);
  for (const r of rows.filter((x) => x.source === 'rdscope')) assert.ok(r.message.length <= 120, `${r.code}: ${r.message}`);
  await saveScreenshot(page, 'problems-short-messages');

  // Click RDS201's code link in its row.
  // The code is the label of the row's link (`rdscope(RDS201)`): clicking it follows codeDescription.href.
  await panel.locator('.monaco-list-row .marker-code', { hasText: 'RDS201' }).first().click();
  const previewTab = page.locator('.tabs-container .tab', { hasText: /Preview RDS201\.md/ });
  await previewTab.first().waitFor({ state: 'visible', timeout: DEADLINE_MS });
  // The preview renders the page's own heading.
  await poll(page, 'the rendered rule page', async () => {
    for (const frame of page.frames()) {
      const heading = await frame.locator('h1').first().textContent({ timeout: 500 }).catch(() => null);
      if (heading && /RDS201/.test(heading)) return true;
    }
    return false;
  });
  await saveScreenshot(page, 'rule-page-preview');
});
