// Package an extension folder into a .vsix with the project's own vsce.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HarnessError, REPO_ROOT, run, stripAnsi } from './util.mjs';

const VSCE = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');

// vsce packages everything not excluded by .vscodeignore - it does not read
// .gitignore. Without an entry, the 300 MB code-server cache would end up
// inside the .vsix (zipping it takes minutes). Refuse early instead.
const MUST_NOT_SHIP = ['.e2e-cache/', 'test/e2e/artifacts/'];

/**
 * @param {string} extensionDir  folder holding the extension's package.json
 * @param {string} outFile       where to write the .vsix
 * @param {string[]} [extraArgs] e.g. ['--allow-missing-repository', '--skip-license']
 * @returns {Promise<string>} absolute path of the .vsix
 */
export async function packageVsix(extensionDir, outFile, extraArgs = []) {
  if (!existsSync(VSCE)) throw new HarnessError(`vsce not found at ${VSCE}; run npm install`);
  const out = resolve(outFile);
  mkdirSync(dirname(out), { recursive: true });

  // `vsce ls` lists exactly what `vsce package` would ship (and runs the same
  // manifest checks), in well under a second.
  const ignoreFile = extraArgs.includes('--ignoreFile') ? ['--ignoreFile', extraArgs[extraArgs.indexOf('--ignoreFile') + 1]] : [];
  const { output: listing } = await run(VSCE, ['ls', '--no-dependencies', ...ignoreFile], { cwd: extensionDir, quiet: true });
  const leaked = stripAnsi(listing).split('\n').filter((l) => MUST_NOT_SHIP.some((p) => l.startsWith(p)));
  if (leaked.length) {
    throw new HarnessError(
      `the .vsix would include harness files (e.g. ${leaked[0]}); add these lines to ${join(extensionDir, '.vscodeignore')}:\n` +
      MUST_NOT_SHIP.map((p) => `  ${p}**`).join('\n'),
    );
  }

  // --no-dependencies: the extension is bundled (esbuild), so vsce must not
  // walk node_modules (slow, and it would ship dev tooling). stdin is closed,
  // so any interactive vsce prompt fails fast instead of hanging.
  await run(VSCE, ['package', '--no-dependencies', '-o', out, ...extraArgs], { cwd: extensionDir, quiet: true });
  if (!existsSync(out) || statSync(out).size === 0) throw new HarnessError(`vsce reported success but ${out} is missing`);
  return out;
}
