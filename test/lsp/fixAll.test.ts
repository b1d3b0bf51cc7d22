/**
 * Fix-all in the real language server (over stdio) on YAML, JSON and HCL
 * style variants: `source.fixAll.rdscope` (fix on save) and `rdscope/fixAll`
 * ("Fix all in file") leave a file that still parses, apply every fix and no
 * suggestion, and give byte for byte what `rdscope lint --fix` writes (one
 * planner: server/src/fix/plan.ts). Spawns dist/server.js and dist/cli.js:
 * build first (`node esbuild.mjs`).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { rdscope, tempDir } from '../cli/cliHarness';
import { fixture, readFixture, REPO_ROOT } from '../helpers';
import { TestClient, toUri } from './client';

type Variant = { readonly name: string; readonly make: (text: string) => string };

const indentTwice = (t: string) => t.replace(/^( +)/gm, (s) => s + s);
const COMMON: readonly Variant[] = [
  { name: 'as written', make: (t) => t },
  { name: 'CRLF', make: (t) => t.replace(/\n/g, '\r\n') },
  { name: 'no final newline', make: (t) => t.replace(/\n$/, '') },
  { name: 'trailing blank lines', make: (t) => `${t}\n\n` },
  { name: 'indented twice as deep', make: indentTwice },
];
const YAML_ONLY: readonly Variant[] = [
  { name: 'trailing comment', make: (t) => `${t}# end of the template\n` },
  { name: 'comment after the last property', make: (t) => t.replace(/\n$/, '   # last one\n') },
  { name: 'document markers', make: (t) => `---\n${t}...\n` },
  { name: 'quoted keys', make: (t) => t.replace(/^(\s+)(Type|Properties|DeletionPolicy|Engine):/gm, '$1"$2":') },
  { name: 'explicit keys', make: (t) => t.replace(/^ {2}(Ledger|Reports):$/gm, '  ? $1\n  :') },
  { name: 'comments between keys', make: (t) => t.replace(/^( +)Properties:/gm, '$1# the settings\n$1Properties:') },
];
const JSON_ONLY: readonly Variant[] = [
  { name: 'tabs', make: (t) => t.replace(/^( +)/gm, (s) => '\t'.repeat(s.length / 2)) },
  { name: 'one line', make: (t) => JSON.stringify(JSON.parse(t)) },
];
const HCL_ONLY: readonly Variant[] = [
  { name: 'not aligned', make: (t) => t.replace(/ +=/g, ' =') },
  { name: 'tabs', make: (t) => t.replace(/^ {2}/gm, '\t') },
  { name: 'comment lines in the body', make: (t) => t.replace(/^(\s+)(multi_az)/m, '$1# zone settings\n$1$2') },
];

const CASES = [
  { base: 'ledger.yaml', languageId: 'yaml', variants: [...COMMON, ...YAML_ONLY], fixOnly: ['RDS102', 'RDS105', 'RDS106', 'RDS202'], suggestions: ['RDS201'] },
  { base: 'ledger.json', languageId: 'json', variants: [...COMMON, ...JSON_ONLY], fixOnly: ['RDS102', 'RDS105', 'RDS106', 'RDS202'], suggestions: ['RDS201'] },
  { base: 'custom.tf', languageId: 'terraform', variants: [...COMMON, ...HCL_ONLY], fixOnly: ['RDS102', 'RDS202'], suggestions: [] },
] as const;

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => String(d.code)).sort();

describe('fix-all through the language server (style variants)', () => {
  let client: TestClient;
  const dir = tempDir('rdscope-fixall-');
  const files: { name: string; path: string; text: string; languageId: string; fixOnly: readonly string[]; suggestions: readonly string[] }[] = [];
  for (const c of CASES) {
    const text = readFixture('fix-variants', c.base);
    c.variants.forEach((v, i) => {
      const ext = c.base.slice(c.base.indexOf('.'));
      const path = join(dir, `${c.base.slice(0, c.base.indexOf('.'))}-${i}${ext}`);
      files.push({ name: `${c.base}: ${v.name}`, path, text: v.make(text), languageId: c.languageId, fixOnly: c.fixOnly, suggestions: c.suggestions });
    });
  }
  for (const f of files) writeFileSync(f.path, f.text);
  // What `rdscope lint --fix` makes of every variant (in one run: the same planner, file by file).
  const cli = rdscope(['lint', '.', '--fix', '--format', 'json'], { cwd: dir });
  const cliFixed = new Map(files.map((f) => [f.path, readFileSync(f.path, 'utf8')]));
  for (const f of files) writeFileSync(f.path, f.text);

  before(async () => { client = await TestClient.start({ workspaceFolders: [] }); });
  after(async () => { await client.stop(); });

  it('the CLI fixed every variant', () => {
    assert.match(cli.stderr, /fixed \d+ problem\(s\) in \d+ file\(s\)/);
    for (const f of files) assert.notEqual(cliFixed.get(f.path), f.text, `${f.name}: --fix changed it`);
  });

  for (const [index, f] of files.entries()) {
    const { name } = f;
    const command = index % 2 === 0 ? 'source.fixAll.rdscope' : 'rdscope/fixAll';
    it(`${name} (${command})`, async () => {
      const uri = toUri(f.path);
      client.open(uri, f.text, f.languageId);
      const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0);
      for (const id of [...f.fixOnly, ...f.suggestions]) assert.ok(codes(ds).includes(id), `${name}: ${id} reported before (${codes(ds)})`);
      const edit = command === 'source.fixAll.rdscope'
        ? (await client.codeActions(uri, [], { only: ['source.fixAll.rdscope'] }))[0]?.edit
        : await client.request<Parameters<TestClient['applyWorkspaceEdit']>[0] | null>('rdscope/fixAll', { uri });
      assert.ok(edit, `${name}: a fix-all edit`);
      client.applyWorkspaceEdit(edit);
      const fixed = client.texts.get(uri)!;
      const after = await client.waitForDiagnostics(uri);
      assert.deepEqual(codes(after).filter((c) => c === 'RDS000'), [], `${name}: still parses:\n${fixed}`);
      for (const id of f.fixOnly) assert.ok(!codes(after).includes(id), `${name}: ${id} fixed:\n${fixed}`);
      for (const id of f.suggestions) assert.ok(codes(after).includes(id), `${name}: ${id} is a suggestion, not applied`);
      assert.equal(fixed, cliFixed.get(f.path), `${name}: the editor writes what --fix writes`);
      client.close(uri);
    });
  }
});

describe('fix-all on examples/cloudformation/orders.yaml (broke on save before one planner)', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start({ workspaceFolders: [] }); });
  after(async () => { await client.stop(); });

  it('applies the fixes, keeps the suggestions as quick fixes, and the file parses', async () => {
    const path = join(REPO_ROOT, 'examples', 'cloudformation', 'orders.yaml');
    const text = readFileSync(path, 'utf8');
    const uri = toUri(join(tempDir('rdscope-orders-'), 'orders.yaml'));
    client.open(uri, text);
    const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const policy = await client.codeActions(uri, ds.filter((d) => d.code === 'RDS106'));
    assert.equal(policy.find((a) => a.title === 'Set UpdateReplacePolicy: Snapshot')?.isPreferred, true, 'a fix is the preferred action');
    const [action] = await client.codeActions(uri, [], { only: ['source.fixAll.rdscope'] });
    client.applyWorkspaceEdit(action.edit!);
    const fixed = client.texts.get(uri)!;
    const after = await client.waitForDiagnostics(uri);
    assert.deepEqual(codes(after).filter((c) => c === 'RDS000'), []);
    assert.equal(fixed, text.replace('      StorageEncrypted: true\n', '      StorageEncrypted: true\n    UpdateReplacePolicy: Snapshot\n'));
    // Multi-AZ, backups and TLS change the running database: quick fixes, one by one.
    const multiAz = ds.find((d) => d.code === 'RDS201')!;
    const quick = await client.codeActions(uri, after.filter((d) => d.code === 'RDS201'));
    assert.ok(multiAz && quick.some((a) => a.title === 'Set MultiAZ: true' && a.kind === 'quickfix' && !a.isPreferred), 'a suggestion: offered, not preferred');

  });
});

describe('fix-all in a .tf file keeps the block\'s = alignment', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start({ workspaceFolders: [] }); });
  after(async () => { await client.stop(); });

  it('inserts auto_minor_version_upgrade in the column of the other =', async () => {
    const path = fixture('fix-variants', 'custom.tf');
    const text = readFileSync(path, 'utf8');
    const uri = toUri(join(tempDir('rdscope-tf-'), 'custom.tf'));
    client.open(uri, text, 'terraform');
    await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'RDS401'));
    const [action] = await client.codeActions(uri, [], { only: ['source.fixAll'] });
    assert.ok(action, 'fix-all is offered for .tf');
    client.applyWorkspaceEdit(action.edit!);
    assert.match(client.texts.get(uri)!, /\n {2}final_snapshot_identifier {3}= "custom-final"\n {2}auto_minor_version_upgrade {2}= false\n\}/);
  });

  it('"Fix all in file" is in the command palette for Terraform too', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const entry = pkg.contributes.menus.commandPalette.find((m: { command: string }) => m.command === 'rdscope.fixAllInFile');
    assert.match(entry.when, /editorLangId == terraform/);
  });
});
