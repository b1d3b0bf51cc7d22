/**
 * Comparing the language server with the CLI: the CLI's JSON report
 * (`rdscope lint --format json ...`, the real CLI as a child process) and the
 * server's diagnostics in one shape, LSP positions and URIs. A diagnostic's
 * fix is the quick fix the server offers for it (a code action request, as
 * the editor's light bulb asks); its edits are compared in document order.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../helpers';
import { toUri, type TestClient } from './client';

interface Pos { line: number; character: number }
export interface Expected {
  uri: string;
  ruleId: string;
  severity: number;
  message: string;
  range: { start: Pos; end: Pos };
  related: { uri: string; range: { start: Pos; end: Pos }; message: string }[];
  fix?: { title: string; edits: { uri: string; range: { start: Pos; end: Pos }; newText: string }[] };
}

export const SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3 };
export const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

type R1 = { start: { line: number; column: number }; end: { line: number; column: number } };
interface JsonReport {
  findings: { file: string; ruleId: string; severity: string; message: string; range: R1; related: { file: string; range: R1; message: string }[]; fixes: { title: string; edits: { file: string; range: R1; newText: string }[] }[] }[];
}

/** `rdscope lint --format json ARGS` run from the repository root; undefined when its output is not a JSON report. */
export function cliFindings(args: readonly string[]): Expected[] | undefined {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return undefined;
  }
  const uri = (file: string) => toUri(isAbsolute(file) ? file : resolve(REPO_ROOT, file));
  const range = (r: R1) => ({ start: { line: r.start.line - 1, character: r.start.column - 1 }, end: { line: r.end.line - 1, character: r.end.column - 1 } });
  return report.findings.map((f) => ({
    uri: uri(f.file), ruleId: f.ruleId, severity: SEVERITY[f.severity], message: oneLine(f.message), range: range(f.range),
    related: f.related.map((r) => ({ uri: uri(r.file), range: range(r.range), message: oneLine(r.message) })),
    fix: f.fixes[0] ? { title: f.fixes[0].title, edits: inDocumentOrder(f.fixes[0].edits.map((e) => ({ uri: uri(e.file), range: range(e.range), newText: e.newText }))) } : undefined,
  }));
}

type FixEdit = NonNullable<Expected['fix']>['edits'][number];

/** Edits by document, then position (a workspace edit groups them by document). */
function inDocumentOrder(edits: FixEdit[]): FixEdit[] {
  const key = (e: FixEdit) => [e.uri, e.range.start.line, e.range.start.character];
  return [...edits].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
}

/** The diagnostic as the server published it, with `fix` the quick fix it offers for it (quickFixOf), if any. */
export function fromDiagnostic(uri: string, d: Diagnostic, fix?: Expected['fix']): Expected {
  return {
    uri, ruleId: String(d.code), severity: d.severity!, message: oneLine(d.message), range: d.range,
    related: (d.relatedInformation ?? []).map((r) => ({ uri: r.location.uri, range: r.location.range, message: oneLine(r.message) })),
    fix,
  };
}

/** The quick fix the server offers for a diagnostic of `uri` (not the suppression it offers beside it); undefined: none. */
export async function quickFixOf(client: TestClient, uri: string, d: Diagnostic): Promise<Expected['fix']> {
  const actions: CodeAction[] = await client.codeActions(uri, [d], { only: ['quickfix'] });
  const fix = actions.find((a) => !a.title.startsWith('Suppress '));
  if (!fix?.edit) return undefined;
  const edits: FixEdit[] = [];
  for (const change of fix.edit.documentChanges ?? []) {
    if ('edits' in change) for (const e of change.edits as TextEdit[]) edits.push({ uri: change.textDocument.uri, range: e.range, newText: e.newText });
  }
  for (const [file, list] of Object.entries(fix.edit.changes ?? {})) for (const e of list) edits.push({ uri: file, range: e.range, newText: e.newText });
  return { title: fix.title, edits: inDocumentOrder(edits) };
}

export const findingKey = (e: Expected) => JSON.stringify([e.uri, e.range.start.line, e.range.start.character, e.ruleId, e.message]);
export const sortedFindings = (list: readonly Expected[]) => [...list].sort((a, b) => (findingKey(a) < findingKey(b) ? -1 : findingKey(a) > findingKey(b) ? 1 : 0));

const languageOf = (file: string) => (file.endsWith('.json') ? 'json' : file.endsWith('.tf') ? 'terraform' : 'yaml');

/** Opens `files` in the server and lets it settle: a request that needs current results publishes their diagnostics before it answers. */
export async function openAll(client: TestClient, files: readonly string[]): Promise<void> {
  for (const f of files) client.open(toUri(f), readFileSync(f, 'utf8'), languageOf(f));
  await client.request('rdscope/topology', {});
}

/** Opens `files` in the server and returns their diagnostics, sorted. */
export async function openAndCollect(client: TestClient, files: readonly string[]): Promise<Expected[]> {
  await openAll(client, files);
  return collect(client, files);
}

/** The diagnostics last published for `files`, each with its quick fix, sorted. */
export async function collect(client: TestClient, files: readonly string[]): Promise<Expected[]> {
  const out: Expected[] = [];
  for (const f of files) {
    const p = client.diagnostics.get(toUri(f));
    assert.ok(p, `diagnostics for ${f}`);
    for (const d of p.diagnostics) out.push(fromDiagnostic(toUri(f), d, await quickFixOf(client, toUri(f), d)));
  }
  return sortedFindings(out);
}

/** Same findings, one for one: rule, severity, range, message, related locations, fix edits. */
export function assertSameFindings(fromServer: readonly Expected[], expected: readonly Expected[]): void {
  const sortedExpected = sortedFindings(expected);
  const expectedKeys = new Set(sortedExpected.map(findingKey));
  const serverKeys = new Set(fromServer.map(findingKey));
  const onlyServer = fromServer.filter((e) => !expectedKeys.has(findingKey(e))).map(findingKey);
  const onlyCli = sortedExpected.filter((e) => !serverKeys.has(findingKey(e))).map(findingKey);
  assert.deepEqual({ onlyServer: onlyServer.slice(0, 10), onlyCli: onlyCli.slice(0, 10) }, { onlyServer: [], onlyCli: [] }, `${onlyServer.length} diagnostics only in the server, ${onlyCli.length} findings only in the CLI`);
  assert.equal(fromServer.length, sortedExpected.length, 'as many diagnostics as findings');
  for (let i = 0; i < sortedExpected.length; i++) assert.deepEqual(fromServer[i], sortedExpected[i]);
}
