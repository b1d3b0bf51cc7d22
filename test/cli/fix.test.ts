/**
 * --fix and --fix-dry-run on real files: every safe fix applied in place,
 * comments, formatting, CRLF line endings and a byte order mark kept, then
 * linted again; the dry run's diff is exactly what --fix does.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, linkSync, lstatSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unifiedDiff } from '../../server/src/cli/diff';
import { writeFileAtomic } from '../../server/src/io/atomicWrite';
import { REPO_ROOT } from '../helpers';
import { CLI, copyFixture, findingLines, rdscope, tempDir, type CliResult } from './cliHarness';

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else files.set(`${rel}${name}`, readFileSync(p, 'latin1'));
    }
  };
  walk(dir, '');
  return files;
}

const YAML_CRLF = [
  '# Payments database (Windows line endings)',
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  PaymentsDb:   # the primary',
  '    Type: AWS::RDS::DBInstance',
  '    DeletionPolicy: Snapshot',
  '    UpdateReplacePolicy: Snapshot',
  '    Properties:',
  '      Engine: postgres',
  '      DBInstanceClass: db.t3.medium',
  "      BackupRetentionPeriod: 0    # TODO: turn on",
  '',
].join('\r\n');

describe('--fix', () => {
  it('applies the fixes in place, keeps comments and formatting, and reports what remains', () => {
    const dir = copyFixture('project');
    const before = snapshot(dir);
    const r = rdscope(['lint', '.', '--fix', '--fix-suggestions'], { cwd: dir });
    assert.equal(r.status, 1, 'the broken template (RDS000) remains an error');
    assert.match(r.stderr, /^rdscope: fixed 4 problem\(s\) in 3 file\(s\)\n$/);
    const after = snapshot(dir);

    const orders = after.get('cfn/orders.yaml')!;
    assert.equal(orders, `${before.get('cfn/orders.yaml')!}      MultiAZ: true\n`, 'one line added, the rest byte for byte');
    assert.match(orders, /# The primary: single AZ today, see RDS201\./);

    const reporting = JSON.parse(after.get('cfn/reporting.json')!);
    assert.equal(reporting.Resources.ReportingReplica.Properties.Engine, undefined);
    assert.match(after.get('cfn/reporting.json')!, /^ {8}"DBInstanceClass": "db\.t3\.medium"\n {6}\}/m, 'indentation kept');

    const tf = JSON.parse(after.get('tf/main.tf.json')!);
    assert.equal(tf.resource.aws_db_instance.inventory.multi_az, true);
    assert.equal(tf.resource.aws_db_instance.inventory.backup_retention_period, 7);

    for (const untouched of ['broken/broken.yaml', 'plan/tfplan.json', 'notes/other.yaml', 'generated/ignored.yaml', 'legacy/old.yaml', '.rdscope.yaml']) {
      assert.equal(after.get(untouched), before.get(untouched), `${untouched} untouched`);
    }
    // Linting again: only what has no fix is left.
    const again = rdscope(['lint', '.'], { cwd: dir });
    assert.deepEqual(findingLines(again.stdout).map((l) => l.split('  ')[2]).sort(), ['RDS000', 'RDS105', 'RDS204']);
    assert.doesNotMatch(again.stdout, /fixable/);
  });

  it('keeps CRLF line endings and a byte order mark', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'payments.yaml'), YAML_CRLF);
    writeFileSync(join(dir, 'bom.json'), `\ufeff${JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { Db: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot', Properties: { Engine: 'mysql', DBInstanceClass: 'db.t3.micro', MultiAZ: false } } },
    }, null, 4).replace(/\n/g, '\r\n')}\r\n`);
    const r = rdscope(['lint', '.', '--fix', '--fix-suggestions'], { cwd: dir });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const yaml = readFileSync(join(dir, 'payments.yaml'), 'utf8');
    assert.equal(yaml, YAML_CRLF.replace('BackupRetentionPeriod: 0    # TODO', 'BackupRetentionPeriod: 7    # TODO') + '      MultiAZ: true\r\n');
    assert.doesNotMatch(yaml.replace(/\r\n/g, ''), /\n/, 'no bare LF introduced');
    const json = readFileSync(join(dir, 'bom.json'));
    assert.deepEqual([...json.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM kept');
    const text = json.toString('utf8').slice(1);
    assert.match(text, /"MultiAZ": true/);
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/);
    assert.equal(findingLines(rdscope(['lint', '.'], { cwd: dir }).stdout).length, 0);
  });

  it('keeps file modes and symbolic links, and leaves no temporary files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.yaml'), YAML_CRLF);
    chmodSync(join(dir, 'real.yaml'), 0o640);
    symlinkSync('real.yaml', join(dir, 'link.yaml'));
    rdscope(['lint', 'link.yaml', '--fix', '--fix-suggestions'], { cwd: dir });
    assert.ok(lstatSync(join(dir, 'link.yaml')).isSymbolicLink(), 'still a link');
    assert.match(readFileSync(join(dir, 'real.yaml'), 'utf8'), /MultiAZ: true/);
    assert.equal(statSync(join(dir, 'real.yaml')).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir).sort(), ['link.yaml', 'real.yaml']);
  });

  it('--fix with worker threads gives the same files as without', () => {
    const a = copyFixture('many');
    const b = copyFixture('many');
    rdscope(['lint', '.', '--fix', '--jobs', '1'], { cwd: a });
    rdscope(['lint', '.', '--fix', '--jobs', '3'], { cwd: b });
    assert.deepEqual(snapshot(b), snapshot(a));
  });
});

/** A template whose one fix (RDS106, UpdateReplacePolicy) changes no database, plus suggestions (RDS201, RDS101). */
const ONE_FIX = [
  'Resources:',
  '  Db:',
  '    Type: AWS::RDS::DBInstance',
  '    Properties:',
  '      Engine: postgres',
  '      DBInstanceClass: db.t3.micro',
  '      BackupRetentionPeriod: 0',
  '',
].join('\n');
const ONE_FIX_FIXED = `${ONE_FIX}    UpdateReplacePolicy: Snapshot\n`;

