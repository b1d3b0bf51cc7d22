/**
 * fix/plan.ts, the one planner of `--fix` and the editor's fix-all, on real
 * templates: inserts at one offset in a fixed order, overlapping fixes
 * dropped, and a fix that would break the file dropped on its own.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDocument, lintDocuments } from '../../server/src/lint';
import { planFixes, type CandidateFix } from '../../server/src/fix/plan';
import { REPO_ROOT } from '../helpers';

const ORDERS = readFileSync(join(REPO_ROOT, 'examples', 'cloudformation', 'orders.yaml'), 'utf8');

function candidates(uri: string, text: string): CandidateFix[] {
  return lintDocuments([{ uri, text }]).findings.flatMap((f) => (f.fix ? [{ id: f.ruleId, kind: f.fix.kind, edits: f.fix.edits }] : []));
}

const stillParses = (uri: string, text: string) => {
  const d = analyzeDocument({ uri, text });
  return !d.problem && d.kind !== undefined;
};

describe('fix planner (fix/plan.ts)', () => {
  it('orders two inserts at one offset deepest first: MultiAZ ends Properties, then UpdateReplacePolicy', () => {
    const fixes = candidates('orders.yaml', ORDERS);
    // Finding order puts RDS106 (resource level) before RDS201 (in Properties): both insert after `StorageEncrypted: true`.
    const ids = fixes.map((f) => f.id);
    assert.ok(ids.indexOf('RDS106') < ids.indexOf('RDS201'), `finding order: ${ids}`);
    const plan = planFixes({ fixes, textOf: () => ORDERS, stillParses });
    assert.deepEqual(plan.dropped.filter((d) => d.reason !== 'duplicate'), []);
    const after = plan.files[0].after;
    assert.match(after, /\n {6}StorageEncrypted: true\n {6}MultiAZ: true\n {4}UpdateReplacePolicy: Snapshot\n\n/);
    assert.ok(stillParses('orders.yaml', after));
    assert.equal(plan.files[0].edits.filter((e) => e.range.start === e.range.end && e.newText.includes('MultiAZ')).length, 1, 'one merged insert');
  });

  it('takes a fix once when two rules offer it, and drops a fix that overlaps one taken', () => {
    const text = ORDERS;
    const fixes = candidates('orders.yaml', text);
    const retention = fixes.filter((f) => f.edits.some((e) => text.slice(e.range.start, e.range.end) === '0'));
    assert.ok(retention.length >= 2, 'RDS101, RDS104 and RDS103 all set the retention');
    const clash: CandidateFix = { id: 'clash', kind: 'fix', edits: [{ ...retention[0].edits[0], newText: '3' }] };
    const plan = planFixes({ fixes: [...fixes, clash], textOf: () => text, stillParses });
    assert.ok(plan.dropped.some((d) => d.fix.id === 'clash' && d.reason === 'overlap'));
    assert.ok(plan.dropped.some((d) => d.reason === 'duplicate'));
    assert.match(plan.files[0].after, /BackupRetentionPeriod: 7\n/);
  });

  it('drops a fix that would break the file and keeps the others', () => {
    const fixes = candidates('orders.yaml', ORDERS).filter((f) => f.kind === 'fix');
    const breaking: CandidateFix = { id: 'bad', kind: 'fix', edits: [{ file: 'orders.yaml', range: { start: 0, end: 0 }, newText: '{ unclosed\n' }] };
    const plan = planFixes({ fixes: [breaking, ...fixes], textOf: () => ORDERS, stillParses });
    assert.deepEqual(plan.dropped.map((d) => [d.fix.id, d.reason]), [['bad', 'breaks-file']]);
    assert.deepEqual(plan.applied.map((f) => f.id), fixes.map((f) => f.id));
    assert.match(plan.files[0].after, /UpdateReplacePolicy: Snapshot/);
    assert.ok(plan.files[0].after.startsWith('AWSTemplateFormatVersion'));
  });

  it('skips fixes of files it may not edit, and changes nothing when nothing applies', () => {
    const fixes = candidates('orders.yaml', ORDERS);
    const plan = planFixes({ fixes, textOf: () => undefined, stillParses: () => { throw new Error('nothing to parse'); } });
    assert.deepEqual(plan.files, []);
    assert.deepEqual(plan.applied, []);
  });
});
