/**
 * Every rule's Terraform JSON fixtures and doc examples, written as the HCL a
 * user would write (jsonToHcl.ts): the same findings on the same resources,
 * with the same fixes offered, and every HCL fix round-trips (the file still
 * parses and the finding is gone). This is "all rules of the catalog apply to
 * .tf files", checked rule by rule.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { lintDocuments, type Finding, type LintResult } from '../../server/src/lint';
import { initHcl } from '../../server/src/parse/hcl';
import { FIXTURES, REPO_ROOT } from '../helpers';
import { docExample } from '../rules/harness';
import { assertFindingFixed } from './hclHarness';
import { jsonToHcl } from './jsonToHcl';

const summary = (result: LintResult) => result.findings.map((f) => `${f.ruleId} ${f.resource ?? '-'} fix:${f.fix ? f.fix.title : '-'}`).sort();

function jsonFixtures(): { name: string; json: string }[] {
  const out: { name: string; json: string }[] = [];
  for (const dir of ['rules', 'terraform-json']) {
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (entry.name.endsWith('.tf.json')) out.push({ name: p.slice(FIXTURES.length + 1), json: readFileSync(p, 'utf8') });
      }
    };
    walk(join(FIXTURES, dir));
  }
  for (const file of readdirSync(join(REPO_ROOT, 'docs', 'rules')).filter((f) => /^RDS\d+\.md$/.test(f)).sort()) {
    const id = file.slice(0, -3);
    const page = readFileSync(join(REPO_ROOT, 'docs', 'rules', file), 'utf8');
    // RDS000's failing example is deliberately not JSON.
    if (id === 'RDS000') continue;
    for (const kind of ['Failing: Terraform JSON', 'Passing: Terraform JSON'] as const) {
      if (page.includes(`### ${kind}`)) out.push({ name: `docs/rules/${id}.md (${kind})`, json: docExample(id, kind) });
    }
  }
  return out;
}

describe('HCL twins of the Terraform JSON fixtures', () => {
  before(async () => assert.ok(await initHcl()));
  const fixtures = jsonFixtures();

  it('finds the fixtures (sanity)', () => {
    assert.ok(fixtures.length >= 40, `${fixtures.length} fixtures`);
  });

  for (const { name, json } of fixtures) {
    it(`${name}: same findings, same fixes, every HCL fix round-trips`, () => {
      const folder = `/twins/${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
      const fromJson = lintDocuments([{ uri: `${folder}/main.tf.json`, text: json }]);
      const hcl = jsonToHcl(json);
      const fromHcl = lintDocuments([{ uri: `${folder}/main.tf`, text: hcl }]);
      const doc = fromHcl.documents.get(`${folder}/main.tf`)!;
      assert.equal(doc.problem, undefined, `${name} as HCL parses:\n${hcl}`);
      assert.deepEqual(summary(fromHcl), summary(fromJson), `findings on ${name}, as HCL:\n${hcl}`);
      assert.deepEqual(
        fromHcl.suppressed.map((f) => `${f.ruleId} ${f.resource}`).sort(),
        fromJson.suppressed.map((f) => `${f.ruleId} ${f.resource}`).sort(),
        'the same findings are suppressed (`//` comments became `#` comments)',
      );
      for (const f of fromHcl.findings) if (f.fix) assertFindingFixed(fromHcl, f as Finding);
    });
  }
});
