/**
 * The CLI loads a library only for the runs that need it (esbuild.mjs
 * LAZY_LIBRARIES): linting a YAML template loads neither the diagram's layout
 * engine (elkjs), nor the configuration validator (ajv), nor the Terraform HCL
 * parser (web-tree-sitter); linting Terraform JSON does not load the YAML
 * library either. Observed for real: the CLI runs with a preload
 * that records every module Node loads. And the code cache the CLI starts
 * from (server/src/cli/launch.ts) never changes what it does, whatever its state.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES } from '../helpers';
import { CLI, rdscope, tempDir, type CliResult } from './cliHarness';

const LAZY_FIXTURES = join(FIXTURES, 'lazy-loading');
const LAZY_LIBRARIES = ['elkjs.js', 'ajv.js', 'web-tree-sitter.js'];

const recorderDir = tempDir('rdscope-lazy-');
const RECORDER = join(recorderDir, 'record-loads.cjs');
writeFileSync(RECORDER, `'use strict';
// Records the file of every module loaded through require, written at exit.
const Module = require('node:module');
const { writeFileSync } = require('node:fs');
const loaded = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try { loaded.add(Module._resolveFilename(request, parent, isMain)); } catch { loaded.add(request); }
  return load.apply(this, arguments);
};
process.on('exit', () => writeFileSync(process.env.RDSCOPE_TEST_LOADS, JSON.stringify([...loaded])));
`);

let runs = 0;
/** Runs the CLI; returns its result and the dist/lazy/ bundles it loaded. */
function withLoads(args: readonly string[]): { result: CliResult; lazy: string[] } {
  const record = join(recorderDir, `loads-${runs++}.json`);
  const result = rdscope(args, { cwd: LAZY_FIXTURES, env: { NODE_OPTIONS: `--require ${RECORDER}`, RDSCOPE_TEST_LOADS: record } });
  assert.ok(existsSync(record), `the preload recorded the loads: ${result.stderr}`);
  const loaded = JSON.parse(readFileSync(record, 'utf8')) as string[];
  const lazy = loaded.filter((f) => basename(dirname(f)) === 'lazy' && LAZY_LIBRARIES.includes(basename(f))).map((f) => basename(f)).sort();
  return { result, lazy };
}

describe('libraries load only when a run needs them', () => {
  it('lint of a YAML template loads none of them, and reports as ever', () => {
    const { result, lazy } = withLoads(['lint', 'single-az.yaml']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^single-az\.yaml:11:7 {2}warning {2}RDS201 /m);
    assert.deepEqual(lazy, []);
  });

  it('the same with --format sarif and with --format json', () => {
    for (const format of ['sarif', 'json']) {
      const { result, lazy } = withLoads(['lint', 'single-az.yaml', '--format', format]);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /RDS201/);
      assert.deepEqual(lazy, [], format);
    }
  });

  it('a configuration file loads the validator, which still rejects what is invalid', () => {
    const { result, lazy } = withLoads(['lint', 'configured']);
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /RDS201/, 'no-multi-az is off in configured/.rdscope.yaml');
    assert.deepEqual(lazy, ['ajv.js']);
    const dir = tempDir();
    writeFileSync(join(dir, '.rdscope.yaml'), 'rules:\n  no-such-rule: error\n');
    writeFileSync(join(dir, 'single-az.yaml'), readFileSync(join(LAZY_FIXTURES, 'single-az.yaml')));
    const invalid = rdscope(['lint', dir]);
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /\.rdscope\.yaml:2:3: rules: unknown rule "no-such-rule"/);
  });

  it('a .tf file loads the Terraform parser', () => {
    const { result, lazy } = withLoads(['lint', 'single-az.tf']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^single-az\.tf:5:3 {2}warning {2}RDS201 /m);
    assert.deepEqual(lazy, ['web-tree-sitter.js']);
  });

  it('graph draws a lone instance without loading the layout engine (ELK is for what is not a tree)', () => {
    const { result, lazy } = withLoads(['graph', 'single-az.yaml']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^<svg [^>]*class="rdscope-diagram"/);
    // test/diagram/render.test.ts draws all-shapes.yaml, which needs ELK, through dist/cli.js.
    assert.ok(!lazy.includes('elkjs.js'), lazy.join(', '));
    assert.ok(!lazy.includes('ajv.js'), 'no configuration file here');
    assert.ok(!lazy.includes('web-tree-sitter.js'), 'no .tf file here');
  });

  it('the YAML library loads for YAML (templates, configuration) and not for Terraform JSON', () => {
    const yamlLoaded = (args: readonly string[], cwd = LAZY_FIXTURES) => {
      const record = join(recorderDir, `loads-${runs++}.json`);
      const result = rdscope(args, { cwd, env: { NODE_OPTIONS: `--require ${RECORDER}`, RDSCOPE_TEST_LOADS: record } });
      assert.ok(result.status === 0 || result.status === 1, result.stderr);
      const loaded = JSON.parse(readFileSync(record, 'utf8')) as string[];
      return { result, yaml: loaded.some((f) => basename(dirname(f)) === 'lazy' && basename(f) === 'yaml.js') };
    };
    const terraformJson = yamlLoaded(['lint', 'replicas.tf.json', '--format', 'json'], join(FIXTURES, 'terraform-json'));
    assert.match(terraformJson.result.stdout, /aws_db_instance/);
    assert.equal(terraformJson.yaml, false);
    const template = yamlLoaded(['lint', 'single-az.yaml']);
    assert.match(template.result.stdout, /RDS201/);
    assert.equal(template.yaml, true);
    const configured = yamlLoaded(['lint', 'configured']);
    assert.doesNotMatch(configured.result.stdout, /RDS201/, 'the YAML configuration file was read');
    assert.equal(configured.yaml, true);
  });

  it('model and drill load the Terraform parser only for a .tf file, as lint does', () => {
    for (const command of [['model'], ['drill', '--failure', 'az-outage']]) {
      const yaml = withLoads([...command, 'single-az.yaml']);
      assert.equal(yaml.result.status, 0, yaml.result.stderr);
      assert.deepEqual(yaml.lazy, [], command[0]);
      const tf = withLoads([...command, 'single-az.tf']);
      assert.equal(tf.result.status, 0, tf.result.stderr);
      assert.match(tf.result.stdout, /aws_db_instance/);
      assert.deepEqual(tf.lazy, ['web-tree-sitter.js'], command[0]);
    }
  });
});

