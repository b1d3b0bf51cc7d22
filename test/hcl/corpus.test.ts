/**
 * The 49 Terraform HCL files of ../shared/corpus/hcl/: each parses without
 * errors and yields a model; its findings are kept in a reviewed snapshot
 * (test/hcl/findings.snapshot.json; after a deliberate change
 * `UPDATE_SNAPSHOTS=1`, then read the diff); and each gives the same
 * topology and findings as its mechanical Terraform JSON twin in
 * ../shared/corpus/tf-json-from-hcl/, which checks both providers against
 * each other.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeDocument, lintDocuments, type LintResult } from '../../server/src/lint';
import { topologyToJson } from '../../server/src/model/serialize';
import { initHcl, parseHcl } from '../../server/src/parse/hcl';
import { CORPUS, CORPUS_MISSING_MESSAGE, CORPUS_PRESENT, filesUnder, REPO_ROOT } from '../helpers';

const HCL = join(CORPUS, 'hcl');
const TWINS = join(CORPUS, 'tf-json-from-hcl');
const SNAPSHOT = join(REPO_ROOT, 'test', 'hcl', 'findings.snapshot.json');

function hclFiles(): string[] {
  return filesUnder(HCL, (name) => name.endsWith('.tf')).map((p) => relative(HCL, p));
}

const read = (path: string) => readFileSync(path, 'utf8');

/** What the equivalence compares: entities with their roles, edges, and findings by rule and resource. */
function topologyAndFindings(result: LintResult) {
  const t = result.topology;
  return {
    instances: t.instances.map((i) => `${i.id} ${i.role}`).sort(),
    clusters: t.clusters.map((c) => `${c.id} ${c.clusterKind}`).sort(),
    proxies: t.proxies.map((p) => p.id).sort(),
    edges: t.edges.map((e) => `${e.kind} ${e.from.id} -> ${e.to.id}`).sort(),
    findings: result.findings.map((f) => `${f.ruleId} ${f.resource ?? '-'}`).sort(),
    suppressed: result.suppressed.map((f) => `${f.ruleId} ${f.resource ?? '-'}`).sort(),
  };
}

/** The whole model as `rdscope model` prints it, without positions and file names (which differ by construction). */
function modelWithoutPositions(result: LintResult): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([k]) => !/range$|Range$|^file$|File$/.test(k)).map(([k, x]) => [k, strip(x)]));
    }
    return v;
  };
  return strip(topologyToJson(result.topology, () => undefined));
}

describe('corpus: Terraform HCL', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE }, () => {
  const files = CORPUS_PRESENT ? hclFiles() : [];
  before(async () => assert.ok(await initHcl()));

  it('holds the 49 HCL files the provenance lists', () => {
    const listed = read(join(CORPUS, 'PROVENANCE.tsv')).split('\n').filter((l) => l.split('\t')[4] === 'tf-hcl');
    assert.equal(listed.length, 49);
    assert.equal(files.length, 49);
  });

  it('every file parses without errors and yields a Terraform model', (t) => {
    const texts = files.map((f) => read(join(HCL, f)));
    const started = performance.now();
    for (const text of texts) parseHcl(text);
    t.diagnostic(`parsed and mapped ${texts.length} files (${texts.reduce((n, s) => n + s.length, 0)} characters) in ${Math.round(performance.now() - started)} ms`);
    files.forEach((f, i) => {
      const parsed = parseHcl(texts[i]);
      assert.deepEqual(parsed.problems, [], f);
      const doc = analyzeDocument({ uri: join(HCL, f), text: texts[i] });
      assert.equal(doc.problem, undefined, f);
      assert.equal(doc.kind, 'terraform', `${f}: ${doc.skipped}`);
      assert.ok(doc.model, f);
    });
  });

  it('every file gives the topology and findings of its Terraform JSON twin', () => {
    const differences: string[] = [];
    for (const f of files) {
      const hcl = lintDocuments([{ uri: join(HCL, f), text: read(join(HCL, f)) }]);
      const json = lintDocuments([{ uri: join(TWINS, `${f}.json`), text: read(join(TWINS, `${f}.json`)) }]);
      try {
        assert.deepEqual(topologyAndFindings(hcl), topologyAndFindings(json));
      } catch (error) {
        differences.push(`${f}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(differences, []);
  });

  it('every file gives the same whole model (values, unknowns and their reasons) as its twin', () => {
    for (const f of files) {
      const hcl = lintDocuments([{ uri: join(HCL, f), text: read(join(HCL, f)) }]);
      const json = lintDocuments([{ uri: join(TWINS, `${f}.json`), text: read(join(TWINS, `${f}.json`)) }]);
      assert.deepEqual(modelWithoutPositions(hcl), modelWithoutPositions(json), f);
    }
  });

  it('folders linted as modules give the same topology and findings as their twins\' folders', () => {
    const folders = [...new Set(files.map((f) => dirname(f)))];
    for (const folder of folders) {
      const members = files.filter((f) => dirname(f) === folder);
      const hcl = lintDocuments(members.map((f) => ({ uri: join(HCL, f), text: read(join(HCL, f)) })));
      const json = lintDocuments(members.map((f) => ({ uri: join(TWINS, `${f}.json`), text: read(join(TWINS, `${f}.json`)) })));
      assert.deepEqual(topologyAndFindings(hcl), topologyAndFindings(json), folder);
    }
  });

  it('findings match the reviewed snapshot (each folder linted as one module)', () => {
    const current: Record<string, string[]> = {};
    for (const folder of [...new Set(files.map((f) => dirname(f)))]) {
      const members = files.filter((f) => dirname(f) === folder);
      const result = lintDocuments(members.map((f) => ({ uri: f, text: read(join(HCL, f)) })));
      for (const f of members) {
        const doc = result.documents.get(f)!;
        const lines = result.findings.filter((x) => x.file === f).map((x) => {
          const p = doc.lineIndex.positionAt(x.range.start);
          return `${p.line + 1}:${p.character + 1} ${x.severity} ${x.ruleId} ${x.resource ?? '-'}`;
        });
        if (lines.length > 0) current[f] = lines;
      }
    }
    if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(SNAPSHOT)) {
      writeFileSync(SNAPSHOT, `${JSON.stringify(current, null, 2)}\n`);
      if (process.env.UPDATE_SNAPSHOTS !== '1') assert.fail(`${SNAPSHOT} did not exist: written now; review and commit it`);
      return;
    }
    const expected = JSON.parse(read(SNAPSHOT)) as Record<string, string[]>;
    for (const path of new Set([...Object.keys(expected), ...Object.keys(current)])) {
      assert.deepEqual(current[path] ?? [], expected[path] ?? [], `findings on ${path} changed (UPDATE_SNAPSHOTS=1 to accept)`);
    }
  });
});
