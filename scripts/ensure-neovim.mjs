// Makes sure a headless Neovim is there for test/lsp/neovim.test.ts (the
// language server in an editor other than VS Code). Installs Debian's
// `neovim` package when `nvim` is missing, as root on a Debian-like machine
// (CI on a fresh machine); elsewhere says how to install it. Idempotent.
//
//   node scripts/ensure-neovim.mjs     # exit 0 when nvim is (now) on PATH
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const log = (message) => console.log(`[ensure-neovim] ${message}`);

export function hasNvim() {
  return spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Returns undefined when nvim is available, else why it could not be installed. */
export function ensureNeovim() {
  if (hasNvim()) return undefined;
  if (process.platform !== 'linux' || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    return 'nvim is not installed and this is not a Debian-like machine: install Neovim (0.7 or later)';
  }
  if (process.getuid?.() !== 0) return 'nvim is not installed: run `sudo apt-get install -y neovim`';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env }).status === 0;
  log('apt-get install -y neovim (for the Neovim language-client test)');
  // The package lists may be missing or stale on a fresh machine: update once, then install.
  if (!apt(['install', '-y', '--no-install-recommends', 'neovim'])) {
    log('apt-get update');
    if (!apt(['update']) || !apt(['install', '-y', '--no-install-recommends', 'neovim'])) return 'apt-get install neovim failed (see above)';
  }
  return hasNvim() ? undefined : 'apt-get installed neovim but nvim is still not on PATH';
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = ensureNeovim();
  if (problem) {
    console.error(`[ensure-neovim] ${problem}`);
    process.exit(1);
  }
  log(spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]);
}
