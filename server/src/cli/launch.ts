/**
 * dist/cli.js (bin/rdscope.js requires it): starts the CLI bundle,
 * dist/cli-main.js (main.ts), from V8's code cache when the build left one
 * for this exact bundle and this Node.js. The libraries the CLI loads lazily
 * (dist/lazy/*.js: the layout engine for `graph`, the configuration
 * validator, the HCL parser) are compiled the same way from their own cache.
 *
 * Why: `rdscope lint` on a small template is mostly start-up. Compiling the
 * bundle and the functions a lint calls (the YAML parser, the model, the
 * rules) costs about as much CPU as the lint itself; the code cache holds
 * that bytecode, made at build time by linting sample templates
 * (esbuild.mjs runs this file with RDSCOPE_WRITE_CODE_CACHE=1). Compiling
 * the 3.3 MB layout engine costs `graph` ~150 ms of CPU without its cache.
 * https://v8.dev/blog/code-caching-for-devs
 *
 * A cache is only used for the file it was made from and V8 itself rejects a
 * cache from another V8 version or other flags; without a usable cache the
 * file is compiled as `require` would. The cache file records the file's
 * size and modification time and its SHA-1: when size and time are the
 * recorded ones (the build wrote both), the file is the one the cache was
 * made from; otherwise (copied, rebuilt by `esbuild.mjs --watch`, edited) its
 * SHA-1 decides. Not hashing every start spares loading node:crypto, which
 * pulls in the stream modules (~5 ms with the hash).
 */
import type * as Crypto from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type NodeModule from 'node:module';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/**
 * How much bytecode a function runs before V8 compiles it with its optimizing
 * compiler (TurboFan): 16 times V8's default (67584 in Node 20's V8 11.3).
 * A CLI run is short: with the default, TurboFan compiled (and often threw
 * away) code for hundreds of functions that a run then hardly used, which
 * cost more CPU than it saved. Measured on the whole process, CPU time,
 * interleaved (load ~5): Terraform JSON 1,000 resources 241 -> 190 ms,
 * 10,000 1,072 -> 738 ms, CloudFormation 4,000 637 -> 475 ms, the corpus
 * 1,677 -> 1,286 ms, `graph` of a 5,000-deep chain 1,433 -> 1,052 ms; what
 * stays hot for longer is still optimized. Set before any bundle is compiled:
 * V8 keys its code cache by the flags, so the build's sample run (which
 * writes the cache) and every later run set the same.
 * https://v8.dev/blog/turbofan-jit
 */
const INTERRUPT_BUDGET = 16 * 67584;
setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);

/**
 * Node's Module class, as this CommonJS file's own module's constructor: `import Module from
 * 'node:module'` is bundled as esbuild's __toESM wrapper, which copies the class's ~30 static
 * properties as getters at every start.
 */
const Module = module.constructor as typeof NodeModule;
type Module = NodeModule;

const BUNDLE = join(__dirname, 'cli-main.js');
const LAZY = join(__dirname, 'lazy');
/** The compiled file's size and modification time in ms (two doubles), its SHA-1 (20 bytes), then V8's cached data. */
const STAMP_BYTES = 16;
const HASH_BYTES = 20;
const HEADER_BYTES = STAMP_BYTES + HASH_BYTES;
/** `1`: write every cache at exit (the build does, after a sample run); `lazy`: only dist/lazy/'s. */
const writing = process.env.RDSCOPE_WRITE_CODE_CACHE;

type CommonJsWrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

function stampOf(filename: string): Buffer {
  const stats = statSync(filename);
  const stamp = Buffer.alloc(STAMP_BYTES);
  stamp.writeDoubleLE(stats.size, 0);
  stamp.writeDoubleLE(stats.mtimeMs, 8);
  return stamp;
}

function sha1(source: string): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof Crypto;
  return createHash('sha1').update(source).digest();
}

function cachedDataFor(cacheFile: string, filename: string, source: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (file.length <= HEADER_BYTES) return undefined;
  const sameFile = file.subarray(0, STAMP_BYTES).equals(stampOf(filename)) || file.subarray(STAMP_BYTES, HEADER_BYTES).equals(sha1(source));
  return sameFile ? file.subarray(HEADER_BYTES) : undefined;
}

/** Runs a CommonJS file into `module`, compiled from `cacheFile` when it fits; with `write`, saves the cache at exit. */
function runCached(module: Module, filename: string, cacheFile: string, write: boolean): void {
  const source = readFileSync(filename, 'utf8');
  const script = new Script(Module.wrap(source), { filename, cachedData: write ? undefined : cachedDataFor(cacheFile, filename, source) });
  // After the sample run, so the functions it compiled are in the cache too.
  if (write) process.on('exit', () => writeFileSync(cacheFile, Buffer.concat([stampOf(filename), sha1(source), script.createCachedData()])));
  const compiled = script.runInThisContext() as CommonJsWrapper;
  compiled.call(module.exports, module.exports, Module.createRequire(filename), module, filename, dirname(filename));
}

// The lazy libraries are required by the bundle (esbuild.mjs LAZY_LIBRARIES): compile them from their caches.
type Loader = (module: Module, filename: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
const loadJs = extensions['.js'];
extensions['.js'] = function (module, filename) {
  if (dirname(filename) !== LAZY) return loadJs.call(this, module, filename);
  runCached(module, filename, join(LAZY, `${basename(filename, '.js')}.code-cache`), writing === '1' || writing === 'lazy');
};

const bundleModule = new Module(BUNDLE, module);
bundleModule.filename = BUNDLE;
runCached(bundleModule, BUNDLE, join(__dirname, 'cli-main.code-cache'), writing === '1');
