/**
 * "Nothing lost": every quick fix the rule fixtures offer, applied the way
 * `--fix` applies it, changes only the text it must. Outside the edits every
 * byte is the original's (before the first edit, between edits, after the
 * last); each edit replaces only a value, inserts only a property, or removes
 * only a property's own lines; comments, key order, quoting, indentation
 * characters, line endings (LF, CRLF) and a byte order mark survive. Each
 * fixture runs as written and as CRLF, BOM and CRLF+BOM variants (JSON also
 * tab-indented), and the fixed text still lints clean of that finding.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits as cliApplyEdits } from '../../server/src/cli/fix';
import type { TextEdit } from '../../server/src/fix/edits';
import { lintDocuments, type Finding } from '../../server/src/lint';
import type { ValueNode } from '../../server/src/parse/tree';
import { FIXTURES, REPO_ROOT } from '../helpers';
import { assertFindingSound, templateFiles } from './support';

const RULE_FIXTURES = templateFiles(`${FIXTURES}/rules`).filter((p) => !/\.plan\.json$/.test(p));

type Variant = { readonly name: string; readonly make: (text: string, path: string) => string | undefined };

const toCrlf = (t: string) => t.replace(/\r?\n/g, '\r\n');
const VARIANTS: readonly Variant[] = [
  { name: 'as written', make: (t) => t },
  { name: 'CRLF', make: (t) => toCrlf(t) },
  { name: 'BOM', make: (t) => `\ufeff${t}` },
  { name: 'CRLF+BOM', make: (t) => `\ufeff${toCrlf(t)}` },
  // JSON indented with tabs: inserted lines use tabs too.
  { name: 'tabs', make: (t, p) => (p.endsWith('.json') ? t.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)) : undefined) },
];

/** Every byte outside the edits is the original's; returns the fixed text. */
function assertOnlyEditsChanged(before: string, edits: readonly TextEdit[], context: string): string {
  const after = cliApplyEdits(before, edits);
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  let inBefore = 0;
  let inAfter = 0;
  for (const e of sorted) {
    const untouched = before.slice(inBefore, e.range.start);
    assert.equal(after.slice(inAfter, inAfter + untouched.length), untouched, `${context}: bytes before the edit at ${e.range.start} are unchanged`);
    inAfter += untouched.length;
    assert.equal(after.slice(inAfter, inAfter + e.newText.length), e.newText, `${context}: the edit's own text is there`);
    inAfter += e.newText.length;
    inBefore = e.range.end;
  }
  assert.equal(after.slice(inAfter), before.slice(inBefore), `${context}: bytes after the last edit are unchanged`);
  return after;
}

