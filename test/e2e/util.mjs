// Shared paths and small process helpers for the e2e harness.
// Kept dependency-free (node: built-ins only) so setup.mjs can run before
// anything else is installed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(E2E_DIR, '..', '..');
// Everything downloaded or generated lives here; git-ignored, safe to delete.
export const CACHE_DIR = process.env.E2E_CACHE_DIR
  ? resolve(process.env.E2E_CACHE_DIR)
  : join(REPO_ROOT, '.e2e-cache');
export const ARTIFACTS_DIR = join(E2E_DIR, 'artifacts');

export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_DIR = join(CACHE_DIR, 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM_PATH = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

/** Thrown for problems the user must fix; run.mjs prints only the message. */
export class HarnessError extends Error {}

/**
 * Run a command to completion. Output is streamed (so long installs show
 * progress) and also captured so failures can quote it.
 * Rejects on non-zero exit unless `allowFailure` is set.
 */
export function run(cmd, args, { cwd = REPO_ROOT, env = process.env, quiet = false, allowFailure = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      if (!quiet) process.stdout.write(chunk);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => reject(new HarnessError(`cannot start ${cmd}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0 || allowFailure) return resolvePromise({ code, output });
      const tail = quiet ? `\n--- output (tail) ---\n${stripAnsi(output.slice(-4000))}` : '';
      reject(new HarnessError(`${cmd} ${args.join(' ')} failed (exit ${code ?? signal})${tail}`));
    });
  });
}

export const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Find an executable on PATH (like `command -v`), or null. */
export function which(name) {
  for (const dir of (process.env.PATH || '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Seconds since `start` (a performance.now() value), for timing lines. */
export const secondsSince = (start) => ((performance.now() - start) / 1000).toFixed(1);

// ------------------------------------------------------------ process groups
// Children that spawn their own children (code-server: watchers, pty host,
// extension hosts; node --test: Chromium) run detached, i.e. as leaders of a
// new process group, so process.kill(-pid) reaches every descendant. Groups
// still alive are killed on any exit path (normal, error, Ctrl+C, kill), so
// a crashed or interrupted harness never leaves servers behind.
const liveGroups = new Set();

/** Signal a whole process group; false if it no longer exists. */
export function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: group gone
  }
}

export function trackGroup(pgid) {
  liveGroups.add(pgid);
}

/** Stop tracking; returns whether it was tracked (makes stop() idempotent). */
export function untrackGroup(pgid) {
  return liveGroups.delete(pgid);
}

// Temp dirs to delete if we exit before their owner's cleanup ran.
const tempDirs = new Set();

/** mkdtemp under the system temp dir, removed on exit unless removed earlier. */
export function makeTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  tempDirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

process.on('exit', () => {
  for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  if (!process.env.E2E_KEEP_TMP) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const [sig, num] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(sig, () => process.exit(128 + num)); // 'exit' above does the killing
}
