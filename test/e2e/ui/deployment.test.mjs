// "rdscope: Select deployment" as a user meets it: the status bar shows the
// deployment linted ("rdscope: prod"), a click on it opens the picker, the
// pick re-lints (the Problems panel follows) and the status bar follows; the
// palette command offers the configuration's default back. The project is
// copied into the workspace copy for the test and removed after it.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { quickOpen, readProblems, workbenchTest } from '../ui.mjs';
import { REPO_ROOT } from '../util.mjs';
import { DEADLINE_MS, waitForProblems, workspaceFile } from './lib.mjs';

// test/e2e/deployment-project: prod (the default, params/prod.json: Env=prod) and dev (Env=dev).
cpSync(join(REPO_ROOT, 'test', 'e2e', 'deployment-project'), workspaceFile('deploy-ui'), { recursive: true });

/** The choice lives in the copy's workspace settings: remove it, so the suites after this one lint as before. */
function forgetChoice() {
  const settings = workspaceFile('.vscode/settings.json');
  if (!existsSync(settings)) return;
  const text = readFileSync(settings, 'utf8');
  writeFileSync(settings, text.replace(/^\s*"rdscope\.deployment":[^\n]*\n/m, ''));
}

after(() => {
  forgetChoice();
  rmSync(workspaceFile('deploy-ui'), { recursive: true, force: true });
});

const deploymentItem = (page, name) => page.locator('.statusbar-item', { hasText: `rdscope: ${name}` }).first();
const pickRow = (page, label) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
/** The Problems view's filter box: the workspace's other templates would push deploy-app.yaml's rows out of the (virtualised) list. */
async function filterProblems(page, text) {
  await readProblems(page, { minRows: 0 });
  await page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first().fill(text);
}

workbenchTest('the status bar shows the deployment; clicking it picks another, and the findings follow', async (page) => {
  await quickOpen(page, 'deploy-app.yaml');
  // The configuration's default.
  await deploymentItem(page, 'prod').waitFor({ state: 'visible', timeout: DEADLINE_MS });

  await deploymentItem(page, 'prod').click();
  for (const label of ['prod', 'dev', 'none (defaults only)']) await pickRow(page, label).waitFor({ state: 'visible', timeout: DEADLINE_MS });
  // Each row's label (its first .label-name; the detail line, the templates globs, has one too).
  const labels = await page.locator('.quick-input-widget .quick-input-list').evaluate((list) =>
    [...list.querySelectorAll('.monaco-list-row')].map((row) => row.querySelector('.label-name')?.textContent?.trim()));
  assert.deepEqual(labels, ['prod', 'dev', 'none (defaults only)']);
  await pickRow(page, 'dev').click();

  await deploymentItem(page, 'dev').waitFor({ state: 'visible', timeout: DEADLINE_MS });
  await filterProblems(page, 'deploy-app');
  try {
    const rows = await waitForProblems(page, 'RDS201 and RDS101 on deploy-app.yaml with dev',
      (all) => ['RDS201', 'RDS101'].every((code) => all.some((r) => r.code === code && /deployment input/.test(r.message))));
    assert.ok(rows.some((r) => r.code === 'RDS201' && /AppDb is Single-AZ/.test(r.message)), JSON.stringify(rows));

    // The palette command: back to the configuration's default, and the findings go.
    // Not runCommand: it waits for the palette to close, and this command opens a quick pick in its place.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: DEADLINE_MS });
    await page.keyboard.type('rdscope: Select deployment');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: /^rdscope: Select deployment$/ }) })
      .first().click();
    const back = pickRow(page, "the configuration's default (prod)");
    await back.waitFor({ state: 'visible', timeout: DEADLINE_MS });
    await back.click();
    await deploymentItem(page, 'prod').waitFor({ state: 'visible', timeout: DEADLINE_MS });
    await waitForProblems(page, 'no findings on deploy-app.yaml with prod', (all) => all.length === 0);
  } finally {
    await filterProblems(page, '');
  }
});
