/**
 * Extension activation cost, as far as it can be measured outside VS Code:
 * the time to load dist/extension.js (compile and run its top level) with a
 * stand-in `vscode` module, and its size. The language server starts after
 * activation, in its own process (the editor-latency figures cover it).
 * `node bench/generated/.build/activation.js <repo>` prints JSON.
 */
import Module from 'node:module';
import { join } from 'node:path';

/** Any property, any call, any `new`: a stand-in for the vscode API at load time. */
function stub(): unknown {
  const f = function () { return stub(); };
  return new Proxy(f, {
    get: (_t, p) => (p === Symbol.toPrimitive ? () => '' : p === 'then' ? undefined : stub()),
    apply: () => stub(),
    construct: () => stub() as object,
  });
}

const original = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
(Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') return stub();
  return original.call(this, request, ...rest);
};

const repo = process.argv[2];
const t0 = performance.now();
const extension = require(join(repo, 'dist', 'extension.js')) as { activate?: unknown };
const loadMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ loadMs, exportsActivate: typeof extension.activate === 'function' })}\n`);
