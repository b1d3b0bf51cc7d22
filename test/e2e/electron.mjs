// Run the extension-host suite (test/e2e/host/index.js) in desktop VS Code
// via @vscode/test-electron: `npm run test:vscode`.
//
// For developers with a desktop VS Code; the code-server harness (run.mjs) is
// what CI and headless machines use. Same test index, same Mocha tests.
//
//   VSCODE_EXECUTABLE=/path/to/code npm run test:vscode   # use an installed VS Code
//   npm run test:vscode                                    # download VSCODE_VERSION (default 1.100.3)
//                                                          # into .e2e-cache/vscode-test/
// Options (flag or env, as in run.mjs): --dev-path/E2E_DEV_PATH,
// --host-tests/E2E_HOST_TESTS, --workspace/E2E_WORKSPACE_DIR.
// On Linux without a display, wrap it: xvfb-run -a npm run test:vscode
//
// The extension must be built first (package.json "main"), as for run.mjs.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { CACHE_DIR, E2E_DIR, REPO_ROOT, makeTempDir, removeTempDir } from './util.mjs';

// Matches the VS Code inside code-server 4.100.3, so both runners test the
// same editor version (and engines.vscode must stay <= it).
const DEFAULT_VSCODE_VERSION = '1.100.3';

const { values } = parseArgs({
  options: {
    'dev-path': { type: 'string' },
    'host-tests': { type: 'string' },
    workspace: { type: 'string' },
  },
});
const devPath = resolve(values['dev-path'] ?? process.env.E2E_DEV_PATH ?? REPO_ROOT);
const hostTests = resolve(values['host-tests'] ?? process.env.E2E_HOST_TESTS ?? join(E2E_DIR, 'host', 'index.js'));
const fixture = values.workspace ?? process.env.E2E_WORKSPACE_DIR ?? join(E2E_DIR, 'workspace');

async function main() {
  // Throwaway profile, as in run.mjs: the developer's own settings and
  // extensions must not influence (or be touched by) the tests.
  const tmp = makeTempDir('rdscope-e2e-vscode-');
  const resultsDir = join(tmp, 'host-results');
  // A copy, so tests that edit files never dirty the repository's fixtures.
  const workspace = join(tmp, 'workspace');
  if (existsSync(fixture)) cpSync(fixture, workspace, { recursive: true });
  else mkdirSync(workspace, { recursive: true });
  const cachePath = join(CACHE_DIR, 'vscode-test');
  mkdirSync(cachePath, { recursive: true }); // test-electron's mkdir is not recursive

  let exitCode = 1;
  try {
    await runTests({
      extensionDevelopmentPath: devPath,
      extensionTestsPath: hostTests,
      // When set, nothing is downloaded (the only option on machines that
      // cannot reach update.code.visualstudio.com).
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      version: process.env.VSCODE_VERSION || DEFAULT_VSCODE_VERSION,
      cachePath,
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions; the one under test still loads
        `--user-data-dir=${join(tmp, 'user-data')}`,
        `--extensions-dir=${join(tmp, 'extensions')}`,
      ],
      // Same contract as under code-server (see test/e2e/host/index.js).
      extensionTestsEnv: { E2E_HOST_RESULTS_DIR: resultsDir, E2E_RESOLVE_FROM: REPO_ROOT },
    });
    exitCode = 0;
  } catch (err) {
    // TestRunFailedError: VS Code exited non-zero (failing tests or a crash).
    console.error(`[e2e] ${err.message}`);
  } finally {
    const files = existsSync(resultsDir) ? readdirSync(resultsDir) : [];
    const results = files.map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')));
    const passed = results.reduce((n, r) => n + r.passed.length, 0);
    let failed = results.reduce((n, r) => n + r.failed.length, 0);
    if (exitCode !== 0 && failed === 0) failed = 1; // crashed before reporting
    console.log(`vscode: ${passed} passed, ${failed} failed`);
    removeTempDir(tmp);
  }
  process.exitCode = exitCode;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
