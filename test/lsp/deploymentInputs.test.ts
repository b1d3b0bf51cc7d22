/**
 * A deployment's parameter files in the language server: read once per
 * configuration and kept between keystrokes, read again when one changes on
 * disk (workspace/didChangeWatchedFiles) or in the editor. Over stdio, on a
 * copy of the deployment fixture (`.rdscope.yaml` lints stacks/ with
 * params/prod.json: Env=prod, so Multi-AZ and 14 days of backups).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { fixture } from '../helpers';
import { TestClient, toUri } from './client';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

describe('LSP: a deployment parameter file that changes', () => {
  let dir: string;
  let client: TestClient;
  let template: string;
  let params: string;
  let paramsUri: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdscope-params-'));
    cpSync(fixture('cloudformation', 'deployment', 'project'), dir, { recursive: true });
    template = toUri(join(dir, 'stacks', 'app.yaml'));
    params = join(dir, 'params', 'prod.json');
    paramsUri = toUri(params);
    client = await TestClient.start({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const changedOnDisk = (text: string) => {
    writeFileSync(params, text);
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: paramsUri, type: 2 }] });
  };

  it('edited on disk: the findings follow the file, also after an edit of the template', async () => {
    client.open(template, readFileSync(join(dir, 'stacks', 'app.yaml'), 'utf8'));
    assert.deepEqual(codes(await client.waitForDiagnostics(template)), [], 'prod: Multi-AZ with backups');

    changedOnDisk('{ "Parameters": { "Env": "dev" } }\n');
    const dev = await client.waitForDiagnostics(template, (d) => d.length > 0);
    assert.deepEqual(codes(dev), ['RDS101', 'RDS201']);
    assert.match(dev.find((d) => d.code === 'RDS101')!.message, /a deployment input/);

    // A keystroke in the resource (the incremental path) keeps reading the new value.
    const text = client.texts.get(template)!;
    client.change(template, text.replace('DBInstanceClass: db.m6g.large', 'DBInstanceClass: db.m6g.xlarge'));
    assert.deepEqual(codes(await client.waitForDiagnostics(template)), ['RDS101', 'RDS201']);

    changedOnDisk('{ "Parameters": { "Env": "prod" } }\n');
    assert.deepEqual(codes(await client.waitForDiagnostics(template, (d) => d.length === 0)), []);
  });

  it('open in the editor: its text wins, typing in it changes the findings, closing it goes back to the disk', async () => {
    client.open(paramsUri, '{ "Parameters": { "Env": "prod" } }\n', 'json');
    client.change(paramsUri, '{ "Parameters": { "Env": "dev" } }\n');
    assert.deepEqual(codes(await client.waitForDiagnostics(template, (d) => d.length > 0)), ['RDS101', 'RDS201']);
    client.close(paramsUri);
    // On disk it still says prod.
    assert.deepEqual(codes(await client.waitForDiagnostics(template, (d) => d.length === 0)), []);
  });
});
