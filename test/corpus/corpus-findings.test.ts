/**
 * The findings on every corpus file, kept in a reviewed snapshot
 * (test/corpus/findings.snapshot.json) so every change in what fires shows up
 * in review. After a deliberate change: `UPDATE_SNAPSHOTS=1 npm run test:unit`,
 * then read the diff of the snapshot before committing it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/lint';
import { CORPUS, CORPUS_MISSING_MESSAGE, CORPUS_PRESENT, filesUnder, REPO_ROOT } from '../helpers';

const SNAPSHOT = join(REPO_ROOT, 'test', 'corpus', 'findings.snapshot.json');
const LINTED = /\.(ya?ml|json|template)$/i;

function corpusFiles(): string[] {
  return filesUnder(CORPUS, (name) => LINTED.test(name)).map((p) => relative(CORPUS, p));
}

/** One line per finding: stable, readable in a diff. */
function findingsOf(path: string): string[] {
  const text = readFileSync(join(CORPUS, path), 'utf8');
  const result = lintDocuments([{ uri: path, text }]);
  const doc = result.documents.get(path)!;
  return result.findings.map((f) => {
    const p = doc.lineIndex.positionAt(f.range.start);
    return `${p.line + 1}:${p.character + 1} ${f.severity} ${f.ruleId} ${f.resource ?? '-'}`;
  });
}

describe('corpus: findings snapshot', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE }, () => {
  it('matches the reviewed snapshot', () => {
    const current: Record<string, string[]> = {};
    for (const path of corpusFiles()) {
      const lines = findingsOf(path);
      if (lines.length > 0) current[path] = lines;
    }
    if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(SNAPSHOT)) {
      writeFileSync(SNAPSHOT, `${JSON.stringify(current, null, 2)}\n`);
      if (process.env.UPDATE_SNAPSHOTS !== '1') assert.fail(`${SNAPSHOT} did not exist: written now; review and commit it`);
      return;
    }
    const expected = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, string[]>;
    for (const path of new Set([...Object.keys(expected), ...Object.keys(current)])) {
      assert.deepEqual(current[path] ?? [], expected[path] ?? [], `findings on ${path} changed (UPDATE_SNAPSHOTS=1 to accept)`);
    }
  });
});
