/**
 * The topology webview in headless Chromium (webviewHost.ts: the real page,
 * its CSP and bundles, with a stand-in for VS Code's webview API).
 * Needs `node esbuild.mjs` first (the documented test command runs it).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { panelActionFor } from '../../client/src/topologyMessages';
import { buildDiagram } from '../../server/src/diagram/graph';
import { diagramInputFromLint, type DiagramInput } from '../../server/src/diagram/input';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import { lintDocuments } from '../../server/src/lint';
import { renderDiagram } from '../../server/src/diagram/render';
import { REPO_ROOT } from '../helpers';
import { initHcl } from '../../server/src/parse/hcl';
import { diagramFixture, diagramOf, hostileVariant, largeTemplate } from './helpers';
import { recorded, sendAndWait, sendDiagram as sendDiagramTo, startWebviewHost, type Recorded, type WebviewHost } from './webviewHost';

const ARTIFACTS = join(REPO_ROOT, 'test', 'e2e', 'artifacts', 'diagram');
const DOC = 'file:///work/stack/all-shapes.yaml';

let host: WebviewHost;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  host = await startWebviewHost(REPO_ROOT);
});

after(async () => {
  await host?.close();
});

function openPage(theme: 'light' | 'dark' | 'hc' = 'light', size = { width: 1400, height: 900 }): Promise<Page> {
  return host.openPage(theme, size);
}

/** Sends what the extension sends and waits until the page has drawn it. */
function sendDiagram(page: Page, input: DiagramInput, documentUri = DOC): Promise<void> {
  return sendDiagramTo(page, input, documentUri);
}

const nodeSelector = (resource: string, kind = 'instance') => `#stage g.node[data-kind="${kind}"][data-resource="${resource}"]`;

/** Distinct colours and the share of pixels unlike the corner pixel: a blank screenshot has 1 and 0. */
async function pixelStats(page: Page, png: Buffer): Promise<{ colours: number; inked: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const colours = new Set<number>();
    let inked = 0;
    const bg = (data[0] << 16) | (data[1] << 8) | data[2];
    for (let i = 0; i < data.length; i += 4) {
      const c = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      colours.add(c);
      if (c !== bg) inked++;
    }
    return { colours: colours.size, inked: inked / (data.length / 4) };
  }, png.toString('base64'));
}

