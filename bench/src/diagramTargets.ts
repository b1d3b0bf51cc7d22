/**
 * The diagram's targets of issue 15, as the user waits for them: in the real
 * webview page in Chromium (test/diagram/webviewHost.ts), from the message
 * with the DiagramInput to the frame that shows the drawing. The first
 * drawing of the 1 MB template (a fresh page, as when the panel opens), an
 * edit reflected (a pasted read replica, sent to the same page), and 300
 * resources (a fresh page). The server's part (lint and DiagramInput, in
 * Node) is timed apart.
 * `node bench/generated/.build/diagramTargets.js FILE_1MB [runs]` prints JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { DiagramInput } from '../../server/src/diagram/input';
import { diagramOf, largeTemplate } from '../../test/diagram/helpers';
import { stageMessage, startWebviewHost, timeDrawing } from '../../test/diagram/webviewHost';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Timing {
  /** Message -> drawn, in the page. */
  draw: number;
  /** Main-thread busy time meanwhile (Chromium's TaskDuration): the page's CPU. */
  drawCpu: number;
  /** The longest main-thread task: how long a click or keystroke could have waited. */
  longestTask: number;
  /** The server's part: lint and DiagramInput, in Node. */
  input: number;
}

async function draw(page: Page, text: string, uri: string): Promise<Timing> {
  const t0 = performance.now();
  const input: DiagramInput = diagramOf(uri, text);
  const inputMs = performance.now() - t0;
  await stageMessage(page, { type: 'diagram', input, documentUri: uri });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  const before = await busy();
  const { ms, longestTaskMs, status } = await timeDrawing(page);
  if (!/\d+ resources/.test(status)) throw new Error(`the page did not draw the diagram: ${status}`);
  const drawCpu = (await busy()) - before;
  await cdp.detach();
  return { draw: ms, drawCpu, longestTask: longestTaskMs, input: inputMs };
}

const medians = (xs: Timing[]) => ({
  drawMs: median(xs.map((x) => x.draw)), drawCpuMs: median(xs.map((x) => x.drawCpu)),
  longestTaskMs: median(xs.map((x) => x.longestTask)), inputMs: median(xs.map((x) => x.input)),
});

async function main(): Promise<void> {
  const [file, runsArg] = process.argv.slice(2);
  const runs = Number(runsArg ?? 3);
  const big = readFileSync(file, 'utf8');
  // A pasted change: a new read replica of the first primary.
  const replica = '\n  PastedReplica:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      SourceDBInstanceIdentifier: !Ref Primary0\n      DBInstanceClass: db.r6g.large\n';
  const edited = big.endsWith('\n') ? big + replica.slice(1) : big + replica;
  const small = largeTemplate(300);
  const host = await startWebviewHost(join(__dirname, '..', '..', '..'));
  const first: Timing[] = [];
  const edit: Timing[] = [];
  const three: Timing[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // The panel beside the editor on a laptop screen.
      const page = await host.openPage('light', { width: 900, height: 800 });
      first.push(await draw(page, big, 'file:///bench/big.yaml'));
      edit.push(await draw(page, edited, 'file:///bench/big.yaml'));
      await page.close();
      const fresh = await host.openPage('light', { width: 900, height: 800 });
      three.push(await draw(fresh, small, 'file:///bench/three.yaml'));
      await fresh.close();
    }
  } finally {
    await host.close();
  }
  process.stdout.write(`${JSON.stringify({ bytes: big.length, where: 'Chromium, message -> drawn', first: medians(first), edit: medians(edit), threeHundred: medians(three) })}\n`);
}

void main().catch((error: unknown) => { process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`); process.exit(1); });
