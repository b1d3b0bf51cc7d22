// Builds every bundle: the VS Code client, the language server (dist/server.js),
// the CLI (dist/cli.js) and, with --tests, the TypeScript test files.
// `node esbuild.mjs [--watch] [--tests] [--minify]`
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const args = new Set(process.argv.slice(2));
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

const entries = [
  { entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/server.ts' } },
  { entryPoints: { cli: 'server/src/cli/main.ts' } },
  { entryPoints: { worker: 'server/src/cli/worker.ts' } },
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
const require = createRequire(import.meta.url);
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
}
