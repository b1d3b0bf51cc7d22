/**
 * Shared by every rule test: lint real files from disk through the real
 * engine, apply a fix's edits, and read the examples of a rule's doc page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import type { LintConfig } from '../../server/src/config/config';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import type { TextEdit } from '../../server/src/fix/edits';
import { analyzeDocument, lintDocuments, type Finding, type LintResult, type SourceDocument } from '../../server/src/lint';
import { ruleById } from '../../server/src/rules/registry';
import type { Severity } from '../../server/src/rules/types';
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
  const texts = applyFixAndReparse(result, finding);
  const after = lintDocuments([...texts].map(([uri, text]) => ({ uri, text })));
  const again = after.findings.filter((f) => f.ruleId === finding.ruleId && f.resource === finding.resource);
  assert.deepEqual(again.map((f) => f.message), [], `${finding.ruleId} is gone from ${finding.resource} after the fix`);
  return texts;
}

/**
 * Applies the finding's fix to the linted texts and asserts every edited
 * file still parses as a template. Returns all texts after the fix, by file.
 */
export function applyFixAndReparse(result: LintResult, finding: Finding): Map<string, string> {
  assert.ok(finding.fix, `${finding.ruleId} on ${finding.resource} offers a fix`);
  const texts = new Map<string, string>();
  for (const [uri, doc] of result.documents) texts.set(uri, doc.text);
  const edited = new Set(finding.fix.edits.map((e) => e.file));
  for (const file of edited) texts.set(file, applyEdits(texts.get(file)!, finding.fix.edits.filter((e) => e.file === file)));
  for (const file of edited) {
    const doc = analyzeDocument({ uri: file, text: texts.get(file)! });
    assert.equal(doc.problem, undefined, `${basename(file)} still parses after "${finding.fix.title}":\n${texts.get(file)}`);
    assert.ok(doc.model, `${basename(file)} is still a template after the fix`);
  }
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

const FAILING_KINDS = ['Failing: CloudFormation YAML', 'Failing: Terraform JSON'] as const;
const PASSING_KINDS = ['Passing: CloudFormation YAML', 'Passing: Terraform JSON'] as const;

export interface DocExampleSpec {
  /** The failing examples that fire; the others must not (a rule of one provider). Default: both. */
  readonly firing?: readonly DocExampleKind[];
  /** How many findings each firing example gives (default 1). */
  readonly count?: number;
  /** Each firing example's findings have this severity. */
  readonly severity?: Severity;
  /** 'round-trip': the first finding's fix passes assertFixRoundTrip; 'offered': it has a fix. */
  readonly fix?: 'round-trip' | 'offered';
}

/** The rule's doc page (docs/rules/<id>.md): its failing examples fire as the page says, its passing ones do not. */
export function describeDocExamples(ruleId: string, spec: DocExampleSpec = {}): void {
  const firing = spec.firing ?? FAILING_KINDS;
  describe(`${ruleId} ${ruleName(ruleId)}: doc examples`, () => {
    it(`the failing examples fire (${firing.join(', ')})`, () => {
      for (const kind of firing) {
        const r = lintDocExample(ruleId, kind);
        const found = findingsOf(r, ruleId);
        assert.equal(found.length, spec.count ?? 1, kind);
        if (spec.severity) assert.deepEqual(found.map((f) => f.severity), found.map(() => spec.severity), kind);
        if (spec.fix === 'round-trip') assertFixRoundTrip(r, found[0]);
        if (spec.fix === 'offered') assert.ok(found[0].fix, `${kind} offers a fix`);
      }
    });
    it('the passing examples do not', () => {
      for (const kind of [...PASSING_KINDS, ...FAILING_KINDS.filter((k) => !firing.includes(k))]) {
        assert.deepEqual(findingsOf(lintDocExample(ruleId, kind), ruleId), [], kind);
      }
    });
  });
}

export interface ConfigurationSpec {
  /** A fixture (under test/fixtures/) the rule fires on. */
  readonly fixture: string;
  /** A severity other than the default to configure, and how many findings the fixture then gives. */
  readonly severity: Severity;
  readonly count: number;
  /** A fixture whose template-level Metadata suppresses the rule, and the suppressed findings as `<severity> <resource>`. */
  readonly templateSuppression?: { readonly fixture: string; readonly suppressed: readonly string[] };
}

/** `.rdscope.yaml` severities and `off`, and template-level suppression, for one rule. */
export function describeConfiguration(ruleId: string, spec: ConfigurationSpec): void {
  describe(`${ruleId} ${ruleName(ruleId)}: configuration and suppression`, () => {
    const file = fixture(spec.fixture);
    it('takes a configured severity, or none when off', () => {
      const configured = findingsOf(lintFiles([file], configWith(ruleId, { severity: spec.severity })), ruleId);
      assert.deepEqual(configured.map((f) => f.severity), Array(spec.count).fill(spec.severity));
      assert.deepEqual(findingsOf(lintFiles([file], configWith(ruleId, { severity: 'off' })), ruleId), []);
    });
    const suppression = spec.templateSuppression;
    if (suppression) {
      it('honours template-level Metadata, keeping the findings for --show-suppressed', () => {
        const r = lintFixtures(suppression.fixture);
        assert.deepEqual(findingsOf(r, ruleId), []);
        assert.deepEqual(r.suppressed.filter((f) => f.ruleId === ruleId).map((f) => `${f.severity} ${f.resource}`), suppression.suppressed);
      });
    }
  });
}

function ruleName(ruleId: string): string {
  const rule = ruleById(ruleId);
  assert.ok(rule, `${ruleId} is in the registry`);
  return rule.name;
}

/** The text a finding (or any located thing) points at. */
export function textOf(r: LintResult, f: { file: string; range: { start: number; end: number } }): string {
  return r.documents.get(f.file)!.text.slice(f.range.start, f.range.end);
}

/** One rule's findings on a resource (`on`), and the only one there (`one`, asserting there is exactly one). */
export function findingsOn(ruleId: string): { on: (r: LintResult, resource: string) => Finding[]; one: (r: LintResult, resource: string) => Finding } {
  const on = (r: LintResult, resource: string) => findingsOf(r, ruleId).filter((f) => f.resource === resource);
  const one = (r: LintResult, resource: string) => {
    const found = on(r, resource);
    assert.equal(found.length, 1, `one ${ruleId} finding on ${resource}`);
    return found[0];
  };
  return { on, one };
}

/**
 * The finding's fix passes the round trip and turns its file into exactly
 * test/fixtures/<golden> (`fix.yaml.fixed` beside `fix.yaml`: the whole
 * fixed text, so every byte the fix keeps or writes is checked).
 */
export function assertFixedAs(result: LintResult, finding: Finding, golden: string): void {
  assert.equal(assertFixRoundTrip(result, finding).get(finding.file), readFileSync(fixture(golden), 'utf8'), `${finding.ruleId} on ${finding.resource} fixed as ${golden}`);
}

/**
 * `actual` equals the list kept under `key` in test/rules/expected/<ruleId>.json
 * (the key is the test's own title): long expected lists of findings live
 * beside the fixtures as data, one per test, instead of as code in every test.
 */
export function assertExpected(actual: unknown, ruleId: string, key: string, message?: string): void {
  const file = `${REPO_ROOT}/test/rules/expected/${ruleId}.json`;
  const expected = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[key];
  assert.ok(expected !== undefined, `${file} has an entry "${key}"`);
  assert.deepEqual(actual, expected, message ?? key);
}

/** The resources whose findings of the rule a suppression kept out of the report. */
export function suppressedOn(result: LintResult, ruleId: string): string[] {
  return result.suppressed.filter((f) => f.ruleId === ruleId).map((f) => f.resource ?? f.file);
}

/** The one finding of the rule on `resource` is fixed into the golden file (assertFixedAs). */
export function assertFixesInto(result: LintResult, ruleId: string, resource: string, golden: string): void {
  assertFixedAs(result, findingsOn(ruleId).one(result, resource), golden);
}

/** The rule fires on exactly the `resource: offending text` list under `key` in expected/<ruleId>.json, each with `severity`. */
export function assertFiresOn(result: LintResult, ruleId: string, key: string, severity: Severity): void {
  const found = findingsOf(result, ruleId);
  assertExpected(found.map((f) => `${f.resource}: ${textOf(result, f)}`), ruleId, key);
  assert.deepEqual(found.map((f) => f.severity), found.map(() => severity), `${ruleId} severities`);
}

/** The rule reports nothing on any of these resources. */
export function assertSilentOn(result: LintResult, ruleId: string, resources: readonly string[]): void {
  const { on } = findingsOn(ruleId);
  for (const id of resources) assert.deepEqual(on(result, id), [], id);
}

/** The rule's findings as `resource: offending text`, in report order. */
export function summaryOf(result: LintResult, ruleId: string): string[] {
  return findingsOf(result, ruleId).map((f) => `${f.resource}: ${textOf(result, f)}`);
}

/** Findings as `resource @ offending text`, sorted: for rules whose report order is not the point. */
export function sortedAt(result: LintResult, findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.resource} @ ${textOf(result, f)}`).sort();
}

/** As assertFiresOn, for the sorted `resource @ offending text` list (sortedAt). */
export function assertFiresAtSorted(result: LintResult, ruleId: string, key: string, severity: Severity): void {
  const found = findingsOf(result, ruleId);
  assertExpected(sortedAt(result, found), ruleId, key);
  assert.deepEqual(found.map((f) => f.severity), found.map(() => severity), `${ruleId} severities`);
}

/** What a fixture's describe block gets: the lint, the rule's findings, and the first finding on a resource. */
export interface FixtureContext {
  readonly result: LintResult;
  readonly findings: Finding[];
  readonly on: (resource: string) => Finding;
}

/**
 * A describe block over one fixture: lints it, first checks the rule fires on
 * exactly the list under `fires` in expected/<ruleId>.json (each finding with
 * `severity`; `sorted`: as sortedAt lists them), then runs the block's own tests.
 */
export function describeFixture(
  ruleId: string, title: string, fixturePath: string,
  fires: { readonly fires: string; readonly severity: Severity; readonly sorted?: boolean },
  body: (context: FixtureContext) => void,
): void {
  describe(title, () => {
    const result = lintFixtures(fixturePath);
    const findings = findingsOf(result, ruleId);
    const on = (resource: string) => findings.find((f) => f.resource === resource)!;
    it(fires.fires, () => {
      if (fires.sorted) assertFiresAtSorted(result, ruleId, fires.fires, fires.severity);
      else assertFiresOn(result, ruleId, fires.fires, fires.severity);
    });
    body({ result, findings, on });
  });
}
