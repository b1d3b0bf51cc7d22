/**
 * The .vsix stays lean: `vsce package --no-dependencies` (dependencies are
 * bundled by esbuild) and its file list holds only the bundles, schemas, rule
 * docs, icon, README, CHANGELOG and LICENSE: no sources, tests, source maps
 * or node_modules. Needs a built dist/ (`node esbuild.mjs`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers';

interface ZipEntry { name: string; method: number; compressedSize: number; offset: number }

/** The central directory of a zip file (enough of the format for a .vsix). */
function zipEntries(zip: Buffer): ZipEntry[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const offset = zip.readUInt32LE(at + 42);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), method, compressedSize, offset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(zip: Buffer, e: ZipEntry): string {
  const nameLength = zip.readUInt16LE(e.offset + 26);
  const extraLength = zip.readUInt16LE(e.offset + 28);
  const data = zip.subarray(e.offset + 30 + nameLength + extraLength, e.offset + 30 + nameLength + extraLength + e.compressedSize);
  return (e.method === 8 ? inflateRawSync(data) : data).toString('utf8');
}

describe('the .vsix package', () => {
  let dir: string;
  let zip: Buffer;
  let names: string[];
  before(() => {
    assert.ok(existsSync(join(REPO_ROOT, 'dist', 'extension.js')) && existsSync(join(REPO_ROOT, 'dist', 'server.js')), 'build first: node esbuild.mjs');
    dir = mkdtempSync(join(tmpdir(), 'rdscope-vsix-'));
    const out = join(dir, 'rdscope.vsix');
    const vsce = join(REPO_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
    const run = spawnSync(vsce, ['package', '--no-dependencies', '-o', out], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    assert.equal(run.status, 0, `vsce package failed:\n${run.stdout}\n${run.stderr}`);
    zip = readFileSync(out);
    names = zipEntries(zip).map((e) => e.name);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds only dist bundles, schemas, docs, the icon, README, CHANGELOG and LICENSE', () => {
    const allowed = [
      /^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/,
      // vsce writes readme.md and changelog.md in lower case, and LICENSE as LICENSE.txt.
      /^extension\/package\.json$/, /^extension\/readme\.md$/i, /^extension\/changelog\.md$/i, /^extension\/LICENSE(\.txt)?$/,
      /^extension\/images\/icon\.png$/,
      /^extension\/dist\/[^/]+(\/[^/]+)*\.(js|css|wasm|html|json)$/,
      /^extension\/schemas\/[^/]+\.json$/,
      /^extension\/docs\/.+\.md$/,
    ];
    const unexpected = names.filter((n) => !allowed.some((re) => re.test(n)));
    assert.deepEqual(unexpected, [], 'nothing else is packaged');
    for (const forbidden of [/node_modules\//, /\.ts$/, /\.map$/, /^extension\/(test|server|client|scripts|bench)\//, /\.test-build/]) {
      assert.deepEqual(names.filter((n) => forbidden.test(n)), [], `nothing matches ${forbidden}`);
    }
  });

  it('has everything the extension needs to run', () => {
    for (const needed of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/images/icon.png', 'extension/readme.md', 'extension/changelog.md', 'extension/docs/rules/RDS201.md']) {
      assert.ok(names.some((n) => n.toLowerCase() === needed.toLowerCase()), `${needed} is packaged`);
    }
    assert.ok(names.some((n) => /^extension\/LICENSE(\.txt)?$/.test(n)), 'the license is packaged');
    const entries = zipEntries(zip);
    const manifest = JSON.parse(readEntry(zip, entries.find((e) => e.name === 'extension/package.json')!));
    assert.equal(manifest.main, './dist/extension.js');
    assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml', 'onLanguage:json', 'onLanguage:terraform', 'workspaceContains:**/*.tf.json', 'workspaceContains:**/*.tf']);
    assert.equal(manifest.engines.vscode, '^1.91.0');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces, { supported: true });
    const commands = manifest.contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`);
    for (const title of ['rdscope: Lint workspace', 'rdscope: Show RDS topology', 'rdscope: Fix all in file', 'rdscope: Open rule documentation', 'rdscope: Select deployment']) {
      assert.ok(commands.includes(title), `${title} is in the palette`);
    }
    const settings = Object.keys(manifest.contributes.configuration.properties);
    for (const s of ['rdscope.enable', 'rdscope.rules', 'rdscope.maxReplicas', 'rdscope.include', 'rdscope.exclude', 'rdscope.deployment']) assert.ok(settings.includes(s), s);
  });
});
