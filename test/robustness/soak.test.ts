/**
 * Server soak: the real language server (`node dist/server.js --stdio`),
 * under the network/child-process guard, takes thousands of random edits to
 * several open documents (CloudFormation YAML and JSON, Terraform JSON, a
 * cross-file replica pair), incremental and full, with a request every few
 * edits (hover, code actions, rdscope/topology, fix-all). It must stay up,
 * answer every request, publish diagnostics for the final versions that
 * match a fresh lint of the final texts, touch no network, and keep its
 * memory flat (start and end RSS are printed).
 *
 * Seeded and bounded for CI (1,500 edits); longer: `RDSCOPE_SOAK_EDITS=20000`,
 * another seed: `RDSCOPE_SOAK_SEED=7`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { lintDocuments } from '../../server/src/lint';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { readFixture } from '../helpers';
import { SERVER, TestClient, toUri } from '../lsp/client';
import { writeGuard } from './guard';
import { mutate, mutation } from './mutations';
import { seededRandom } from './support';

const EDITS = Number(process.env.RDSCOPE_SOAK_EDITS ?? 1500);
const SEED = Number(process.env.RDSCOPE_SOAK_SEED ?? 20_240_607);
/** A request every this many edits. */
const REQUEST_EVERY = 15;
/** Every this many edits, the published diagnostics are compared with a fresh lint. */
const CHECK_EVERY = 150;
const RSS_GROWTH_LIMIT_MB = 150;
const SKIP = existsSync(SERVER) ? false : 'dist/server.js is missing: run `node esbuild.mjs` first';

const root = mkdtempSync(join(tmpdir(), 'rdscope-soak-'));
after(() => rmSync(root, { recursive: true, force: true }));

const DOCUMENTS: readonly { readonly name: string; readonly fixture: readonly string[]; readonly languageId: string }[] = [
  { name: 'orders.yaml', fixture: ['lsp', 'orders.yaml'], languageId: 'yaml' },
  { name: 'inventory.json', fixture: ['lsp', 'inventory.json'], languageId: 'json' },
  { name: 'billing.tf.json', fixture: ['lsp', 'billing.tf.json'], languageId: 'json' },
  { name: 'primary.yaml', fixture: ['lsp', 'crossfile', 'primary.yaml'], languageId: 'yaml' },
  { name: 'replica.yaml', fixture: ['lsp', 'crossfile', 'replica.yaml'], languageId: 'yaml' },
  { name: 'retention.yaml', fixture: ['rules', 'RDS102', 'retention.yaml'], languageId: 'yaml' },
];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  return kb / 1024;
}

/** LSP positions: `\n`, `\r\n` and a lone `\r` end lines (as the server's TextDocument counts them). */
const positionAt = (text: string, offset: number) => new LineIndex(text).positionAt(offset);

/**
 * The one replacement that turns `before` into `after` (common prefix and
 * suffix), widened so it never starts or ends between the `\r` and `\n` of
 * a line break: an LSP position cannot point there.
 */
function singleEdit(before: string, after: string): { start: number; end: number; newText: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < max - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  let end = before.length - tail;
  let newEnd = after.length - tail;
  const splitsCrlf = (t: string, i: number) => i > 0 && t[i - 1] === '\r' && t[i] === '\n';
  while (start > 0 && (splitsCrlf(before, start) || splitsCrlf(after, start) || isLowSurrogate(before, start) || isLowSurrogate(after, start))) start--;
  while ((splitsCrlf(before, end) || splitsCrlf(after, newEnd) || isLowSurrogate(before, end) || isLowSurrogate(after, newEnd)) && end < before.length && newEnd < after.length) { end++; newEnd++; }
  return { start, end, newText: after.slice(start, newEnd) };
}

