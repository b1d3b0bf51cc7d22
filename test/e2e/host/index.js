// Extension-host test entry point (CommonJS, the @vscode/test-electron
// contract: VS Code loads this file inside the extension host and awaits
// `run()`; a rejection means "tests failed", exit code 1).
//
// Runs every `*.test.js` file below this folder with Mocha (BDD: describe/it).
// The same file works under code-server (test/e2e/run.mjs) and under desktop
// VS Code (test/e2e/electron.mjs).
//
// Environment (all optional; the harness sets them on the server/editor):
//   E2E_RESOLVE_FROM      folder to resolve `mocha` from when this file lives
//                         outside the repository (the selftest copies it)
//   E2E_HOST_RESULTS_DIR  write a JSON summary there so the harness can count
//                         and print results even if console output is lost
//   E2E_MOCHA_GREP        only run tests whose title matches
//   E2E_MOCHA_TIMEOUT     per-test timeout in ms (default 20000)
'use strict';
const fs = require('fs');
const path = require('path');

function loadMocha() {
  const paths = [__dirname];
  if (process.env.E2E_RESOLVE_FROM) paths.push(process.env.E2E_RESOLVE_FROM);
  return require(require.resolve('mocha', { paths }));
}

function findTests(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...findTests(p));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function writeResults(results) {
  const dir = process.env.E2E_HOST_RESULTS_DIR;
  if (!dir) return;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `host-${Date.now()}-${process.pid}.json`), JSON.stringify(results, null, 2));
  } catch (err) {
    console.error(`[e2e host] cannot write results: ${err.message}`);
  }
}

exports.run = function run() {
  const Mocha = loadMocha();
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false, // output ends up in logs, not a terminal
    timeout: Number(process.env.E2E_MOCHA_TIMEOUT) || 20000,
    grep: process.env.E2E_MOCHA_GREP || undefined,
  });
  const files = findTests(__dirname);
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files under ${__dirname}`));
  for (const f of files) mocha.addFile(f);

  const results = { suite: __dirname, passed: [], failed: [], pending: [] };
  return new Promise((resolve, reject) => {
    let runner;
    try {
      runner = mocha.run((failures) => {
        writeResults(results);
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
    } catch (err) {
      // e.g. a syntax error in a test file
      results.failed.push({ title: '(loading test files)', error: String(err && err.stack || err) });
      writeResults(results);
      reject(err);
      return;
    }
    runner.on('pass', (t) => results.passed.push({ title: t.fullTitle(), ms: t.duration }));
    runner.on('fail', (t, err) => results.failed.push({ title: t.fullTitle(), error: String(err && err.stack || err) }));
    runner.on('pending', (t) => results.pending.push({ title: t.fullTitle() }));
  });
};
