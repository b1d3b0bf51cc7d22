/**
 * The real CLI (dist/cli.js, as a child process) on a hostile workspace:
 * JavaScript files, a package.json with scripts, config-looking `.js` files,
 * a module in node_modules, templates that name them (an AWS::Include
 * transform, a Terraform `external` data source and module source), YAML
 * tags that other loaders execute, and symbolic links to templates outside
 * the linted folder. With a preload that records and refuses sockets, DNS,
 * fetch, child processes, workspace `require`s and workspace workers:
 *  - a lint (text, JSON, worker threads, --fix) uses none of them, and no
 *    workspace code runs;
 *  - symbolic links out of the linted tree are not followed, and --fix never
 *    writes through one, unless --follow-symlinks asks (a link loop then
 *    still ends);
 *  - text output on hostile files holds no stack trace without --debug.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, REPO_ROOT } from '../helpers';
import { writeGuard } from './guard';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const BUILT = existsSync(CLI);
const SKIP = BUILT ? false : 'dist/cli.js is missing: run `node esbuild.mjs` first';

const root = mkdtempSync(join(tmpdir(), 'rdscope-security-'));
const ws = join(root, 'workspace');
const outside = join(root, 'outside');
const marker = join(root, 'WORKSPACE-CODE-RAN');
const guardLog = join(root, 'guard.log');
const guardTrace = join(root, 'guard-trace.log');
const guard = writeGuard(root);
after(() => rmSync(root, { recursive: true, force: true }));

const template = (id: string) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ${id}:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n`;
/** JavaScript that leaves a marker behind if anything ever runs it. */
const evil = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran: ' + __filename); module.exports = {};\n`;

