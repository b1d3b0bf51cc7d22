/**
 * "Diagnostics, quick fixes and hovers behave identically to the CLI on the
 * same files": every fixture template is opened in the server at once and
 * linted by `rdscope lint --format json` in one run (the same cross-file
 * links), and each finding must match a diagnostic: rule, severity, range,
 * message, related locations and the fix's edits. While the CLI has no
 * `--format json`, the engine it calls (lintDocuments) stands in. With a
 * deployment selected: deployment.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileSystemSource } from '../../server/src/io/fileSource';
import { lintDocuments } from '../../server/src/lint';
import { initHcl } from '../../server/src/parse/hcl';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { recoveryProfile } from '../../server/src/rules/recovery';
import { filesUnder, FIXTURES, REPO_ROOT } from '../helpers';
import { TestClient, toUri } from './client';
import { assertSameFindings, cliFindings, oneLine, openAll, openAndCollect, SEVERITY, type Expected } from './parity';

function templateFiles(): string[] {
  const out: string[] = [];
  for (const folder of ['lsp', 'rules', 'cloudformation', 'terraform-json', 'terraform-plan', 'hcl']) {
    if (existsSync(join(FIXTURES, folder))) out.push(...filesUnder(join(FIXTURES, folder), (name) => /\.(ya?ml|json|template|tf)$/i.test(name)));
  }
  return out;
}

/** The engine the CLI calls, on the same files named by the same URIs. */
async function engineFindings(files: string[]): Promise<Expected[]> {
  await initHcl();
  const docs = files.map((f) => ({ uri: toUri(f), text: readFileSync(f, 'utf8') })).sort((a, b) => (a.uri < b.uri ? -1 : 1));
  const result = lintDocuments(docs);
  const index = new Map(docs.map((d) => [d.uri, new LineIndex(d.text)]));
  const range = (file: string, r: { start: number; end: number }) => ({ start: index.get(file)!.positionAt(r.start), end: index.get(file)!.positionAt(r.end) });
  return result.findings.map((f) => ({
    uri: f.file, ruleId: f.ruleId, severity: SEVERITY[f.severity], message: oneLine(f.message), range: range(f.file, f.range),
    related: f.related.map((r) => ({ uri: r.file, range: range(r.file, r.range), message: oneLine(r.message) })),
    fix: f.fix ? { title: f.fix.title, edits: f.fix.edits.map((e) => ({ uri: e.file, range: range(e.file, e.range), newText: e.newText })) } : undefined,
  }));
}

describe('LSP: identical to the CLI on the same files', () => {
  // Nested stacks included: a child template's findings come from its parent's expansion (Parent/Child), in both.
  const files = templateFiles();
  let client: TestClient;
  let fromServer: Expected[] = [];
  before(async () => {
    client = await TestClient.start();
    fromServer = await openAndCollect(client, files);
  });
  after(async () => { await client.stop(); });

  it(`covers a real set of templates (${files.length} files)`, () => {
    assert.ok(files.length >= 20, `${files.length} fixture templates`);
    assert.ok(fromServer.length >= 50, `${fromServer.length} diagnostics`);
    assert.ok(files.some((f) => f.includes('deployment/nested')), 'the nested stack fixtures');
  });

  it('same findings as the CLI: rule, severity, range, message, related locations, fix edits', async (t) => {
    let expected = cliFindings(files.map((f) => relative(REPO_ROOT, f)));
    if (!expected) {
      t.diagnostic('dist/cli.js has no --format json yet: compared with lintDocuments, the engine the CLI runs');
      expected = await engineFindings(files);
    }
    assertSameFindings(fromServer, expected);
  });
});

describe('LSP: hovers show the engine\'s recovery profile', () => {
  // The deployment project's .rdscope.yaml picks a deployment (its parameters); lintDocuments below runs without configuration.
  const files = templateFiles().filter((f) => !f.includes('hostile') && !f.includes('deployment/project'));
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
    await openAll(client, files);
  });
  after(async () => { await client.stop(); });

  it('every database hover carries the recovery estimates recoveryProfile() computes for it', async () => {
    await initHcl();
    // In path order, as the CLI and the server link them (the linker's tie-breaks follow the order).
    const docs = files.map((f) => ({ uri: toUri(f), text: readFileSync(f, 'utf8') })).sort((a, b) => (a.uri < b.uri ? -1 : 1));
    // Nested stacks' templates read from the disk, as the server reads them.
    const result = lintDocuments(docs, { files: fileSystemSource() });
    let checked = 0;
    for (const db of [...result.topology.instances, ...result.topology.clusters]) {
      const index = result.documents.get(db.file)!.lineIndex;
      const hover = await client.hover(db.file, index.positionAt(db.idRange.start));
      assert.ok(hover, `a hover on ${db.id} in ${db.file}`);
      const sections = (hover.contents as { value: string }).value.split('\n\n---\n\n');
      const md = sections.find((section) => section.startsWith(`**${db.id}**`));
      if (!md) {
        // The sixth and later instances of a `count` block are only named.
        assert.match(sections.at(-1)!, /^_and \d+ more instances/, `${db.id} in its hover`);
        continue;
      }
      const profile = recoveryProfile(db, result.topology);
      if (!profile) {
        assert.match(md, /\*\*Recovery\*\*: not estimated/);
        continue;
      }
      for (const f of profile.failures) assert.ok(md.includes(`| ${f.label} | ${f.rpo.value} | ${f.rto.value} |`), `${db.id} (${db.file}): ${f.label} ${f.rpo.value} / ${f.rto.value}\n${md}`);
      checked++;
    }
    assert.ok(checked >= 30, `${checked} databases checked`);
  });
});
