/**
 * The hostile user's attacks of issue 14 that are not about fixes, each
 * reproduced on real files with the real CLI as a child process: injection
 * into human-readable output, file-system traps (link loops, FIFOs, devices,
 * trees deeper than the path limit), pathological globs, huge topologies,
 * and valid input read wrongly. Timing is never asserted here (bench/ does
 * that); a child process that hangs fails on the harness's timeout.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { compileGlob, matchesGlob, MAX_GLOB_PATTERNS } from '../../server/src/io/glob';
import { CLI, findingLines, rdscope, tempDir, type CliResult } from '../cli/cliHarness';

const ESC = '\u001b';
const BEL = '\u0007';

const instance = (id: string, extra = '') =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ${id}:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n${extra}`;

/** No raw control character but the line feeds that end lines. */
function assertNoControls(output: string, what: string): void {
  const bad = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.exec(output);
  assert.equal(bad, null, `${what} holds a raw control character ${JSON.stringify(bad?.[0])}:\n${JSON.stringify(output)}`);
}

describe('injection: workspace values in human-readable output', () => {
  const dir = tempDir('rdscope-inject-');
  // A logical id (a quoted YAML key may hold anything) and a file name with a newline, a forged
  // workflow command, a window-title sequence, a clear-screen sequence, a C1 CSI and a bidi override.
  const forged = '\n::error file=x.yaml,line=1::forged';
  const id = `"Db\\n::error file=x.yaml,line=1::forged\\e]0;pwned\\a\\e[2J\\u009b31m\\u202e"`;
  const file = `evil${forged}${ESC}]0;title${BEL}.yaml`;
  writeFileSync(join(dir, file), instance(id));
  // A file --verbose names: ignored by .gitignore, its name a clipboard-write sequence (OSC 52).
  const ignoredName = `ignored${ESC}]52;c;cHduZWQ=${BEL}.yaml`;
  writeFileSync(join(dir, ignoredName), instance('Ignored'));
  writeFileSync(join(dir, '.gitignore'), 'ignored*\n');

  it('text format: one line per finding, escapes shown, nothing forged', () => {
    const r = rdscope(['lint', '.', '--no-color', '--verbose'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assertNoControls(r.stdout, 'stdout');
    assertNoControls(r.stderr, 'stderr');
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines.filter((l) => l !== '' && !/^\d+ problems/.test(l))) {
      assert.match(line, /^evil\\n::error file=x\.yaml,line=1::forged\\x1b\]0;title\\x07\.yaml:3:3 {2}(info|warning) {2}RDS\d{3} /, line);
    }
    assert.ok(!lines.some((l) => l.startsWith('::')), 'a line starts a workflow command');
    assert.match(r.stdout, /\(Db\\n::error file=x\.yaml,line=1::forged\\x1b\]0;pwned\\x07\\x1b\[2J\\x9b31m\\u\{202e\}\)/);
    assert.match(r.stderr, /skipped ignored\\x1b\]52;c;cHduZWQ=\\x07\.yaml: ignored by \.gitignore/);
  });

  it('github format: values encoded as GitHub documents, no forged command', () => {
    const r = rdscope(['lint', '.', '--format', 'github'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assertNoControls(r.stdout, 'stdout');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, r.stdout); // two annotations and the summary
    for (const line of lines.slice(0, -1)) {
      // The file property: %0A for the newline, %3A and %2C inside the property, the ESC made visible.
      assert.match(line, /^::(notice|warning) file=evil%0A%3A%3Aerror file=x\.yaml%2Cline=1%3A%3Aforged\\x1b\]0;title\\x07\.yaml,line=3,col=3,/, line);
      assert.match(line, /\(Db%0A::error file=x\.yaml,line=1::forged\\x1b\]0;pwned\\x07\\x1b\[2J\\x9b31m\\u\{202e\}\)$/, line);
    }
    assert.match(lines[2], /^rdscope: 2 problems/);
  });

  it('a percent sign survives the GitHub encoding', () => {
    const pct = tempDir('rdscope-inject-');
    writeFileSync(join(pct, '100%0A.yaml'), instance('Db'));
    const r = rdscope(['lint', '.', '--format', 'github'], { cwd: pct });
    assert.match(r.stdout, /^::warning file=100%250A\.yaml,/m);
  });

  it('errors on stderr escape the names they quote', () => {
    const r = rdscope(['lint', `missing${ESC}[2J\nfile.yaml`], { cwd: dir });
    assert.equal(r.status, 2);
    assertNoControls(r.stderr, 'stderr');
    assert.match(r.stderr, /missing\\x1b\[2J\\nfile\.yaml/);
  });
});

