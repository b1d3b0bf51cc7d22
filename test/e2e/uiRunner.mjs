// Run UI test files (node:test + Playwright) in a child process.
//
// A child process keeps a hung or crashing browser test from taking the
// harness (and its process-group cleanup) down with it. The spec reporter
// goes to the console for humans; a TAP copy goes to a file we parse for the
// pass/fail counts, which is sturdier than scraping the spec output.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR, killGroup, trackGroup, untrackGroup } from './util.mjs';

/**
 * @param {string[]} files  absolute paths of *.test.mjs files
 * @param {Record<string,string>} env  E2E_SERVER_URL, E2E_WORKSPACE, ...
 * @returns {Promise<{passed: number, failed: number, exitCode: number}>}
 */
export async function runUiSuite(files, env, { name = 'ui' } = {}) {
  if (files.length === 0) return { passed: 0, failed: 0, exitCode: 0 };
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const tapFile = join(ARTIFACTS_DIR, `${name}-results.tap`);
  const args = [
    '--test',
    // One at a time: tests share one server and workspace folder.
    '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ];
  const exitCode = await new Promise((resolveExit, reject) => {
    // Own process group, so the harness can take down the test process and
    // every Chromium it launched if it is interrupted.
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'], detached: true,
    });
    trackGroup(child.pid);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      untrackGroup(child.pid);
      killGroup(child.pid, 'SIGKILL'); // stray browsers of a crashed test file
      resolveExit(code ?? (signal ? 1 : 0));
    });
  });
  const tap = readFileSync(tapFile, 'utf8');
  const count = (key) => Number(tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  // A crash before the summary, or a cancelled test, must never read as green.
  let failed = count('fail') + count('cancelled');
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed, failed, exitCode };
}
