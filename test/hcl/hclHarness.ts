/** Shared by the HCL tests. */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { analyzeDocument, lintDocuments, type Finding, type LintResult } from '../../server/src/lint';
import { applyEdits } from '../rules/harness';

/**
 * The fix round trip, per finding: apply its edits, every edited file still
 * parses, and this finding (rule, resource, message) is gone. The rules
 * harness asks that every finding of the rule on the resource be gone, which
 * a rule reporting several problems on one resource (RDS401) cannot meet with
 * one fix. Returns the texts after the fix, by file.
 */
export function assertFindingFixed(result: LintResult, finding: Finding): Map<string, string> {
  assert.ok(finding.fix, `${finding.ruleId} on ${finding.resource} offers a fix`);
  const texts = new Map<string, string>();
  for (const [uri, doc] of result.documents) texts.set(uri, doc.text);
  for (const file of new Set(finding.fix.edits.map((e) => e.file))) {
    texts.set(file, applyEdits(texts.get(file)!, finding.fix.edits.filter((e) => e.file === file)));
  }
  for (const file of new Set(finding.fix.edits.map((e) => e.file))) {
    const doc = analyzeDocument({ uri: file, text: texts.get(file)! });
    assert.equal(doc.problem, undefined, `${basename(file)} still parses after "${finding.fix.title}":\n${texts.get(file)}`);
    assert.ok(doc.model, `${basename(file)} is still a template after the fix`);
  }
  const after = lintDocuments([...texts].map(([uri, text]) => ({ uri, text })));
  const again = after.findings.filter((f) => f.ruleId === finding.ruleId && f.resource === finding.resource && f.message === finding.message);
  assert.deepEqual(again.map((f) => f.message), [], `${finding.ruleId} is gone from ${finding.resource} after "${finding.fix.title}"`);
  return texts;
}
