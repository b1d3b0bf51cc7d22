/**
 * CloudFormation deployments through the real engine, on fixture files:
 * conditions decided (or not) by the parameters, Fn::If with AWS::NoValue,
 * both parameter file formats, --parameter values, nested stacks, and the
 * read-replica defaults. Files are read through a FileSource over the
 * fixture folder, as the CLI and the language server read them.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, type LintConfig } from '../../server/src/config/config';
import type { DeploymentInputs, FileSource } from '../../server/src/evaluate/inputs';
import { parseParameterFile } from '../../server/src/evaluate/cloudformation/parameterFiles';
import { lintDocuments, type LintResult } from '../../server/src/lint';
import { hoverAt } from '../../server/src/lsp/hover';
import { fixture, slice } from '../helpers';

/** Regular files under test/fixtures, nothing else. */
const fixtureFiles: FileSource = {
  readText(path) {
    if (!path.startsWith(fixture(''))) return undefined;
    try { return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined; } catch { return undefined; }
  },
  listFolder: () => undefined,
};

const deployment = (d: Partial<DeploymentInputs>): DeploymentInputs => ({ parameterFiles: [], parameters: [], varFiles: [], vars: [], ...d });
const withDeployment = (d?: Partial<DeploymentInputs>): LintConfig => (d ? { ...DEFAULT_CONFIG, deployment: deployment(d) } : DEFAULT_CONFIG);

function lint(relative: string, d?: Partial<DeploymentInputs>): LintResult {
  const path = fixture('cloudformation', 'deployment', relative);
  return lintDocuments([{ uri: path, text: readFileSync(path, 'utf8') }], { config: withDeployment(d), files: fixtureFiles });
}

const params = (name: string) => fixture('cloudformation', 'deployment', 'params', name);
const summary = (r: LintResult) => r.findings.map((f) => `${f.ruleId} ${f.resource ?? '-'}`);
const messageOf = (r: LintResult, rule: string, resource: string) => {
  const found = r.findings.filter((f) => f.ruleId === rule && f.resource === resource);
  assert.equal(found.length, 1, `one ${rule} on ${resource}: ${summary(r).join(', ')}`);
  // The short message names the kind of input; the detail names the input itself (RULES.md: a message that rests on an input value names it).
  return `${found[0].message}\n${found[0].detail ?? ''}`;
};

