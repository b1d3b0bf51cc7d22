// Bundles the benchmark's TypeScript entries (bench/src/*.ts) with the
// sources they measure, into bench/generated/.build/ (git-ignored), and makes
// sure dist/ is built. bench/run.mjs calls it; `node bench/build.mjs` alone works too.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
export const BUILD = join(BENCH, 'generated', '.build');

export async function buildBench({ rebuildDist = false } = {}) {
  if (rebuildDist || !['cli.js', 'server.js', 'extension.js'].every((f) => existsSync(join(ROOT, 'dist', f)))) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('node esbuild.mjs failed');
  }
  const entries = readdirSync(join(BENCH, 'src')).filter((f) => f.endsWith('.ts')).map((f) => join(BENCH, 'src', f));
  await esbuild.build({
    entryPoints: entries,
    outdir: BUILD,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    // The stand-in vscode module is loaded at run time, never bundled; so is playwright-core (the diagram's Chromium figures).
    external: ['vscode', 'playwright-core'],
  });
  return BUILD;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildBench({ rebuildDist: process.argv.includes('--dist') });
  console.log(`bench entries built into ${BUILD}`);
}
