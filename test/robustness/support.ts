/**
 * What every robustness test checks about a lint result, whatever the input:
 * nothing throws, every range lies inside its document, RDS000 says what went
 * wrong and where, and every fix is a set of clean, non-overlapping edits that
 * leave a parsing template parsing.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TextEdit } from '../../server/src/fix/edits';
import { analyzeDocument, lintDocuments, type Finding, type LintOptions, type LintResult, type SourceDocument } from '../../server/src/lint';
import type { Range } from '../../server/src/parse/tree';
import { applyEdits } from '../rules/harness';

export { applyEdits };

/** Template-looking files under `dir`, sorted, as paths. */
export function templateFiles(dir: string, maxBytes = Infinity): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.(ya?ml|json|template)$/i.test(name) && st.size <= maxBytes) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function rangeInside(range: Range, text: string): boolean {
  return Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= text.length;
}

/** A one-line description of a range for assertion messages: `[12,18] "Type: 4"`. */
export function showRange(text: string, range: Range): string {
  return `[${range.start},${range.end}] ${JSON.stringify(text.slice(range.start, Math.min(range.end, range.start + 60)))}`;
}

/** Edits of one file, sorted, with no two touching the same text (two inserts at one offset are ambiguous too). */
export function assertEditsClean(edits: readonly TextEdit[], texts: ReadonlyMap<string, string>, context: string): void {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, list] of byFile) {
    const text = texts.get(file);
    assert.ok(text !== undefined, `${context}: a fix edits ${file}, which is not one of the linted documents`);
    const sorted = [...list].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    sorted.forEach((e, i) => {
      assert.ok(rangeInside(e.range, text), `${context}: edit ${JSON.stringify(e)} lies outside ${file} (length ${text.length})`);
      assert.equal(typeof e.newText, 'string', `${context}: edit text is a string`);
      const prev = sorted[i - 1];
      if (prev) {
        const overlap = e.range.start < prev.range.end || (e.range.start === prev.range.start && e.range.start === e.range.end && prev.range.start === prev.range.end);
        assert.ok(!overlap, `${context}: edits overlap in ${file}: ${JSON.stringify(prev)} and ${JSON.stringify(e)}`);
      }
    });
  }
}

/** Lints and checks what holds for every input; returns the result for more specific checks. */
export function lintChecked(docs: readonly SourceDocument[], context = docs.map((d) => d.uri).join(', '), options: LintOptions = {}): LintResult {
  let result: LintResult;
  try {
    result = lintDocuments(docs, options);
  } catch (error) {
    assert.fail(`${context}: lintDocuments threw ${error instanceof Error ? error.stack : String(error)}`);
  }
  const texts = new Map(docs.map((d) => [d.uri, d.text]));
  for (const f of [...result.findings, ...result.suppressed]) assertFindingSound(f, texts, context);
  return result;
}

export function assertFindingSound(f: Finding, texts: ReadonlyMap<string, string>, context: string): void {
  const text = texts.get(f.file);
  assert.ok(text !== undefined, `${context}: ${f.ruleId} names ${f.file}, which is not one of the linted documents`);
  assert.ok(rangeInside(f.range, text), `${context}: ${f.ruleId} on ${f.resource ?? f.file} has range ${JSON.stringify(f.range)} outside the text (length ${text.length})`);
  assert.ok(f.message.trim().length > 0, `${context}: ${f.ruleId} has a message`);
  for (const r of f.related) {
    const relatedText = texts.get(r.file);
    assert.ok(relatedText !== undefined, `${context}: ${f.ruleId} related location names ${r.file}`);
    assert.ok(rangeInside(r.range, relatedText), `${context}: ${f.ruleId} related range ${JSON.stringify(r.range)} outside ${r.file} (length ${relatedText.length})`);
  }
  if (f.fix) {
    assert.ok(f.fix.title.trim().length > 0, `${context}: ${f.ruleId} fix has a title`);
    assert.ok(f.fix.edits.length > 0, `${context}: ${f.ruleId} fix has edits`);
    assertEditsClean(f.fix.edits, texts, `${context}: ${f.ruleId} on ${f.resource}`);
  }
}

/** The documents' texts after applying one fix. */
export function textsAfterFix(result: LintResult, finding: Finding): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [uri, doc] of result.documents) texts.set(uri, doc.text);
  for (const file of new Set(finding.fix!.edits.map((e) => e.file))) {
    texts.set(file, applyEdits(texts.get(file)!, finding.fix!.edits.filter((e) => e.file === file)));
  }
  return texts;
}

/**
 * Applies every fix in turn (each to the original texts) and checks the
 * round trip: a document that parsed still parses as the same kind of
 * template, and the finding is gone. "The finding" is the same rule, file,
 * resource and message: one resource can hold several findings of one rule
 * (RDS304 per conflicting property, RDS401 per missing requirement), and a
 * fix answers one of them, so "no finding of that rule on that resource"
 * would be the wrong property. (The same logical id in two files is two
 * resources, hence the file.)
 */
export function assertFixesRoundTrip(result: LintResult, context: string, only?: (finding: Finding, index: number) => boolean): number {
  let applied = 0;
  const fixable = result.findings.filter((f) => f.fix);
  for (const [index, finding] of fixable.entries()) {
    if (only && !only(finding, index)) continue;
    applied++;
    const texts = textsAfterFix(result, finding);
    const where = `${context}: fix "${finding.fix.title}" of ${finding.ruleId} on ${finding.resource}`;
    for (const file of new Set(finding.fix.edits.map((e) => e.file))) {
      const before = result.documents.get(file)!;
      if (before.problem || !before.kind) continue;
      const after = analyzeDocument({ uri: file, text: texts.get(file)! });
      assert.equal(after.problem, undefined, `${where}: ${relative(process.cwd(), file)} no longer parses (${after.problem?.message}) after ${JSON.stringify(finding.fix.edits)}:\n${texts.get(file)}`);
      assert.equal(after.kind, before.kind, `${where}: ${file} is still a ${before.kind} template`);
    }
    const again = lintDocuments([...texts].map(([uri, text]) => ({ uri, text })));
    const same = again.findings.filter((f) => f.ruleId === finding.ruleId && f.file === finding.file && f.resource === finding.resource && f.message === finding.message);
    assert.deepEqual(same.map((f) => f.message), [], `${where}: the finding is gone after the fix ${JSON.stringify(finding.fix.edits)}`);
  }
  return applied;
}

/** The one RDS000 of a document, checked: located inside the text, with a message that says what is wrong. */
export function parseErrorOf(result: LintResult, uri: string): Finding {
  const errors = result.findings.filter((f) => f.ruleId === 'RDS000' && f.file === uri);
  assert.equal(errors.length, 1, `${uri}: exactly one RDS000, got ${JSON.stringify(result.findings.map((f) => `${f.ruleId} ${f.message}`))}`);
  const [error] = errors;
  assert.ok(!/\n\s+at /.test(error.message), `${uri}: the RDS000 message holds no stack trace: ${error.message}`);
  assert.ok(error.message.length < 400, `${uri}: the RDS000 message is short: ${error.message}`);
  return error;
}

/** Mulberry32: a tiny seeded PRNG for generated inputs (fast-check drives the fuzzing itself). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
