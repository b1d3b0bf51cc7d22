/**
 * Shared by every rule test: lint real files from disk through the real
 * engine, apply a fix's edits, and read the examples of a rule's doc page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { LintConfig } from '../../server/src/config/config';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import type { TextEdit } from '../../server/src/fix/edits';
import { analyzeDocument, lintDocuments, type Finding, type LintResult, type SourceDocument } from '../../server/src/lint';
import { fixture, REPO_ROOT } from '../helpers';

export function lintFiles(paths: string[], config: LintConfig = DEFAULT_CONFIG): LintResult {
  const docs: SourceDocument[] = paths.map((p) => ({ uri: p, text: readFileSync(p, 'utf8') }));
  return lintDocuments(docs, { config });
}

/** Lints fixture files (paths under test/fixtures/). */
export function lintFixtures(...relativePaths: string[]): LintResult {
  return lintFiles(relativePaths.map((p) => fixture(p)));
}

export function lintText(uri: string, text: string, config: LintConfig = DEFAULT_CONFIG): LintResult {
  return lintDocuments([{ uri, text }], { config });
}

export function findingsOf(result: LintResult, ruleId: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** Applies edits to one file's text, last edit first, as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/**
 * The fix round trip every fixable rule must pass: apply the finding's fix,
 * the file still parses as a template, and the finding (same rule, same
 * resource) is gone. Returns the fixed texts by file.
 */
export function assertFixRoundTrip(result: LintResult, finding: Finding): Map<string, string> {
  assert.ok(finding.fix, `${finding.ruleId} on ${finding.resource} offers a fix`);
  const texts = new Map<string, string>();
  for (const [uri, doc] of result.documents) texts.set(uri, doc.text);
  for (const file of new Set(finding.fix.edits.map((e) => e.file))) {
    texts.set(file, applyEdits(texts.get(file)!, finding.fix.edits.filter((e) => e.file === file)));
  }
  const after = lintDocuments([...texts].map(([uri, text]) => ({ uri, text })));
  for (const uri of texts.keys()) {
    const doc = analyzeDocument({ uri, text: texts.get(uri)! });
    assert.equal(doc.problem, undefined, `${basename(uri)} still parses after the fix:\n${texts.get(uri)}`);
  }
  const again = after.findings.filter((f) => f.ruleId === finding.ruleId && f.resource === finding.resource);
  assert.deepEqual(again.map((f) => f.message), [], `${finding.ruleId} is gone from ${finding.resource} after the fix`);
  return texts;
}

export type DocExampleKind = 'Failing: CloudFormation YAML' | 'Passing: CloudFormation YAML' | 'Failing: Terraform JSON' | 'Passing: Terraform JSON';

/** The fenced example under `### <kind>` in docs/rules/<id>.md. */
export function docExample(ruleId: string, kind: DocExampleKind): string {
  const page = readFileSync(`${REPO_ROOT}/docs/rules/${ruleId}.md`, 'utf8');
  const at = page.indexOf(`### ${kind}`);
  assert.ok(at >= 0, `docs/rules/${ruleId}.md has a "### ${kind}" section`);
  const m = /```(?:yaml|json)\r?\n([\s\S]*?)```/.exec(page.slice(at));
  assert.ok(m, `docs/rules/${ruleId}.md "### ${kind}" has a fenced example`);
  return m[1];
}

/** Lints a doc example as the file type it shows. */
export function lintDocExample(ruleId: string, kind: DocExampleKind): LintResult {
  const uri = kind.endsWith('Terraform JSON') ? `docs/rules/${ruleId}.example.tf.json` : `docs/rules/${ruleId}.example.yaml`;
  return lintText(uri, docExample(ruleId, kind));
}

/** A config with one rule's severity or options set. */
export function configWith(ruleId: string, setting: LintConfig['rules'][string]): LintConfig {
  return { ...DEFAULT_CONFIG, rules: { [ruleId]: setting } };
}
