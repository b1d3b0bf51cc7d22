// Real-editor end-to-end tests: `npm run test:e2e`.
//
//   setup (idempotent) -> package .vsix -> start code-server with it installed
//   -> extension-host Mocha suite -> Playwright UI suite -> stop (always).
//
// Options (flag or environment variable; flags win):
//   --dev-path <dir>        E2E_DEV_PATH        the extension folder (default: repo root); packaged with
//                                               vsce (extra flags: E2E_VSCE_ARGS). The host suite runs the
//                                               installed package (extensionDevelopmentPath = the folder
//                                               the .vsix was unpacked into), not this folder
//   --vsix <file>           E2E_VSIX            install this .vsix instead of packaging --dev-path
//   --host-tests <file>     E2E_HOST_TESTS      host test index (default: test/e2e/host/index.js)
//   --ui-dir <dir>          E2E_UI_DIR          folder of *.test.mjs UI tests (default: test/e2e/ui)
//   --workspace <dir>       E2E_WORKSPACE_DIR   fixture folder to open (default: test/e2e/workspace); each
//                                               suite gets its own temp copy, so edits never reach the repo
//                                               and the UI suite never sees what the host suite changed
//   --skip-host / --skip-ui                     run only one suite
// Debugging: E2E_VERBOSE=1 streams code-server output; E2E_KEEP_TMP=1 keeps the sandbox.
// Exit code 0 only if tests ran and none failed: a suite that is not skipped but has no tests fails.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { copyWorkspace, createSandbox, installedExtensionDir, installVsix, startCodeServer } from './codeServer.mjs';
import { describeHostResult, runHostSuite } from './hostRunner.mjs';
import { setup } from './setup.mjs';
import { runUiSuite } from './uiRunner.mjs';
import { CACHE_DIR, E2E_DIR, HarnessError, REPO_ROOT, secondsSince } from './util.mjs';
import { packageVsix } from './vsix.mjs';

function options() {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string' },
      'dev-path': { type: 'string' },
      'host-tests': { type: 'string' },
      'ui-dir': { type: 'string' },
      workspace: { type: 'string' },
      'skip-host': { type: 'boolean', default: false },
      'skip-ui': { type: 'boolean', default: false },
    },
  });
  const env = process.env;
  const defaultWorkspace = join(E2E_DIR, 'workspace');
  const pick = (flag, name, fallback) => values[flag] ?? env[name] ?? fallback;
  return {
    vsix: pick('vsix', 'E2E_VSIX', null),
    devPath: resolve(pick('dev-path', 'E2E_DEV_PATH', REPO_ROOT)),
    hostTests: resolve(pick('host-tests', 'E2E_HOST_TESTS', join(E2E_DIR, 'host', 'index.js'))),
    uiDir: resolve(pick('ui-dir', 'E2E_UI_DIR', join(E2E_DIR, 'ui'))),
    workspace: pick('workspace', 'E2E_WORKSPACE_DIR', existsSync(defaultWorkspace) ? defaultWorkspace : null),
    skipHost: values['skip-host'],
    skipUi: values['skip-ui'],
  };
}

/** *.test.js files next to (and below) the host index; none => skip the suite. */
function hasHostTests(indexFile) {
  const dir = resolve(indexFile, '..');
  const walk = (d) => readdirSync(d, { withFileTypes: true }).some((e) => (e.isDirectory()
    ? e.name !== 'node_modules' && walk(join(d, e.name))
    : e.name.endsWith('.test.js')));
  return existsSync(indexFile) && walk(dir);
}

/** The extension the host suite loads must have its `main`. */
function assertBuilt(devPath) {
  const pkg = JSON.parse(readFileSync(join(devPath, 'package.json'), 'utf8'));
  if (pkg.main && !existsSync(join(devPath, pkg.main)) && !existsSync(join(devPath, `${pkg.main}.js`))) {
    throw new HarnessError(`${pkg.main} does not exist in ${devPath}; build the extension first (npm run build) and check .vscodeignore`);
  }
}

// Module-level so the error handler can still report what already ran.
let passed = 0;
let failed = 0;

