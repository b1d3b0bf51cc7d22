import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES } from '../helpers';
import { rdscope, tempDir, topologyErrors } from './cliHarness';

const MODULES = join(FIXTURES, 'terraform-modules');

interface JsonFinding { ruleId: string; file: string; resource?: string; range: { start: { line: number } } }

function findings(args: readonly string[]): JsonFinding[] {
  const r = rdscope(['lint', '-f', 'json', '--fail-level', 'none', ...args], { cwd: MODULES });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

const retentionWarnings = (list: readonly JsonFinding[]) => list.filter((f) => f.ruleId === 'RDS201' && f.resource?.startsWith('module.db[')).length;

describe('rdscope lint on a Terraform deployment', () => {
  it('expands module calls and says in the summary what it could not read', () => {
    const r = rdscope(['lint', 'root'], { cwd: MODULES });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /root\/main\.tf:53:8 {2}info {2}RDS001 {2}module "not_installed"/);
    assert.match(r.stdout, /module\.registry\.aws_db_instance\.this/);
    assert.match(r.stdout, /1 module or nested stack not read \(RDS001\)/);
  });

  it('--var-file and --var change the findings as terraform plan -var-file / -var would', () => {
    assert.equal(retentionWarnings(findings(['root'])), 2, '10-ha.auto.tfvars: multi_az = false');
    assert.equal(retentionWarnings(findings(['root', '--var-file', 'root/prod.tfvars'])), 0, 'prod.tfvars: multi_az = true');
    assert.equal(retentionWarnings(findings(['root', '--var-file', 'root/prod.tfvars', '--var', 'multi_az=false'])), 2, '--var wins over --var-file');
  });

  it('worker threads give the same findings: a root and the local modules it calls lint in one group', () => {
    const key = (f: JsonFinding) => `${f.ruleId} ${f.file}:${f.range.start.line} ${f.resource ?? ''}`;
    const one = findings(['.', '--jobs', '1']).map(key).sort();
    const two = findings(['.', '--jobs', '2']).map(key).sort();
    assert.ok(one.some((k) => k.startsWith('RDS201 root/main.tf:11 module.db[0]')), one.join('\n'));
    assert.deepEqual(two, one);
  });

  it('the model of a deployment (module addresses, values from inputs) matches the topology schema', () => {
    const r = rdscope(['model', 'root'], { cwd: MODULES });
    assert.equal(r.status, 0, r.stderr);
    const model = JSON.parse(r.stdout);
    assert.equal(topologyErrors(model), '');
    assert.ok(JSON.stringify(model).includes('"input"'), 'values from tfvars have origin input');
  });

  it('the model command takes the same inputs', () => {
    const r = rdscope(['model', 'json-root', '--var', 'create_replica=false'], { cwd: MODULES });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /module\.primary\.aws_db_instance\.this/);
    assert.doesNotMatch(r.stdout, /module\.replica/);
  });

  it('a missing --var-file or a --var without NAME= is a usage error (exit 2)', () => {
    const missing = rdscope(['lint', 'root', '--var-file', 'nowhere.tfvars'], { cwd: MODULES });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--var-file nowhere\.tfvars: no such file/);
    const bad = rdscope(['lint', 'root', '--var', 'novalue'], { cwd: MODULES });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--var expects NAME=VALUE/);
  });

  it('modules and tfvars are read under the templates\' size limit, --max-file-size included, and what is not read is said', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'modules', 'db'), { recursive: true });
    writeFileSync(join(dir, 'main.tf'), 'module "db" {\n  source = "./modules/db"\n}\n');
    // About 3 KB: over --max-file-size 2k, under 64k and the 4 MB default.
    const padding = `# ${'x'.repeat(78)}\n`.repeat(40);
    writeFileSync(join(dir, 'modules', 'db', 'main.tf'), `${padding}resource "aws_db_instance" "this" {\n  engine         = "postgres"\n  instance_class = "db.t4g.medium"\n  multi_az       = var.multi_az\n}\n\nvariable "multi_az" {\n  default = false\n}\n`);
    writeFileSync(join(dir, 'terraform.tfvars'), `${padding}unused = 1\n`);
    const lint = (...args: string[]) => {
      const r = rdscope(['lint', 'main.tf', '-f', 'json', '--fail-level', 'none', ...args], { cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { findings: (JsonFinding & { message: string })[] }).findings;
    };
    const small = lint('--max-file-size', '2k');
    assert.ok(small.some((f) => f.ruleId === 'RDS001' && /module "db": no Terraform files can be read/.test(f.message)), small.map((f) => f.message).join('\n'));
    assert.ok(small.some((f) => f.ruleId === 'RDS001' && /terraform\.tfvars cannot be read .*--max-file-size/.test(f.message)), 'the tfvars file is named, not dropped in silence');
    const large = lint('--max-file-size', '64k');
    assert.ok(!large.some((f) => f.ruleId === 'RDS001'), large.map((f) => f.message).join('\n'));
    assert.ok(large.some((f) => f.ruleId === 'RDS201' && f.resource === 'module.db.aws_db_instance.this'), 'the module is read and linted');

    // The default limit (4 MB, as for templates; it was 20 MB for modules): a 5 MB module file is not read.
    writeFileSync(join(dir, 'modules', 'db', 'main.tf'), `${'#'.repeat(5 * 1024 * 1024)}\n`);
    assert.ok(lint().some((f) => f.ruleId === 'RDS001' && /module "db"/.test(f.message)));
  });
});