describe('topology webview in Chromium', () => {
  const input = diagramFixture('all-shapes.yaml');
  const graph = buildDiagram(input);

  it('draws every node, edge, group and badge of the fixture, under the strict CSP', async () => {
    const page = await openPage();
    const blank = await page.locator('#stage').screenshot();
    await sendDiagram(page, input);
    assert.equal(await page.locator('#stage g.node').count(), graph.nodes.length);
    assert.equal(await page.locator('#stage g.edge[data-edge]').count(), graph.edges.length);
    assert.deepEqual(await page.locator('#stage g.group').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-group'))),
      ['Another region (cross-region replicas)', 'Region set at deploy time', 'AZ us-east-1a']);
    // What a user reads on the nodes.
    assert.equal(await page.locator(nodeSelector('Orders', 'standby')).locator('.badge text').textContent(), 'no reads');
    assert.deepEqual(await page.locator(nodeSelector('Reporting')).locator('.badge text').allTextContents(),
      ['RDS201 +3', 'no backups', 'no final snap', 'unencrypted']);
    assert.match(await page.locator(nodeSelector('Reporting')).getAttribute('class') ?? '', /sev-warning/);
    assert.deepEqual(await page.locator(nodeSelector('Billing', 'cluster-instance')).locator('.node-detail').allTextContents(),
      ['writer · AZ 1', 'reader · AZ 2 · serves reads', 'reader · AZ 3 · serves reads']);
    assert.ok(await page.locator('#stage g.edge[data-kind="sync"]').count() >= 3);
    assert.equal(await page.locator('#legend svg .legend-text').first().textContent(), 'Legend');
    assert.match(await page.locator('#status').textContent() ?? '', /14 resources, 13 findings · laid out in \d+ ms/);

    const shot = await page.locator('#stage').screenshot({ path: join(ARTIFACTS, 'all-shapes-light.png') });
    const stats = await pixelStats(page, shot);
    const blankStats = await pixelStats(page, blank);
    assert.ok(blankStats.colours <= 2, `the empty stage is blank (${blankStats.colours} colours)`);
    assert.ok(stats.colours > 50 && stats.inked > 0.05, `the diagram is drawn: ${stats.colours} colours, ${(stats.inked * 100).toFixed(1)}% inked`);
    assert.deepEqual((await recorded(page)).violations, []);
    await page.close();
  });

  it('reveals the clicked node\'s range in the editor, and shows its details and recovery estimates', async () => {
    const page = await openPage();
    await sendDiagram(page, input);
    await page.locator(nodeSelector('Orders')).click();
    const reveal = (await recorded(page)).posted.filter((m) => m.type === 'reveal');
    const orders = input.topology.instances.find((i) => i.id === 'Orders')!;
    assert.deepEqual(reveal, [{ type: 'reveal', file: orders.file, range: orders.idRange }]);
    // The extension side turns that message into a reveal of the same range.
    assert.deepEqual(panelActionFor(reveal[0], { files: new Set(input.topology.files.map((f) => f.file)) }),
      { kind: 'reveal', file: orders.file, range: orders.idRange });

    assert.match(await page.locator(nodeSelector('Orders')).getAttribute('class') ?? '', /selected/);
    assert.equal(await page.locator('#details h2').textContent(), 'Orders');
    assert.equal(await page.locator('#details .recovery tbody tr').count(), 4);
    assert.match(await page.locator('#details .recovery').textContent() ?? '', /Multi-AZ instance.*~0.*~1-2 min/s);

    // A finding in the side panel reveals the finding's own range.
    await page.locator(nodeSelector('Reporting')).click();
    await page.locator('#details button.finding').first().click();
    const last = (await recorded(page)).posted.at(-1);
    const first = input.findings.filter((f) => f.resource === 'Reporting').sort((a, b) => (a.severity < b.severity ? -1 : 1))[0];
    assert.equal(last?.type, 'reveal');
    assert.deepEqual(last?.type === 'reveal' && last.range, first.range);
    await page.close();
  });

  it('shows a node\'s findings on hover', async () => {
    const page = await openPage();
    await sendDiagram(page, input);
    await page.locator(nodeSelector('Reporting')).hover();
    const tooltip = page.locator('#tooltip');
    assert.equal(await tooltip.isVisible(), true);
    const text = await tooltip.textContent() ?? '';
    for (const f of input.findings.filter((x) => x.resource === 'Reporting')) assert.ok(text.includes(f.ruleId), f.ruleId);
    await page.mouse.move(2, 2);
    assert.equal(await tooltip.isVisible(), false);
    await page.close();
  });

  it('moves focus between nodes with Tab, reveals with Enter, zooms with + and -, pans with arrows, fits with 0', async () => {
    const page = await openPage();
    await sendDiagram(page, input);
    const transform = () => page.locator('#stage g.viewport').getAttribute('transform');
    await page.locator('#stage').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-node'));
    assert.ok(focused, 'a node has the focus');
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert.ok(label && label.length > 10, 'the focused node has an aria-label');
    await page.keyboard.press('Enter');
    const node = graph.nodes.find((n) => n.key === focused)!;
    const last = (await recorded(page)).posted.at(-1);
    assert.deepEqual(last, { type: 'reveal', file: node.file, range: node.range });

    const fitted = await transform();
    await page.keyboard.press('+');
    const zoomed = await transform();
    assert.ok(scale(zoomed) > scale(fitted), `${zoomed} zooms in from ${fitted}`);
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    assert.ok(scale(await transform()) < scale(zoomed));
    const beforePan = await transform();
    await page.keyboard.press('ArrowLeft');
    assert.notEqual(await transform(), beforePan);
    await page.keyboard.press('0');
    assert.equal(await transform(), fitted);
    await page.close();
  });

  it('keeps zoom, pan and selection while the document is edited, and fits a new document', async () => {
    const page = await openPage();
    await sendDiagram(page, input);
    await page.locator(nodeSelector('OrdersReplica')).click();
    await page.locator('#stage').focus();
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowDown');
    const kept = await page.locator('#stage g.viewport').getAttribute('transform');

    // The user types: the same document comes back with a change.
    const edited = diagramOf('test/fixtures/diagram/all-shapes.yaml',
      readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'diagram', 'all-shapes.yaml'), 'utf8').replace('BackupRetentionPeriod: 0', 'BackupRetentionPeriod: 5'));
    await sendDiagram(page, edited);
    assert.equal(await page.locator('#stage g.viewport').getAttribute('transform'), kept);
    assert.match(await page.locator(nodeSelector('OrdersReplica')).getAttribute('class') ?? '', /selected/);
    assert.deepEqual(await page.locator(nodeSelector('Reporting')).locator('.badge-backup text').allTextContents(), ['5d backup']);
    assert.equal(await page.locator('#details h2').textContent(), 'OrdersReplica');

    await sendDiagram(page, diagramFixture('hostile.yaml'), 'file:///work/stack/other.yaml');
    assert.notEqual(await page.locator('#stage g.viewport').getAttribute('transform'), kept);
    assert.equal(await page.locator('#stage g.node.selected').count(), 0);
    await page.close();
  });

  it('collapses a large replica fleet into "+N replicas" and expands it on click', async () => {
    const page = await openPage();
    await sendDiagram(page, diagramOf('fleet.yaml', largeTemplate(0, 40)));
    const fleet = page.locator('#stage g.node[data-kind="fleet"]');
    assert.equal(await fleet.locator('.node-title').textContent(), '+35 replicas');
    assert.equal(await page.locator('#stage g.node[data-resource^="FleetReplica"]').count(), 5);
    await fleet.click();
    await page.waitForFunction(() => document.querySelectorAll('#stage g.node[data-resource^="FleetReplica"]').length === 40);
    assert.equal(await page.locator('#stage g.node[data-kind="fleet"]').count(), 0);
    await page.close();
  });

  it('exports the SVG the CLI writes, and a PNG the extension accepts', async () => {
    const page = await openPage();
    await sendDiagram(page, input);
    await page.locator('[data-action="export-svg"]').click();
    await page.locator('[data-action="export-png"]').click();
    await page.waitForFunction(() => (window as unknown as { __rdscope: Recorded }).__rdscope.posted.some((m) => m.type === 'export' && m.format === 'png'));
    const exports = (await recorded(page)).posted.filter((m) => m.type === 'export');
    const svg = exports.find((m) => m.format === 'svg');
    assert.equal(svg?.type === 'export' && svg.format === 'svg' && `${svg.text}\n`, await renderDiagram(input, 'svg'));
    const png = exports.find((m) => m.format === 'png');
    const action = panelActionFor(png, { files: new Set(), documentUri: DOC });
    assert.equal(action.kind, 'save');
    assert.ok(action.kind === 'save' && action.data.length > 10_000, 'a real picture');
    if (action.kind === 'save') {
      writeFileSync(join(ARTIFACTS, 'export.png'), action.data);
      const stats = await pixelStats(page, Buffer.from(action.data));
      assert.ok(stats.colours > 50, `the PNG is not blank (${stats.colours} colours)`);
    }
    await page.close();
  });

  for (const theme of ['dark', 'hc'] as const) {
    it(`follows the ${theme === 'hc' ? 'high-contrast' : 'dark'} theme's colours`, async () => {
      const light = await openPage('light');
      await sendDiagram(light, input);
      const themed = await openPage(theme);
      await sendDiagram(themed, input);
      const fill = (p: Page) => p.locator(nodeSelector('Orders')).locator('.node-box').evaluate((r) => getComputedStyle(r).fill);
      assert.notEqual(await fill(themed), await fill(light));
      assert.equal(await fill(themed), theme === 'dark' ? 'rgb(37, 37, 38)' : 'rgb(12, 20, 31)');
      const shot = await themed.locator('#stage').screenshot({ path: join(ARTIFACTS, `all-shapes-${theme}.png`) });
      assert.ok((await pixelStats(themed, shot)).colours > 50);
      assert.deepEqual((await recorded(themed)).violations, []);
      await light.close();
      await themed.close();
    });
  }
});