async function main() {
  const opts = options();
  const t0 = performance.now();
  const timings = [];
  const timed = async (label, fn) => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      timings.push(`${label} ${secondsSince(t)} s`);
    }
  };
  await timed('setup', () => setup());
  const vsix = opts.vsix ? resolve(opts.vsix) : await timed('package', () => {
    const { name } = JSON.parse(readFileSync(join(opts.devPath, 'package.json'), 'utf8'));
    const vsceArgs = (process.env.E2E_VSCE_ARGS || '').split(' ').filter(Boolean);
    return packageVsix(opts.devPath, join(CACHE_DIR, `${name}.vsix`), vsceArgs);
  });
  console.log(`[e2e] vsix: ${vsix}`);

  const sandbox = createSandbox();
  let server;
  try {
    await timed('install', () => installVsix(sandbox, vsix));
    server = await timed('start', () => startCodeServer(sandbox));
    // One copy per suite: the host suite edits and reconfigures its workspace,
    // the UI suite must start from the fixture as committed.
    const hostWorkspace = copyWorkspace(sandbox, opts.workspace, 'host-workspace');
    const uiWorkspace = copyWorkspace(sandbox, opts.workspace, 'workspace');
    console.log(`[e2e] code-server ${server.url}, workspace ${opts.workspace ?? '(empty)'}`);

    if (opts.skipHost) {
      console.log('[e2e] host suite: skipped (--skip-host)');
    } else if (!hasHostTests(opts.hostTests)) {
      // Not skipped but empty: a suite that tests nothing must not look green.
      console.log(`[e2e] host suite: FAILED - no *.test.js next to ${opts.hostTests} (use --skip-host to run without it)`);
      failed += 1;
    } else {
      // The packaged extension as installed (unpacked .vsix), not the working tree:
      // a file missing from the package fails here, as it would for users.
      const extensionUnderTest = installedExtensionDir(sandbox);
      assertBuilt(extensionUnderTest);
      console.log(`[e2e] host suite: extension from ${extensionUnderTest}`);
      const host = await timed('host suite', () => runHostSuite({
        server, sandbox, extensionDevelopmentPath: extensionUnderTest, extensionTestsPath: opts.hostTests, workspaceFolder: hostWorkspace,
      }));
      console.log(describeHostResult('', host));
      passed += host.results?.passed.length ?? 0;
      failed += host.results?.failed.length ?? 0;
      if (host.exitCode !== 0) {
        // A crash or timeout may leave no per-test results: count it as one failure.
        if (!host.results?.failed.length) failed += 1;
        console.log(host.logs());
      }
    }

    const uiFiles = opts.skipUi || !existsSync(opts.uiDir) ? []
      : readdirSync(opts.uiDir).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(opts.uiDir, f));
    if (opts.skipUi) console.log('[e2e] UI suite: skipped (--skip-ui)');
    else if (uiFiles.length === 0) {
      console.log(`[e2e] UI suite: FAILED - no *.test.mjs in ${opts.uiDir} (use --skip-ui to run without it)`);
      failed += 1;
    } else {
      const ui = await timed('UI suite', () => runUiSuite(uiFiles, {
        E2E_SERVER_URL: server.url,
        E2E_WORKSPACE: uiWorkspace,
        E2E_VSIX: vsix,
      }));
      passed += ui.passed;
      failed += ui.failed;
    }
  } finally {
    // Always: the server's process group holds watchers and extension hosts.
    if (server) await server.stop();
    sandbox.dispose();
  }

  console.log(`[e2e] timings: ${timings.join(', ')}, total ${secondsSince(t0)} s`);
  if (passed + failed === 0) {
    // Only possible with --skip-host --skip-ui: nothing ran, which is never a pass.
    console.log('e2e: 0 passed, 0 failed - no tests ran (both suites skipped)');
    process.exitCode = 1;
    return;
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(`[e2e] ERROR: ${err instanceof HarnessError ? err.message : err.stack}`);
  console.log(`e2e: ${passed} passed, ${failed + 1} failed (harness error)`);
  process.exitCode = 1;
});
