import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagramOf } from '../../test/diagram/helpers';
import { startWebviewHost, timeDrawing } from '../../test/diagram/webviewHost';
async function main() {
  const big = readFileSync(process.argv[2], 'utf8');
  const input = diagramOf('file:///b.yaml', big);
  const host = await startWebviewHost(join(__dirname, '..', '..', '..'));
  const page = await host.openPage('light', { width: 900, height: 800 });
  console.log(await timeDrawing(page, { type: 'diagram', input, documentUri: 'file:///b.yaml' }));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  console.log(await timeDrawing(page, { type: 'diagram', input, documentUri: 'file:///b.yaml' }));
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync('/tmp/dg/page.cpuprofile', JSON.stringify(profile));
  await host.close();
}
void main();
