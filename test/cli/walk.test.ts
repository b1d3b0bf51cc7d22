/**
 * Which files `rdscope lint` reads: folders walked, always-skipped folders,
 * .gitignore, globs, symbolic links, binary and non-UTF-8 files, and what
 * --verbose says about each skipped one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { globBase, matchesGlob } from '../../server/src/io/glob';
import { isIgnored, parseGitignore } from '../../server/src/io/gitignore';
import { findingLines, rdscope, tempDir } from './cliHarness';

const TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    DeletionPolicy: Snapshot\n    UpdateReplacePolicy: Snapshot\n    Properties:\n      Engine: mysql\n      DBInstanceClass: db.t3.micro\n';

function filesWithFindings(stdout: string): string[] {
  return [...new Set(findingLines(stdout).map((l) => l.split(':')[0]))].sort();
}

describe('globs (io/glob.ts)', () => {
  const cases: [string, string, boolean][] = [
    ['infra/db.yaml', 'infra/**', true],
    ['infra/a/b/db.yaml', 'infra/**/*.yaml', true],
    ['infra/db.yaml', 'infra/**/*.yaml', true],
    ['other/db.yaml', 'infra/**', false],
    ['db.yaml', '*.yaml', true],
    ['sub/db.yaml', '*.yaml', false],
    ['sub/db.yaml', '**/*.yaml', true],
    ['legacy/a/b.yaml', 'legacy', true],
    ['db.yml', '*.{yaml,yml}', true],
    ['db.json', '*.{yaml,yml}', false],
    ['db1.yaml', 'db?.yaml', true],
    ['db10.yaml', 'db?.yaml', false],
    ['dbx.yaml', 'db[xyz].yaml', true],
    ['dba.yaml', 'db[!xyz].yaml', true],
    ['a.b/c.yaml', 'a.b/*.yaml', true],
    ['axb/c.yaml', 'a.b/*.yaml', false],
  ];
  for (const [path, glob, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(matchesGlob(path, glob), expected));
  }
  it('finds the folder a glob starts in', () => {
    assert.equal(globBase('infra/**/*.yaml'), 'infra');
    assert.equal(globBase('*.json'), '.');
    assert.equal(globBase('a/b/c.yaml'), 'a/b');
  });
});

describe('.gitignore (io/gitignore.ts)', () => {
  const rules = parseGitignore([
    '# comment',
    '',
    '*.tmp.yaml',
    '!keep.tmp.yaml',
    'build/',
    '/root-only.yaml',
    'docs/generated',
    '**/cache/**',
    'trailing.yaml   ',
    '\\#hash.yaml',
  ].join('\n'), '/repo');
  const cases: [string, boolean, boolean][] = [
    ['/repo/x.tmp.yaml', false, true],
    ['/repo/deep/x.tmp.yaml', false, true],
    ['/repo/keep.tmp.yaml', false, false],
    ['/repo/build', true, true],
    ['/repo/src/build', true, true],
    ['/repo/build', false, false],
    ['/repo/root-only.yaml', false, true],
    ['/repo/sub/root-only.yaml', false, false],
    ['/repo/docs/generated', true, true],
    ['/repo/sub/docs/generated', true, false],
    ['/repo/a/cache/b.yaml', false, true],
    ['/repo/trailing.yaml', false, true],
    ['/repo/#hash.yaml', false, true],
    ['/elsewhere/x.tmp.yaml', false, false],
  ];
  for (const [path, dir, expected] of cases) {
    it(`${path}${dir ? '/' : ''} is ${expected ? '' : 'not '}ignored`, () => assert.equal(isIgnored(rules, path, dir), expected));
  }
});

