/**
 * Fixes for findings about resources a Terraform module call creates: the
 * real CLI on fixtures whose offending values are module arguments. The fix
 * edits the argument on the module block in the caller (or inserts it when
 * the call leaves it to the variable's default), never the module's body and
 * never anything under `.terraform/`; a value that comes through any other
 * expression gets no fix.
 */
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES } from '../helpers';
import { rdscope, tempDir } from './cliHarness';

const MODULES = join(FIXTURES, 'terraform-modules');

interface JsonEdit { file: string; range: { start: { line: number } }; newText: string }
interface JsonFinding { ruleId: string; file: string; resource?: string; range: { start: { line: number } }; fixes?: { title: string; kind: string; edits: JsonEdit[] }[] }

function copyOf(name: string): string {
  const dir = join(tempDir(), name);
  cpSync(join(MODULES, name), dir, { recursive: true });
  return dir;
}

/** Every file under `dir` (hidden folders too), by relative path. */
function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p); else out.set(relative(dir, p), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

function lintJson(cwd: string): JsonFinding[] {
  const r = rdscope(['lint', '.', '-f', 'json', '--fail-level', 'none'], { cwd });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

const fixOf = (findings: readonly JsonFinding[], ruleId: string, resource: string) => {
  const f = findings.find((x) => x.ruleId === ruleId && x.resource === resource);
  assert.ok(f, `${ruleId} on ${resource} in ${findings.map((x) => `${x.ruleId} ${x.resource}`).join(', ')}`);
  return f.fixes?.[0];
};

describe('a fix for a finding that rests on a module argument', () => {
  it('replaces the literal argument in the caller, the same through a module that passes it on', () => {
    const findings = lintJson(join(MODULES, 'argument-fix'));
    const clamp = fixOf(findings, 'RDS102', 'module.ledger.aws_db_instance.this')!;
    assert.equal(clamp.kind, 'fix');
    assert.equal(clamp.title, 'Set backup_retention = 35 in module "ledger"');
    assert.deepEqual(clamp.edits.map((e) => [e.file, e.range.start.line, e.newText]), [['main.tf', 9, '35']]);
    const nested = fixOf(findings, 'RDS201', 'module.pair.module.primary.aws_db_instance.this')!;
    assert.equal(nested.kind, 'suggestion');
    assert.deepEqual(nested.edits.map((e) => [e.file, e.range.start.line, e.newText]), [['main.tf', 31, 'true']], 'the root call of "pair", not pair\'s call of "primary"');
  });

  it('inserts a left-out argument into the calling block, also for a finding reported inside a linted local module', () => {
    const findings = lintJson(join(MODULES, 'argument-fix'));
    const reports = findings.find((f) => f.ruleId === 'RDS101' && f.resource === 'module.reports.aws_db_instance.this')!;
    assert.equal(reports.file, 'modules/db/main.tf', 'the value is the module variable\'s default: reported where it is used');
    assert.deepEqual(reports.fixes![0].edits.map((e) => [e.file, e.newText]), [['main.tf', '  backup_retention = 7\n']]);
    const vendor = fixOf(findings, 'RDS201', 'module.vendor.aws_db_instance.this')!;
    assert.deepEqual(vendor.edits.map((e) => [e.file, e.newText]), [['main.tf', '  multi_az = true\n']], 'a registry module\'s default: set on its call');
  });

  it('offers nothing when the value comes through a root variable or an expression', () => {
    const findings = lintJson(join(MODULES, 'argument-fix'));
    assert.equal(fixOf(findings, 'RDS201', 'module.computed.aws_db_instance.this'), undefined, 'multi_az = var.ha: a root variable');
    assert.equal(fixOf(findings, 'RDS101', 'module.computed.aws_db_instance.this'), undefined, 'max(0, 0)');
    assert.equal(fixOf(findings, 'RDS101', 'module.vendor.aws_db_instance.this'), undefined, 'the module computes it: var.retention > 0 ? 0 : 1');
    for (const f of findings) {
      for (const e of f.fixes?.flatMap((x) => x.edits) ?? []) {
        assert.equal(e.file, 'main.tf', `${f.ruleId} ${f.resource}: only the root caller is edited`);
      }
    }
  });

  it('--fix edits the argument only; --fix-suggestions gives the golden file; modules and .terraform are untouched', () => {
    const dir = copyOf('argument-fix');
    const before = filesUnder(dir);
    const fixOnly = rdscope(['lint', '.', '--fix'], { cwd: dir });
    assert.match(fixOnly.stderr, /fixed 1 problem\(s\) in 1 file\(s\)/);
    assert.equal(readFileSync(join(dir, 'main.tf'), 'utf8'), before.get('main.tf')!.replace('backup_retention = 40', 'backup_retention = 35'));

    const r = rdscope(['lint', '.', '--fix', '--fix-suggestions'], { cwd: dir });
    assert.match(r.stderr, /fixed 4 problem\(s\) in 1 file\(s\)/);
    const after = filesUnder(dir);
    assert.equal(after.get('main.tf'), readFileSync(join(MODULES, 'argument-fix', 'main.tf.fixed'), 'latin1'));
    for (const [file, text] of before) if (file !== 'main.tf') assert.equal(after.get(file), text, `${file} unchanged`);

    const again = lintJson(dir);
    assert.ok(!again.some((f) => f.ruleId === 'RDS000'), 'the fixed file still parses');
    assert.deepEqual(again.map((f) => `${f.ruleId} ${f.resource}`).sort(), [
      'RDS101 module.computed.aws_db_instance.this',
      'RDS101 module.vendor.aws_db_instance.this',
      'RDS201 module.computed.aws_db_instance.this',
    ]);
  });

  it('files named from inside the root: a called module folder is linted through its call only, not as a root', () => {
    // `./modules/db` joined to the folder `.` is `modules/db`, as the documents name it.
    const r = rdscope(['lint', 'main.tf', 'variables.tf', 'modules/db/main.tf', '-f', 'json', '--fail-level', 'none'], { cwd: join(MODULES, 'argument-fix') });
    const resources = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.resource);
    assert.ok(resources.includes('module.reports.aws_db_instance.this'), resources.join(', '));
    assert.ok(!resources.includes('aws_db_instance.this'), 'modules/db is not also a root with its own defaults');
  });

  it('Terraform JSON callers: the value replaced keeping its quotes, a left-out argument inserted', () => {
    const dir = copyOf('argument-fix-json');
    const r = rdscope(['lint', '.', '--fix', '--fix-suggestions'], { cwd: dir });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No problems/);
    assert.equal(readFileSync(join(dir, 'main.tf.json'), 'utf8'), readFileSync(join(MODULES, 'argument-fix-json', 'main.tf.json.fixed'), 'utf8'));
    assert.equal(readFileSync(join(dir, 'modules/db/main.tf.json'), 'utf8'), readFileSync(join(MODULES, 'argument-fix-json', 'modules/db/main.tf.json'), 'utf8'));
  });
});
