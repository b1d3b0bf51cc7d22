// Start/stop code-server for the e2e harness.
//
// Each run gets a throwaway "sandbox": temp user-data, extensions and XDG dirs,
// so nothing leaks into (or from) the developer's own editor profile and runs
// never see each other's state.
//
// code-server spawns file watchers, pty hosts and one extension host per
// window; those outlive the main pid if only it is killed. So the server runs
// detached in its own process group and stop() kills the whole group.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import {
  CODE_SERVER_ENTRY, HarnessError, REPO_ROOT, killGroup, makeTempDir, removeTempDir, run, sleep, trackGroup, untrackGroup,
} from './util.mjs';

// User settings that keep the workbench quiet and deterministic: no welcome
// page or tips stealing focus, no network lookups (Open VSX is unreachable
// anyway), no git scanning of fixture folders.
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'files.hotExit': 'off',
  // code-server saves edits after a delay by default: a test's edit (a quick
  // fix) would land on disk and leak into the next test. Tests save or revert
  // explicitly.
  'files.autoSave': 'off',
};

/** Ask the kernel for a free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Create temp dirs for one code-server instance.
 * @param {{settings?: object, keep?: boolean}} [opts] extra user settings;
 *   keep=true (or E2E_KEEP_TMP=1) leaves the dirs for post-mortem debugging.
 */
export function createSandbox({ settings = {}, keep = !!process.env.E2E_KEEP_TMP } = {}) {
  const root = makeTempDir('rdscope-e2e-');
  const sandbox = {
    root,
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
    // test/e2e/host/index.js drops a JSON summary here (see E2E_HOST_RESULTS_DIR).
    hostResultsDir: join(root, 'host-results'),
    dispose() {
      if (keep) console.log(`[e2e] kept sandbox ${root}`);
      else removeTempDir(root);
    },
  };
  for (const dir of [sandbox.extensionsDir, sandbox.xdgConfig, sandbox.xdgData, join(sandbox.userDataDir, 'User')]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(
    join(sandbox.userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2),
  );
  return sandbox;
}

/** Environment for code-server: XDG dirs redirected so it never writes to ~/.config. */
function serverEnv(sandbox, extraEnv) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: sandbox.xdgConfig,
    XDG_DATA_HOME: sandbox.xdgData,
    // Read by test/e2e/host/index.js inside the extension host, which inherits
    // the server's environment: where to report results, and where to find
    // mocha when the test index lives outside this repository.
    E2E_HOST_RESULTS_DIR: sandbox.hostResultsDir,
    E2E_RESOLVE_FROM: REPO_ROOT,
    // A leftover from a developer shell would make code-server ask for one.
    PASSWORD: undefined,
    HASHED_PASSWORD: undefined,
    ...extraEnv,
  };
}

/** Install a .vsix into the sandbox's extensions dir (code-server CLI, exits when done). */
export async function installVsix(sandbox, vsixPath) {
  const vsix = resolve(vsixPath);
  if (!existsSync(vsix)) throw new HarnessError(`vsix not found: ${vsix}`);
  const { output } = await run(process.execPath, [
    CODE_SERVER_ENTRY,
    '--install-extension', vsix, '--force',
    '--extensions-dir', sandbox.extensionsDir,
    '--user-data-dir', sandbox.userDataDir,
  ], { env: serverEnv(sandbox, {}), quiet: true });
  // The CLI exits 0 even for some failures; trust only what landed on disk.
  const installed = readdirSync(sandbox.extensionsDir).filter((d) => !d.startsWith('.') && d !== 'extensions.json');
  if (installed.length === 0) throw new HarnessError(`installing ${vsix} produced no extension:\n${output}`);
  return output.trim();
}

/**
 * The folder an installed .vsix was unpacked into (<publisher>.<name>-<version>),
 * i.e. exactly what the package ships: the host suite loads the extension from
 * there, so it tests the packaged extension, not the working tree.
 */
