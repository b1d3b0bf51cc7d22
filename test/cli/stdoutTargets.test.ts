/**
 * The report reaches standard output whatever it is: a pipe, a regular file,
 * the null device (cli/io.ts writes these to the descriptor itself, without
 * Node's stream), and a reader that goes away early (`rdscope lint | head`)
 * ends the run quietly. A large report (over a pipe's 64 kB buffer) so that
 * the writes fill the pipe. The real CLI as a child process.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, CLI_FIXTURES, rdscope, tempDir } from './cliHarness';

/** Single-AZ instances without backups: three findings each, each with a fix: ~2 MB of JSON. */
function largeTemplate(): string {
  const dir = tempDir();
  const instances: Record<string, unknown> = {};
  for (let i = 0; i < 400; i++) {
    instances[`db_${i}`] = { identifier: `db-${i}`, engine: 'mysql', instance_class: 'db.t4g.medium', backup_retention_period: 0, skip_final_snapshot: true };
  }
  const file = join(dir, 'main.tf.json');
  writeFileSync(file, JSON.stringify({ provider: { aws: { region: 'us-east-1' } }, resource: { aws_db_instance: instances } }, null, 2));
  return file;
}

describe('the report on standard output', () => {
  const file = largeTemplate();
  const piped = rdscope(['lint', file, '--format', 'json']);

  it('is the whole JSON report through a pipe', () => {
    assert.equal(piped.status, 0, piped.stderr);
    assert.equal(piped.stderr, '');
    assert.ok(piped.stdout.length > 1_000_000, `a large report (${piped.stdout.length} characters)`);
    assert.equal(JSON.parse(piped.stdout).summary.findings, 1200);
  });

  it('is, byte for byte, JSON.stringify of the report with two-space indents (it is written in pieces of ~64 kB)', () => {
    assert.equal(piped.stdout, `${JSON.stringify(JSON.parse(piped.stdout), null, 2)}\n`);
  });

  it('is the same report written with --output', () => {
    const out = join(tempDir(), 'nested', 'report.json');
    const r = rdscope(['lint', file, '--format', 'json', '--output', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(readFileSync(out, 'utf8'), piped.stdout);
  });

  it('is the same report in a file stdout is redirected to', () => {
    const out = join(tempDir(), 'report.json');
    const fd = openSync(out, 'w');
    let r;
    try {
      r = spawnSync(process.execPath, [CLI, 'lint', file, '--format', 'json'], { cwd: CLI_FIXTURES, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 120_000 });
    } finally {
      closeSync(fd);
    }
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(readFileSync(out, 'utf8'), piped.stdout);
  });

  it('goes to /dev/null with the exit code of the findings and nothing on stderr', () => {
    const r = spawnSync(process.execPath, [CLI, 'lint', file, '--format', 'json'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  });

  it('ends quietly when the reader closes the pipe after the first chunk', async () => {
    const child = spawn(process.execPath, [CLI, 'lint', file, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    let first = '';
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString('utf8');
      child.stdout.destroy();
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.ok(first.startsWith('{'), 'the reader got the start of the report');
    assert.equal(signal, null);
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
    assert.equal(stderr, '', 'no error on stderr');
  });
});