describe('hostile names in Chromium', () => {
  for (const [name, make] of [
    ['hostile.yaml', () => diagramFixture('hostile.yaml')],
    ['all-shapes.yaml with markup in every value', () => hostileVariant(diagramFixture('all-shapes.yaml'))],
  ] as const) {
    it(`runs no markup from ${name}: no dialog, no injected element, no CSP violation`, async () => {
      const data = make();
      const page = await openPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
      await sendDiagram(page, data);
      // Hover, focus and select every node: tooltip and side panel show the names too.
      const count = await page.locator('#stage g.node').count();
      assert.equal(count, buildDiagram(data).nodes.length);
      await page.evaluate(() => {
        for (const g of Array.from(document.querySelectorAll('#stage g.node'))) {
          g.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
          (g as SVGGElement).focus();
          g.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        }
      });
      await page.locator('[data-action="export-png"]').click();
      await page.waitForFunction(() => (window as unknown as { __rdscope: Recorded }).__rdscope.posted.some((m) => m.type === 'export'));
      await page.waitForTimeout(300);

      assert.deepEqual(dialogs, []);
      const dom = await page.evaluate(() => ({
        scripts: Array.from(document.scripts).map((s) => new URL(s.src).pathname),
        injected: Array.from(document.querySelectorAll('[id^="injected"], img, iframe, b, foreignObject')).map((e) => e.outerHTML.slice(0, 80)),
        handlers: Array.from(document.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
        titles: Array.from(document.querySelectorAll('#stage .node-title')).map((t) => t.textContent ?? ''),
        details: document.getElementById('details')?.textContent ?? '',
      }));
      assert.deepEqual(dom.scripts, ['/stub.js', '/media/diagram.js']);
      assert.deepEqual(dom.injected, []);
      assert.deepEqual(dom.handlers, []);
      // Titles keep both ends of a long name: the markup's angle brackets show as text.
      assert.ok(dom.titles.some((t) => /<(script|img)|<\/script>/.test(t)), 'the names show as text');
      assert.ok(dom.details.includes('<'), 'the side panel shows them as text too');
      assert.deepEqual((await recorded(page)).violations, []);
      await page.screenshot({ path: join(ARTIFACTS, `hostile-${name.split(' ')[0].replace(/\W+/g, '-')}.png`) });
      await page.close();
    });
  }

  it('keeps the standalone HTML page of `rdscope graph --format html` inert', async () => {
    const html = await renderDiagram(hostileVariant(diagramFixture('all-shapes.yaml', 'hostile.yaml')), 'html');
    host.staticPages.set('/static.html', html);
    const page = await host.browser.newPage();
    const dialogs: string[] = [];
    const refused: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    page.on('console', (m) => { if (/Refused|Content Security Policy/i.test(m.text())) refused.push(m.text()); });
    await page.goto(`${host.origin}/static.html`);
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(refused, []);
    assert.equal(await page.locator('script').count(), 0);
    assert.equal(await page.locator('img, iframe, b, [id^="injected"]').count(), 0);
    assert.ok(await page.locator('svg.rdscope-diagram g.node').count() > 20);
    // The nonce'd stylesheet applies: nodes are drawn with the palette, not black.
    assert.equal(await page.locator('svg.rdscope-diagram g.node-instance .node-box').first().evaluate((r) => getComputedStyle(r).fill), 'rgb(255, 255, 255)');
    const shot = await page.screenshot({ path: join(ARTIFACTS, 'static-html.png') });
    assert.ok((await pixelStats(page, shot)).colours > 20);
    await page.close();
  });
});

describe('beside the editor: a narrow panel, resizing, transient errors', () => {
  const ORDERS = 'file:///work/stack/orders.yaml';
  const ordersText = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'diagram', 'all-shapes.yaml'), 'utf8');
  const titleHeights = (page: Page) => page.locator('#stage .node-title').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().height));
  const transform = (page: Page) => page.locator('#stage g.viewport').getAttribute('transform');

  it('gives the drawing the whole panel and keeps labels legible at 300 resources: scrolls instead of shrinking', async () => {
    const page = await openPage('light', { width: 560, height: 800 });
    await sendDiagram(page, diagramOf('large-300.yaml', largeTemplate(300)));
    assert.equal(await page.locator('#legend').evaluate((d) => (d as HTMLDetailsElement).open), false, 'the legend starts collapsed');
    assert.equal(await page.locator('#details').isVisible(), false, 'no details pane until something is selected');
    const stage = await page.locator('#stage').boundingBox();
    assert.ok(stage && stage.width >= 550, `the stage spans the panel: ${stage?.width}`);
    const heights = await titleHeights(page);
    assert.ok(Math.min(...heights) >= 10, `every node title is at least 10 px high: ${Math.min(...heights)}`);
    await page.locator('#stage').screenshot({ path: join(ARTIFACTS, 'narrow-300.png') });
    // The wheel scrolls the drawing; with Ctrl it zooms.
    const before = await transform(page);
    await page.mouse.move(300, 400);
    await page.mouse.wheel(0, 300);
    const scrolled = await transform(page);
    assert.equal(scale(scrolled), scale(before));
    assert.notEqual(scrolled, before);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, 300);
    await page.keyboard.up('Control');
    assert.ok(scale(await transform(page)) < scale(scrolled), 'Ctrl + wheel zooms out');
    await page.close();
  });

  it('fits again when the panel is resized, until the user zooms or pans', async () => {
    const page = await openPage('light', { width: 500, height: 600 });
    await sendDiagram(page, diagramFixture('all-shapes.yaml'));
    const narrow = await transform(page);
    await page.setViewportSize({ width: 1500, height: 900 });
    await page.waitForFunction((t) => document.querySelector('#stage g.viewport')?.getAttribute('transform') !== t, narrow);
    const wide = await transform(page);
    assert.ok(scale(wide) >= scale(narrow), `${wide} vs ${narrow}`);
    await page.locator('#stage').focus();
    await page.keyboard.press('+');
    const zoomed = await transform(page);
    await page.setViewportSize({ width: 900, height: 700 });
    await page.waitForTimeout(200);
    assert.equal(await transform(page), zoomed, 'a view the user moved stays where they put it');
    await page.keyboard.press('0');
    assert.notEqual(await transform(page), zoomed);
    await page.close();
  });

  it('opens the details over the drawing on select and closes them with the close button or Escape', async () => {
    const page = await openPage('light', { width: 700, height: 700 });
    await sendDiagram(page, diagramFixture('all-shapes.yaml'));
    const stageBefore = await page.locator('#stage').boundingBox();
    await page.locator(nodeSelector('Orders')).click();
    assert.equal(await page.locator('#details').isVisible(), true);
    assert.equal(await page.locator('#details h2').textContent(), 'Orders');
    assert.deepEqual(await page.locator('#stage').boundingBox(), stageBefore, 'the drawing keeps its size: the details float over it');
    await page.locator('#details button.close').click();
    assert.equal(await page.locator('#details').isVisible(), false);
    await page.locator(nodeSelector('Orders')).click();
    await page.locator('#stage').focus();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#details').isVisible(), false);
    await page.close();
  });

  it('keeps the last good drawing on a syntax error, with a banner naming the error and its line', async () => {
    const page = await openPage();
    await sendDiagram(page, diagramOf(ORDERS, ordersText), ORDERS);
    const nodes = await page.locator('#stage g.node').count();
    assert.equal(await page.locator('#banner').isVisible(), false);
    // The user is typing: an unclosed flow sequence on line 6.
    const broken = ordersText.split('\n');
    const at = broken.findIndex((l) => l.includes('BackupRetentionPeriod: 0'));
    broken[at] = broken[at].replace('BackupRetentionPeriod: 0', 'BackupRetentionPeriod: [0');
    const brokenInput = diagramOf(ORDERS, broken.join('\n'));
    const error = brokenInput.findings.find((f) => f.ruleId === 'RDS000');
    assert.ok(error, 'the broken text has a parse error');
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'diagram', input: brokenInput, documentUri: ORDERS } as unknown as Record<string, unknown>);
    await page.waitForFunction(() => !document.getElementById('banner')!.hidden);
    const text = await page.locator('#banner').textContent() ?? '';
    assert.match(text, new RegExp(`Syntax error on line ${error.range.start.line + 1} of orders\\.yaml`));
    assert.ok(text.includes(error.message.slice(0, 30)), text);
    assert.equal(await page.locator('#stage g.node').count(), nodes, 'the last good drawing stays');
    // Fixed: the banner goes, the new drawing comes.
    await sendDiagram(page, diagramOf(ORDERS, ordersText.replace('BackupRetentionPeriod: 0', 'BackupRetentionPeriod: 3')), ORDERS);
    assert.equal(await page.locator('#banner').isVisible(), false);
    assert.deepEqual(await page.locator(nodeSelector('Reporting')).locator('.badge-backup text').allTextContents(), ['3d backup']);
    await page.close();
  });

  it('shortens long names in the middle, keeping the end that tells them apart, and lists replicas in name order', async () => {
    assert.ok(await initHcl(), 'the HCL parser loads');
    const page = await openPage();
    const tf = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'diagram', 'unsorted-replicas.tf'), 'utf8');
    await sendDiagram(page, diagramOf('file:///work/stack/unsorted-replicas.tf', tf), 'file:///work/stack/unsorted-replicas.tf');
    const replicas = await page.locator('#stage g.node[data-resource^="aws_db_instance.billing_replica"]').evaluateAll((gs) => gs.map((g) => ({
      resource: g.getAttribute('data-resource'), title: g.querySelector('.node-title')?.textContent, y: g.getBoundingClientRect().y,
      hover: g.querySelector('title')?.textContent ?? '',
    })));
    assert.deepEqual(replicas.sort((a, b) => a.y - b.y).map((r) => r.resource),
      ['aws_db_instance.billing_replica_1', 'aws_db_instance.billing_replica_2', 'aws_db_instance.billing_replica_10']);
    const ten = replicas.find((r) => r.resource?.endsWith('_10'))!;
    assert.match(ten.title ?? '', /^aws_db_.*….*replica_10$/);
    assert.ok(ten.hover.startsWith('aws_db_instance.billing_replica_10'), 'the full name on hover');
    await page.close();
  });
});

