// The whole test suite, as CI runs it: build, unit + integration tests
// (node:test over the bundled TypeScript tests), then the real-editor suite.
// `npm test` runs everything; `npm test -- --no-e2e` skips the editor suite.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const skipE2e = process.argv.includes('--no-e2e') || process.env.RDSCOPE_SKIP_E2E === '1';

function run(cmd, args, opts = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

// test/lsp/neovim.test.ts drives a real headless Neovim: install Debian's neovim when it is missing.
run(process.execPath, ['scripts/ensure-neovim.mjs']);

rmSync('.test-build', { recursive: true, force: true });
run(process.execPath, ['esbuild.mjs', '--tests']);
run('npx', ['tsc', '-p', '.', '--noEmit']);

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
};
walk('.test-build');
files.sort();
run(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files]);

if (!skipE2e) run('npm', ['run', 'test:e2e']);