describe('CloudFormation conditions with the parameters\' defaults (YAML)', () => {
  const r = lint('conditions.yaml');

  it('a resource whose Condition is false is not modelled; an undecided one is, marked with its condition', () => {
    assert.deepEqual(r.topology.instances.map((i) => `${i.id}${i.condition ? ` [${i.condition}]` : ''}`),
      ['AppDb', 'RegionalDb [InUsEast]', 'SameBothWays', 'DiffersByRegion', 'MaybePinned']);
  });

  it('lints what Env=dev deploys; equal branches collapse, differing ones and AWS::NoValue branches stay silent', () => {
    assert.deepEqual(summary(r).filter((s) => !s.startsWith('RDS106')), [
      'RDS201 AppDb', 'RDS101 RegionalDb', 'RDS101 SameBothWays',
    ]);
  });

  it('a message that rests on a parameter names it', () => {
    assert.match(messageOf(r, 'RDS201', 'AppDb'), /Deployed with Env=dev, the parameter's default\.$/);
    // A literal of the template rests on nothing.
    assert.doesNotMatch(messageOf(r, 'RDS101', 'RegionalDb'), /Deployed with/);
  });

  it('a value whose branches differ is unknown, naming the condition and why it is undecided', () => {
    const db = r.topology.instances.find((i) => i.id === 'DiffersByRegion')!;
    assert.equal(db.backupRetention.known, false);
    assert.equal(!db.backupRetention.known && db.backupRetention.reason, 'depends on condition InUsEast (Fn::Equals: AWS::Region is known at deploy time)');
    const pinned = r.topology.instances.find((i) => i.id === 'MaybePinned')!;
    assert.ok(pinned.availabilityZone && !pinned.availabilityZone.known && pinned.availabilityZone.mayBeAbsent);
  });
});

describe('CloudFormation parameter files and --parameter', () => {
  it('the AWS CLI list format: Env=prod creates ProdOnlyDb and pins AppDb\'s zone', () => {
    const r = lint('conditions.yaml', { parameterFiles: [params('prod.json')] });
    assert.ok(r.topology.instances.some((i) => i.id === 'ProdOnlyDb' && i.condition === undefined));
    assert.match(messageOf(r, 'RDS101', 'ProdOnlyDb'), /^ProdOnlyDb has automated backups off/);
    assert.equal(r.findings.filter((f) => f.ruleId === 'RDS201' && f.resource === 'AppDb').length, 0);
    // MultiAZ true (from IsProd) with a pinned zone (IsDev false): RDS202, resting on Env from the file.
    assert.match(messageOf(r, 'RDS202', 'AppDb'), /Deployed with Env=prod from prod\.json\.$/);
  });

  it('the template configuration format {"Parameters": {...}} gives the same deployment', () => {
    const list = lint('conditions.yaml', { parameterFiles: [params('prod.json')] });
    const configuration = lint('conditions.yaml', { parameterFiles: [params('prod-configuration.json')] });
    assert.deepEqual(summary(configuration), summary(list));
    assert.match(messageOf(configuration, 'RDS202', 'AppDb'), /Deployed with Env=prod from prod-configuration\.json\.$/);
  });

  it('--parameter wins over the files; later files win over earlier ones', () => {
    const r = lint('conditions.yaml', { parameterFiles: [params('prod.json')], parameters: [{ name: 'Env', value: 'dev' }] });
    assert.ok(!r.topology.instances.some((i) => i.id === 'ProdOnlyDb'));
    assert.match(messageOf(r, 'RDS201', 'AppDb'), /Deployed with Env=dev from the command line\.$/);
  });

  it('a pseudo parameter given a value decides its conditions', () => {
    const r = lint('conditions.yaml', { parameterFiles: [params('region.json')] });
    const regional = r.topology.instances.find((i) => i.id === 'RegionalDb')!;
    assert.equal(regional.condition, undefined);
    assert.ok(regional.region.known && regional.region.value === 'us-east-1');
    // InUsEast is true: DiffersByRegion gets 7 days and Multi-AZ, MaybePinned is pinned while Multi-AZ (RDS202).
    assert.ok(!r.findings.some((f) => f.resource === 'DiffersByRegion' && f.ruleId === 'RDS101'));
    assert.match(messageOf(r, 'RDS202', 'MaybePinned'), /Deployed with AWS::Region=us-east-1 from region\.json\.$/);
  });

  it('JSON templates are evaluated the same way', () => {
    const dev = lint('conditions.json');
    assert.deepEqual(dev.topology.instances.map((i) => `${i.id}${i.condition ? ` [${i.condition}]` : ''}`), ['AppDb', 'RegionalDb [InUsEast]']);
    assert.match(messageOf(dev, 'RDS201', 'AppDb'), /Deployed with Env=dev, the parameter's default\.$/);
    const prod = lint('conditions.json', { parameters: [{ name: 'Env', value: 'prod' }] });
    assert.deepEqual(prod.topology.instances.map((i) => i.id), ['ProdOnlyDb', 'AppDb', 'RegionalDb']);
    assert.match(messageOf(prod, 'RDS202', 'AppDb'), /Deployed with Env=prod from the command line\.$/);
  });

  it('reads both formats, and locates what is wrong in a broken file', () => {
    const list = parseParameterFile(readFileSync(params('prod.json'), 'utf8'));
    assert.ok(list.ok && list.entries.map((e) => `${e.name}=${e.value}`).join(',') === 'Env=prod,Team=payments');
    const broken = parseParameterFile(readFileSync(params('broken.json'), 'utf8'));
    assert.deepEqual(!broken.ok && broken.problem, { line: 3, column: 3, message: 'parameter Team has no ParameterValue (nor UsePreviousValue: true)' });
    const notJson = parseParameterFile(readFileSync(params('not-json.json'), 'utf8'));
    assert.ok(!notJson.ok && notJson.problem.line === 4 && /^not valid JSON/.test(notJson.problem.message), JSON.stringify(notJson));
  });
});

describe('read replica defaults and replication chains', () => {
  const r = lint('replicas.yaml');

  it('a replica without a retention has backups off and takes no final snapshot', () => {
    const middle = r.topology.instances.find((i) => i.id === 'Middle')!;
    assert.deepEqual(middle.backupRetention, { known: true, value: 0, origin: 'aws-default', key: 'BackupRetentionPeriod' });
    assert.ok(middle.snapshotOnDelete.known && middle.snapshotOnDelete.value === false);
  });

  it('RDS103 on a replica fed by a replica without a retention; RDS104 on the chain\'s root only', () => {
    assert.deepEqual(r.findings.filter((f) => ['RDS103', 'RDS104'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.resource}`),
      ['RDS104 Root', 'RDS103 Middle', 'RDS103 Leaf']);
    assert.match(messageOf(r, 'RDS103', 'Leaf'), /^Leaf's source has backups off \(by default\)[^\n]*\nMiddle \(itself a replica\) has BackupRetentionPeriod absent, default 0/);
    assert.match(messageOf(r, 'RDS104', 'Root'), /^Root has 2 read replicas but backups off[^\n]*\nRoot has 2 read replicas \(Middle, Leaf\) but automated backups are off/);
  });
});

describe('nested stacks', () => {
  const r = lint('nested/parent.yaml');
  const text = readFileSync(fixture('cloudformation', 'deployment', 'nested', 'parent.yaml'), 'utf8');

  it('expands local templates with the parameters passed; ids are Parent/Child, in the child\'s file', () => {
    assert.deepEqual(r.topology.instances.map((i) => i.id), ['Orders/Db', 'Orders/Reader', 'Billing/Db', 'Billing/Reader', 'Everywhere/Db']);
    assert.ok(r.topology.instances.find((i) => i.id === 'Everywhere/Db')!.file.endsWith('nested/parent.yaml'), 'a StackSet\'s TemplateBody is in the parent\'s file');
    const reader = r.topology.instances.find((i) => i.id === 'Orders/Reader')!;
    assert.equal(reader.replicationSource?.id, 'Orders/Db');
    assert.ok(reader.file.endsWith('nested/database.yaml'));
  });

  it('findings rest on the parent\'s arguments and name them', () => {
    // Orders passes Retention: !If [IsProd, 7, 0]: 0 with Env=dev.
    const m = messageOf(r, 'RDS104', 'Orders/Db');
    assert.match(m, /Deployed with Retention=0 from the module call in parent\.yaml, Env=dev, the parameter's default\.$/);
    assert.match(messageOf(r, 'RDS201', 'Billing/Db'), /Deployed with MultiAz=false from the module call in parent\.yaml\.$/);
    assert.ok(!r.findings.some((f) => f.resource === 'Billing/Db' && f.ruleId === 'RDS104'));
  });

  it('RDS001 on every stack whose template is not a local file, or cannot be read', () => {
    const unread = r.findings.filter((f) => f.ruleId === 'RDS001').map((f) => `${slice(text, f.range)}: ${f.message}`);
    assert.equal(unread.length, 3, 'the StackSet\'s literal TemplateBody is linted (test/cli/stackset.test.ts)');
    assert.match(unread[0], /^Shared: Nested stack Shared's template is at https:\/\/s3\.amazonaws\.com\/example-bucket\/shared-database\.yaml, not a local file/);
    assert.match(unread[1], /^Marketplace: Application Marketplace comes from the Serverless Application Repository/);
    assert.match(unread[2], /^Missing: Nested stack Missing: its template .*no-such-template\.yaml cannot be read/);
    assert.ok(r.findings.filter((f) => f.ruleId === 'RDS001').every((f) => f.severity === 'info'));
  });

  it('a template that nests itself is RDS001 on its own stack (not expanded one level down first), never a hang', () => {
    const loop = lint('nested/loop.yaml');
    assert.deepEqual(loop.findings.map((f) => f.ruleId), ['RDS001']);
    assert.match(loop.findings[0].message, /^Nested stack Again: \.\/loop\.yaml includes itself through its nested stacks/);
  });
});

describe('the editor\'s hover names the inputs behind a value', () => {
  it('a value from a parameter file: "with Env=prod from prod.json"', () => {
    const r = lint('conditions.yaml', { parameterFiles: [params('prod.json')] });
    const doc = [...r.documents.values()][0];
    const hover = hoverAt(doc, doc.text.indexOf('AppDb:'), r.topology);
    const text = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(text, /\(with Env=prod from prod\.json\)/);
  });
});
