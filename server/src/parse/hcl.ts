/**
 * Terraform HCL (`.tf`) through tree-sitter's Terraform grammar, compiled to
 * WebAssembly (web-tree-sitter + @tree-sitter-grammars/tree-sitter-hcl): no
 * native module in the extension. Loading WebAssembly is asynchronous, so a
 * front end awaits `initHcl()` once at startup; `parseHcl` is synchronous
 * afterwards. Until then (or if loading failed) `hclUnavailable()` says why,
 * and lint.ts skips `.tf` files with that reason instead of failing.
 *
 * The `.wasm` files are looked up beside the running bundle (esbuild.mjs
 * copies them into dist/), then in node_modules (tests, development).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import { hclToValueTree } from './hclTree';
import type { ParsedText } from './tree';

/** The runtime of web-tree-sitter 0.27 (older releases named it tree-sitter.wasm). */
export const TREE_SITTER_WASM = 'web-tree-sitter.wasm';
/** The Terraform dialect of the HCL grammar (the package also ships tree-sitter-hcl.wasm). */
export const TERRAFORM_GRAMMAR_WASM = 'tree-sitter-terraform.wasm';

let parser: TreeSitter.Parser | undefined;
let loading: Promise<boolean> | undefined;
let failure: string | undefined = 'Terraform HCL support is not initialized (initHcl() was not awaited at startup)';

/**
 * Loads the parser once; later calls return the same promise. Never rejects:
 * resolves false when the WebAssembly could not be loaded (the reason is in
 * `hclUnavailable()`), so a CLI run over YAML files is not stopped by it.
 * `wasmDir`: a folder holding both `.wasm` files, tried first.
 */
export function initHcl(wasmDir?: string): Promise<boolean> {
  loading ??= load(wasmDir).then(
    () => { failure = undefined; return true; },
    (error: unknown) => {
      failure = `Terraform HCL support could not start: ${error instanceof Error ? error.message : String(error)}`;
      return false;
    },
  );
  return loading;
}

/** Why `.tf` files cannot be parsed now; undefined once initHcl() succeeded. */
export function hclUnavailable(): string | undefined {
  return failure;
}

/** Parses HCL text into the value tree; throws if initHcl() has not completed. */
export function parseHcl(text: string): ParsedText {
  if (!parser) throw new Error(failure ?? 'Terraform HCL support is not initialized');
  // A byte order mark is not HCL; a space in its place keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  let tree = parser.parse(source);
  if (!tree) throw new Error('the HCL parser returned no tree');
  const patched = withExponentsWithoutFraction(tree, source);
  if (patched !== source) {
    tree.delete();
    tree = parser.parse(patched);
    if (!tree) throw new Error('the HCL parser returned no tree');
  }
  try {
    return hclToValueTree(tree.rootNode, text);
  } finally {
    // The tree lives in WebAssembly memory: free it now, not at garbage collection.
    tree.delete();
  }
}

const EXPONENT = /[eE][+-]?[0-9]+/y;

/**
 * HCL numbers may carry an exponent without a fraction (`1e9`, `1E+9`; the
 * HCL native syntax spec: NumericLit = decimal+ ("." decimal*)? (expmark
 * decimal+)?), but the tree-sitter grammar only accepts one after a fraction
 * (`1.0e9`): it reads `1` and then fails on `e9`. Such literals are replaced
 * by as many zeros (a number the grammar accepts, every offset kept) and
 * parsed again; hclTree.ts reads a number's value from the original text.
 * Only numbers the grammar found are touched, never strings or comments.
 */
function withExponentsWithoutFraction(tree: TreeSitter.Tree, source: string): string {
  if (!tree.rootNode.hasError) return source;
  const pieces: string[] = [];
  let done = 0;
  for (const n of tree.rootNode.descendantsOfType('numeric_lit')) {
    if (!n || n.startIndex < done || source.slice(n.startIndex, n.endIndex).includes('.')) continue;
    EXPONENT.lastIndex = n.endIndex;
    if (!EXPONENT.test(source)) continue;
    pieces.push(source.slice(done, n.startIndex), '0'.repeat(EXPONENT.lastIndex - n.startIndex));
    done = EXPONENT.lastIndex;
  }
  if (done === 0) return source;
  pieces.push(source.slice(done));
  return pieces.join('');
}

async function load(wasmDir: string | undefined): Promise<void> {
  // require, not import: esbuild then bundles the CommonJS build, whose
  // emscripten loader works in a CommonJS bundle (the ESM one needs import.meta.url).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser, Language } = require('web-tree-sitter') as typeof TreeSitter;
  const runtime = locate(TREE_SITTER_WASM, wasmDir, 'web-tree-sitter');
  const grammar = locate(TERRAFORM_GRAMMAR_WASM, wasmDir, '@tree-sitter-grammars/tree-sitter-hcl');
  await Parser.init({
    wasmBinary: readFileSync(runtime),
    locateFile: (name: string) => join(dirname(runtime), name),
  });
  const language = await Language.load(readFileSync(grammar));
  const p = new Parser();
  p.setLanguage(language);
  parser = p;
}

function locate(name: string, wasmDir: string | undefined, packageName: string): string {
  const tried: string[] = [];
  for (const dir of [wasmDir, __dirname]) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
  }
  try {
    // A computed specifier: esbuild leaves it to Node's resolution at run time.
    const specifier = `${packageName}/${name}`;
    return require.resolve(specifier);
  } catch {
    throw new Error(`${name} not found (looked in ${tried.join(', ')} and node_modules)`);
  }
}
