/**
 * What the topology panel asks the language server (`rdscope/topology` with
 * `diagram: true`) for a Terraform file: the whole module of its folder, the
 * same resources `rdscope graph FOLDER` draws. Real server over stdio, real files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DiagramInput } from '../../server/src/diagram/input';
import { fixture, REPO_ROOT } from '../helpers';
import { TestClient, toUri } from '../lsp/client';

describe('rdscope/topology for a Terraform file: the folder\'s module', () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdscope-tf-topology-'));
    cpSync(fixture('hcl', 'module'), join(dir, 'module'), { recursive: true });
    // A database no other file refers to: only the module brings it into main.tf's diagram.
    writeFileSync(join(dir, 'module', 'analytics.tf'), 'resource "aws_db_instance" "analytics" {\n  engine         = "postgres"\n  instance_class = "db.t4g.medium"\n}\n');
    client = await TestClient.start({ workspaceFolders: [dir], settings: (section) => (section === 'rdscope' ? {} : null) });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws every resource of the module from any of its files, as rdscope graph does for the folder', async () => {
    const main = join(dir, 'module', 'main.tf');
    client.open(toUri(main), readFileSync(main, 'utf8'));
    await client.waitForDiagnostics(toUri(main));
    const cli = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'rdscope.js'), 'graph', join(dir, 'module'), '--format', 'json'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    const expected = [...new Set((JSON.parse(cli.stdout) as { nodes: { resource?: string }[] }).nodes.map((n) => n.resource).filter(Boolean))].sort();
    assert.ok(expected.includes('aws_db_proxy.orders') && expected.includes('aws_db_instance.analytics'), expected.join(', '));
    const input = await client.request<DiagramInput>('rdscope/topology', { uri: toUri(main), diagram: true });
    const drawn = [...input.topology.instances, ...input.topology.clusters, ...input.topology.proxies, ...input.topology.proxyEndpoints].map((e) => e.id).sort();
    assert.deepEqual(drawn, expected);
  });
});
