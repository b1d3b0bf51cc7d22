// Writes schemas/config.schema.json from the rule registry (server/src/config/schema.ts),
// so editors complete and check .rdscope.yaml / .rdscope.json with every rule, name and option.
// `node scripts/schemas.mjs` writes it; `--check` exits 1 when the committed file is stale.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const target = 'schemas/config.schema.json';
const built = await esbuild.build({
  stdin: {
    contents: "export { configSchemaText } from './server/src/config/schema'; export { configurableRules } from './server/src/config/load';",
    resolveDir: '.',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  logLevel: 'warning',
});
const module = { exports: {} };
new Function('module', 'exports', 'require', built.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
const text = module.exports.configSchemaText(module.exports.configurableRules());

if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(target, 'utf8'); } catch { /* missing */ }
  if (current !== text) {
    console.error(`${target} is out of date with the rule registry: run npm run schemas`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