describe('walking folders', () => {
  it('skips node_modules, .git, .terraform, cdk.out and what .gitignore ignores (nested .gitignore too)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.git'));
    for (const d of ['node_modules/pkg', '.terraform/modules', 'cdk.out', 'out', 'app/tmp', 'app/src']) mkdirSync(join(dir, d), { recursive: true });
    for (const f of ['node_modules/pkg/t.yaml', '.terraform/modules/t.yaml', 'cdk.out/t.json', 'out/t.yaml', 'app/tmp/t.yaml', 'app/src/t.yaml', 'app/src/t.draft.yaml', 'top.yaml']) {
      writeFileSync(join(dir, f), f.endsWith('.json') ? JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql' } } } }) : TEMPLATE);
    }
    writeFileSync(join(dir, '.gitignore'), 'out/\n');
    writeFileSync(join(dir, 'app', '.gitignore'), 'tmp\n*.draft.yaml\n');
    const r = rdscope(['lint', '.', '--verbose'], { cwd: dir });
    assert.deepEqual(filesWithFindings(r.stdout), ['app/src/t.yaml', 'top.yaml']);
    for (const expected of [
      /skipped node_modules: node_modules is never linted/,
      /skipped \.terraform: \.terraform is never linted/,
      /skipped cdk\.out: cdk\.out is never linted/,
      /skipped out: ignored by \.gitignore \(out\/\)/,
      /skipped app\/tmp: ignored by app\/\.gitignore \(tmp\)/,
      /skipped app\/src\/t\.draft\.yaml: ignored by app\/\.gitignore \(\*\.draft\.yaml\)/,
    ]) assert.match(r.stderr, expected);
    // Linting a subfolder still honours the .gitignore files above it, up to the repository root.
    assert.deepEqual(filesWithFindings(rdscope(['lint', 'app'], { cwd: dir }).stdout), ['app/src/t.yaml']);
    // A file named on the command line is linted even when ignored.
    assert.deepEqual(filesWithFindings(rdscope(['lint', 'out/t.yaml'], { cwd: dir }).stdout), ['out/t.yaml']);
  });

  it('detects templates by content and skips other files silently (with reasons under --verbose)', () => {
    const r = rdscope(['lint', 'project']);
    assert.doesNotMatch(r.stderr, /skipped/);
    const v = rdscope(['lint', 'project', '--verbose']);
    assert.match(v.stderr, /skipped project\/notes\/other\.yaml: not a template: /);
    assert.match(v.stderr, /skipped project\/\.rdscope\.yaml: an rdscope configuration file/);
    assert.match(v.stderr, /skipped project\/generated: ignored by project\/\.gitignore \(generated\/\)/);
    assert.match(v.stderr, /skipped project\/legacy\/old\.yaml: excluded by exclude in project\/\.rdscope\.yaml/);
    // --verbose adds each finding's explanation and remedy, indented under it; the rest is the same.
    assert.equal(v.stdout.split('\n').filter((l) => !l.startsWith('    ')).join('\n'), r.stdout);
    assert.match(v.stdout, /RDS201 {2}OrdersDb is Single-AZ .*\n {4}OrdersDb is a Single-AZ DB instance .*Set MultiAZ: true/);
  });

  it('expands globs given on the command line', () => {
    const r = rdscope(['lint', 'many/svc-0*/*.yaml', 'project/**/*.json']);
    const files = filesWithFindings(r.stdout);
    assert.ok(files.includes('many/svc-01/stack.yaml'));
    assert.ok(files.includes('project/tf/main.tf.json'));
    assert.ok(!files.some((f) => f.startsWith('many/accounts') || f.endsWith('.yaml') && f.startsWith('project/')), files.join(' '));
  });

  it('binary and non-UTF-8 files: RDS000 when named or looking like a template, else skipped', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'image.json'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    writeFileSync(join(dir, 'stack.template'), Buffer.from([0x7b, 0x00, 0x7d]));
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('AWSTemplateFormatVersion: "2010-09-09"\nDescription: "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
    writeFileSync(join(dir, 'notes.yaml'), Buffer.concat([Buffer.from('title: "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
    const r = rdscope(['lint', '.', '--verbose'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^latin1\.yaml:2:18 {2}error {2}RDS000 {2}The file is not valid UTF-8 \(byte 56\)/m);
    assert.match(r.stdout, /^stack\.template:1:1 {2}error {2}RDS000 {2}This is a binary file/m);
    assert.deepEqual(filesWithFindings(r.stdout), ['latin1.yaml', 'stack.template']);
    assert.match(r.stderr, /skipped image\.json: This is a binary file/);
    assert.match(r.stderr, /skipped notes\.yaml: The file is not valid UTF-8/);
  });

  it('never follows a symbolic link to a folder unless --follow-symlinks, nor to a file outside the linted folder', () => {
    const root = tempDir();
    const outside = join(root, 'outside');
    const tree = join(root, 'tree');
    mkdirSync(outside);
    mkdirSync(join(tree, 'real'), { recursive: true });
    writeFileSync(join(outside, 'secret.yaml'), TEMPLATE);
    writeFileSync(join(tree, 'real', 'db.yaml'), TEMPLATE);
    symlinkSync(outside, join(tree, 'linked-folder'));
    symlinkSync(join(outside, 'secret.yaml'), join(tree, 'linked-outside.yaml'));
    symlinkSync(join(tree, 'real', 'db.yaml'), join(tree, 'linked-inside.yaml'));
    symlinkSync(join(tree, 'missing.yaml'), join(tree, 'broken-link.yaml'));
    symlinkSync(tree, join(tree, 'real', 'loop'));
    const r = rdscope(['lint', '.', '--verbose'], { cwd: tree });
    assert.deepEqual(filesWithFindings(r.stdout), ['linked-inside.yaml'], 'the link inside the tree is read once, under its first name');
    assert.match(r.stderr, /skipped linked-folder: a symbolic link to a folder \(not followed without --follow-symlinks\)/);
    assert.match(r.stderr, /skipped linked-outside\.yaml: a symbolic link to a file outside the linted folder/);
    assert.match(r.stderr, /skipped broken-link\.yaml: a broken symbolic link/);
    assert.match(r.stderr, /skipped real\/db\.yaml: the same file as linked-inside\.yaml/);
    const followed = rdscope(['lint', '.', '--follow-symlinks'], { cwd: tree });
    assert.deepEqual(filesWithFindings(followed.stdout), ['linked-folder/secret.yaml', 'linked-inside.yaml']);
    assert.equal(followed.status, 0, 'the loop real/loop -> tree ends');
  });
});
