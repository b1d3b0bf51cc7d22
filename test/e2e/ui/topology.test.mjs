// "rdscope: Show RDS topology" from the command palette: the diagram, and a click on a node.
import assert from 'node:assert/strict';
import { quickOpen, runCommand, webviewFrame, workbenchTest } from '../ui.mjs';
import { DEADLINE_MS, cursorStatus, lineOf, poll, saveScreenshot } from './lib.mjs';

const TEMPLATE = 'cloudformation/orders.yaml';
// What orders.yaml holds: a standalone instance, and a Multi-AZ primary (its
// standby is drawn as a node of its own) with two read replicas.
const RESOURCES = ['OrdersDb', 'OrdersReplicaA', 'OrdersReplicaB', 'PaymentsDb'];
const EDGES = ['OrdersDb -> OrdersDb (standby)', 'OrdersDb -> OrdersReplicaA', 'OrdersDb -> OrdersReplicaB'];

workbenchTest('the palette command draws the template\'s topology; clicking a node selects the resource in the editor', async (page) => {
  // Room for the template and the diagram side by side (also what the README's screenshot shows).
  await page.setViewportSize({ width: 1600, height: 900 });
  await quickOpen(page, 'orders.yaml');
  await page.keyboard.press('Control+B'); // hide the side bar
  await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  // Findings first, so the diagram carries their badges.
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: DEADLINE_MS });
  await runCommand(page, 'rdscope: Show RDS topology');
  await page.locator('.tabs-container .tab', { hasText: 'RDS topology: orders.yaml' }).waitFor({ state: 'visible', timeout: DEADLINE_MS });

  const frame = await webviewFrame(page, { timeout: DEADLINE_MS });
  await frame.locator('#stage[data-rendered] svg g.node[data-resource]').first().waitFor({ state: 'attached', timeout: DEADLINE_MS });
  const drawn = await frame.locator('#stage').evaluate((stage) => ({
    resources: [...new Set([...stage.querySelectorAll('g.node[data-resource]')].map((n) => n.getAttribute('data-resource')))].sort(),
    nodes: stage.querySelectorAll('g.node[data-resource]').length,
    edges: [...stage.querySelectorAll('[data-edge]')].map((e) => e.getAttribute('data-edge')).sort(),
    status: document.getElementById('status')?.textContent ?? '',
  }));
  assert.deepEqual(drawn.resources, RESOURCES, JSON.stringify(drawn));
  assert.equal(drawn.nodes, RESOURCES.length + 1, `one node per resource plus OrdersDb's standby: ${JSON.stringify(drawn)}`);
  assert.deepEqual(drawn.edges, EDGES, JSON.stringify(drawn));
  assert.match(drawn.status, /4 resources/);

  // Click a node: the editor selects that resource's logical id.
  const { line: before } = await cursorStatus(page);
  const target = lineOf(TEMPLATE, 'OrdersDb:');
  assert.notEqual(before, target);
  await frame.locator('g.node[data-resource="OrdersDb"]').first().click();
  const status = await poll(page, `the editor selection on OrdersDb (Ln ${target})`, async () => {
    const s = await cursorStatus(page);
    return s.line === target && s.selected === 'OrdersDb'.length ? s : undefined;
  }, { describe: async () => (await cursorStatus(page)).text });
  assert.equal(status.column, 3 + 'OrdersDb'.length, status.text);
  // The webview shows the selected resource's findings and recovery estimates.
  const details = frame.locator('#details');
  await details.locator('h2', { hasText: 'OrdersDb' }).waitFor({ state: 'visible' });
  assert.match(await details.innerText(), /RDS104/);
  assert.match(await details.innerText(), /RPO/);

  await saveScreenshot(page, 'diagram', { docsImage: 'topology-diagram.png' });
});
