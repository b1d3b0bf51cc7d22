import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NO_INPUTS, type DeploymentInputs } from '../../server/src/evaluate/inputs';
import { fileSystemSource } from '../../server/src/io/fileSource';
import { lintDocuments, type LintResult } from '../../server/src/lint';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import { initHcl } from '../../server/src/parse/hcl';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'terraform-modules');

/** Every .tf / .tf.json file under `folder` (not under .terraform: the CLI's walk skips it too). */
function documentsUnder(folder: string): { uri: string; text: string }[] {
  const out: { uri: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) { if (name !== '.terraform') walk(path); continue; }
      if (/\.tf(\.json)?$/.test(name)) out.push({ uri: path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(folder);
  return out;
}

function lint(folder: string, inputs: Partial<DeploymentInputs> = {}, documents = documentsUnder(folder)): LintResult {
  return lintDocuments(documents, {
    config: { ...DEFAULT_CONFIG, deployment: { ...NO_INPUTS, ...inputs } },
    files: fileSystemSource({ roots: [FIXTURES] }),
  });
}

const at = (r: LintResult, f: { file: string; range: { start: number } }) => {
  const p = r.documents.get(f.file)!.lineIndex.positionAt(f.range.start);
  return `${relative(FIXTURES, f.file)}:${p.line + 1}`;
};

describe('Terraform modules: a root folder expands its module calls', () => {
  before(async () => assert.ok(await initHcl()));
  const root = join(FIXTURES, 'root');

  it('creates every database terraform plan would, with Terraform addresses', () => {
    const r = lint(root);
    assert.deepEqual(r.topology.instances.map((i) => i.id).sort(), [
      'module.archive["a"].aws_db_instance.this[0]',
      'module.archive["b"].aws_db_instance.this[0]',
      'module.db[0].aws_db_instance.this[0]',
      'module.db[1].aws_db_instance.this[0]',
      'module.primary.aws_db_instance.this[0]',
      'module.registry.aws_db_instance.this',
      'module.replica.aws_db_instance.this[0]',
      'module.stack.module.inner.aws_db_instance.this[0]',
    ], 'module.disabled has count = 0 (var.create_disabled is false): it creates nothing');
    const registry = r.topology.instances.find((i) => i.id === 'module.registry.aws_db_instance.this')!;
    assert.equal(relative(FIXTURES, registry.file), 'root/.terraform/modules/registry/main.tf', 'read where terraform init left it');
  });

  it('binds the callers\' arguments to the module\'s variables, per instance', () => {
    const r = lint(root);
    const byId = new Map(r.topology.instances.map((i) => [i.id, i]));
    const db1 = byId.get('module.db[1].aws_db_instance.this[0]')!;
    assert.equal(db1.identifier?.known && db1.identifier.value, 'orders-1', 'count.index of the module call');
    assert.equal(db1.engine.known && db1.engine.value, 'mysql');
    const archiveB = byId.get('module.archive["b"].aws_db_instance.this[0]')!;
    assert.equal(archiveB.identifier?.known && archiveB.identifier.value, 'archive-b', 'each.key of the module call');
    assert.equal(archiveB.engine.known && archiveB.engine.value, 'postgres');
  });

  it('follows nested module calls, and points at the outermost argument a value came through', () => {
    const r = lint(root);
    const inner = r.topology.instances.find((i) => i.id === 'module.stack.module.inner.aws_db_instance.this[0]')!;
    assert.equal(inner.backupRetention.known && inner.backupRetention.value, 0);
    // Outermost first: the root's argument, then the stack module's; the module's own condition rests on var.replicate_source_db.
    assert.deepEqual(inner.backupRetention.known && inner.backupRetention.inputs?.filter((i) => i.kind === 'module-argument').map((i) => i.name),
      ['module.stack.backups', 'module.stack.module.inner.backup_retention_period']);
    const rds101 = r.findings.filter((f) => f.ruleId === 'RDS101');
    assert.deepEqual(rds101.map((f) => `${at(r, f)} ${f.resource}`), ['root/main.tf:60 module.stack.module.inner.aws_db_instance.this[0]']);
  });

  it('links a replica to its source through a module output (module.primary.arn)', () => {
    const r = lint(root);
    const replica = r.topology.instances.find((i) => i.id === 'module.replica.aws_db_instance.this[0]')!;
    assert.equal(replica.role, 'replica');
    assert.equal(replica.replicationSource?.id, 'module.primary.aws_db_instance.this[0]');
    // engine = var.replicate_source_db == null ? ... : null: a conditional null, so the replica sets no engine.
    assert.equal(replica.engineWritten, undefined);
  });

  it('takes tfvars in Terraform\'s precedence: terraform.tfvars, then *.auto.tfvars(.json) in lexical order', () => {
    const r = lint(root);
    const db0 = r.topology.instances.find((i) => i.id === 'module.db[0].aws_db_instance.this[0]')!;
    // terraform.tfvars says 3, 20-ha.auto.tfvars.json says 5 and comes last.
    assert.equal(db0.backupRetention.known && db0.backupRetention.value, 5);
    assert.ok(db0.backupRetention.known && db0.backupRetention.inputs?.some((i) => i.kind === 'tfvars' && i.name === 'var.retention' && i.file?.endsWith('20-ha.auto.tfvars.json')));
    // 10-ha.auto.tfvars sets multi_az = false: RDS201 on both module.db instances, at the argument in the caller.
    const rds201 = r.findings.filter((f) => f.ruleId === 'RDS201' && f.resource?.startsWith('module.db['));
    assert.deepEqual(rds201.map((f) => at(r, f)), ['root/main.tf:11', 'root/main.tf:11']);
    assert.equal(relative(FIXTURES, rds201[0].related[0].file), 'root/modules/db/main.tf', 'related information points at the resource inside the module');
    assert.equal(rds201[0].fix, undefined, 'a module file is shared by every call: no fix edits it');
  });

  it('applies --var-file after the tfvars and --var after everything', () => {
    const withFile = lint(root, { varFiles: [join(root, 'prod.tfvars')] });
    const db0 = withFile.topology.instances.find((i) => i.id === 'module.db[0].aws_db_instance.this[0]')!;
    assert.equal(db0.backupRetention.known && db0.backupRetention.value, 14);
    assert.equal(withFile.findings.filter((f) => f.ruleId === 'RDS201' && f.resource?.startsWith('module.db[')).length, 0, 'prod.tfvars sets multi_az = true');
    const withVar = lint(root, { varFiles: [join(root, 'prod.tfvars')], vars: [{ name: 'retention', value: '21' }, { name: 'create_disabled', value: 'true' }] });
    const again = withVar.topology.instances.find((i) => i.id === 'module.db[0].aws_db_instance.this[0]')!;
    assert.equal(again.backupRetention.known && again.backupRetention.value, 21);
    assert.ok(again.backupRetention.known && again.backupRetention.inputs?.some((i) => i.kind === 'var-cli'));
    assert.ok(withVar.topology.instances.some((i) => i.id === 'module.disabled[0].aws_db_instance.this[0]'), '--var create_disabled=true: count becomes 1');
  });

  it('reports a registry module terraform init did not install as RDS001 on its call, and lints the one it did', () => {
    const r = lint(root);
    const unread = r.findings.filter((f) => f.ruleId === 'RDS001');
    assert.deepEqual(unread.map((f) => at(r, f)), ['root/main.tf:53']);
    assert.match(unread[0].message, /module "not_installed".*terraform init/);
    const registry = r.findings.filter((f) => f.resource === 'module.registry.aws_db_instance.this').map((f) => `${f.ruleId} ${at(r, f)}`);
    assert.deepEqual(registry.sort(), ['RDS105 root/main.tf:46', 'RDS201 root/main.tf:46'], 'the module under .terraform is not linted: its findings are on the call');
  });

  it('reads a module folder from the disk when only the root is linted, and does not lint a called folder as a root', () => {
    const onlyRoot = documentsUnder(root).filter((d) => !d.uri.includes(`${join('modules', 'db')}`));
    const r = lint(root, {}, onlyRoot);
    assert.equal(r.topology.instances.length, 8);
    const all = lint(root);
    assert.ok(!all.topology.instances.some((i) => i.id === 'aws_db_instance.this[0]'), 'modules/db is called by root: not a root with its own defaults');
  });

  it('reads a locals-only file as part of the module, without findings of its own', () => {
    const r = lint(root);
    const locals = r.documents.get(join(root, 'locals.tf'))!;
    assert.equal(locals.kind, 'terraform');
    assert.equal(r.findings.filter((f) => f.file === locals.uri).length, 0);
  });
});

describe('Terraform modules: JSON, recursion, wrapper modules', () => {
  before(async () => assert.ok(await initHcl()));

  it('expands Terraform JSON module calls: count from a conditional, replica source from an output', () => {
    const r = lint(join(FIXTURES, 'json-root'));
    assert.deepEqual(r.topology.instances.map((i) => i.id), ['module.primary.aws_db_instance.this', 'module.replica[0].aws_db_instance.this']);
    const primary = r.topology.instances[0];
    assert.equal(primary.engine.known && primary.engine.value, 'postgres', 'coalesce(var.engine, "postgres") with a null default');
    const rds103 = r.findings.find((f) => f.ruleId === 'RDS103')!;
    assert.equal(at(r, rds103), 'json-root/main.tf.json:17', 'the replica\'s source came in as the module argument replicate_source_db');
    const off = lint(join(FIXTURES, 'json-root'), { vars: [{ name: 'create_replica', value: 'false' }] });
    assert.deepEqual(off.topology.instances.map((i) => i.id), ['module.primary.aws_db_instance.this']);
  });

  it('reports a module that calls itself through another as RDS000, and stops', () => {
    const r = lint(join(FIXTURES, 'recursion'));
    const errors = r.findings.filter((f) => f.ruleId === 'RDS000');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /cannot call itself/);
    assert.deepEqual(r.topology.instances.map((i) => i.id), ['aws_db_instance.a']);
  });

  it('decides RDS Custom from custom_iam_instance_profile, not from an unknown engine', () => {
    const r = lint(join(FIXTURES, 'wrapper'));
    const ids = (rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => f.resource);
    assert.deepEqual(ids('RDS201'), ['aws_db_instance.this', 'aws_db_instance.maybe']);
    assert.deepEqual(ids('RDS105'), ['aws_db_instance.this']);
    const maybe = r.topology.instances.find((i) => i.id === 'aws_db_instance.maybe')!;
    assert.equal(maybe.unexpanded, 'count', 'a count with no value: linted as if the resource exists');
  });
});

describe('io/fileSource', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rdscope-files-'));
    mkdirSync(join(dir, 'inside'));
    writeFileSync(join(dir, 'inside', 'a.tf'), 'locals {}\n');
    writeFileSync(join(dir, 'outside.tf'), 'secret\n');
    writeFileSync(join(dir, 'inside', 'big.tf'), 'x'.repeat(2048));
    symlinkSync(join(dir, 'outside.tf'), join(dir, 'inside', 'link.tf'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads regular files inside its roots, up to its size limit, and nothing a link takes outside', () => {
    const files = fileSystemSource({ roots: [join(dir, 'inside')], maxBytes: 1024 });
    assert.equal(files.readText(join(dir, 'inside', 'a.tf')), 'locals {}\n');
    assert.equal(files.readText(join(dir, 'inside', 'big.tf')), undefined, 'over the size limit');
    assert.equal(files.readText(join(dir, 'inside', 'link.tf')), undefined, 'a symbolic link out of the roots');
    assert.equal(files.readText(join(dir, 'outside.tf')), undefined);
    assert.equal(files.readText(join(dir, 'inside')), undefined, 'a folder is not a file');
    assert.deepEqual(files.listFolder(join(dir, 'inside')), ['a.tf', 'big.tf', 'link.tf']);
    assert.equal(files.listFolder(dir), undefined);
    const overlaid = fileSystemSource({ overlay: new Map([[join(dir, 'inside', 'a.tf'), 'unsaved']]) });
    assert.equal(overlaid.readText(join(dir, 'inside', 'a.tf')), 'unsaved');
  });
});