describe('the code cache the CLI starts from', () => {
  const cache = join(dirname(CLI), 'cli-main.code-cache');
  const expected = () => rdscope(['lint', 'single-az.yaml', '--format', 'json'], { cwd: LAZY_FIXTURES });

  it('the build made one for this bundle', () => {
    assert.ok(existsSync(cache), 'node esbuild.mjs wrote dist/cli-main.code-cache');
  });

  it('a stale, damaged or missing cache changes nothing but the start-up time', () => {
    const good = expected();
    assert.equal(good.status, 0, good.stderr);
    const original = readFileSync(cache);
    // The header (launch.ts): the bundle's size and modification time (16 bytes), its SHA-1 (20 bytes).
    const damaged = [
      Buffer.concat([Buffer.alloc(36, 7), original.subarray(36)]), // made from another bundle
      Buffer.concat([original.subarray(0, 36), Buffer.alloc(4096, 0x5a)]), // this bundle's header, data that is not V8's
      original.subarray(0, 10), // cut short
      undefined, // none
    ];
    try {
      for (const bytes of damaged) {
        if (bytes) writeFileSync(cache, bytes);
        else rmSync(cache);
        const r = expected();
        assert.equal(r.status, good.status, r.stderr);
        assert.equal(r.stdout, good.stdout);
        assert.equal(r.stderr, good.stderr);
      }
    } finally {
      writeFileSync(cache, original);
    }
  });

  it('an edited bundle runs as edited, not from the cache of the bundle it was', () => {
    const bundle = join(dirname(CLI), 'cli-main.js');
    const source = readFileSync(bundle, 'utf8');
    const good = expected();
    assert.match(good.stdout, /is Single-AZ/);
    // The same length, so only the content tells the two bundles apart (V8 checks only the length).
    assert.ok(source.includes('is Single-AZ'));
    try {
      writeFileSync(bundle, source.replaceAll('is Single-AZ', 'is SINGLE-AZ'));
      const r = expected();
      assert.equal(r.status, good.status, r.stderr);
      assert.equal(r.stdout, good.stdout.replaceAll('is Single-AZ', 'is SINGLE-AZ'));
    } finally {
      writeFileSync(bundle, source);
    }
  });

  it("the layout engine's cache (dist/lazy/) changes nothing in the drawing either", () => {
    const elkCache = join(dirname(CLI), 'lazy', 'elkjs.code-cache');
    assert.ok(existsSync(elkCache), 'node esbuild.mjs wrote dist/lazy/elkjs.code-cache (a graph of the sample)');
    const draw = () => rdscope(['graph', 'single-az.yaml'], { cwd: LAZY_FIXTURES });
    const good = draw();
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /^<svg [^>]*class="rdscope-diagram"/);
    const original = readFileSync(elkCache);
    try {
      for (const bytes of [Buffer.concat([original.subarray(0, 36), Buffer.alloc(4096, 0x5a)]), undefined]) {
        if (bytes) writeFileSync(elkCache, bytes);
        else rmSync(elkCache);
        const r = draw();
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, good.stdout);
      }
    } finally {
      writeFileSync(elkCache, original);
    }
  });
});
