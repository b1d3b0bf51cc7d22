/**
 * A file named alone on the command line is linted as its deployment: the
 * local templates it nests and the local modules it calls are read for it,
 * and the findings their expansion produces are reported as when the folder
 * is linted. Before, `rdscope lint parent.yaml` read the child, found an
 * error in it and printed findings for parent.yaml only, because the child
 * was not part of the run.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixture } from '../helpers';
import { rdscope } from './cliHarness';

interface JsonFinding { readonly file: string; readonly ruleId: string; readonly resource?: string }

function findingsOf(cwd: string, ...paths: string[]): string[] {
  const r = rdscope(['lint', ...paths, '--format', 'json', '--fail-level', 'none'], { cwd });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => `${f.file} ${f.ruleId} ${f.resource ?? ''}`).sort();
}

describe('a file named alone brings the files its deployment reads', () => {
  it('CloudFormation: parent.yaml alone reports the findings in the nested template it expands', () => {
    const cwd = fixture('cloudformation', 'deployment');
    const alone = findingsOf(cwd, 'nested/parent.yaml');
    assert.ok(alone.includes('nested/database.yaml RDS103 Orders/Reader'), alone.join('\n'));
    // The same as linting the two files, minus loop.yaml, which parent.yaml does not nest.
    const both = findingsOf(cwd, 'nested/parent.yaml', 'nested/database.yaml');
    assert.deepEqual(alone, both);
  });

  it('a value the parent passes as a literal is worded as its caller\'s, not as a deployment input', () => {
    const r = rdscope(['lint', 'nested/parent.yaml', '--format', 'json', '--fail-level', 'none'], { cwd: fixture('cloudformation', 'deployment') });
    const findings = (JSON.parse(r.stdout) as { findings: (JsonFinding & { message: string })[] }).findings;
    const singleAz = findings.find((f) => f.ruleId === 'RDS201' && f.resource === 'Billing/Db');
    assert.match(singleAz?.message ?? '', /^Billing\/Db is Single-AZ \(set by its caller\):/);
  });

  it('with worker threads too (--jobs 2)', () => {
    const cwd = fixture('cloudformation', 'deployment');
    const r = rdscope(['lint', 'nested/parent.yaml', 'conditions.yaml', '--jobs', '2', '--format', 'json', '--fail-level', 'none'], { cwd });
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => `${f.file} ${f.ruleId} ${f.resource ?? ''}`);
    assert.ok(files.includes('nested/database.yaml RDS103 Orders/Reader'), files.join('\n'));
  });

  it('Terraform: main.tf alone reports a finding inside the local module it calls', () => {
    const cwd = fixture('terraform-modules', 'argument-fix');
    const alone = findingsOf(cwd, 'main.tf');
    assert.ok(alone.some((f) => f.startsWith('modules/db/main.tf RDS101 module.reports.')), alone.join('\n'));
    // The same as naming the module files too (not the folder: main.tf alone leaves variables.tf out of the root).
    assert.deepEqual(alone, findingsOf(cwd, 'main.tf', 'modules/db/main.tf', 'modules/pair/main.tf'));
  });

  it('a module file that is a symbolic link out of the read roots is not brought in', () => {
    const root = mkdtempSync(join(tmpdir(), 'rdscope-link-root-'));
    const outside = mkdtempSync(join(tmpdir(), 'rdscope-link-outside-'));
    try {
      writeFileSync(join(root, 'main.tf'), 'module "db" {\n  source = "./modules/db"\n}\n');
      mkdirSync(join(root, 'modules', 'db'), { recursive: true });
      writeFileSync(join(outside, 'secret.tf'), 'resource "aws_db_instance" "outside" {\n  engine = "postgres"\n  backup_retention_period = 0\n}\n');
      symlinkSync(join(outside, 'secret.tf'), join(root, 'modules', 'db', 'main.tf'));
      const found = findingsOf(root, 'main.tf');
      assert.ok(!found.some((f) => f.startsWith('modules/db/main.tf')), found.join('\n'));
      assert.ok(found.some((f) => f.startsWith('main.tf RDS001')), `the call says the module was not read: ${found.join('\n')}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('the summary counts the nested template among the files linted', () => {
    const cwd = fixture('cloudformation', 'deployment');
    const r = rdscope(['lint', 'nested/parent.yaml'], { cwd });
    assert.match(r.stdout, /in 2 files \(2 templates linted\)/);
  });
});

// A module repository as terraform-aws-modules lays theirs out: the module at the top, and
// examples/complete calling it with source = "../../" (the caller's values are what is deployed).
describe('a module repository with examples that call source = "../../"', () => {
  const expanded = [
    'examples/complete/main.tf RDS101 module.db.aws_db_instance.this[0]',
    'examples/complete/main.tf RDS201 module.db.aws_db_instance.this[0]',
  ];

  it('linting the repository reports each database once, with the example\'s values, and the module is not a root of its own', () => {
    const cwd = fixture('terraform-modules', 'examples-layout');
    assert.deepEqual(findingsOf(cwd, '.'), expanded);
    assert.deepEqual(findingsOf(cwd, 'examples/complete'), expanded);
  });

  it('linting from inside the example reads the module above it when both are in one repository', () => {
    const copy = mkdtempSync(join(tmpdir(), 'rdscope-examples-'));
    try {
      cpSync(fixture('terraform-modules', 'examples-layout'), copy, { recursive: true });
      const example = join(copy, 'examples', 'complete');
      // Outside a repository the module above the working folder is not read, and the report says so.
      const outside = findingsOf(example, '.');
      assert.deepEqual(outside, ['main.tf RDS001 ', 'main.tf RDS001 ']);
      mkdirSync(join(copy, '.git'));
      assert.deepEqual(findingsOf(example, '.'), expanded.map((f) => f.replace('examples/complete/', '')));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