describe('at any size: failure drill, search, filter', () => {
  const estate = diagramOf('file:///work/stack/estate.yaml', readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'drill', 'estate.yaml'), 'utf8'));
  const classOf = (page: Page, resource: string) => page.locator(nodeSelector(resource)).getAttribute('class').then((c) => c ?? '');

  it('colours each database by its outcome under the selected failure, dims the untouched, and explains the recovery path', async () => {
    const page = await openPage();
    await sendDiagram(page, estate, 'file:///work/stack/estate.yaml');
    assert.equal(await page.locator('#drill-summary').isVisible(), false);
    await page.locator('#drill').selectOption('data-corruption');
    assert.match(await classOf(page, 'Scratch'), /drill-data-lost/);
    assert.match(await classOf(page, 'Ledger'), /drill-restore-from-backup/);
    assert.match(await page.locator('#drill-summary').textContent() ?? '', /3 restore from backup.*1 data lost/);
    // The same outcomes as `rdscope drill` (rules/drill.ts), through the DiagramInput.
    for (const e of estate.drill?.['data-corruption'] ?? []) assert.match(await classOf(page, e.resource), new RegExp(`drill-${e.outcome}`), e.resource);

    await page.locator(nodeSelector('Scratch')).click();
    const details = page.locator('#details .drill');
    assert.match(await details.textContent() ?? '', /data lost.*PITR is off.*RPO unbounded/s);
    // The finding that would change it: a click reveals it in the editor.
    const rds101 = estate.findings.find((f) => f.ruleId === 'RDS101' && f.resource === 'Scratch')!;
    await details.locator('button.finding', { hasText: 'RDS101' }).click();
    assert.deepEqual((await recorded(page)).posted.at(-1), { type: 'reveal', file: rds101.file, range: rds101.range });

    // An outcome resting on an unknown says so, and is drawn as uncertain.
    await page.locator('#drill').selectOption('instance-failure');
    assert.match(await classOf(page, 'Catalog'), /drill-promote-replica.*drill-uncertain|drill-uncertain.*drill-promote-replica/);
    await page.locator(nodeSelector('Catalog')).click();
    assert.match(await page.locator('#details .drill').textContent() ?? '', /at worst.*Depends on a value not known statically.*CatalogMultiAz/s);
    await page.screenshot({ path: join(ARTIFACTS, 'drill-instance-failure.png') });
    // Off: no colours left.
    await page.locator('#drill').selectOption('');
    assert.doesNotMatch(await classOf(page, 'Catalog'), /drill-/);
    assert.equal(await page.locator('#drill-summary').isVisible(), false);
    await page.close();
  });

  it('dims a replica in another region under a region outage: the failure does not touch it', async () => {
    const page = await openPage();
    await sendDiagram(page, diagramFixture('all-shapes.yaml'));
    await page.locator('#drill').selectOption('region-outage');
    assert.match(await classOf(page, 'OrdersWestReplica'), /drill-unaffected.*drill-dim|drill-dim.*drill-unaffected/);
    assert.match(await classOf(page, 'Orders'), /drill-promote-replica/);
    await page.close();
  });

  it('finds resources by name, identifier or engine, highlights them and centres the view on each in turn', async () => {
    const page = await openPage('light', { width: 700, height: 600 });
    await sendDiagram(page, diagramOf('large-120.yaml', largeTemplate(120)));
    const transform = () => page.locator('#stage g.viewport').getAttribute('transform');
    const before = await transform();
    await page.locator('#search').fill('primary7replica');
    await page.waitForFunction(() => document.querySelectorAll('#stage g.node.search-hit').length === 5);
    assert.match(await page.locator('#status').textContent() ?? '', /1 of 5 matching "primary7replica"/);
    assert.notEqual(await transform(), before, 'the view moved to the first match');
    const first = await page.locator('#stage g.node.search-hit').first().boundingBox();
    const stage = await page.locator('#stage').boundingBox();
    assert.ok(first && stage && first.x >= stage.x && first.x + first.width <= stage.x + stage.width + 1, 'the match is in view');
    await page.locator('#search').press('Enter');
    assert.match(await page.locator('#status').textContent() ?? '', /2 of 5/);
    // By engine: the MySQL instances (one per group of ten).
    await page.locator('#search').fill('mysql');
    await page.waitForFunction(() => document.querySelectorAll('#stage g.node.search-hit').length === 12);
    await page.locator('#search').fill('no-such-thing');
    await page.waitForFunction(() => /No resource matches/.test(document.getElementById('status')!.textContent ?? ''));
    await page.locator('#search').press('Escape');
    assert.equal(await page.locator('#stage g.node.search-miss').count(), 0);
    await page.close();
  });

  it('filters to databases with findings, or by severity', async () => {
    const page = await openPage();
    const input = diagramFixture('all-shapes.yaml');
    await sendDiagram(page, input);
    const graph = buildDiagram(input);
    await page.locator('#filter').selectOption('findings');
    assert.equal(await page.locator('#stage g.node.filtered-out').count(), graph.nodes.filter((n) => n.findings.length === 0).length);
    await page.locator('#filter').selectOption('error');
    assert.equal(await page.locator('#stage g.node:not(.filtered-out)').count(), graph.nodes.filter((n) => n.worst === 'error').length);
    await page.locator('#filter').selectOption('');
    assert.equal(await page.locator('#stage g.node.filtered-out').count(), 0);
    await page.close();
  });
});

