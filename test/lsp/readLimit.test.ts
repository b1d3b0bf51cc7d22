/**
 * The language server reads nested templates (and Terraform modules and
 * tfvars) under the size limit of the configuration that governs them, as it
 * reads templates and as the CLI does (`maxFileBytes`). Before, it always
 * used the 4 MB default: a folder that lowered or raised the limit got a
 * different answer in the editor than from `rdscope lint`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestClient, toUri } from './client';
import { cliFindings, fromDiagnostic } from './parity';

const PARENT = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Orders:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./database.yaml
`;

// A child over the folder's limit (2,000 bytes): a long description pads it.
const CHILD = `AWSTemplateFormatVersion: "2010-09-09"
Description: ${'padding '.repeat(300)}
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.micro
      AllocatedStorage: 20
      BackupRetentionPeriod: 0
`;

describe('LSP: nested templates read under the configuration\'s maxFileBytes', () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdscope-limit-'));
    writeFileSync(join(dir, '.rdscope.yaml'), 'maxFileBytes: 2000\n');
    writeFileSync(join(dir, 'parent.yaml'), PARENT);
    writeFileSync(join(dir, 'database.yaml'), CHILD);
    client = await TestClient.start({ workspaceFolders: [dir] });
    client.open(toUri(join(dir, 'parent.yaml')), readFileSync(join(dir, 'parent.yaml'), 'utf8'));
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a child over the limit is RDS001 on the nested stack, as the CLI says', async () => {
    const parent = toUri(join(dir, 'parent.yaml'));
    const list = await client.waitForDiagnostics(parent, (l) => l.length > 0);
    assert.deepEqual(list.map((d) => d.code), ['RDS001']);
    assert.match(list[0].message, /cannot be read/);
    const cli = cliFindings([join(dir, 'parent.yaml')]);
    assert.ok(cli, 'the CLI printed a JSON report');
    assert.deepEqual(list.map((d) => fromDiagnostic(parent, d)), cli.filter((f) => f.uri === parent));
  });
});