describe('SARIF locations', () => {
  it('a folder named C: is a relative location, not a drive (on Linux)', { skip: process.platform === 'win32' ? 'C: is a drive on Windows' : false }, () => {
    const dir = tempDir('rdscope-sarif-');
    mkdirSync(join(dir, 'C:'));
    writeFileSync(join(dir, 'C:', 'db.yaml'), instance('Db'));
    const r = rdscope(['lint', '.', '--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(r.stdout);
    const location = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(location, { uri: 'C%3A/db.yaml', uriBaseId: '%SRCROOT%' });
  });
});

/** Files that have findings in a text report. */
function reported(stdout: string): string[] {
  return [...new Set(findingLines(stdout).map((l) => l.slice(0, l.search(/:\d+:\d+ {2}/))))].sort();
}

const IS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** The CLI as an unprivileged user when the tests run as root (permissions mean nothing to root). */
function rdscopeUnprivileged(args: readonly string[], cwd: string): CliResult {
  if (!IS_ROOT) return rdscope(args, { cwd });
  chmodSync(dirname(CLI), 0o755);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', uid: NOBODY, gid: NOBODY, timeout: 60_000, env: { PATH: process.env.PATH } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('file-system traps: skipped with a note, never an internal error', { skip: process.platform === 'win32' ? 'POSIX links, FIFOs and modes' : false }, () => {
  it('a symbolic link loop, a link to itself and a link into an unreadable folder', () => {
    const root = tempDir('rdscope-links-');
    chmodSync(root, 0o755);
    const ws = join(root, 'ws');
    mkdirSync(join(root, 'locked', 'inner'), { recursive: true });
    mkdirSync(ws);
    writeFileSync(join(ws, 'db.yaml'), instance('Db'));
    writeFileSync(join(root, 'locked', 'inner', 'x.yaml'), instance('Locked'));
    symlinkSync('loop2.yaml', join(ws, 'loop1.yaml'));
    symlinkSync('loop1.yaml', join(ws, 'loop2.yaml'));
    symlinkSync('self', join(ws, 'self'));
    symlinkSync(join(root, 'locked', 'inner'), join(ws, 'into-locked'));
    symlinkSync(join(root, 'locked', 'inner', 'x.yaml'), join(ws, 'locked-file.yaml'));
    chmodSync(join(root, 'locked'), 0o000);
    try {
      for (const extra of [[], ['--follow-symlinks']]) {
        const r = rdscopeUnprivileged(['lint', '.', '--verbose', ...extra], ws);
        assert.doesNotMatch(r.stderr, /internal error/, r.stderr);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(reported(r.stdout), ['db.yaml']);
        assert.match(r.stderr, /skipped loop1\.yaml: a symbolic link loop/);
        assert.match(r.stderr, /skipped self: a symbolic link loop \(or a link to itself\)/);
        assert.match(r.stderr, /skipped locked-file\.yaml: rdscope may not read it \(EACCES\)/);
        if (extra.length > 0) assert.match(r.stderr, /skipped into-locked: rdscope may not read it \(EACCES\)/);
      }
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  it('a tree deeper than the path limit of the system', { skip: process.platform !== 'linux' ? 'PATH_MAX of Linux' : false }, () => {
    const root = tempDir('rdscope-deep-');
    // Two chains of 1,100 folders, each path within the limit, then one moved to the bottom of the other: 4,400+ characters.
    const chain = (top: string) => {
      const path = join(root, top, ...Array.from({ length: 1100 }, () => 'd'));
      mkdirSync(path, { recursive: true });
      return path;
    };
    const upper = chain('a');
    const lower = chain('b');
    writeFileSync(join(lower, 'x.yaml'), instance('Deep'));
    renameSync(join(root, 'b'), join(upper, 'b'));
    writeFileSync(join(root, 'top.yaml'), instance('Top'));
    try {
      const r = rdscope(['lint', '.', '--verbose'], { cwd: root });
      assert.doesNotMatch(r.stderr, /internal error/, r.stderr);
      assert.deepEqual(reported(r.stdout), ['top.yaml']);
      assert.match(r.stderr, /skipped a\/(d\/)+.*: its path is longer than the system allows \(ENAMETOOLONG\)/);
    } finally {
      // Node's rmSync cannot delete past the path limit; rm -rf can (it works relative to each folder).
      spawnSync('rm', ['-rf', join(root, 'a')]);
    }
  });

  it('a FIFO named like a template is not read (walked, named, or as --config); nor a device', () => {
    const dir = tempDir('rdscope-fifo-');
    writeFileSync(join(dir, 'db.yaml'), instance('Db'));
    const made = spawnSync('mkfifo', [join(dir, 'pipe.yaml'), join(dir, 'pipe-config.yaml')]);
    assert.equal(made.status, 0, `mkfifo: ${made.stderr}`);
    const walked = rdscope(['lint', '.', '--verbose'], { cwd: dir });
    assert.equal(walked.status, 0, walked.stderr);
    assert.deepEqual(reported(walked.stdout), ['db.yaml']);
    assert.match(walked.stderr, /skipped pipe\.yaml: not a regular file \(a FIFO, socket or device\)/);
    const named = rdscope(['lint', 'pipe.yaml'], { cwd: dir });
    assert.equal(named.status, 2);
    assert.match(named.stderr, /pipe\.yaml is neither a file nor a folder/);
    const fifoConfig = rdscope(['lint', 'db.yaml', '--config', 'pipe-config.yaml'], { cwd: dir });
    assert.equal(fifoConfig.status, 2);
    assert.match(fifoConfig.stderr, /pipe-config\.yaml:1:1: cannot be read \(it is a FIFO \(named pipe\), not a regular file\)/);
    const zero = rdscope(['lint', 'db.yaml', '--config', '/dev/zero'], { cwd: dir });
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /\/dev\/zero:1:1: cannot be read \(it is a device, not a regular file\)/);
  });

  it('a configuration file over 1 MB is refused, not read', () => {
    const dir = tempDir('rdscope-bigconfig-');
    writeFileSync(join(dir, 'db.yaml'), instance('Db'));
    writeFileSync(join(dir, 'big.yaml'), `# ${'x'.repeat(1024 * 1024)}\n`);
    const r = rdscope(['lint', 'db.yaml', '--config', 'big.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /big\.yaml:1:1: cannot be read \(it is 1048579 bytes, over the 1048576-byte limit of a configuration file\)/);
  });
});

describe('globs: linear-time matching, no crash on odd patterns', () => {
  it('a reversed range [z-a] matches nothing (as in git), in .gitignore, .rdscope.yaml and on the command line', () => {
    const dir = tempDir('rdscope-range-');
    writeFileSync(join(dir, 'a.yaml'), instance('A'));
    writeFileSync(join(dir, 'b.yaml'), instance('B'));
    writeFileSync(join(dir, '.gitignore'), '[z-a].yaml\nb[z-a]*\n');
    writeFileSync(join(dir, '.rdscope.yaml'), 'exclude:\n  - "[z-a]*"\n  - "a[z-a].yaml"\n');
    const r = rdscope(['lint', '.'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(reported(r.stdout), ['a.yaml', 'b.yaml']);
    const cli = rdscope(['lint', '[z-a].yaml'], { cwd: dir });
    assert.equal(cli.status, 2);
    assert.match(cli.stderr, /no files match \[z-a\]\.yaml/);
    assert.doesNotMatch(cli.stderr, /internal error/);
  });

  it('patterns that make a backtracking matcher run for minutes match correctly', () => {
    const long = `${'a'.repeat(60)}.yaml`;
    const deep = `${Array.from({ length: 40 }, () => 'x').join('/')}/db.yaml`;
    assert.equal(matchesGlob(long, `${'*a'.repeat(30)}*b.yaml`), false);
    assert.equal(matchesGlob(long, `${'*a'.repeat(30)}*.yaml`), true);
    assert.equal(matchesGlob(deep, `${'**/'.repeat(30)}y/db.yaml`), false);
    assert.equal(matchesGlob(deep, `${'**/'.repeat(30)}db.yaml`), true);
    assert.equal(matchesGlob(`${'a/'.repeat(500)}b`, `${'{a,*}/'.repeat(200)}c`), false);
    // Through the CLI: a .gitignore and a configuration full of them, on a long name.
    const dir = tempDir('rdscope-patho-');
    mkdirSync(join(dir, ...deep.split('/').slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, deep), instance('Deep'));
    writeFileSync(join(dir, long), instance('Long'));
    writeFileSync(join(dir, '.gitignore'), `${'*a'.repeat(30)}*b.yaml\n${'**/'.repeat(30)}y/db.yaml\n`);
    writeFileSync(join(dir, '.rdscope.yaml'), `exclude:\n  - "${'*a'.repeat(30)}*c.yaml"\n  - "${'**/'.repeat(30)}z.yaml"\n`);
    const r = rdscope(['lint', '.'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(reported(r.stdout), [long, deep].sort());
  });

  it('classes, escapes, POSIX classes and braces keep their meaning', () => {
    const cases: [string, string, boolean, { braces?: boolean; backslashEscapes?: boolean }?][] = [
      ['db1.yaml', 'db[[:digit:]].yaml', true],
      ['dbx.yaml', 'db[[:digit:]].yaml', false],
      ['db-.yaml', 'db[a-].yaml', true],
      ['db].yaml', 'db[]].yaml', true],
      ['a/b', 'a[/]b', false],
      ['a/b', 'a[!x]b', false],
      ['db[.yaml', 'db[.yaml', true],
      ['db{.yaml', 'db{.yaml', true],
      ['x.yml', '*.{yaml,{yml,json}}', true],
      ['*.yaml', '\\*.yaml', true, { backslashEscapes: true, braces: false }],
      ['a.yaml', '\\*.yaml', false, { backslashEscapes: true, braces: false }],
      ['{a,b}.yaml', '{a,b}.yaml', true, { braces: false }],
      ['a/b/c', 'a/**', true],
      ['a/c', 'a/**/c', true],
      ['a/x/y/c', 'a/**/c', true],
    ];
    for (const [path, glob, expected, options] of cases) assert.equal(compileGlob(glob, options).test(path), expected, `${glob} on ${path}`);
  });

  it(`a configuration with more than ${MAX_GLOB_PATTERNS} patterns is refused with a located message`, () => {
    const dir = tempDir('rdscope-many-');
    writeFileSync(join(dir, 'db.yaml'), instance('Db'));
    const many = Array.from({ length: MAX_GLOB_PATTERNS + 1 }, (_, i) => `  - "gen${i}/**"`).join('\n');
    writeFileSync(join(dir, '.rdscope.yaml'), `rules: {}\nexclude:\n${many}\n`);
    const r = rdscope(['lint', '.'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`\\.rdscope\\.yaml:3:3: exclude: ${MAX_GLOB_PATTERNS + 1} patterns; rdscope matches at most ${MAX_GLOB_PATTERNS}`));
  });
});

describe('configuration search', () => {
  it('stops at the repository root; --verbose says which configuration is in use', () => {
    const outer = tempDir('rdscope-root-');
    // A configuration above the repository that would turn the rule off.
    writeFileSync(join(outer, '.rdscope.yaml'), 'rules:\n  RDS201: off\n');
    const repo = join(outer, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'stacks'));
    writeFileSync(join(repo, 'stacks', 'db.yaml'), instance('Db'));
    const r = rdscope(['lint', '.', '--verbose'], { cwd: repo });
    assert.match(r.stdout, /RDS201/);
    assert.match(r.stderr, /rdscope: no configuration file \(none between the file and the repository root\): the defaults for 1 file\(s\)/);
    // Inside the repository it applies, and --config still reaches anywhere.
    writeFileSync(join(repo, '.rdscope.yaml'), 'rules:\n  RDS101: off\n');
    const inRepo = rdscope(['lint', '.', '--verbose'], { cwd: repo });
    assert.match(inRepo.stderr, /rdscope: configuration \.rdscope\.yaml for 1 file\(s\)/);
    const explicit = rdscope(['lint', '.', '--verbose', '--config', '../.rdscope.yaml'], { cwd: repo });
    assert.doesNotMatch(explicit.stdout, /RDS201/);
    assert.match(explicit.stderr, /rdscope: configuration \.\.\/\.rdscope\.yaml \(--config\) for 1 file\(s\)/);
  });
});

describe('huge inputs: no spread of unbounded arrays', () => {
  it('10,000 instances lint with a 50 KB stack (45,000 overflowed the default one)', () => {
    // Terraform count expands 1,000 instances per block: a small file, a huge topology. A spread of the
    // 10,000 findings into push() overflows this stack as 135,000 overflow the default one.
    const dir = tempDir('rdscope-huge-');
    const resources = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`db${i}`, { count: 1000, engine: 'mysql', instance_class: 'db.t3.micro' }]));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { aws_db_instance: resources } }));
    const r = spawnSync(process.execPath, ['--stack-size=50', CLI, 'lint', '.', '--jobs', '1', '-o', join(dir, 'report.txt')], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    const report = readFileSync(join(dir, 'report.txt'), 'utf8');
    assert.match(report.slice(report.lastIndexOf('\n', report.length - 2)), /^\n10000 problems \(0 errors, 10000 warnings, 0 info\) in 1 file/);
  });
});

describe('wrong answers on valid or named input', () => {
  it('HCL numbers with an exponent and no fraction (1e9, 1e+9, 2E0) are valid', () => {
    const dir = tempDir('rdscope-hclnum-');
    writeFileSync(join(dir, 'main.tf'), [
      'resource "aws_db_instance" "a" {', '  count  = 1e9', '  engine = "mysql"', '}',
      'resource "aws_db_instance" "b" {', '  count  = 1e+9', '  engine = "mysql"', '}',
      'resource "aws_db_instance" "c" {', '  count             = 2E0', '  allocated_storage = 1.5e2', '  engine            = "mysql"', '  # 3e4 in a comment', '  identifier        = "db-1e9"', '}',
      '',
    ].join('\n'));
    const r = rdscope(['lint', 'main.tf', '--format', 'json'], { cwd: dir });
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; resource?: string }[];
    assert.deepEqual(findings.filter((f) => f.ruleId === 'RDS000'), []);
    // 1e9 instances are not expanded (one instance stands for them); 2E0 is two.
    assert.deepEqual([...new Set(findings.filter((f) => f.ruleId === 'RDS201').map((f) => f.resource))].sort(),
      ['aws_db_instance.a', 'aws_db_instance.b', 'aws_db_instance.c[0]', 'aws_db_instance.c[1]']);
  });

  it('a .yaml template written as one {...} flow mapping is read as YAML; a broken .json file stays a JSON error', () => {
    const dir = tempDir('rdscope-flow-');
    writeFileSync(join(dir, 'flow.yaml'), '{AWSTemplateFormatVersion: "2010-09-09", Resources: {Db: {Type: AWS::RDS::DBInstance, Properties: {Engine: mysql}}}}\n');
    writeFileSync(join(dir, 'broken.json'), '{"AWSTemplateFormatVersion": "2010-09-09", Resources: {}}\n');
    const r = rdscope(['lint', '.'], { cwd: dir });
    assert.match(r.stdout, /^flow\.yaml:1:\d+ {2}warning {2}RDS201 {2}Db is a Single-AZ DB instance/m);
    assert.doesNotMatch(r.stdout, /^flow\.yaml:\S+ {2}error {2}RDS000/m);
    assert.match(r.stdout, /^broken\.json:1:44 {2}error {2}RDS000 {2}Expected a property name in double quotes/m);
  });

  it('a UTF-16 or binary file named on the command line is RDS000 with the reason; walked, it is skipped with a --verbose note', () => {
    const dir = tempDir('rdscope-named-');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(instance('Db'), 'utf16le')]);
    writeFileSync(join(dir, 'stack.yaml'), utf16);
    writeFileSync(join(dir, 'photo.json'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    const named = rdscope(['lint', 'stack.yaml', 'photo.json'], { cwd: dir });
    assert.equal(named.status, 1);
    assert.match(named.stdout, /^photo\.json:1:1 {2}error {2}RDS000 {2}This is a binary file \(a NUL byte at byte 8\), not a template$/m);
    assert.match(named.stdout, /^stack\.yaml:1:1 {2}error {2}RDS000 {2}The file is UTF-16 \(byte order mark FF FE, little-endian\); templates must be UTF-8/m);
    assert.match(named.stdout, /2 problems \(2 errors, 0 warnings, 0 info\) in 2 files \(2 templates linted\)/);
    const walked = rdscope(['lint', '.', '--verbose'], { cwd: dir });
    assert.match(walked.stderr, /skipped photo\.json: This is a binary file/);
  });
});
