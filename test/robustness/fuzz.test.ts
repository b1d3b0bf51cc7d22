/**
 * Property-based fuzzing with fast-check: random edits of real templates (the
 * project's fixtures and a sample of ../shared/corpus) and random values at
 * random places of a template's structure, through parser, model, rules and
 * fixes. Properties:
 *  - nothing throws;
 *  - every finding range and related range lies inside its document;
 *  - every fix's edits lie inside the document and do not overlap;
 *  - a fix applied to a document that parsed leaves one that still parses
 *    as the same kind of template, and that finding (same rule, resource and
 *    message) is gone.
 *
 * Seeded and bounded for CI (about 200 runs in all, a few seconds). Longer:
 * `RDSCOPE_FUZZ_RUNS=5000` (total runs, split like the default), another
 * seed: `RDSCOPE_FUZZ_SEED=123`. A failure prints the seed and the shrunk
 * counterexample (fast-check's `path` replays it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { CORPUS, CORPUS_MISSING_MESSAGE, CORPUS_PRESENT, FIXTURES, REPO_ROOT } from '../helpers';
import { mutate, mutation } from './mutations';
import { assertFixesRoundTrip, lintChecked, templateFiles } from './support';

const TOTAL_RUNS = Number(process.env.RDSCOPE_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.RDSCOPE_FUZZ_SEED ?? 20_240_607);
const runs = (share: number) => Math.max(1, Math.round(TOTAL_RUNS * share));
const LONG = TOTAL_RUNS > 1000;
console.log(`fuzz: ${TOTAL_RUNS} runs in all, seed ${SEED} (RDSCOPE_FUZZ_RUNS / RDSCOPE_FUZZ_SEED to change)`);

// Fixtures: every template the project ships (hostile ones included). Large files slow each run without adding shapes.
const FIXTURE_FILES = templateFiles(FIXTURES, 64 * 1024);
// Corpus: a fixed, spread sample in CI; every file under 64 KB in the long mode.
const CORPUS_ALL = CORPUS_PRESENT ? templateFiles(CORPUS, 64 * 1024) : [];
const CORPUS_FILES = LONG ? CORPUS_ALL : CORPUS_ALL.filter((_, i) => i % 6 === 0);

const texts = new Map<string, string>();
const textOf = (path: string) => {
  let t = texts.get(path);
  if (t === undefined) { t = readFileSync(path, 'utf8'); texts.set(path, t); }
  return t;
};

/** The file's name as the engine sees it; a `.tf.json` stays one so detection by name still applies. */
const uriOf = (path: string) => relative(REPO_ROOT, path);

function checkMutated(path: string, mutations: readonly Mutation[]): void {
  const text = mutations.reduce(mutate, textOf(path));
  const uri = uriOf(path);
  const result = lintChecked([{ uri, text }], `${uri} after ${mutations.length} edit(s)`);
  assertFixesRoundTrip(result, uri);
}

function propertyOverFiles(files: readonly string[]) {
  return fc.property(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 5 }), (path, mutations) => {
    checkMutated(path, mutations);
  });
}

// ---------------------------------------------------------------------------
// Shape mutations: a random JSON value at a random place of a template's structure

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into a JSON value (objects by key, arrays by index), the root included. */
function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function replaceAt(value: Json, path: readonly (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === head ? replaceAt(v, rest, replacement) : v]));
  return value;
}

/** Values a template must survive anywhere: wrong types, intrinsics with wrong arity, Terraform expressions. */
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Json>(
    null, 42, -1, 2.5, 1e300, true, '', 'x', [], {}, [null], [[]], { '': null },
    { Ref: ['a', 'b'] }, { Ref: 42 }, { 'Fn::GetAtt': { a: 'b' } }, { 'Fn::GetAtt': [] }, { 'Fn::Sub': 42 }, { 'Fn::Sub': [] },
    { 'Fn::If': ['only'] }, { 'Fn::If': [] }, { 'Fn::Join': ['', 'x'] }, { 'Fn::Select': ['9', []] }, { 'Fn::FindInMap': [1] },
    { 'Fn::Bogus': 1 }, { Condition: 42 }, { Ref: 'AWS::NoValue' },
    '${', '${var.missing}', '${local.a}', '${aws_db_instance.x[99].id}', '${count.index}', '${each.value}', '${1 + }', '%{ if x }',
  ) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);

