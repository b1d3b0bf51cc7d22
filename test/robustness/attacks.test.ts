/**
 * The hostile user's attacks of issue 14 that are not about fixes, each
 * reproduced on real files with the real CLI as a child process: injection
 * into human-readable output, file-system traps (link loops, FIFOs, devices,
 * trees deeper than the path limit), pathological globs, huge topologies,
 * and valid input read wrongly. Timing is never asserted here (bench/ does
 * that); a child process that hangs fails on the harness's timeout.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rdscope, tempDir } from '../cli/cliHarness';

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
