/**
 * Every file of ../shared/corpus/ goes through the real engine without
 * throwing, and ten files have hand-checked topologies (counted by reading
 * the templates, not by running rdscope).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDocument, lintDocuments } from '../../server/src/lint';
import { CORPUS, CORPUS_MISSING_MESSAGE, CORPUS_PRESENT, REPO_ROOT } from '../helpers';

interface CorpusEntry { readonly path: string; readonly format: string; readonly parses: boolean }

function corpusEntries(): CorpusEntry[] {
  const lines = readFileSync(join(CORPUS, 'PROVENANCE.tsv'), 'utf8').trim().split('\n');
  const header = lines[0].split('\t');
  const col = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return { path: cells[col('corpus_path')], format: cells[col('format')], parses: cells[col('parses')] === 'yes' };
  });
}

describe('corpus: every file', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE }, () => {
  const entries = CORPUS_PRESENT ? corpusEntries() : [];

  it('lists the corpus (sanity: the provenance file is read)', () => {
    assert.ok(entries.length >= 200, `${entries.length} corpus entries`);
  });

  for (const format of ['cfn-yaml', 'cfn-json', 'tf-json', 'tf-plan-json']) {
    it(`reads every ${format} file: a model when it parses, a located RDS000 when it does not`, () => {
      const files = entries.filter((e) => e.format === format);
      assert.ok(files.length > 0);
      for (const entry of files) {
        const text = readFileSync(join(CORPUS, entry.path), 'utf8');
        const doc = analyzeDocument({ uri: entry.path, text });
        if (entry.parses) {
          assert.equal(doc.problem, undefined, `${entry.path}: ${doc.problem?.message}`);
          assert.ok(doc.model, `${entry.path} is detected as a template (${doc.skipped})`);
          const expected = format.startsWith('cfn') ? 'cloudformation' : format === 'tf-json' ? 'terraform' : 'terraform-plan';
          assert.equal(doc.kind, expected, entry.path);
        } else {
          assert.ok(doc.problem, `${entry.path} does not parse upstream: RDS000`);
          assert.ok(doc.problem.range.start <= text.length);
        }
        // The whole pipeline (link + rules) must not throw either.
        lintDocuments([{ uri: entry.path, text }]);
      }
    });
  }
});

/** Topologies counted by reading the templates, not by running rdscope: path, counts, edges and why. */
const HAND_CHECKED: { path: string; instances: number; clusters: number; proxies: number; edges: string[]; why: string }[] = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'corpus', 'hand-checked.json'), 'utf8'));

describe('corpus: hand-checked topologies', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE }, () => {
  for (const expected of HAND_CHECKED) {
    it(`${expected.path} (${expected.why})`, () => {
      const text = readFileSync(join(CORPUS, expected.path), 'utf8');
      const { topology, documents } = lintDocuments([{ uri: expected.path, text }]);
      assert.equal(documents.get(expected.path)?.problem, undefined);
      assert.equal(topology.instances.length, expected.instances, 'instances');
      assert.equal(topology.clusters.length, expected.clusters, 'clusters');
      assert.equal(topology.proxies.length, expected.proxies, 'proxies');
      assert.deepEqual(topology.edges.map((e) => `${e.kind}:${e.from.id}->${e.to.id}`).sort(), [...expected.edges].sort());
    });
  }

  it('tf-json-from-hcl/.../rds_cluster_instance_test.tf.json: 3 clusters, 15 members, 15 membership edges', () => {
    // Counted: 3 aws_rds_cluster; 15 aws_rds_cluster_instance blocks, one with a for_each
    // expression (not expanded: one entity); 1 member of aurora_io_optimized, 14 of default.
    const path = 'tf-json-from-hcl/infracost/internal/providers/terraform/aws/testdata/rds_cluster_instance_test/rds_cluster_instance_test.tf.json';
    const { topology } = lintDocuments([{ uri: path, text: readFileSync(join(CORPUS, path), 'utf8') }]);
    assert.equal(topology.clusters.length, 3);
    assert.equal(topology.instances.length, 15);
    const memberships = topology.edges.filter((e) => e.kind === 'membership');
    assert.equal(memberships.length, 15);
    assert.equal(memberships.filter((e) => e.from.id === 'aws_rds_cluster.default').length, 14);
  });
});