export function installedExtensionDir(sandbox) {
  const dirs = readdirSync(sandbox.extensionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && existsSync(join(sandbox.extensionsDir, d.name, 'package.json')));
  if (dirs.length !== 1) {
    throw new HarnessError(`expected one installed extension in ${sandbox.extensionsDir}, found ${dirs.map((d) => d.name).join(', ') || 'none'}`);
  }
  return join(sandbox.extensionsDir, dirs[0].name);
}

/** GET url; resolves with the status code, rejects on connection errors. */
function httpStatus(url) {
  return new Promise((resolveStatus, reject) => {
    const req = get(url, (res) => {
      res.resume();
      resolveStatus(res.statusCode);
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

/**
 * Start code-server on a free loopback port and wait until it answers HTTP.
 * @returns {Promise<{url: string, port: number, pid: number, output: () => string, stop: () => Promise<void>}>}
 */
export async function startCodeServer(sandbox, opts = {}) {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new HarnessError('code-server is not installed; run node test/e2e/setup.mjs');
  // freePort() can race with other processes (e.g. parallel runs) grabbing
  // the port before code-server binds it; just try another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(sandbox, opts);
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE/.test(err.message)) throw err;
    }
  }
}

async function startOnce(sandbox, { env = {}, timeoutMs = 60_000 }) {
  const port = await freePort();
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', sandbox.userDataDir,
    '--extensions-dir', sandbox.extensionsDir,
  ];
  // detached => setsid(): the server becomes leader of a new process group
  // whose id is its pid, so process.kill(-pid) reaches every descendant.
  const child = spawn(process.execPath, args, {
    env: serverEnv(sandbox, env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackGroup(child.pid);

  // Keep the server's log (bounded) to print when something fails.
  let output = '';
  const keep = (chunk) => {
    output += chunk;
    if (output.length > 200_000) output = output.slice(-100_000);
    if (process.env.E2E_VERBOSE) process.stdout.write(`[code-server] ${chunk}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((r) => child.on('exit', (code, signal) => r((exited = { code, signal }))));

  const url = `http://127.0.0.1:${port}`;
  const server = {
    url,
    port,
    pid: child.pid,
    output: () => output,
    /** Kill the whole process group: TERM, short grace, then KILL. Idempotent. */
    async stop() {
      if (!untrackGroup(child.pid)) return;
      killGroup(child.pid, 'SIGTERM');
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && killGroup(child.pid, 0)) await sleep(100);
      killGroup(child.pid, 'SIGKILL');
      await Promise.race([exitPromise, sleep(2000)]);
    },
  };

  // /healthz answers once the HTTP server is up; the workbench itself is then
  // served on demand.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      untrackGroup(child.pid);
      killGroup(child.pid, 'SIGKILL'); // any children it managed to start
      throw new HarnessError(`code-server exited early (${exited.code ?? exited.signal}):\n${output.slice(-4000)}`);
    }
    try {
      if ((await httpStatus(`${url}/healthz`)) === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new HarnessError(`code-server did not answer on ${url} within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`);
    }
    await sleep(200);
  }
}

/**
 * The most recently written server-side log file with this name, e.g.
 * 'remoteexthost.log' (one per extension host, under
 * <user-data>/logs/<session>/exthostN/). Used to explain host-test failures.
 * @returns {{file: string, text: string} | null}
 */
export function latestServerLog(sandbox, fileName, { maxChars = 8000 } = {}) {
  const logsRoot = join(sandbox.userDataDir, 'logs');
  if (!existsSync(logsRoot)) return null;
  let newest = null;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name === fileName && (!newest || st.mtimeMs > newest.mtimeMs)) newest = { file: p, mtimeMs: st.mtimeMs };
    }
  };
  walk(logsRoot);
  if (!newest) return null;
  const text = readFileSync(newest.file, 'utf8');
  return { file: newest.file, text: text.length > maxChars ? '…' + text.slice(-maxChars) : text };
}

/** Copy a fixture workspace into the sandbox so tests may modify it freely. */
export function copyWorkspace(sandbox, fromDir, name = 'workspace') {
  const dest = join(sandbox.root, name);
  if (fromDir) cpSync(fromDir, dest, { recursive: true });
  else mkdirSync(dest, { recursive: true });
  return dest;
}