describe('at any size: collapse and expand, overview', () => {
  it('collapses a cluster, an AZ and a region into one node each, and expands them again', async () => {
    const page = await openPage();
    const input = diagramFixture('all-shapes.yaml');
    await sendDiagram(page, input);
    const nodes = () => page.locator('#stage g.node').count();
    const all = await nodes();
    // A cluster, from its member's details: the members go, the cluster stays as one node with their findings.
    // From the keyboard: the drawing is larger than the page at a legible zoom.
    const press = async (selector: string) => { await page.locator(selector).first().focus(); await page.keyboard.press('Enter'); };
    await press(nodeSelector('Billing', 'cluster-instance'));
    await page.locator('#details button.collapse', { hasText: 'Collapse cluster Billing' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('#stage g.node').length < n, all);
    assert.equal(await page.locator(nodeSelector('Billing', 'cluster-instance')).count(), 0);
    const billing = page.locator(nodeSelector('Billing', 'cluster'));
    assert.match(await billing.locator('.node-detail').textContent() ?? '', /3 members collapsed/);
    await press(nodeSelector('Billing', 'cluster'));
    await page.waitForFunction((n) => document.querySelectorAll('#stage g.node').length === n, all);

    // A region, from its label: one node that says what it holds; a click opens it again.
    const region = page.locator('#stage g.group[data-group="Region set at deploy time"] text.group-label');
    await region.click();
    const collapsed = page.locator('#stage g.node[data-kind="collapsed"]');
    await collapsed.waitFor({ state: 'attached' });
    assert.match(await collapsed.getAttribute('aria-label') ?? '', /^collapsed Region set at deploy time, \d+ databases/);
    assert.ok(await nodes() < all);
    await press('#stage g.node[data-kind="collapsed"]');
    await page.waitForFunction((n) => document.querySelectorAll('#stage g.node').length === n, all);
    await page.close();
  });

  it('collapses an expanded replica fleet again', async () => {
    const page = await openPage();
    await sendDiagram(page, diagramOf('fleet.yaml', largeTemplate(0, 40)));
    await page.locator('#stage g.node[data-kind="fleet"]').click();
    await page.waitForFunction(() => document.querySelectorAll('#stage g.node[data-resource^="FleetReplica"]').length === 40);
    // Select one of them (from the keyboard: the column of 40 runs below the panel).
    await page.locator(nodeSelector('FleetReplica12')).focus();
    await page.keyboard.press('Enter');
    await page.locator('#details button.collapse', { hasText: 'Collapse these replicas' }).click();
    await page.locator('#stage g.node[data-kind="fleet"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#stage g.node[data-resource^="FleetReplica"]').count(), 5);
    await page.close();
  });

  it('shows an overview of a drawing larger than the panel, and moves the view where it is clicked', async () => {
    const page = await openPage('light', { width: 700, height: 600 });
    await sendDiagram(page, diagramOf('large-300.yaml', largeTemplate(300)));
    const minimap = page.locator('#minimap');
    assert.equal(await minimap.isVisible(), true);
    // Every node is a box in the overview (one path per look).
    const boxes = await minimap.locator('path.mm-node').evaluateAll((ps) => ps.reduce((a, p) => a + Number((p as SVGElement).dataset.boxes), 0));
    assert.ok(boxes >= 300, `${boxes} boxes`);
    const transform = () => page.locator('#stage g.viewport').getAttribute('transform');
    const before = await transform();
    const box = (await minimap.locator('svg').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.8);
    assert.notEqual(await transform(), before);
    assert.equal(scale(await transform()), scale(before), 'it moves the view, it does not zoom');
    // Small drawings need no overview.
    await sendDiagram(page, diagramFixture('all-shapes.yaml'), 'file:///work/stack/small.yaml');
    await page.setViewportSize({ width: 1900, height: 1400 });
    await page.locator('#stage').focus();
    await page.keyboard.press('0');
    await page.waitForFunction(() => document.getElementById('minimap')!.hidden);
    await page.close();
  });
});