function buildWorkspace(): void {
  mkdirSync(join(ws, 'templates'), { recursive: true });
  mkdirSync(join(ws, 'node_modules', 'rdscope-plugin-evil'), { recursive: true });
  mkdirSync(join(outside, 'folder'), { recursive: true });
  writeFileSync(join(ws, 'templates', 'inside.yaml'), template('InsideDb'));
  writeFileSync(join(ws, 'evil.js'), evil);
  for (const name of ['.rdscope.js', '.rdscope.cjs', 'rdscope.config.js', '.eslintrc.js']) writeFileSync(join(ws, name), evil);
  writeFileSync(join(ws, '.rdscope.mjs'), `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
  writeFileSync(join(ws, 'node_modules', 'rdscope-plugin-evil', 'index.js'), evil);
  writeFileSync(join(ws, 'node_modules', 'rdscope-plugin-evil', 'package.json'), JSON.stringify({ name: 'rdscope-plugin-evil', main: 'index.js' }));
  writeFileSync(join(ws, 'package.json'), JSON.stringify({
    name: 'hostile-workspace', main: 'evil.js',
    scripts: { preinstall: 'node evil.js', prepare: 'node evil.js', lint: 'node evil.js', test: 'node evil.js' },
    rdscope: { plugins: ['./evil.js', 'rdscope-plugin-evil'] },
  }, null, 2));
  writeFileSync(join(ws, 'templates', 'include.yaml'), [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform:',
    '  - Name: AWS::Include',
    '    Parameters: {Location: ./evil.js}',
    'Description: !!js/function "function () { require(\'child_process\').execSync(\'touch /tmp/rdscope-pwned\') }"',
    'Metadata:',
    '  Code: !!js/undefined ""',
    '  Regexp: !!js/regexp /x/',
    'Resources:',
    '  IncludeDb:',
    '    Type: AWS::RDS::DBInstance',
    '    Properties: {Engine: mysql, DBInstanceIdentifier: !Sub "${AWS::StackName}-db"}',
    '',
  ].join('\n'));
  writeFileSync(join(ws, 'templates', 'external.tf.json'), JSON.stringify({
    data: { external: { run: { program: ['node', join(ws, 'evil.js')] } }, http: { fetch: { url: 'http://169.254.169.254/latest/meta-data/' } } },
    module: { evil: { source: './evil.js' }, remote: { source: 'git::https://example.com/evil.git' } },
    provider: { aws: { region: 'us-east-1', assume_role: { role_arn: '${data.external.run.result.arn}' } } },
    resource: { aws_db_instance: { external_db: { engine: 'mysql', identifier: '${data.external.run.result.name}' } } },
  }, null, 2));
  // Outside the linted folder, reachable only through symbolic links.
  writeFileSync(join(outside, 'secret.yaml'), template('OutsideDb'));
  writeFileSync(join(outside, 'folder', 'more.yaml'), template('OutsideFolderDb'));
  symlinkSync(join(outside, 'secret.yaml'), join(ws, 'templates', 'linked-file.yaml'));
  symlinkSync(join(outside, 'folder'), join(ws, 'linked-folder'), 'dir');
  // A link inside the tree, and a loop back to the workspace itself.
  symlinkSync(join(ws, 'templates', 'inside.yaml'), join(ws, 'templates', 'inside-link.yaml'));
  symlinkSync(ws, join(ws, 'templates', 'loop'), 'dir');
}

interface Run extends SpawnSyncReturns<string> { readonly guardEntries: string[] }

/** Runs the CLI under the guard, from the workspace's parent (so the workspace's own config files are the nearest). */
function cli(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Run {
  rmSync(guardLog, { force: true });
  rmSync(guardTrace, { force: true });
  const run = spawnSync(process.execPath, ['--require', guard, CLI, ...args], {
    cwd: options.cwd ?? root, encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, RDSCOPE_GUARD_LOG: guardLog, RDSCOPE_GUARD_TRACE: guardTrace, RDSCOPE_GUARD_WORKSPACE: ws, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const guardEntries = existsSync(guardLog) ? readFileSync(guardLog, 'utf8').trim().split('\n').filter(Boolean) : [];
  return Object.assign(run, { guardEntries });
}

function assertClean(run: Run, what: string): void {
  assert.equal(run.error, undefined, `${what}: the CLI ran (${run.error?.message})`);
  assert.ok(run.status === 0 || run.status === 1, `${what}: exit 0 or 1, got ${run.status} ${run.signal ?? ''}\n${run.stderr}`);
  assert.deepEqual(run.guardEntries, [], `${what}: no network, no child process, no workspace code`);
  assert.equal(existsSync(marker), false, `${what}: no workspace code ran (${existsSync(marker) ? readFileSync(marker, 'utf8') : ''})`);
}

const resources = (run: Run) => (JSON.parse(run.stdout) as { findings: { resource?: string; file: string }[] }).findings.map((f) => f.resource).filter(Boolean);
const STACK_LINE = /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m;

describe('security: the CLI on a hostile workspace', { skip: SKIP }, () => {
  before(buildWorkspace);

  it('the guard itself notices a socket, a DNS lookup, a child process and a workspace require (so silence means something)', () => {
    const probes = [
      "require('net').connect(80, '127.0.0.1')",
      "require('dns').lookup('example.com', () => {})",
      "require('child_process').spawnSync('true')",
      `require(${JSON.stringify(join(ws, 'evil.js'))})`,
      "require('https').get('https://example.com')",
    ];
    for (const code of probes) {
      rmSync(guardLog, { force: true });
      spawnSync(process.execPath, ['--require', guard, '-e', `try { ${code} } catch {}`], {
        encoding: 'utf8', env: { ...process.env, RDSCOPE_GUARD_LOG: guardLog, RDSCOPE_GUARD_WORKSPACE: ws },
      });
      assert.ok(existsSync(guardLog) && readFileSync(guardLog, 'utf8').length > 0, `the guard records ${code}`);
    }
    assert.equal(existsSync(marker), false, 'the guarded require did not run the file');
  });

  it('lint (text and JSON): no socket, DNS, fetch, child process or workspace code; links out of the tree not followed', () => {
    const text = cli(['lint', ws]);
    assertClean(text, 'lint (text)');
    assert.match(text.stdout, /InsideDb/);
    const json = cli(['lint', '--format', 'json', ws]);
    assertClean(json, 'lint --format json');
    const found = resources(json);
    assert.ok(found.includes('InsideDb') && found.includes('IncludeDb') && found.includes('aws_db_instance.external_db'), `templates inside are linted: ${found.join(', ')}`);
    assert.ok(!found.includes('OutsideDb'), 'a file linked from outside the tree is not read');
    assert.ok(!found.includes('OutsideFolderDb'), 'a folder linked from outside the tree is not entered');
  });

  it('--follow-symlinks does follow them (the check above would see it), and a link loop still ends', () => {
    const run = cli(['lint', '--format', 'json', '--follow-symlinks', ws], { timeoutMs: 60_000 });
    assertClean(run, 'lint --follow-symlinks');
    const found = resources(run);
    assert.ok(found.includes('OutsideDb') && found.includes('OutsideFolderDb'), `followed on request: ${found.join(', ')}`);
    assert.equal(found.filter((r) => r === 'InsideDb').length >= 1, true);
  });

  it('worker threads (many files, -j 2) run under the same rules', () => {
    const many = join(ws, 'many');
    mkdirSync(many, { recursive: true });
    for (let i = 0; i < 220; i++) writeFileSync(join(many, `stack-${i}.yaml`), template(`ManyDb${i}`));
    try {
      const run = cli(['lint', '--format', 'json', '-j', '2', ws]);
      assertClean(run, 'lint -j 2');
      assert.ok(resources(run).includes('ManyDb219'));
      const threads = readFileSync(guardTrace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { main: boolean });
      assert.ok(threads.filter((t) => !t.main).length >= 1, `the guard ran in the worker threads too: ${JSON.stringify(threads)}`);
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });

  it('--fix writes only inside the tree: never through a link to an outside file, never workspace code', () => {
    const before = readFileSync(join(outside, 'secret.yaml'));
    const run = cli(['lint', '--fix', ws]);
    assertClean(run, 'lint --fix');
    assert.deepEqual(readFileSync(join(outside, 'secret.yaml')), before, 'the outside file is untouched');
    assert.ok(lstatSync(join(ws, 'templates', 'linked-file.yaml')).isSymbolicLink(), 'the link is still a link');
    assert.match(readFileSync(join(ws, 'templates', 'inside.yaml'), 'utf8'), /UpdateReplacePolicy: Snapshot/, 'the file inside was fixed (Multi-AZ is a suggestion: not with --fix alone)');
  });
});

describe('security: no stack traces in text output without --debug', { skip: SKIP }, () => {
  const generated = join(root, 'generated');
  before(() => {
    mkdirSync(generated, { recursive: true });
    const N = 100_000;
    writeFileSync(join(generated, 'deep.yaml'), `AWSTemplateFormatVersion: "2010-09-09"\nResources: ${'['.repeat(N)}${']'.repeat(N)}\n`);
    writeFileSync(join(generated, 'deep.template.json'), `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${'['.repeat(N)}`);
    writeFileSync(join(generated, 'deep-block.yaml'), `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${Array.from({ length: 2500 }, (_, i) => `${' '.repeat(2 + i)}a:`).join('\n')} 1\n`);
    writeFileSync(join(generated, 'big.template.yaml'), `AWSTemplateFormatVersion: "2010-09-09"\nDescription: "${'x'.repeat(4096)}"\nResources: {}\n`);
    writeFileSync(join(generated, 'nul-in-name\u0007.template.yaml'), Buffer.from([0x41, 0x00, 0x42]));
  });

  for (const extra of [[], ['--format', 'github'], ['--verbose']] as const) {
    it(`hostile fixtures and generated files ${extra.join(' ') || '(text)'}: findings and RDS000, no stack trace`, () => {
      const run = cli(['lint', ...extra, '--max-file-size', '4000', join(FIXTURES, 'hostile'), generated], { cwd: REPO_ROOT });
      assertClean(run, 'lint hostile');
      const output = `${run.stdout}\n${run.stderr}`;
      assert.equal(run.status, 1, 'errors found: exit 1');
      assert.doesNotMatch(output, STACK_LINE, 'no stack trace lines');
      assert.doesNotMatch(output, /internal error|RangeError|TypeError|Maximum call stack/i);
      for (const name of ['alias-bomb.yaml', 'binary.template.yaml', 'invalid-utf8.yaml', 'deep.yaml', 'deep.template.json', 'big.template.yaml']) {
        assert.match(output, new RegExp(name.replace(/\./g, '\\.')), `${name} is reported`);
      }
      assert.match(output, /over the 4000-byte limit/);
    });
  }

  it('--debug may add detail but still lints everything', () => {
    const run = cli(['lint', '--debug', join(FIXTURES, 'hostile')], { cwd: REPO_ROOT });
    assertClean(run, 'lint --debug');
    assert.equal(run.status, 1);
  });
});