/** The CLI as a child process that pauses at `stage` of its write (RDSCOPE_TEST_PAUSE) while `during` runs. */
async function rdscopeWithPause(args: readonly string[], cwd: string, stage: string, during: () => void): Promise<CliResult> {
  const sync = tempDir('rdscope-pause-');
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', RDSCOPE_TEST_PAUSE: `${stage}:${sync}` } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(sync, 'ready'))) {
    if (Date.now() > deadline || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(existsSync(join(sync, 'ready')), `rdscope reached ${stage}: ${stderr}`);
  during();
  writeFileSync(join(sync, 'go'), '');
  const status = await exited;
  return { status, stdout, stderr };
}

describe('--fix: fixes and suggestions', () => {
  it('--fix applies fixes only; suggestions need --fix-suggestions', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'db.yaml'), ONE_FIX);
    const report = JSON.parse(rdscope(['lint', '.', '--format', 'json'], { cwd: dir }).stdout);
    assert.deepEqual([report.summary.fixable, report.summary.suggestions], [1, 2]);
    assert.deepEqual(report.findings.map((f: { ruleId: string; fixes: { kind: string }[] }) => [f.ruleId, f.fixes[0]?.kind]).sort(),
      [['RDS101', 'suggestion'], ['RDS106', 'fix'], ['RDS201', 'suggestion']]);
    const r = rdscope(['lint', '.', '--fix', '--fail-level', 'none'], { cwd: dir });
    assert.equal(readFileSync(join(dir, 'db.yaml'), 'utf8'), ONE_FIX_FIXED, 'only UpdateReplacePolicy: no Multi-AZ, backups untouched');
    assert.match(r.stderr, /fixed 1 problem\(s\) in 1 file\(s\)/);
    assert.match(r.stderr, /2 suggestion\(s\) left: they change a running database; apply them with --fix --fix-suggestions/);
    assert.match(r.stdout, /2 with --fix --fix-suggestions/);
    rdscope(['lint', '.', '--fix', '--fix-suggestions'], { cwd: dir });
    const all = readFileSync(join(dir, 'db.yaml'), 'utf8');
    assert.match(all, /BackupRetentionPeriod: 7\n {6}MultiAZ: true\n {4}UpdateReplacePolicy: Snapshot\n$/);
    assert.equal(rdscope(['lint', '.', '--fix-suggestions'], { cwd: dir }).status, 2, '--fix-suggestions alone is a usage error');
  });

  it('rdscope rules says which rules offer a fix, a suggestion or none', () => {
    const r = rdscope(['rules', '--format', 'json']);
    const offers = Object.fromEntries((JSON.parse(r.stdout) as { id: string; offers: string[] }[]).map((x) => [x.id, x.offers.join('+')]));
    assert.equal(offers.RDS106, 'fix');
    assert.equal(offers.RDS202, 'fix');
    assert.equal(offers.RDS201, 'suggestion');
    assert.equal(offers.RDS503, 'suggestion');
    assert.equal(offers.RDS105, 'fix+suggestion');
    assert.equal(offers.RDS204, '');
    assert.match(rdscope(['rules']).stdout, /^RDS201 .*\n.*\n {8}offers: suggestion$/m);
  });

  it('every rule page says what the rule offers, as rdscope rules does', () => {
    const rules = JSON.parse(rdscope(['rules', '--format', 'json']).stdout) as { id: string; offers: string[] }[];
    for (const rule of rules) {
      const page = readFileSync(join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      const expected = rule.offers.length === 0 ? 'none' : rule.offers.join(' or ');
      assert.match(page, new RegExp(`· Quick fix: ${expected}\\b`), `${rule.id}.md says "Quick fix: ${expected}"`);
    }
  });
});