const JSON_FILES = FIXTURE_FILES.filter((p) => p.endsWith('.json') && (() => { try { JSON.parse(textOf(p)); return true; } catch { return false; } })());

function checkReshaped(path: string, picks: readonly { at: number; value: Json }[], indent: number): void {
  let value = JSON.parse(textOf(path)) as Json;
  for (const pick of picks) {
    const paths = pathsOf(value);
    value = replaceAt(value, paths[pick.at % paths.length], pick.value);
  }
  const text = JSON.stringify(value, null, indent);
  const uri = uriOf(path);
  const result = lintChecked([{ uri, text }], `${uri} reshaped`);
  assertFixesRoundTrip(result, uri);
}

// ---------------------------------------------------------------------------

describe('fuzz: random edits of templates never break the engine', () => {
  it(`fixtures (${FIXTURE_FILES.length} files)`, () => {
    assert.ok(FIXTURE_FILES.length > 50, 'the fixtures are found');
    fc.assert(propertyOverFiles(FIXTURE_FILES), { seed: SEED, numRuns: runs(0.4) });
  });

  it('corpus sample', (t) => {
    if (!CORPUS_PRESENT) { t.skip(CORPUS_MISSING_MESSAGE); return; }
    console.log(`fuzz: corpus ${CORPUS_FILES.length} of ${CORPUS_ALL.length} files`);
    fc.assert(propertyOverFiles(CORPUS_FILES), { seed: SEED + 1, numRuns: runs(0.25) });
  });

  it('the files of one fixture folder linted together, one of them edited (cross-file links to broken partners)', () => {
    // Folders of related templates (a rule's fixtures, a cross-file pair); not the hostile ones, which hold an alias bomb each time.
    const folders = [...new Set(FIXTURE_FILES.map(dirname))].filter((d) => {
      const n = FIXTURE_FILES.filter((f) => dirname(f) === d).length;
      return n > 1 && n <= 12 && basename(d) !== 'hostile';
    });
    fc.assert(fc.property(fc.constantFrom(...folders), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (folder, which, mutations) => {
      const files = FIXTURE_FILES.filter((f) => dirname(f) === folder);
      const edited = files[which % files.length];
      const docs = files.map((f) => ({ uri: uriOf(f), text: f === edited ? mutations.reduce(mutate, textOf(f)) : textOf(f) }));
      const result = lintChecked(docs, `${uriOf(folder)} with ${basename(edited)} edited`);
      // Each fix re-lints the whole folder: round-trip the fixes of the edited file, and a few others.
      assertFixesRoundTrip(result, uriOf(folder), (f, i) => f.file === uriOf(edited) || i % 7 === which % 7);
    }), { seed: SEED + 2, numRuns: runs(0.15) });
  });

  it('random values at random places of JSON templates (CloudFormation, Terraform JSON, plans)', () => {
    fc.assert(fc.property(
      fc.constantFrom(...JSON_FILES),
      fc.array(fc.record({ at: fc.nat(), value: hostileValue }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(0, 2),
      checkReshaped,
    ), { seed: SEED + 3, numRuns: runs(0.2) });
  });
});

describe('fuzz: positions agree with the editor', () => {
  it('LineIndex gives the positions vscode-languageserver-textdocument gives, for any mix of \\n, \\r\\n and lone \\r', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '\n', '\r', '\r\n', '\t'), maxLength: 60 });
    fc.assert(fc.property(text, (t) => {
      const index = new LineIndex(t);
      const doc = TextDocument.create('file:///x.yaml', 'yaml', 1, t);
      assert.equal(index.lineCount, doc.lineCount, `line count of ${JSON.stringify(t)}`);
      for (let o = 0; o <= t.length; o++) {
        assert.deepEqual(index.positionAt(o), doc.positionAt(o), `position of ${o} in ${JSON.stringify(t)}`);
      }
      for (let line = 0; line < doc.lineCount; line++) {
        assert.equal(index.offsetAt({ line, character: 0 }), doc.offsetAt({ line, character: 0 }), `start of line ${line} in ${JSON.stringify(t)}`);
      }
    }), { seed: SEED + 4, numRuns: runs(0.5) });
  });
});
