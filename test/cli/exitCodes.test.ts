/**
 * Exit codes: 0 when nothing reaches --fail-level, 1 when something does,
 * 2 for usage errors, unreadable paths and invalid configuration. Internal
 * errors never show a stack trace without --debug.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findingLines, rdscope, tempDir } from './cliHarness';

describe('exit codes and --fail-level', () => {
  it('1 when an error is reported (default fail level: error)', () => {
    assert.equal(rdscope(['lint', 'project']).status, 1);
  });

  it('0 when only warnings are reported at the default level, 1 with --fail-level warning', () => {
    // svc-03 has a DeletionPolicy: Delete (RDS105) and MultiAZ false (RDS201): warnings only.
    assert.equal(rdscope(['lint', 'many/svc-03']).status, 0);
    assert.equal(rdscope(['lint', 'many/svc-03', '--fail-level', 'warning']).status, 1);
    assert.equal(rdscope(['lint', 'many/svc-03', '--fail-level', 'info']).status, 1);
  });

  it('--fail-level info counts info findings; none never fails', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'restore.yaml'), [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Restored:',
      '    Type: AWS::RDS::DBInstance',
      '    DeletionPolicy: Snapshot',
      '    UpdateReplacePolicy: Snapshot',
      '    Properties:',
      '      DBSnapshotIdentifier: orders-2024-01-01',
      '      DBInstanceClass: db.t3.micro',
      '      MultiAZ: true',
      '',
    ].join('\n'));
    const r = rdscope(['lint', '.', '--fail-level', 'warning'], { cwd: dir });
    assert.match(r.stdout, /info {2}RDS107/);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(rdscope(['lint', '.', '--fail-level', 'info'], { cwd: dir }).status, 1);
    assert.equal(rdscope(['lint', 'project', '--fail-level', 'none']).status, 0);
  });

  it('suppressed findings never fail a run', () => {
    assert.equal(rdscope(['lint', 'suppressed', '--fail-level', 'info']).status, 0);
  });

  it('2 for usage errors, with a hint and no stack trace', () => {
    for (const args of [
      ['lint', '--format', 'xml', 'project'],
      ['lint', '--fail-level', 'fatal', 'project'],
      ['lint', '--no-such-option'],
      ['lint', '--shard', '3/2', 'project'],
      ['lint', '--shard', 'one', 'project'],
      ['lint', '--jobs', '0', 'project'],
      ['lint', '--max-file-size', 'big', 'project'],
      ['lint', '--fix', '--fix-dry-run', 'project'],
      ['frobnicate'],
      ['rules', '--format', 'sarif'],
    ]) {
      const r = rdscope(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^rdscope: .+\nRun rdscope --help for usage\.\n$/, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  it('2 for a path that does not exist or a glob that matches nothing (the other paths are still linted)', () => {
    const r = rdscope(['lint', 'project/cfn', 'no/such/folder']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /rdscope: cannot read no\/such\/folder: no such file or folder/);
    assert.ok(findingLines(r.stdout).length > 0, 'project/cfn was linted');
    const g = rdscope(['lint', 'project/**/*.nothing']);
    assert.equal(g.status, 2);
    assert.match(g.stderr, /no files match project\/\*\*\/\*\.nothing/);
  });

  it('2 for an unreadable file or folder', { skip: process.getuid?.() === 0 ? 'running as root: permissions do not apply' : false }, () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'a.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\n');
    writeFileSync(join(dir, 'secret.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\n');
    chmodSync(join(dir, 'locked'), 0o000);
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    try {
      const r = rdscope(['lint', '.'], { cwd: dir });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /cannot read folder locked/);
      assert.match(r.stderr, /cannot read secret\.yaml/);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
      chmodSync(join(dir, 'secret.yaml'), 0o644);
    }
  });

  it('2 for a named path that is neither a file nor a folder (a FIFO is never opened)', () => {
    const dir = tempDir();
    const made = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
    if (made.error || made.status !== 0) return; // no mkfifo here
    const r = rdscope(['lint', 'pipe.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /pipe\.yaml is neither a file nor a folder/);
    const walked = rdscope(['lint', '.'], { cwd: dir });
    assert.equal(walked.status, 0, 'a FIFO found by walking is left alone');
  });

  it('a broken template is a finding (RDS000), not a crash', () => {
    const r = rdscope(['lint', 'project/broken']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^project\/broken\/broken\.yaml:\d+:\d+ {2}error {2}RDS000 {2}/);
    assert.equal(r.stderr, '');
  });
});

describe('internal errors', () => {
  it('a crash while analyzing one file is RDS000 on that file; the others are linted; no stack trace without --debug', () => {
    const r = rdscope(['lint', 'project'], { env: { RDSCOPE_TEST_CRASH: 'cfn/orders.yaml' } });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /project\/cfn\/orders\.yaml:1:1 {2}error {2}RDS000 {2}rdscope could not analyze this template \(internal error: simulated crash/);
    assert.match(r.stdout, /project\/tf\/main\.tf\.json:/);
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, 'no stack trace');
    const debug = rdscope(['lint', 'project', '--debug'], { env: { RDSCOPE_TEST_CRASH: 'cfn/orders.yaml' } });
    assert.match(debug.stderr, /internal error while analyzing project\/cfn\/orders\.yaml:\nError: simulated crash[^\n]*\n\s+at /);
  });

  it('a crash of the command exits 2 with one line, and the stack only with --debug', () => {
    const r = rdscope(['lint', 'project'], { env: { RDSCOPE_TEST_CRASH: 'command' } });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'rdscope: internal error: simulated crash (RDSCOPE_TEST_CRASH)\nRun again with --debug for the stack trace, and please report it.\n');
    const debug = rdscope(['lint', 'project', '--debug'], { env: { RDSCOPE_TEST_CRASH: 'command' } });
    assert.equal(debug.status, 2);
    assert.match(debug.stderr, /^rdscope: internal error: simulated crash \(RDSCOPE_TEST_CRASH\)\nError: simulated crash[^\n]*\n\s+at /);
  });
});