describe('asked from the editor: a code lens\'s focus, the drill command', () => {
  const input = diagramFixture('all-shapes.yaml');
  const fileOf = (id: string) => input.topology.instances.find((i) => i.id === id)!.file;
  /** How far the node is from the centre of what the details pane (floating on the stage's right) leaves free. */
  const centreOffset = async (page: Page, selector: string) => {
    const box = (await page.locator(selector).boundingBox())!;
    const stage = (await page.locator('#stage').boundingBox())!;
    const details = (await page.locator('#details').boundingBox())!;
    assert.ok(details.x > stage.x + stage.width / 4 && details.x < stage.x + stage.width, 'the details pane covers the right of the stage');
    const free = { x: stage.x, width: details.x - stage.x };
    assert.ok(box.x + box.width <= details.x + 1 || box.width > free.width, 'the node is not under the details pane');
    return Math.hypot(box.x + box.width / 2 - (free.x + free.width / 2), box.y + box.height / 2 - (stage.y + stage.height / 2));
  };

  it('selects, highlights and centres the focused resource without moving the editor', async () => {
    const page = await openPage('light', { width: 1000, height: 600 });
    await sendAndWait(page, { type: 'diagram', input, documentUri: DOC, focus: { file: fileOf('OrdersReplicaOfReplica'), resource: 'OrdersReplicaOfReplica' } });
    const node = nodeSelector('OrdersReplicaOfReplica');
    assert.match(await page.locator(node).getAttribute('class') ?? '', /\bselected\b/);
    assert.equal(await page.locator('#details h2').textContent(), 'OrdersReplicaOfReplica');
    assert.ok(await centreOffset(page, node) < 3, 'centred in what the details leave free');
    assert.deepEqual((await recorded(page)).posted.filter((m) => m.type === 'reveal'), [], 'the editor stays where the lens was');
    // A later update of the same document keeps the selection; a focus on something else moves it.
    await sendAndWait(page, { type: 'diagram', input, documentUri: DOC, focus: { file: fileOf('Reporting'), resource: 'Reporting' } });
    assert.equal(await page.locator('#details h2').textContent(), 'Reporting');
    assert.equal(await page.locator('#stage g.node.selected').count(), 1);
    await sendAndWait(page, { type: 'diagram', input, documentUri: DOC, focus: { file: fileOf('Reporting'), resource: 'NoSuchDb' } });
    assert.match(await page.locator('#status').textContent() ?? '', /NoSuchDb is not in this diagram/);
    await page.close();
  });

  it('focuses a resource far off screen in a large diagram, and one folded into "+N replicas"', async () => {
    const page = await openPage('light', { width: 900, height: 700 });
    const data = diagramOf('file:///work/stack/large.yaml', largeTemplate(1000, 40));
    await sendAndWait(page, { type: 'diagram', input: data, documentUri: 'file:///work/stack/large.yaml', focus: { file: 'file:///work/stack/large.yaml', resource: 'Primary90Replica3' } });
    assert.match(await page.locator(nodeSelector('Primary90Replica3')).getAttribute('class') ?? '', /\bselected\b/);
    assert.ok(await centreOffset(page, nodeSelector('Primary90Replica3')) < 3);
    await sendAndWait(page, { type: 'diagram', input: data, documentUri: 'file:///work/stack/large.yaml', focus: { file: 'file:///work/stack/large.yaml', resource: 'FleetReplica30' } });
    await page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('selected') === true, nodeSelector('FleetReplica30'));
    assert.equal(await page.locator('#details h2').textContent(), 'FleetReplica30');
    await page.close();
  });

  it('turns the drill on with the failure the command asked for', async () => {
    const page = await openPage();
    const estate = diagramOf('file:///work/stack/estate.yaml', readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'drill', 'estate.yaml'), 'utf8'));
    await sendAndWait(page, { type: 'diagram', input: estate, documentUri: 'file:///work/stack/estate.yaml', drill: 'data-corruption' });
    assert.equal(await page.locator('#drill').inputValue(), 'data-corruption');
    assert.match(await page.locator('#drill-summary').textContent() ?? '', /3 restore from backup.*1 data lost/);
    assert.match(await page.locator(nodeSelector('Scratch')).getAttribute('class') ?? '', /drill-data-lost/);
    await page.close();
  });
});

