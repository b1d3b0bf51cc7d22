/**
 * "Diagnostics, quick fixes and hovers behave identically to the CLI on the
 * same files": every fixture template is opened in the server at once and
 * linted by `rdscope lint --format json` in one run (the same cross-file
 * links), and each finding must match a diagnostic: rule, severity, range,
 * message, related locations and the fix's edits. While the CLI has no
 * `--format json`, the engine it calls (lintDocuments) stands in.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { lintDocuments } from '../../server/src/lint';
import { initHcl } from '../../server/src/parse/hcl';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { recoveryProfile } from '../../server/src/rules/recovery';
import { filesUnder, FIXTURES, REPO_ROOT } from '../helpers';
import { TestClient, toUri } from './client';

interface Pos { line: number; character: number }
interface Expected {
  uri: string;
  ruleId: string;
  severity: number;
  message: string;
  range: { start: Pos; end: Pos };
  related: { uri: string; range: { start: Pos; end: Pos }; message: string }[];
  fix?: { title: string; edits: { uri: string; range: { start: Pos; end: Pos }; newText: string }[] };
}

const SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3 };
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

function templateFiles(): string[] {
  const out: string[] = [];
  for (const folder of ['lsp', 'rules', 'cloudformation', 'terraform-json', 'terraform-plan', 'hcl']) {
    if (existsSync(join(FIXTURES, folder))) out.push(...filesUnder(join(FIXTURES, folder), (name) => /\.(ya?ml|json|template|tf)$/i.test(name)));
  }
  return out;
}

/** The CLI's JSON report, or undefined when this CLI has no `--format json` yet. */
function cliFindings(files: string[]): Expected[] | undefined {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', ...files.map((f) => relative(REPO_ROOT, f))], {
    cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  let report: { findings: { file: string; ruleId: string; severity: string; message: string; range: R1; related: { file: string; range: R1; message: string }[]; fixes: { title: string; edits: { file: string; range: R1; newText: string }[] }[] }[] };
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return undefined;
  }
  type R1 = { start: { line: number; column: number }; end: { line: number; column: number } };
  const uri = (file: string) => toUri(isAbsolute(file) ? file : resolve(REPO_ROOT, file));
  const range = (r: R1) => ({ start: { line: r.start.line - 1, character: r.start.column - 1 }, end: { line: r.end.line - 1, character: r.end.column - 1 } });
  return report.findings.map((f) => ({
    uri: uri(f.file), ruleId: f.ruleId, severity: SEVERITY[f.severity], message: oneLine(f.message), range: range(f.range),
    related: f.related.map((r) => ({ uri: uri(r.file), range: range(r.range), message: oneLine(r.message) })),
    fix: f.fixes[0] ? { title: f.fixes[0].title, edits: f.fixes[0].edits.map((e) => ({ uri: uri(e.file), range: range(e.range), newText: e.newText })) } : undefined,
  }));
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

function fromDiagnostic(uri: string, d: Diagnostic): Expected {
  const data = d.data as { fix?: { title: string; edits: Expected['fix'] extends infer F ? F extends { edits: infer E } ? E : never : never } };
  return {
    uri, ruleId: String(d.code), severity: d.severity!, message: oneLine(d.message), range: d.range,
    related: (d.relatedInformation ?? []).map((r) => ({ uri: r.location.uri, range: r.location.range, message: oneLine(r.message) })),
    fix: data.fix ? { title: data.fix.title, edits: data.fix.edits } : undefined,
  };
}

const key = (e: Expected) => JSON.stringify([e.uri, e.range.start.line, e.range.start.character, e.ruleId, e.message]);
const sorted = (list: Expected[]) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe('LSP: identical to the CLI on the same files', () => {
  const files = templateFiles();
  let client: TestClient;
  let fromServer: Expected[] = [];
  before(async () => {
    client = await TestClient.start();
    for (const f of files) client.open(toUri(f), readFileSync(f, 'utf8'), f.endsWith('.json') ? 'json' : f.endsWith('.tf') ? 'terraform' : 'yaml');
    // A request that needs current results settles every open document first; the
    // diagnostics it publishes arrive before its answer.
    await client.request('rdscope/topology', {});
    for (const f of files) {
      const p = client.diagnostics.get(toUri(f));
      assert.ok(p, `diagnostics for ${f}`);
      fromServer.push(...p.diagnostics.map((d) => fromDiagnostic(toUri(f), d)));
    }
    fromServer = sorted(fromServer);
  });
  after(async () => { await client.stop(); });

  it(`covers a real set of templates (${files.length} files)`, () => {
    assert.ok(files.length >= 20, `${files.length} fixture templates`);
    assert.ok(fromServer.length >= 50, `${fromServer.length} diagnostics`);
  });

  it('same findings as the CLI: rule, severity, range, message, related locations, fix edits', async (t) => {
    let expected = cliFindings(files);
    if (!expected) {
      t.diagnostic('dist/cli.js has no --format json yet: compared with lintDocuments, the engine the CLI runs');
      expected = await engineFindings(files);
    }
    expected = sorted(expected);
    const expectedKeys = new Set(expected.map(key));
    const serverKeys = new Set(fromServer.map(key));
    const onlyServer = fromServer.filter((e) => !expectedKeys.has(key(e))).map(key);
    const onlyCli = expected.filter((e) => !serverKeys.has(key(e))).map(key);
    assert.deepEqual({ onlyServer: onlyServer.slice(0, 10), onlyCli: onlyCli.slice(0, 10) }, { onlyServer: [], onlyCli: [] }, `${onlyServer.length} diagnostics only in the server, ${onlyCli.length} findings only in the CLI`);
    assert.equal(fromServer.length, expected.length, 'as many diagnostics as findings');
    for (let i = 0; i < expected.length; i++) assert.deepEqual(fromServer[i], expected[i]);
  });
});

describe('LSP: hovers show the engine\'s recovery profile', () => {
  const files = templateFiles().filter((f) => !f.includes('hostile'));
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
    for (const f of files) client.open(toUri(f), readFileSync(f, 'utf8'), f.endsWith('.json') ? 'json' : f.endsWith('.tf') ? 'terraform' : 'yaml');
    await client.request('rdscope/topology', {});
  });
  after(async () => { await client.stop(); });

  it('every database hover carries the recovery estimates recoveryProfile() computes for it', async () => {
    await initHcl();
    // In path order, as the CLI and the server link them (the linker's tie-breaks follow the order).
    const docs = files.map((f) => ({ uri: toUri(f), text: readFileSync(f, 'utf8') })).sort((a, b) => (a.uri < b.uri ? -1 : 1));
    const result = lintDocuments(docs);
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
