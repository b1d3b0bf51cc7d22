/**
 * Nested stacks in the editor: a child template's diagnostics come from its
 * parent's expansion (`Orders/Db`, with the parameters the parent passes), as
 * the CLI reports them, and the child is not linted a second time on its own
 * with its defaults. Editing the child re-expands the parent.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { FIXTURES, REPO_ROOT } from '../helpers';
import { TestClient, toUri } from './client';
import { cliFindings } from './parity';

const NESTED = join(FIXTURES, 'cloudformation', 'deployment', 'nested');
const PARENT = join(NESTED, 'parent.yaml');
const CHILD = join(NESTED, 'database.yaml');
const resourceOf = (d: Diagnostic) => (d.data as { resource?: string } | undefined)?.resource;
const summary = (list: Diagnostic[]) => list.map((d) => `${d.code} ${resourceOf(d)}`).sort();

describe('LSP: a nested stack\'s template', () => {
  let client: TestClient;
  const child = toUri(CHILD);
  before(async () => {
    client = await TestClient.start();
    client.open(toUri(PARENT), readFileSync(PARENT, 'utf8'));
    client.open(child, readFileSync(CHILD, 'utf8'));
  });
  after(async () => { await client.stop(); });

  it('gets the findings of each stack that nests it, once, and none of its own defaults', async () => {
    const list = await client.waitForDiagnostics(child, (l) => l.length > 0);
    assert.deepEqual(summary(list), [
      'RDS101 Orders/Db', 'RDS103 Orders/Reader', 'RDS104 Orders/Db', 'RDS106 Billing/Db', 'RDS106 Orders/Db', 'RDS201 Billing/Db',
    ]);
    // "Deployed with MultiAz=false from the module call in parent.yaml": the input behind the finding is named.
    const rds201 = list.find((d) => d.code === 'RDS201')!;
    assert.match(rds201.message, /^Billing\/Db is Single-AZ/);
  });

  it('an edit to the child re-expands the parent: backups set in the child clear Orders/Db\'s backup findings', async () => {
    const text = client.texts.get(child)!;
    const version = client.change(child, text.replace('BackupRetentionPeriod: !Ref Retention', 'BackupRetentionPeriod: 7'));
    const list = await client.waitForDiagnostics(child, (l) => !l.some((d) => d.code === 'RDS101'));
    assert.equal(client.version(child), version);
    assert.deepEqual(summary(list), ['RDS106 Billing/Db', 'RDS106 Orders/Db', 'RDS201 Billing/Db']);
    // And back.
    client.change(child, text);
    await client.waitForDiagnostics(child, (l) => l.some((d) => d.code === 'RDS101' && resourceOf(d) === 'Orders/Db'));
  });

  it('a hover on the child\'s database shows it as each parent deploys it', async () => {
    const line = readFileSync(CHILD, 'utf8').split('\n').findIndex((l) => l.startsWith('  Db:'));
    const hover = await client.hover(child, { line, character: 3 });
    const md = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(md, /\*\*Billing\/Db\*\*/);
    assert.match(md, /\*\*Orders\/Db\*\*/);
    assert.doesNotMatch(md, /\*\*Db\*\*/);
    // The values the parent passes, named with where they come from.
    assert.match(md, /Retention=0 from the module call in parent\.yaml/);
  });
});

describe('CLI: the same rule for a nested stack\'s template', () => {
  it('rdscope lint on the folder reports the child as its parents deploy it, not also on its own', () => {
    const findings = cliFindings([relative(REPO_ROOT, NESTED)]);
    assert.ok(findings, 'a JSON report');
    const onChild = findings.filter((f) => f.uri === toUri(CHILD)).map((f) => `${f.ruleId} ${f.message.split(' ')[0]}`).sort();
    assert.deepEqual(onChild, ['RDS101 Orders/Db', 'RDS103 Orders/Reader\'s', 'RDS104 Orders/Db', 'RDS106 An', 'RDS106 An', 'RDS201 Billing/Db']);
    assert.ok(!findings.some((f) => / Db /.test(` ${f.message} `)), 'no finding about the standalone Db');
  });

  it('the same with worker threads (--jobs 2): parent and child are one link group', () => {
    const sequential = cliFindings([relative(REPO_ROOT, NESTED)]);
    const parallel = cliFindings(['--jobs', '2', relative(REPO_ROOT, NESTED)]);
    assert.ok(sequential && parallel);
    assert.deepEqual(parallel, sequential);
  });

  it('templates that nest each other (a loop, RDS001) are both linted on their own too', () => {
    const cycle = join(FIXTURES, 'lsp', 'nested-cycle');
    const findings = cliFindings([relative(REPO_ROOT, cycle)]) ?? [];
    assert.ok(findings.some((f) => f.ruleId === 'RDS201' && f.message.startsWith('SecondDb ')), 'second.yaml on its own');
    assert.equal(findings.filter((f) => f.ruleId === 'RDS001' && /includes itself/.test(f.message)).length, 2);
  });

  it('rdscope lint on the child alone lints it with its defaults', () => {
    const findings = cliFindings([relative(REPO_ROOT, CHILD)]);
    assert.deepEqual(findings?.map((f) => `${f.ruleId} ${f.message}`), ['RDS106 An update that replaces Db deletes the old database without a snapshot (by default)']);
  });
});

describe('LSP: a template no open or scanned template nests', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start(); });
  after(async () => { await client.stop(); });

  it('is linted on its own, with its parameters\' defaults', async () => {
    client.open(toUri(CHILD), readFileSync(CHILD, 'utf8'));
    const list = await client.waitForDiagnostics(toUri(CHILD), (l) => l.length > 0);
    assert.deepEqual(summary(list), ['RDS106 Db']);
  });
});
