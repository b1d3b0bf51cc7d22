/**
 * Linking is idempotent: the language server keeps each file's analysis and
 * links the workspace again after every edit, so a second linkTopology over
 * the same file models must give what the first gave, and forget links to a
 * file that left.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDocument, lintAnalyzed, type AnalyzedDocument } from '../../server/src/lint';
import { readFixture } from '../helpers';

const docs = (...names: string[]) => new Map<string, AnalyzedDocument>(names.map((n) => [n, analyzeDocument({ uri: n, text: readFixture('lsp', 'crossfile', n) })]));
const summary = (r: ReturnType<typeof lintAnalyzed>) => r.findings.map((f) => `${f.file} ${f.ruleId} ${f.resource} ${f.message}`);

describe('linkTopology on models it linked before', () => {
  it('gives the same topology and findings the second time', () => {
    const documents = docs('primary.yaml', 'replica.yaml');
    const first = lintAnalyzed(documents);
    const firstFindings = summary(first);
    const second = lintAnalyzed(documents);
    assert.deepEqual(summary(second), firstFindings);
    const primary = second.topology.instances.find((i) => i.id === 'Primary')!;
    assert.deepEqual(primary.replicas.map((r) => r.id), ['ShopReplica'], 'the replica is listed once');
    assert.equal(second.topology.edges.length, 1);
  });

  it('forgets a source whose file is gone', () => {
    const both = docs('primary.yaml', 'replica.yaml');
    lintAnalyzed(both);
    const replicaOnly = new Map([...both].filter(([k]) => k === 'replica.yaml'));
    const result = lintAnalyzed(replicaOnly);
    const replica = result.topology.instances.find((i) => i.id === 'ShopReplica')!;
    assert.equal(replica.replicationSource, undefined);
    assert.equal(replica.engine.known, false, 'the inherited engine is unknown again');
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'RDS103'), []);
  });
});