function isLowSurrogate(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  return i > 0 && c >= 0xdc00 && c <= 0xdfff && t.charCodeAt(i - 1) >= 0xd800 && t.charCodeAt(i - 1) <= 0xdbff;
}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} got no answer in ${ms} ms`)), ms); });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A value a user would change in a working template (a number, a boolean) set to another: the template stays valid. */
function changeValue(text: string, random: () => number): string {
  const values = [...text.matchAll(/(?<=[:=]\s*"?)(true|false|\d+)(?=["\s,}\]]|$)/gm)];
  if (values.length === 0) return text;
  const m = values[Math.floor(random() * values.length)];
  const next = ['true', 'false', '0', '1', '7', '35', '36', '16'][Math.floor(random() * 8)];
  return text.slice(0, m.index) + next + text.slice(m.index! + m[0].length);
}

/** Settles every open document and compares its published diagnostics with a fresh lint of all of them. */
async function assertMatchesFreshLint(client: TestClient, texts: ReadonlyMap<string, string>, when: string): Promise<void> {
  await client.request('rdscope/topology', {});
  const fresh = lintDocuments([...texts].map(([uri, text]) => ({ uri, text })).sort((a, b) => (a.uri < b.uri ? -1 : 1)));
  for (const [uri, text] of texts) {
    const published = await client.waitForDiagnostics(uri, () => true, 60_000);
    const index = new LineIndex(text);
    const expected = fresh.findings.filter((f) => f.file === uri)
      .map((f) => key({ code: f.ruleId, message: f.message, range: { start: index.positionAt(f.range.start), end: index.positionAt(f.range.end) } }));
    assert.deepEqual(published.map(key).sort(), expected.sort(), `${when}: diagnostics of ${uri} match a fresh lint of its text:\n${text}`);
  }
}

/** A diagnostic as the engine would publish it, for comparison. */
const key = (d: { code?: unknown; message: string; range: Diagnostic['range'] }) =>
  `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message.replace(/\s+/g, ' ').trim()}`;

describe('soak: thousands of random edits over LSP', { skip: SKIP }, () => {
  it(`${EDITS} edits to ${DOCUMENTS.length} documents, a request every ${REQUEST_EVERY}: the server stays up, answers, matches a fresh lint, keeps its memory`, { timeout: Math.max(600_000, EDITS * 400) }, async () => {
    const guardLog = join(root, 'guard.log');
    const guard = writeGuard(root);
    const guardTrace = join(root, 'guard-trace.log');
    const saved = {
      NODE_OPTIONS: process.env.NODE_OPTIONS, RDSCOPE_GUARD_LOG: process.env.RDSCOPE_GUARD_LOG,
      RDSCOPE_GUARD_TRACE: process.env.RDSCOPE_GUARD_TRACE, RDSCOPE_GUARD_WORKSPACE: process.env.RDSCOPE_GUARD_WORKSPACE,
    };
    // The server inherits the environment: the guard is preloaded there, and nowhere in this process.
    process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ''} --require ${guard}`.trim();
    process.env.RDSCOPE_GUARD_LOG = guardLog;
    process.env.RDSCOPE_GUARD_TRACE = guardTrace;
    process.env.RDSCOPE_GUARD_WORKSPACE = root;
    let client: TestClient;
    try {
      for (const d of DOCUMENTS) writeFileSync(join(root, d.name), readFixture(...d.fixture));
      client = await TestClient.start({ workspaceFolders: [root] });
    } finally {
      for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
    }
    const started = Date.now();
    const random = seededRandom(SEED);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const edits = fc.sample(mutation, { seed: SEED, numRuns: EDITS });
    const pid = client.pid!;
    const originals = new Map(DOCUMENTS.map((d) => [toUri(join(root, d.name)), readFixture(...d.fixture)]));
    const texts = new Map(originals);
    let requests = 0;
    let answered = 0;
    let fullChanges = 0;
    let maxRss = 0;
    let checkpoints = 0;
    try {
      for (const d of DOCUMENTS) client.open(toUri(join(root, d.name)), texts.get(toUri(join(root, d.name)))!, d.languageId);
      await client.request('rdscope/topology', {});
      // Warm: every document linted once, so the start figure includes the engine's own footprint.
      for (const uri of texts.keys()) await client.waitForDiagnostics(uri, () => true, 60_000);
      const startRss = rssMb(pid);

      for (let i = 0; i < EDITS; i++) {
        const uri = pick([...texts.keys()]);
        const before = texts.get(uri)!;
        // Now and then a document goes back to its original (an undo-all), so edits keep meeting real templates;
        // a third of the edits are the kind a user makes to a working template (a value changed), which keep it valid.
        const r = random();
        const after = r < 0.04 ? originals.get(uri)! : r < 0.35 ? changeValue(before, random) : mutate(before, edits[i]);
        texts.set(uri, after);
        if (random() < 0.15) {
          fullChanges++;
          client.change(uri, after);
        } else {
          const e = singleEdit(before, after);
          client.edit(uri, [{ range: { start: positionAt(before, e.start), end: positionAt(before, e.end) }, newText: e.newText }]);
        }
        if ((i + 1) % REQUEST_EVERY === 0) {
          requests++;
          const target = pick([...texts.keys()]);
          const text = texts.get(target)!;
          const at = positionAt(text, Math.floor(random() * (text.length + 1)));
          const kind = Math.floor(random() * 4);
          const answer = kind === 0 ? client.hover(target, at)
            : kind === 1 ? client.codeActions(target, client.diagnostics.get(target)?.diagnostics ?? [], { range: { start: at, end: at } })
              : kind === 2 ? client.request('rdscope/topology', {})
                : client.request('rdscope/fixAll', { uri: target });
          await withDeadline(answer, 30_000, `request ${kind} after edit ${i + 1}`);
          answered++;
        }
        if (i % 100 === 0) maxRss = Math.max(maxRss, rssMb(pid));
        // Checkpoints: mid-stream too, what the server publishes is what a fresh lint finds.
        if ((i + 1) % CHECK_EVERY === 0) { await assertMatchesFreshLint(client, texts, `after edit ${i + 1}`); checkpoints++; }
        // Let the server's output drain now and then, as an editor's event loop would.
        if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
      }

      // Settle: diagnostics for every final version, equal to a fresh lint of the final texts.
      await assertMatchesFreshLint(client, texts, 'at the end');

      const endRss = rssMb(pid);
      maxRss = Math.max(maxRss, endRss);
      const seconds = (Date.now() - started) / 1000;
      console.log(`soak: ${EDITS} edits (${fullChanges} full, ${EDITS - fullChanges} incremental), ${requests} requests answered, ${checkpoints + 1} checks against a fresh lint, in ${seconds.toFixed(1)} s; ` +
        `server RSS start ${startRss.toFixed(1)} MB, end ${endRss.toFixed(1)} MB, max ${maxRss.toFixed(1)} MB (seed ${SEED})`);
      assert.equal(answered, requests, 'every request answered');
      assert.equal(client.hasExited, false, 'the server is alive');
      assert.ok(endRss < startRss + RSS_GROWTH_LIMIT_MB, `RSS ${startRss.toFixed(1)} MB -> ${endRss.toFixed(1)} MB grows by less than ${RSS_GROWTH_LIMIT_MB} MB`);
      assert.ok(readFileSync(guardTrace, 'utf8').includes(`"pid":${pid},`), 'the guard was loaded in the server');
      const violations = existsSync(guardLog) ? readFileSync(guardLog, 'utf8').trim() : '';
      assert.equal(violations, '', 'no network, no child process, no workspace code in the server');
    } finally {
      await client.stop();
    }
  });
});
