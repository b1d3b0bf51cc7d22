/**
 * The CI integrations: action.yml (a composite GitHub Action whose lint step
 * is run here for real, with bash, as the runner would), .pre-commit-hooks.yaml,
 * and the bin/rdscope.js launcher.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers';
import { CLI, CLI_FIXTURES, copyFixture, rdscope, sarifErrors, tempDir } from './cliHarness';

interface Step { name?: string; id?: string; uses?: string; run?: string; shell?: string; env?: Record<string, string>; with?: Record<string, string>; if?: string }
const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  name: string; description: string; inputs: Record<string, { description: string; default?: string }>; outputs: Record<string, unknown>;
  runs: { using: string; steps: Step[] };
};

function runLintStep(cwd: string, inputs: Record<string, string>): { status: number | null; stdout: string; stderr: string; outputs: Record<string, string> } {
  const step = action.runs.steps.find((s) => s.id === 'lint')!;
  const outputFile = join(tempDir(), 'github-output');
  const env: Record<string, string> = { ...process.env as Record<string, string>, GITHUB_OUTPUT: outputFile };
  for (const [name, value] of Object.entries(step.env!)) {
    env[name] = value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, input: string) => inputs[input] ?? action.inputs[input].default ?? '')
      .replace(/\$\{\{\s*github\.action_path\s*\}\}\/bin\/rdscope\.js/, CLI);
  }
  delete env.NO_COLOR;
  // As the runner does: bash --noprofile --norc -eo pipefail {0}
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd, env, encoding: 'utf8' });
  let text = '';
  try { text = readFileSync(outputFile, 'utf8'); } catch { /* no outputs */ }
  const outputs = Object.fromEntries(text.trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

describe('action.yml', () => {
  it('is a composite action whose expressions only name declared inputs and steps', () => {
    assert.equal(action.runs.using, 'composite');
    assert.ok(action.name && action.description);
    const text = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8');
    for (const m of text.matchAll(/inputs\.([\w-]+)/g)) assert.ok(action.inputs[m[1]], `input ${m[1]} is declared`);
    for (const m of text.matchAll(/steps\.([\w-]+)\.outputs/g)) assert.ok(action.runs.steps.some((s) => s.id === m[1]), `step ${m[1]} exists`);
    for (const step of action.runs.steps) if (step.run) assert.equal(step.shell, 'bash', `${step.name} names its shell`);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    assert.ok(upload, 'uploads SARIF to code scanning');
    assert.match(upload!.if!, /always\(\)/, 'uploads even when findings fail the lint step');
    // Inputs reach scripts through the environment only (no expression inside a run block).
    for (const step of action.runs.steps) if (step.run) assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: no \${{ }} in the script`);
  });

  it('its lint step writes a valid SARIF file and the exit code, for the upload and the last step', () => {
    const dir = copyFixture('project');
    const r = runLintStep(dir, { 'fail-level': 'error' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(r.outputs['sarif-file'], 'rdscope.sarif');
    assert.equal(sarifErrors(JSON.parse(readFileSync(join(dir, 'rdscope.sarif'), 'utf8'))), '');
    assert.match(r.stdout, /^rdscope: 2 errors, 5 warnings, 0 notes \(SARIF: rdscope\.sarif\)$/m);
  });

  it('passes paths, globs, shard, config and extra args through; annotations without upload', () => {
    const r = runLintStep(CLI_FIXTURES, { paths: 'project/cfn many/svc-0*', 'upload-sarif': 'false', 'fail-level': 'none', args: '--show-suppressed', shard: '1/1' });
    assert.equal(r.outputs['exit-code'], '0');
    assert.equal(r.outputs['sarif-file'], undefined);
    assert.match(r.stdout, /^::warning file=project\/cfn\/orders\.yaml,line=12,col=3,/m);
    assert.match(r.stdout, /^::warning file=many\/svc-01\/stack\.yaml,/m);
    const bad = runLintStep(CLI_FIXTURES, { paths: 'project', config: 'configs/invalid.yaml' });
    assert.equal(bad.outputs['exit-code'], '2');
    assert.match(bad.stderr, /configs\/invalid\.yaml:3:11:/);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; require_serial: boolean }[];

  it('declares node hooks that run rdscope lint on template-like files, serially', () => {
    assert.deepEqual(hooks.map((h) => h.id), ['rdscope', 'rdscope-fix']);
    for (const hook of hooks) {
      assert.equal(hook.language, 'node');
      assert.match(hook.entry, /^rdscope lint\b/);
      assert.equal(hook.require_serial, true);
      const files = new RegExp(hook.files);
      for (const name of ['a.yaml', 'b.yml', 'c.json', 'd.template', 'main.tf']) assert.ok(files.test(name), name);
      for (const name of ['README.md', 'x.py']) assert.ok(!files.test(name), name);
    }
  });

  it('works as pre-commit calls it: the entry followed by the changed file names', () => {
    const [command, ...args] = hooks[0].entry.split(' ');
    assert.equal(command, 'rdscope');
    const r = rdscope([...args, 'project/cfn/orders.yaml', 'project/cfn/reporting.json', 'project/notes/other.yaml', 'project/legacy/old.yaml']);
    assert.equal(r.status, 1, 'the replica in reporting.json is linked to its source in orders.yaml');
    assert.match(r.stdout, /reporting\.json:\d+:\d+ {2}error {2}RDS306/);
    assert.doesNotMatch(r.stdout, /legacy|other\.yaml/, '.rdscope.yaml exclude applies to named files');
  });
});

describe('bin/rdscope.js', () => {
  it('runs the built CLI', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'rdscope.js'), '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });
});
