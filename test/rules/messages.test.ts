/**
 * Every finding's message fits the Problems panel: one sentence of at most
 * 120 characters (issue 16). The explanation and the remedy go to `detail`.
 * Lints every rule fixture on disk, each rule folder as one workspace.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixture } from '../helpers';
import { lintFiles } from './harness';

export const MAX_MESSAGE_LENGTH = 120;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/\.(ya?ml|json|template|tf)$/i.test(name)) out.push(p);
  }
  return out;
}

describe('rule messages are short', () => {
  const root = fixture('rules');
  for (const folder of readdirSync(root).sort()) {
    it(`${folder}: every message is one sentence of at most ${MAX_MESSAGE_LENGTH} characters, with a detail`, () => {
      const files = filesUnder(join(root, folder));
      // Each file alone (some folders hold alternatives of one resource) and the folder together (cross-file links).
      const results = [...files.map((f) => lintFiles([f])), lintFiles(files)];
      let seen = 0;
      for (const r of results) {
        for (const f of [...r.findings, ...r.suppressed]) {
          seen++;
          assert.ok(f.message.length <= MAX_MESSAGE_LENGTH, `${f.ruleId} on ${f.resource} in ${f.file}: ${f.message.length} characters: ${f.message}`);
          assert.ok(!/\n/.test(f.message), `${f.ruleId}: one line: ${f.message}`);
          if (f.ruleId !== 'RDS000' && f.ruleId !== 'RDS001') {
            assert.ok(f.detail && f.detail.length > f.message.length / 2, `${f.ruleId} on ${f.resource} has a detail (explanation and remedy): ${f.message}`);
            assert.ok(!/\.\s+\S/.test(f.message.replace(/\b(e\.g|i\.e|etc)\./g, '').replace(/\d\.\d/g, '')), `${f.ruleId}: one sentence: ${f.message}`);
          }
        }
      }
      assert.ok(seen > 0 || folder === 'recovery', `${folder} fixtures produce findings`);
    });
  }
});