describe('--fix: data safety', () => {
  it('edits the resource written with explicit keys (? Db / : ...), not a new entry under Resources', () => {
    const dir = tempDir();
    const text = ONE_FIX.replace('  Db:\n    Type:', '  ? Db\n  : Type:');
    writeFileSync(join(dir, 'db.yaml'), text);
    const r = rdscope(['lint', '.', '--fix'], { cwd: dir });
    assert.equal(readFileSync(join(dir, 'db.yaml'), 'utf8'), `${text}    UpdateReplacePolicy: Snapshot\n`, r.stderr);
    assert.doesNotMatch(r.stderr, /unreadable/);
  });

  it('skips a read-only file with a message, and exits 2', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'db.yaml'), ONE_FIX);
    chmodSync(join(dir, 'db.yaml'), 0o444);
    const r = rdscope(['lint', '.', '--fix'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /db\.yaml is read-only; not fixed/);
    assert.match(r.stderr, /could not fix 1 file\(s\) safely/);
    assert.doesNotMatch(r.stderr, /fixed 1 problem/);
    assert.equal(readFileSync(join(dir, 'db.yaml'), 'utf8'), ONE_FIX);
    assert.equal(statSync(join(dir, 'db.yaml')).mode & 0o777, 0o444);
  });

  it('keeps group-write bits, the owner and hard links', () => {
    const dir = tempDir();
    const file = join(dir, 'db.yaml');
    writeFileSync(file, ONE_FIX);
    chmodSync(file, 0o664); // the test runs with umask 022, which a new file would get
    const root = process.getuid?.() === 0;
    if (root) chownSync(file, 65534, 65534);
    else console.log('not root: the owner part of this test needs root (a file owned by another user)');
    const ino = statSync(file).ino;
    rdscope(['lint', '.', '--fix'], { cwd: dir });
    assert.equal(readFileSync(file, 'utf8'), ONE_FIX_FIXED);
    assert.equal(statSync(file).mode & 0o777, 0o664);
    if (root) assert.deepEqual([statSync(file).uid, statSync(file).gid], [65534, 65534]);
    assert.notEqual(statSync(file).ino, ino, 'a single-link file is replaced atomically (rename)');

    const linked = tempDir();
    writeFileSync(join(linked, 'db.yaml'), ONE_FIX);
    linkSync(join(linked, 'db.yaml'), join(linked, 'other-name.txt'));
    const linkedIno = statSync(join(linked, 'db.yaml')).ino;
    rdscope(['lint', 'db.yaml', '--fix'], { cwd: linked });
    assert.equal(readFileSync(join(linked, 'other-name.txt'), 'utf8'), ONE_FIX_FIXED, 'the other link sees the fix');
    assert.equal(statSync(join(linked, 'db.yaml')).ino, linkedIno, 'same inode: written in place');
    assert.equal(statSync(join(linked, 'db.yaml')).nlink, 2);
    assert.deepEqual(readdirSync(linked).sort(), ['db.yaml', 'other-name.txt']);
  });

  it('refuses -o naming one of the linted templates (exit 2)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'db.yaml'), ONE_FIX);
    const r = rdscope(['lint', '.', '-o', 'db.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--output db\.yaml is one of the linted files/);
    assert.equal(readFileSync(join(dir, 'db.yaml'), 'utf8'), ONE_FIX);
    assert.equal(rdscope(['lint', '.', '-o', 'report.txt'], { cwd: dir }).status, 0);
  });

  it('an editor\'s atomic save between the read and the replace wins, and is reported', async () => {
    const dir = tempDir();
    const file = join(dir, 'db.yaml');
    writeFileSync(file, ONE_FIX);
    const theirs = ONE_FIX.replace('db.t3.micro', 'db.t3.large');
    const r = await rdscopeWithPause(['lint', '.', '--fix'], dir, 'before-check', () => {
      writeFileSync(join(dir, '.db.yaml.editor-swap'), theirs);
      renameSync(join(dir, '.db.yaml.editor-swap'), file);
    });
    assert.equal(readFileSync(file, 'utf8'), theirs, 'the editor\'s save is kept');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /db\.yaml changed on disk while rdscope was fixing it; not fixed/);
    assert.doesNotMatch(r.stderr, /fixed 1 problem/);
  });

  it('an in-place save that lands just before the rename is put back, and reported', async () => {
    const dir = tempDir();
    const file = join(dir, 'db.yaml');
    writeFileSync(file, ONE_FIX);
    const theirs = ONE_FIX.replace('db.t3.micro', 'db.t3.large');
    const r = await rdscopeWithPause(['lint', '.', '--fix'], dir, 'before-replace', () => writeFileSync(file, theirs));
    assert.equal(readFileSync(file, 'utf8'), theirs, 'the other writer\'s text, not rdscope\'s');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /changed on disk while rdscope was fixing it/);
    assert.deepEqual(readdirSync(dir), ['db.yaml'], 'no temporary file left');
  });
});

