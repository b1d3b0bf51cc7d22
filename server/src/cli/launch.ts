/**
 * dist/cli.js (bin/rdscope.js requires it): starts the CLI bundle,
 * dist/cli-main.js (main.ts), from V8's code cache when the build left one
 * for this exact bundle and this Node.js.
 *
 * Why: `rdscope lint` on a small template is mostly start-up. Compiling the
 * bundle and the functions a lint calls (the YAML parser, the model, the
 * rules) costs about as much CPU as the lint itself; the code cache holds
 * that bytecode, made at build time by linting a sample template
 * (esbuild.mjs runs this file with RDSCOPE_WRITE_CODE_CACHE=1).
 * https://v8.dev/blog/code-caching-for-devs
 *
 * The cache is only used for the bundle it was made from (its SHA-1 is in the
 * cache file) and V8 itself rejects a cache from another V8 version or other
 * flags; without a usable cache the bundle is compiled as `require` would.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const BUNDLE = join(__dirname, 'cli-main.js');
const CACHE = join(__dirname, 'cli-main.code-cache');
/** SHA-1 of the bundle (20 bytes), then V8's cached data. */
const HASH_BYTES = 20;

function cachedDataFor(hash: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  return file.length > HASH_BYTES && file.subarray(0, HASH_BYTES).equals(hash) ? file.subarray(HASH_BYTES) : undefined;
}

const source = readFileSync(BUNDLE, 'utf8');
const hash = createHash('sha1').update(source).digest();
const writing = process.env.RDSCOPE_WRITE_CODE_CACHE === '1';
const script = new Script(Module.wrap(source), {
  filename: BUNDLE,
  cachedData: writing ? undefined : cachedDataFor(hash),
});
if (writing) {
  // After the sample lint, so the functions it compiled are in the cache too.
  process.on('exit', () => writeFileSync(CACHE, Buffer.concat([hash, script.createCachedData()])));
}
const bundleModule = new Module(BUNDLE, module);
bundleModule.filename = BUNDLE;
const compiled = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
compiled.call(bundleModule.exports, bundleModule.exports, Module.createRequire(BUNDLE), bundleModule, BUNDLE, dirname(BUNDLE));
