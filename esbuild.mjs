// Builds every bundle: the VS Code client, the language server (dist/server.js),
// the CLI (dist/cli.js) and, with --tests, the TypeScript test files.
// `node esbuild.mjs [--watch] [--tests] [--minify]`
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const args = new Set(process.argv.slice(2));
const require = createRequire(import.meta.url);
const production = args.has('--minify') || process.env.NODE_ENV === 'production';

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * Libraries the CLI needs only for some runs, each bundled on its own into
 * dist/lazy/ and loaded on first use, so that `rdscope lint` of a YAML file
 * neither reads nor compiles them (compiling dist/cli.js was most of its cold
 * start when the 3.3 MB layout engine was inside it):
 *
 *   elkjs            the diagram's layout engine: `rdscope graph` only
 *   ajv              validates a configuration file: only when there is one
 *   web-tree-sitter  Terraform HCL (WebAssembly): only when a .tf file is linted
 *   yaml             YAML templates and configuration files: a Terraform lint
 *                    needs none, and loading it at start cost ~2 ms (a third of
 *                    the bundle's text)
 *
 * The sources import them as usual (the test build bundles them as usual); in
 * the CLI bundles the import resolves to a stand-in that loads the real
 * bundle on first use. A stand-in covers how the sources use each library:
 * `new ELK()`, `new Ajv()` (the default export, constructed),
 * `require('web-tree-sitter')` inside the function that needs it (the whole
 * module, already loaded lazily) and yaml's named exports (`parseDocument`,
 * `CST`...), each a getter that loads the library when first read; the
 * bundle reads them when called (`import_yaml.parseDocument(...)`), not at start. `test/cli/lazyLoading.test.ts` checks that
 * linting YAML loads none of them and that graph, configuration and HCL still work.
 */
const LAZY_LIBRARIES = [
  { specifier: 'elkjs/lib/elk.bundled.js', file: 'elkjs', use: 'construct' },
  { specifier: 'ajv', file: 'ajv', use: 'construct' },
  { specifier: 'web-tree-sitter', file: 'web-tree-sitter', use: 'require' },
  { specifier: 'yaml', file: 'yaml', use: 'exports' },
];

/** @type {esbuild.Plugin} */
const lazyLibraries = {
  name: 'rdscope-lazy-libraries',
  setup(build) {
    const bySpecifier = new Map(LAZY_LIBRARIES.map((l) => [l.specifier, l]));
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const filter = new RegExp(`^(${LAZY_LIBRARIES.map((l) => escape(l.specifier)).join('|')})$`);
    build.onResolve({ filter }, (args) => {
      const lib = bySpecifier.get(args.path);
      return lib.use === 'require'
        ? { path: `./lazy/${lib.file}.js`, external: true }
        : { path: lib.specifier, namespace: 'rdscope-lazy' };
    });
    build.onResolve({ filter: /^\.\/lazy\// }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'rdscope-lazy' }, (args) => {
      const lib = bySpecifier.get(args.path);
      if (lib.use === 'exports') {
        // The library's export names, read here at build time; each becomes a getter that loads it on first use.
        // The getters sit on the prototype of module.exports, not on it: esbuild's __toESM wraps a CommonJS
        // module once per importing file (four for yaml) by copying its own properties, each a new getter and
        // closure at every start; with none of its own, the wrapper just inherits them.
        const names = Object.keys(require(lib.specifier));
        return {
          loader: 'js',
          contents: `let loaded;
const load = () => (loaded ??= require('./lazy/${lib.file}.js'));
const lazy = {};
for (const name of ${JSON.stringify(names)}) Object.defineProperty(lazy, name, { enumerable: true, get: () => load()[name] });
module.exports = Object.create(lazy);
`,
        };
      }
      return {
        loader: 'js',
        contents: `let loaded;
function load() {
  if (loaded === undefined) {
    const m = require('./lazy/${lib.file}.js');
    loaded = m && m.__esModule ? m.default : m;
  }
  return loaded;
}
// Constructed as the library's default export: \`new\` returns the real instance.
export default function Lazy(...args) { return new (load())(...args); }
`,
      };
    });
  },
};

