/** Shared by the HCL tests. */
import assert from 'node:assert/strict';
import { lintDocuments, type Finding, type LintResult } from '../../server/src/lint';
import { applyFixAndReparse } from '../rules/harness';

/**
 * The fix round trip, per finding: apply its edits, every edited file still
 * parses, and this finding (rule, resource, message) is gone. The rules
 * harness asks that every finding of the rule on the resource be gone, which
 * a rule reporting several problems on one resource (RDS401) cannot meet with
 * one fix. Returns the texts after the fix, by file.
 */
export function assertFindingFixed(result: LintResult, finding: Finding): Map<string, string> {
  const texts = applyFixAndReparse(result, finding);
  const after = lintDocuments([...texts].map(([uri, text]) => ({ uri, text })));
  const again = after.findings.filter((f) => f.ruleId === finding.ruleId && f.resource === finding.resource && f.message === finding.message);
  assert.deepEqual(again.map((f) => f.message), [], `${finding.ruleId} is gone from ${finding.resource} after "${finding.fix!.title}"`);
  return texts;
}
