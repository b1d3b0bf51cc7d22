// Idempotent installer for the real-editor e2e harness.
//
//   node test/e2e/setup.mjs          # install what is missing, verify the rest
//
// Installs (only when missing):
//   - Debian packages: chromium (the browser Playwright drives), ripgrep (the
//     workbench's file search / Quick Open needs it), and - only when
//     code-server has to be built - libkrb5-dev + a C/C++ toolchain for its
//     native modules.
//   - code-server (pinned) into .e2e-cache/code-server/, never into the
//     project's node_modules: it is ~300 MB, compiles native modules and
//     would otherwise pollute the project's lockfile.
//
// Any failure throws (and exits non-zero when run directly). Nothing is
// assumed installed without checking the files it must have produced.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdtempSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM_PATH, CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_VERSION,
  HarnessError, run, secondsSince, which,
} from './util.mjs';

// @vscode/ripgrep (a code-server dependency) downloads its binary from GitHub
// in postinstall, which is unreachable here. Its downloader first looks in
// os.tmpdir()/vscode-ripgrep-cache-<pkg version>/<asset>, so we seed that
// cache with Debian's rg. Versions are those pinned by code-server 4.100.3's
// lib/vscode/npm-shrinkwrap.json; update them together with CODE_SERVER_VERSION.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