describe('values from deployment inputs', () => {
  const template = join(REPO_ROOT, 'test', 'fixtures', 'diagram', 'inputs', 'app.yaml');
  /** What the language server sends for app.yaml deployed with a parameter file (issue 13), through the real engine. */
  const deployedWith = (params: string): DiagramInput => diagramInputFromLint(lintDocuments([{ uri: template, text: readFileSync(template, 'utf8') }], {
    config: { ...DEFAULT_CONFIG, deployment: { parameterFiles: [join(dirname(template), 'params', params)], parameters: [], varFiles: [], vars: [] } },
    files: { readText: (p) => (p.startsWith(dirname(template)) && existsSync(p) ? readFileSync(p, 'utf8') : undefined), listFolder: () => undefined },
  }));

  it('names, in the details, the inputs behind the values the diagram shows', async () => {
    const page = await openPage();
    await sendDiagram(page, deployedWith('prod.json'), 'file:///work/stack/app.yaml');
    // Env=prod makes it Multi-AZ: the standby is drawn.
    assert.equal(await page.locator(nodeSelector('AppDb', 'standby')).count(), 1);
    await page.locator(nodeSelector('AppDb')).click();
    assert.deepEqual(await page.locator('#details ul.inputs li').allTextContents(), [
      'instance class db.m6g.large (with Class=db.m6g.large, the parameter\'s default)',
      'Multi-AZ true (with Env=prod from prod.json)',
      'backup retention 14 (with Retention=14 from prod.json)',
    ]);
    await page.close();
  });

  it('keeps an input\'s value inert text', async () => {
    const page = await openPage();
    await sendDiagram(page, deployedWith('hostile.json'), 'file:///work/stack/app.yaml');
    await page.locator(nodeSelector('AppDb')).click();
    const text = await page.locator('#details ul.inputs').textContent() ?? '';
    assert.ok(text.includes('instance class <img src=x onerror="window.__pwned=1">db.r6g'), text);
    assert.equal(await page.locator('#details img').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual((await recorded(page)).violations, []);
    await page.close();
  });
});

describe('large topologies in Chromium', () => {
  for (const instances of [100, 1000]) {
    it(`lays out and draws ${instances} instances${instances > 100 ? ', only what is in view' : ''}`, async (t) => {
      const page = await openPage('light', { width: 1600, height: 1000 });
      const data = diagramOf(`large-${instances}.yaml`, largeTemplate(instances, 40));
      const total = buildDiagram(data).nodes.length;
      const started = Date.now();
      await sendDiagram(page, data);
      const wall = Date.now() - started;
      const status = await page.locator('#status').textContent() ?? '';
      const drawn = await page.locator('#stage g.node').count();
      t.diagnostic(`${instances} instances (+41 fleet): ${drawn} of ${total} nodes drawn; ${status}; wall ${wall} ms`);
      assert.match(status, /40 replicas collapsed|35 replicas collapsed/);
      const shot = await page.locator('#stage').screenshot({ path: join(ARTIFACTS, `large-${instances}.png`) });
      assert.ok((await pixelStats(page, shot)).inked > 0.02);
      if (instances === 100) {
        assert.equal(drawn, total, 'a diagram of this size is drawn whole');
      } else {
        // Chromium takes seconds to style and paint thousands of nodes: only those in and around the view are in the page.
        assert.ok(drawn > 10 && drawn < total / 2, `${drawn} of ${total} nodes drawn`);
        const far = 'Primary90Replica3';
        assert.equal(await page.locator(nodeSelector(far)).count(), 0, `${far} is far from the view`);
        // Search finds it anyway, centres it, and it is drawn there, marked as a hit.
        await page.locator('#search').fill(far);
        await page.locator('#search').press('Enter');
        await page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('search-hit') === true, nodeSelector(far));
        const box = (await page.locator(nodeSelector(far)).boundingBox())!;
        const stage = (await page.locator('#stage').boundingBox())!;
        assert.ok(Math.abs(box.x + box.width / 2 - (stage.x + stage.width / 2)) < 5, 'centred');
        assert.ok(await page.locator('#stage g.node').count() < total / 2, 'what left the view left the page');
      }
      await page.close();
    });
  }
});

function scale(transform: string | null): number {
  return Number(/scale\(([\d.]+)\)/.exec(transform ?? '')?.[1] ?? NaN);
}