// Each from the file require() finds: web-tree-sitter's CommonJS build (its ESM build needs import.meta.url).
const lazyBundles = LAZY_LIBRARIES.map((l) => ({ entryPoints: { [`lazy/${l.file}`]: require.resolve(l.specifier) } }));

const entries = [
  { entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/server.ts' } },
  // dist/cli.js starts dist/cli-main.js from V8's code cache (launch.ts; the cache is made below).
  { entryPoints: { cli: 'server/src/cli/launch.ts' } },
  { entryPoints: { 'cli-main': 'server/src/cli/main.ts' }, plugins: [lazyLibraries] },
  { entryPoints: { worker: 'server/src/cli/worker.ts' }, plugins: [lazyLibraries] },
  ...lazyBundles,
].filter((e) => Object.values(e.entryPoints).every((p) => existsSync(p)));

/** Extra bundles other modules register (the diagram's webview script). */
const extraConfigs = [];
if (existsSync('client/media/build.mjs')) {
  const { webviewBuilds } = await import('./client/media/build.mjs');
  extraConfigs.push(...webviewBuilds(common, production));
}

const configs = [
  ...entries.map((e) => ({ ...common, ...e, outdir: 'dist' })),
  ...extraConfigs,
];

if (args.has('--tests')) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) { if (name !== 'e2e' && name !== 'fixtures') walk(p); }
      else if (name.endsWith('.test.ts')) files.push(p);
    }
  };
  walk('test');
  configs.push({
    ...common,
    entryPoints: files,
    outdir: '.test-build',
    outbase: 'test',
    sourcemap: 'inline',
    // Tests import the sources; playwright-core and fast-check stay as node modules.
    external: ['playwright-core', 'fast-check', 'vscode-languageserver-protocol', 'vscode-jsonrpc'],
  });
}

// Terraform HCL is parsed by WebAssembly (server/src/parse/hcl.ts): the tree-sitter
// runtime and the Terraform grammar go beside the bundles, which load them by path.
mkdirSync('dist', { recursive: true });
for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
  const from = require.resolve(wasm);
  copyFileSync(from, join('dist', basename(from)));
}

if (args.has('--watch')) {
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
  writeCliCodeCache();
}

/**
 * V8's code cache for dist/cli-main.js (server/src/cli/launch.ts): the CLI
 * lints sample templates once with RDSCOPE_WRITE_CODE_CACHE=1 and leaves the
 * bytecode it compiled in dist/cli-main.code-cache; a graph of a sample
 * leaves the layout engine's in dist/lazy/elkjs.code-cache. Not in the .vsix (it is
 * only valid for the Node.js that made it). Without it the CLI works as well,
 * only starts slower, so a failure here is a warning.
 */
function writeCliCodeCache() {
  // The layout engine's (dist/lazy/elkjs.code-cache): a graph, which writes only the caches of dist/lazy/.
  const graph = spawnSync(process.execPath, ['dist/cli.js', 'graph', 'scripts/code-cache-sample.yaml'], {
    env: { ...process.env, RDSCOPE_WRITE_CODE_CACHE: 'lazy' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (graph.status !== 0 || !existsSync('dist/lazy/elkjs.code-cache')) {
    console.warn(`esbuild.mjs: no layout engine code cache (graph starts slower): exit ${graph.status ?? graph.signal} ${graph.stderr}`);
  }
  // Both samples: CloudFormation YAML and Terraform JSON take different paths (parser, model builder).
  // The JSON report, which CI, scripts and the benchmarks ask for: its code is then in the cache too (tf-1000's
  // report stage ~0.8 ms less CPU); the text report, read at a terminal, is compiled when first used.
  const run = spawnSync(process.execPath, ['dist/cli.js', 'lint', 'scripts/code-cache-sample.yaml', 'scripts/code-cache-sample.tf.json', '--format', 'json'], {
    env: { ...process.env, RDSCOPE_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (run.status !== 0 || !existsSync('dist/cli-main.code-cache')) {
    console.warn(`esbuild.mjs: no CLI code cache (the CLI starts slower): exit ${run.status ?? run.signal} ${run.stderr}`);
  }
}