/** What a removal may take: whole lines of one `Key: value` (YAML), or one `"key": value` with its comma (JSON). */
function assertEditMinimal(before: string, e: TextEdit, finding: Finding, context: string): void {
  const replaced = before.slice(e.range.start, e.range.end);
  if (e.newText === '' && replaced !== '') {
    // A removal: no full-line comment and no other property goes with it.
    const lines = replaced.split(/\r?\n/);
    assert.ok(!lines.some((l) => /^\s*#/.test(l)), `${context}: the removal takes no comment line: ${JSON.stringify(replaced)}`);
    const keys = [...replaced.matchAll(/(?:^|[\s{,])"?([A-Za-z_][\w-]*)"?\s*:(?=\s)/g)].map((m) => m[1]);
    assert.ok(keys.length <= 1, `${context}: the removal takes one property, not ${keys.join(', ')}: ${JSON.stringify(replaced)}`);
    return;
  }
  if (replaced !== '') {
    // A replacement: a value (quotes included), never a key or a line break.
    assert.ok(!/[\r\n]/.test(replaced), `${context}: the replaced text is on one line: ${JSON.stringify(replaced)}`);
    assert.ok(!/^\s*"?[A-Za-z_][\w-]*"?\s*:\s/.test(replaced), `${context}: the replaced text is a value, not a key: ${JSON.stringify(replaced)}`);
    assert.ok(finding.fix!.edits.length >= 1);
  }
}

function assertLineEndings(before: string, e: TextEdit, context: string): void {
  const crlf = before.includes('\r\n');
  if (crlf) assert.ok(!/(^|[^\r])\n/.test(e.newText), `${context}: no lone \\n in a CRLF file: ${JSON.stringify(e.newText)}`);
  else assert.ok(!e.newText.includes('\r'), `${context}: no \\r in an LF file: ${JSON.stringify(e.newText)}`);
  // Inserted lines are indented with the file's own characters.
  const tabs = /^\t+\S/m.test(before) && !/^ +\S/m.test(before.replace(/^\ufeff/, ''));
  for (const line of e.newText.split(/\r?\n/).slice(1)) {
    if (line.trim() === '') continue;
    if (tabs) assert.ok(!/^ /.test(line), `${context}: a tab-indented file gets tab-indented lines: ${JSON.stringify(e.newText)}`);
    else assert.ok(!/^\t/.test(line), `${context}: a space-indented file gets space-indented lines: ${JSON.stringify(e.newText)}`);
  }
}

/** Full-line comments of a YAML text, in order. */
function comments(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => /^\s*#/.test(l)).map((l) => l.trim());
}

/** Keys of every map in document order, by path: the order a fix must keep. */
function keyOrder(node: ValueNode | undefined, path = '', out = new Map<string, string[]>()): Map<string, string[]> {
  if (!node) return out;
  if (node.kind === 'map') {
    out.set(path, node.entries.map((e) => e.key));
    for (const e of node.entries) keyOrder(e.value, `${path}/${e.key}`, out);
  } else if (node.kind === 'seq') node.items.forEach((item, i) => keyOrder(item, `${path}/${i}`, out));
  else if (node.kind === 'intrinsic') keyOrder(node.arg, `${path}/${node.name}`, out);
  return out;
}

describe('nothing lost: fixes change only what they must', () => {
  let total = 0;
  for (const path of RULE_FIXTURES) {
    const name = relative(REPO_ROOT, path);
    const original = readFileSync(path, 'utf8');
    for (const variant of VARIANTS) {
      const text = variant.make(original, path);
      if (text === undefined) continue;
      it(`${name} (${variant.name})`, () => {
        const result = lintDocuments([{ uri: name, text }]);
        const fixable = result.findings.filter((f) => f.fix);
        const texts = new Map([[name, text]]);
        const beforeOrder = keyOrder(result.documents.get(name)!.root);
        for (const finding of fixable) {
          total++;
          const context = `${name} (${variant.name}): ${finding.ruleId} on ${finding.resource} "${finding.fix!.title}"`;
          assertFindingSound(finding, texts, context);
          const edits = finding.fix!.edits;
          assert.ok(edits.every((e) => e.file === name), `${context}: edits only this file`);
          for (const e of edits) {
            assertEditMinimal(text, e, finding, context);
            assertLineEndings(text, e, context);
            assert.ok(e.range.start > 0 || !text.startsWith('\ufeff'), `${context}: the byte order mark is not edited`);
          }
          const fixed = assertOnlyEditsChanged(text, edits, context);

          if (text.startsWith('\ufeff')) assert.ok(fixed.startsWith('\ufeff') && !fixed.slice(1).includes('\ufeff'), `${context}: one BOM, still first`);
          if (text.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(fixed), `${context}: still CRLF throughout`);
          else assert.ok(!fixed.includes('\r'), `${context}: still LF throughout`);
          if (!name.endsWith('.json')) {
            const kept = comments(text).filter((c) => !edits.some((e) => e.newText === '' && text.slice(e.range.start, e.range.end).includes(c)));
            assert.deepEqual(comments(fixed).filter((c) => kept.includes(c)), kept, `${context}: every comment is kept, in order`);
          }

          // The fix still does its job in this variant.
          const relinted = lintDocuments([{ uri: name, text: fixed }]);
          const doc = relinted.documents.get(name)!;
          assert.equal(doc.problem, undefined, `${context}: still parses:\n${fixed}`);
          const again = relinted.findings.filter((f) => f.ruleId === finding.ruleId && f.resource === finding.resource && f.message === finding.message);
          assert.equal(again.length, 0, `${context}: the finding is gone`);

          // Key order: each map keeps its keys in order (a removed key gone, an inserted one added).
          const afterOrder = keyOrder(doc.root);
          for (const [at, keys] of beforeOrder) {
            const now = afterOrder.get(at);
            if (!now) continue;
            assert.deepEqual(now.filter((k) => keys.includes(k)), keys.filter((k) => now.includes(k)), `${context}: keys of ${at || 'the root'} keep their order`);
          }

        }
      });
    }
  }

  it('covers the rule fixtures: every fixable rule, in YAML and JSON', () => {
    const rules = new Set<string>();
    const formats = new Set<string>();
    for (const path of RULE_FIXTURES) {
      const name = relative(REPO_ROOT, path);
      for (const f of lintDocuments([{ uri: name, text: readFileSync(path, 'utf8') }]).findings) {
        if (!f.fix) continue;
        rules.add(f.ruleId);
        formats.add(name.endsWith('.tf.json') ? 'terraform' : name.endsWith('.json') ? 'cfn-json' : 'cfn-yaml');
      }
    }
    console.log(`preserve: ${RULE_FIXTURES.length} fixtures, fixable rules ${[...rules].sort().join(' ')}; ${total} fixes checked across variants`);
    assert.ok(rules.size >= 8, `fixable rules seen: ${[...rules].join(', ')}`);
    assert.deepEqual([...formats].sort(), ['cfn-json', 'cfn-yaml', 'terraform']);
  });
});

describe('nothing lost: hand-written cases the fixtures do not hold', () => {
  const fix = (uri: string, text: string, ruleId: string) => {
    const result = lintDocuments([{ uri, text }]);
    const finding = result.findings.find((f) => f.ruleId === ruleId && f.fix);
    assert.ok(finding, `${uri}: ${ruleId} offers a fix`);
    return assertOnlyEditsChanged(text, finding.fix!.edits, `${uri} ${ruleId}`);
  };

  it('an empty `Properties:` (a file cut short) gets the property under it, not a second Properties key', () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\r\nResources:\r\n  Db:\r\n    Type: AWS::RDS::DBInstance\r\n    Properties: # to do\r\n';
    assert.equal(fix('empty-properties.yaml', text, 'RDS201'),
      'AWSTemplateFormatVersion: "2010-09-09"\r\nResources:\r\n  Db:\r\n    Type: AWS::RDS::DBInstance\r\n    Properties:\r\n      MultiAZ: true # to do\r\n');
  });

  it('`Properties: null` is replaced, in YAML and JSON', () => {
    assert.equal(fix('null-properties.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: null\n', 'RDS201'),
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MultiAZ: true\n');
    assert.equal(fix('null-properties.json', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": null}}}', 'RDS201'),
      '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": { "MultiAZ": true }}}}');
  });

  it('`Properties` that is a list gets no fix at all (there is no map to write into)', () => {
    const result = lintDocuments([{ uri: 'list.yaml', text: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: [a]\n' }]);
    assert.ok(result.findings.some((f) => f.ruleId === 'RDS201'));
    assert.ok(result.findings.every((f) => !f.fix || f.fix.edits.every((e) => e.newText.includes('Policy'))), 'only resource-level fixes');
  });

  it('a resource written as a YAML flow map on one line gets an inline Properties map (a multi-line one would not parse)', () => {
    assert.equal(fix('flow.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db: {Type: AWS::RDS::DBInstance}\n', 'RDS201'),
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db: {Type: AWS::RDS::DBInstance, Properties: { MultiAZ: true }}\n');
  });

  it('a tagged first key (`!Sub Key: x`) does not shift the indentation of the inserted property', () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::RDS::DBProxy\n    Properties:\n      !Sub EngineFamily: MYSQL\n      VpcSubnetIds: [a, b]\n';
    assert.equal(fix('tagged-key.yaml', text, 'RDS503'), `${text}      RequireTLS: true\n`);
  });

  it('a key written twice in JSON (the last one wins): removing one would leave the other, so no removal fix', () => {
    const text = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"MultiAZ": true, "AvailabilityZone": "a", "AvailabilityZone": "b"}}}}';
    const result = lintDocuments([{ uri: 'twice.json', text }]);
    const f = result.findings.find((x) => x.ruleId === 'RDS202');
    assert.ok(f, 'RDS202 fires');
    assert.equal(f.fix, undefined);
  });

  it('text that YAML aliases repeat is not edited: a fix there would change every resource that uses it', () => {
    for (const text of [
      // A shared Properties block: the owner of the anchor and the user of the alias.
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Orders:\n    Type: AWS::RDS::DBInstance\n    Properties: &common\n      Engine: mysql\n      MultiAZ: false\n  Billing:\n    Type: AWS::RDS::DBInstance\n    Properties: *common\n',
      // The same without MultiAZ: the fix would insert into the shared map.
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Orders:\n    Type: AWS::RDS::DBInstance\n    Properties: &common\n      Engine: mysql\n  Billing:\n    Type: AWS::RDS::DBInstance\n    Properties: *common\n',
      // A shared scalar.
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Orders:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      MultiAZ: &off false\n  Billing:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      MultiAZ: *off\n',
    ]) {
      const result = lintDocuments([{ uri: 'aliases.yaml', text }]);
      const multiAz = result.findings.filter((f) => f.ruleId === 'RDS201');
      assert.deepEqual(multiAz.map((f) => f.resource), ['Orders', 'Billing']);
      assert.ok(multiAz.every((f) => f.fix === undefined), 'no MultiAZ fix touches the shared text');
      // Resource-level fixes outside the shared text are still offered.
      assert.equal(result.findings.filter((f) => f.ruleId === 'RDS106' && f.fix).length, 2);
    }
  });

  it('a logical id written twice in JSON is one resource, the last (as JSON.parse reads it)', () => {
    const text = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"MultiAZ": false}}, "Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"MultiAZ": true}}}}';
    const result = lintDocuments([{ uri: 'twice.json', text }]);
    assert.deepEqual(result.topology.instances.map((i) => i.id), ['Db']);
    assert.equal(result.findings.filter((f) => f.ruleId === 'RDS201').length, 0);
  });
});
