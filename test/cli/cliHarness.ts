/**
 * Runs the real CLI (dist/cli.js, built by `node esbuild.mjs`) as a child
 * process on real files, and validates its reports against the committed
 * schemas with ajv.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { Script } from 'node:vm';
import { FIXTURES, REPO_ROOT } from '../helpers';

export const CLI_FIXTURES = join(FIXTURES, 'cli');

/**
 * The CLI's bundles (dist/cli.js, which starts dist/cli-main.js, dist/worker.js
 * and the libraries in dist/lazy/), copied once per test file into a private
 * folder: a build running beside the tests (another `node esbuild.mjs`)
 * rewrites dist/ and must not hand a half-written bundle to a test.
 */
export const CLI = (() => {
  const dist = join(REPO_ROOT, 'dist');
  if (!existsSync(join(dist, 'cli.js'))) throw new Error(`${join(dist, 'cli.js')} is missing: run node esbuild.mjs first`);
  const dir = mkdtempSync(join(tmpdir(), 'rdscope-dist-'));
  for (let attempt = 0; ; attempt++) {
    try {
      const lazy = readdirSync(join(dist, 'lazy')).filter((n) => n.endsWith('.js')).map((n) => join('lazy', n));
      mkdirSync(join(dir, 'lazy'), { recursive: true });
      for (const name of ['cli.js', 'cli-main.js', 'worker.js', ...lazy]) {
        const text = readFileSync(join(dist, name), 'utf8');
        new Script(text, { filename: name }); // complete JavaScript, not a bundle being written
        writeFileSync(join(dir, name), text);
      }
      // V8's code cache of cli-main.js: launch.ts only uses it with the bundle it was made from.
      if (existsSync(join(dist, 'cli-main.code-cache'))) cpSync(join(dist, 'cli-main.code-cache'), join(dir, 'cli-main.code-cache'));
      // And the lazy libraries' (the layout engine's), each checked against its file the same way.
      for (const name of readdirSync(join(dist, 'lazy')).filter((n) => n.endsWith('.code-cache'))) cpSync(join(dist, 'lazy', name), join(dir, 'lazy', name));
      // The Terraform HCL parser's WebAssembly, looked up beside the bundle.
      for (const name of readdirSync(dist).filter((n) => n.endsWith('.wasm'))) cpSync(join(dist, name), join(dir, name));
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'cli.js');
})();

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function rdscope(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, RDSCOPE_TEST_CRASH: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? CLI_FIXTURES,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(prefix = 'rdscope-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** A copy of test/fixtures/cli/<name> in a temporary folder (for --fix and file-system games). */
export function copyFixture(name: string): string {
  const dir = tempDir();
  cpSync(join(CLI_FIXTURES, name), join(dir, name), { recursive: true });
  return join(dir, name);
}

function compile(schemaFile: string) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', schemaFile), 'utf8')));
}

let sarif: ReturnType<typeof compile> | undefined;
let findings: ReturnType<typeof compile> | undefined;

/** Errors of the official SARIF 2.1.0 schema (schemas/sarif-2.1.0.json) for a log, as text; empty when valid. */
export function sarifErrors(log: unknown): string {
  sarif ??= compile('sarif-2.1.0.json');
  return sarif(log) ? '' : JSON.stringify(sarif.errors, null, 2);
}

export function findingsErrors(report: unknown): string {
  findings ??= compile('findings.schema.json');
  return findings(report) ? '' : JSON.stringify(findings.errors, null, 2);
}

let topology: ReturnType<typeof compile> | undefined;

/** Errors of schemas/topology.schema.json for `rdscope model` output, as text; empty when valid. */
export function topologyErrors(model: unknown): string {
  topology ??= compile('topology.schema.json');
  return topology(model) ? '' : JSON.stringify(topology.errors, null, 2);
}

/** The finding lines of a text report (`path:line:col  severity  RDSnnn  ...`). */
export function findingLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S+:\d+:\d+ {2}/.test(l));
}