describe('--fix-dry-run', () => {
  it('prints a unified diff, changes nothing, and the diff applied is exactly --fix', () => {
    const dry = copyFixture('project');
    const before = snapshot(dry);
    const r = rdscope(['lint', '.', '--fix-dry-run', '--fix-suggestions'], { cwd: dry });
    assert.equal(r.status, 1, 'RDS000 would remain');
    assert.deepEqual(snapshot(dry), before, 'nothing written');
    assert.match(r.stdout, /^--- a\/cfn\/orders\.yaml\n\+\+\+ b\/cfn\/orders\.yaml\n@@ -21,3 \+21,4 @@\n/);
    assert.match(r.stdout, /^\+ {6}MultiAZ: true$/m);
    assert.match(r.stdout, /^- {8}"Engine": "mysql"$/m);
    assert.match(r.stderr, /4 fix\(es\) in 3 file\(s\) would be applied; 3 problem\(s\) would remain/);

    const fixed = copyFixture('project');
    rdscope(['lint', '.', '--fix', '--fix-suggestions'], { cwd: fixed });
    const git = spawnSync('git', ['apply', '--whitespace=nowarn', '-'], { cwd: dry, input: r.stdout, encoding: 'utf8' });
    if (git.error) return; // no git on this machine: the diff's shape was checked above
    assert.equal(git.status, 0, git.stderr);
    assert.deepEqual(snapshot(dry), snapshot(fixed));
  });

  it('shows CRLF lines as they are, and prints nothing when there is nothing to fix', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'payments.yaml'), YAML_CRLF);
    const r = rdscope(['lint', '.', '--fix-dry-run', '--fix-suggestions'], { cwd: dir });
    assert.match(r.stdout, /^-      BackupRetentionPeriod: 0 {4}# TODO: turn on\r$/m);
    assert.match(r.stdout, /^\+      MultiAZ: true\r$/m);
    const clean = rdscope(['lint', 'suppressed', '--fix-dry-run']);
    assert.equal(clean.stdout, '');
    assert.match(clean.stderr, /no fixes to apply/);
  });
});

describe('safe writes (io/atomicWrite.ts)', () => {
  it('never writes over a file that changed since it was read', () => {
    const dir = tempDir();
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'edited by someone else\n');
    assert.equal(writeFileAtomic(file, 'fixed\n', 'what rdscope read\n'), 'changed');
    assert.equal(readFileSync(file, 'utf8'), 'edited by someone else\n');
    assert.equal(writeFileAtomic(file, 'fixed\n', 'edited by someone else\n'), 'written');
    assert.equal(readFileSync(file, 'utf8'), 'fixed\n');
    assert.deepEqual(readdirSync(dir), ['a.yaml']);
  });
});

describe('unified diff (cli/diff.ts)', () => {
  it('produces hunks with context and marks a missing final newline', () => {
    assert.equal(unifiedDiff('f', 'a\nb\nc\n', 'a\nB\nc\n'), '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
    assert.equal(unifiedDiff('f', 'a\nb', 'a\nb\nc\n'), '--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n');
    assert.equal(unifiedDiff('f', 'same\n', 'same\n'), '');
    const long = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const changed = [...long];
    changed[2] = 'two';
    changed[25] = 'twenty-five';
    const diff = unifiedDiff('f', `${long.join('\n')}\n`, `${changed.join('\n')}\n`);
    assert.equal((diff.match(/^@@/gm) ?? []).length, 2, 'two separate hunks');
  });
});