// Native modules code-server needs at runtime. If any is missing the npm
// install scripts did not run (e.g. blocked by npm's allowScripts policy) and
// the server would fail later in confusing ways - so we check up front.
const VSCODE_MODULES = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
const REQUIRED_BUILD_OUTPUTS = [
  join(VSCODE_MODULES, 'node-pty', 'build', 'Release', 'pty.node'),
  join(VSCODE_MODULES, '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
  join(VSCODE_MODULES, 'native-watchdog', 'build', 'Release', 'watchdog.node'),
  join(VSCODE_MODULES, 'kerberos', 'build', 'Release', 'kerberos.node'),
  join(VSCODE_MODULES, '@vscode', 'ripgrep', 'bin', 'rg'),
  // argon2's prebuilt download (GitHub) fails here; it must fall back to a local build.
  join(CODE_SERVER_DIR, 'node_modules', 'argon2', 'lib', 'binding', 'napi-v3', 'argon2.node'),
];
const MARKER = join(CODE_SERVER_DIR, '.installed-version');

const log = (msg) => console.log(`[e2e setup] ${msg}`);

/** Install the given Debian packages, or explain why we cannot. */
async function aptInstall(packages, reason) {
  if (packages.length === 0) return;
  if (platform() !== 'linux' || !which('apt-get')) {
    throw new HarnessError(`missing ${packages.join(', ')} (${reason}); install them with your package manager`);
  }
  if (process.getuid?.() !== 0) {
    throw new HarnessError(`missing ${packages.join(', ')} (${reason}); run: sudo apt-get install -y ${packages.join(' ')}`);
  }
  log(`apt-get install ${packages.join(' ')} (${reason})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, quiet: true });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env, quiet: true });
}

/** Runtime tools every e2e run needs. */
async function ensureRuntimePackages() {
  const missing = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push('chromium');
  if (!which('rg')) missing.push('ripgrep');
  await aptInstall(missing, 'browser and file search for the e2e tests');
  if (!existsSync(CHROMIUM_PATH)) throw new HarnessError(`chromium still missing at ${CHROMIUM_PATH}`);
  if (!which('rg')) throw new HarnessError('ripgrep (rg) still missing after install');
}

/** Headers and toolchain needed only to compile code-server's native modules. */
async function ensureBuildPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/krb5-config')) missing.push('libkrb5-dev');
  if (!which('make') || !which('g++')) missing.push('build-essential');
  if (!which('python3')) missing.push('python3');
  await aptInstall(missing, 'to compile code-server native modules');
}

/** See RIPGREP_* above: pre-fill @vscode/ripgrep's download cache. */
async function seedRipgrepCache() {
  if (platform() !== 'linux' || arch() !== 'x64') {
    log(`not seeding the ripgrep cache on ${platform()}/${arch()}; @vscode/ripgrep will try to download`);
    return;
  }
  const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const tarball = join(cacheDir, RIPGREP_ASSET);
  if (existsSync(tarball)) return;
  const rg = which('rg');
  if (!rg) throw new HarnessError('ripgrep (rg) is required to seed the @vscode/ripgrep cache');
  mkdirSync(cacheDir, { recursive: true });
  // The asset must hold the binary as `rg` at the tarball root.
  const staging = mkdtempSync(join(tmpdir(), 'rdscope-rg-'));
  try {
    copyFileSync(rg, join(staging, 'rg'));
    await run('tar', ['-czf', tarball, '-C', staging, 'rg'], { quiet: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  log(`seeded ${tarball} with ${rg}`);
}

function installedVersion() {
  try {
    return readFileSync(MARKER, 'utf8').trim();
  } catch {
    return null;
  }
}

function missingBuildOutputs() {
  return [CODE_SERVER_ENTRY, ...REQUIRED_BUILD_OUTPUTS].filter((p) => !existsSync(p));
}

async function installCodeServer() {
  log(`installing code-server@${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (about a minute; compiles native modules)`);
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // A package.json of its own makes this folder a separate npm project, so
  // `npm install --prefix` never touches the repository's package.json/lockfile.
  writeFileSync(join(CODE_SERVER_DIR, 'package.json'), JSON.stringify({
    name: 'rdscope-e2e-code-server',
    private: true,
    description: 'Cache for the rdscope e2e harness; created by test/e2e/setup.mjs. Safe to delete.',
  }, null, 2) + '\n');

  const env = {
    ...process.env,
    // node-pty's build step asks for confirmation and is cancelled without it.
    npm_config_yes: 'true',
    // code-server's postinstall refuses to run as root unless unsafe-perm.
    npm_config_unsafe_perm: 'true',
    // npm 11 has an install-script policy (allowScripts). code-server's
    // postinstall runs nested `npm install`s in lib/vscode and
    // lib/vscode/extensions - separate projects we cannot annotate with
    // allowScripts - so the policy is lifted via the environment, which the
    // nested npm processes inherit. Scoped to this one install only; the
    // pinned version and the build-output check below keep it honest.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_strict_allow_scripts: 'false',
    // Keep the install quiet about things irrelevant here.
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  await run('npm', [
    'install', '--prefix', CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`,
    '--save-exact', '--unsafe-perm', '--foreground-scripts',
  ], { env, cwd: CODE_SERVER_DIR, quiet: !process.env.E2E_VERBOSE });

  const missing = missingBuildOutputs();
  if (missing.length) {
    throw new HarnessError(
      'code-server installed but its install scripts did not produce:\n  ' + missing.join('\n  ') +
      '\n(npm may have skipped install scripts, or a native build failed; rerun with E2E_VERBOSE=1)',
    );
  }
  const { output } = await run(process.execPath, [CODE_SERVER_ENTRY, '--version'], { quiet: true });
  if (!output.includes(CODE_SERVER_VERSION)) {
    throw new HarnessError(`code-server --version printed ${JSON.stringify(output.trim())}, expected ${CODE_SERVER_VERSION}`);
  }
  writeFileSync(MARKER, CODE_SERVER_VERSION + '\n');
}

/**
 * Make sure everything the e2e harness needs is present. Cheap when it is
 * (a few existsSync calls); throws HarnessError when something cannot be set up.
 */
export async function setup() {
  const start = performance.now();
  if (!process.versions.node.startsWith('20.')) {
    // code-server 4.100's postinstall hard-fails on any other Node major.
    throw new HarnessError(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}`);
  }
  await ensureRuntimePackages();
  if (installedVersion() !== CODE_SERVER_VERSION || missingBuildOutputs().length) {
    await ensureBuildPackages();
    await seedRipgrepCache();
    await installCodeServer();
    log(`code-server ${CODE_SERVER_VERSION} ready in ${secondsSince(start)} s`);
  }
  return { codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM_PATH };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const start = performance.now();
  setup().then(
    () => log(`ok (${secondsSince(start)} s)`),
    (err) => {
      console.error(`[e2e setup] FAILED: ${err instanceof HarnessError ? err.message : err.stack}`);
      process.exit(1);
    },
  );
}
