/**
 * The incremental analysis (server/src/incremental/) must give what a full
 * analysis of the same text gives. Seeded random edit sequences on generated
 * and fixture templates: after each edit, the incremental analysis (with the
 * editor's change and without it) equals analyzeDocument of the new text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cloudFormationYaml } from '../../bench/templates.mjs';
import { analyzeDocument, lintAnalyzed, type AnalyzedDocument, type LintResult } from '../../server/src/lint';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import { IncrementalAnalysis, incrementalStats, relintStats } from '../../server/src/incremental';
import { builtRoleAndEngine } from '../../server/src/model/link';
import type { DbInstance } from '../../server/src/model/topology';
import { filesUnder, FIXTURES } from '../helpers';
import { isMovedEntity } from '../../server/src/incremental/movedEntity';
import {
  apply, assertAnchorsInTree, assertEntitiesReadAsPlain, assertLinksInTopology, assertSameAnalysis, assertSameLint, assertSameLinkedEngines, inverse, random,
  randomEdit, randomSameLengthEdit, useBuiltRoles, type Edit,
} from './support';

useBuiltRoles((e) => builtRoleAndEngine(e as DbInstance));

/** Typing in a number: a digit in or out. */
const VALUE_TYPING: readonly ((text: string, rnd: ReturnType<typeof random>) => Edit | undefined)[] = [
  (text, rnd) => {
    const sites = [...text.matchAll(/(?:AllocatedStorage|BackupRetentionPeriod): (\d+)/g)].map((m) => m.index! + m[0].length);
    return sites.length > 0 ? { kind: 'type a digit', rangeOffset: rnd.pick(sites), rangeLength: 0, text: String(rnd.int(10)) } : undefined;
  },
  (text, rnd) => {
    const sites = [...text.matchAll(/(?:AllocatedStorage|BackupRetentionPeriod): \d(\d+)/g)].map((m) => m.index! + m[0].length - 1);
    return sites.length > 0 ? { kind: 'delete a digit', rangeOffset: rnd.pick(sites), rangeLength: 1, text: '' } : undefined;
  },
];

function fixtureTemplates(): { name: string; text: string }[] {
  return filesUnder(FIXTURES, (name) => /\.ya?ml$/.test(name))
    .map((p) => ({ name: p.slice(FIXTURES.length + 1), text: readFileSync(p, 'utf8') }))
    .filter((t) => /^Resources:/m.test(t.text));
}

/** Edits `text` `steps` times at random; after each edit the incremental analysis must equal the full one. */
function run(name: string, text: string, seed: number, steps: number, nextEdit = randomEdit): { incremental: number; full: number } {
  const rnd = random(seed);
  let doc: AnalyzedDocument = analyzeDocument({ uri: `file:///${name}`, text });
  // The language server's state: one per editor session.
  const incremental = new IncrementalAnalysis();
  const before = { ...incrementalStats };
  const history: Edit[] = [];
  for (let step = 0; step < steps; step++) {
    // A broken template is usually fixed next (an undo), as a user fixes a typo.
    const broken = !doc.model || doc.problem !== undefined;
    const edit = (broken && history.length > 0 && rnd.int(10) < 8) || (history.length > 0 && rnd.int(10) === 0) ? history.pop()! : nextEdit(doc.text, rnd);
    if (edit.kind !== 'undo') history.push(inverse(doc.text, edit));
    const next = apply(doc.text, edit);
    const context = `${name} seed ${seed} step ${step} (${edit.kind} at ${edit.rangeOffset}: -${edit.rangeLength} +${JSON.stringify(edit.text)})`;
    const full = analyzeDocument({ uri: doc.uri, text: next });
    // With the editor's change, and found by comparing the texts (what the language server has).
    const hinted = incremental.reanalyze(doc, doc.uri, next, DEFAULT_CONFIG, edit);
    assertSameAnalysis(hinted, full, `${context} [change given]`);
    const found = incremental.reanalyze(doc, doc.uri, next, DEFAULT_CONFIG);
    assertSameAnalysis(found, full, `${context} [change found]`);
    assertAnchorsInTree(found, context);
    // Lint the new version as the language server does (incrementally when it can), and the full analysis in full.
    doc = step % 2 === 0 ? found : hinted;
    const lint = incremental.lint(new Map([[doc.uri, doc]]));
    assertSameLint(lint, lintAnalyzed(new Map([[full.uri, full]])), context);
    assertLinksInTopology(lint.topology, context);
  }
  return { incremental: incrementalStats.incremental - before.incremental, full: incrementalStats.full - before.full };
}

describe('incremental analysis equals full analysis after random edits', () => {
  const totals = { incremental: 0, full: 0 };
  const generated = cloudFormationYaml(30) as string;
  for (const seed of [1, 2, 3, 4]) {
    it(`generated template (30 RDS resources), seed ${seed}, 50 edits`, () => {
      const r = run('generated.yaml', generated, seed, 50);
      totals.incremental += r.incremental;
      totals.full += r.full;
    });
  }

  for (const seed of [11, 12, 13]) {
    it(`generated template (30 RDS resources), seed ${seed}, 40 same-length edits (links handed over when they stay)`, () => {
      run('generated.yaml', generated, seed, 40, randomSameLengthEdit);
    });
  }

  // Typing in a value (a digit in, a digit out): the text after it moves, the links stay and are handed over to the moved copies.
  const typing = (text: string, rnd: ReturnType<typeof random>): Edit => {
    const sites = [...text.matchAll(/(?:AllocatedStorage|BackupRetentionPeriod): (\d+)/g)].map((m) => m.index! + m[0].length - m[1].length);
    const at = rnd.pick(sites);
    return text[at + 1] === '5'
      ? { kind: 'backspace', rangeOffset: at + 1, rangeLength: 1, text: '' }
      : { kind: 'type', rangeOffset: at + 1, rangeLength: 0, text: '5' };
  };
  for (const seed of [31, 32]) {
    it(`generated template (30 RDS resources), seed ${seed}, 30 digits typed and deleted (links handed over to moved copies)`, () => {
      const handedOver = relintStats.handedOver;
      run('generated.yaml', generated, seed, 30, typing);
      assert.ok(relintStats.handedOver - handedOver >= 20, `${relintStats.handedOver - handedOver} lints handed the links over`);
    });
  }

  // Typing without anyone reading the tree between keystrokes (the language server lints; only a fix or a test reads it):
  // the resources after each edit are stand-ins moved again and again before their trees are copied (movedResource.ts).
  const typingRun = (text: string, rnd: ReturnType<typeof random>): Edit => {
    const roll = rnd.int(10);
    const values = [...text.matchAll(/\n {6}\w+: ([^\n#&*!]+)/g)].map((m) => ({ at: m.index! + m[0].length - m[1].length, length: m[1].length }));
    const v = rnd.pick(values);
    const at = v.at + rnd.int(v.length + 1);
    if (roll < 4) return { kind: 'type', rangeOffset: at, rangeLength: 0, text: rnd.pick(['5', 'x', '12', 'abc', 'db.r6g', '0000000000']) };
    if (roll < 6 && v.length > 1) return { kind: 'delete', rangeOffset: v.at, rangeLength: 1 + rnd.int(Math.min(4, v.length - 1)), text: '' };
    if (roll < 7) return { kind: 'new comment line', rangeOffset: v.at + v.length, rangeLength: 0, text: rnd.pick(['\n      # note', '\n', '\n\n        # deeper']) };
    if (roll < 8) {
      // A whole property line removed (its newline too), or one added.
      const line = text.lastIndexOf('\n', v.at);
      return rnd.int(2) === 0
        ? { kind: 'remove a property', rangeOffset: line, rangeLength: v.at + v.length - line, text: '' }
        : { kind: 'add a property', rangeOffset: v.at + v.length, rangeLength: 0, text: '\n      StorageEncrypted: false' };
    }
    return rnd.pick(VALUE_TYPING)(text, rnd) ?? { kind: 'type', rangeOffset: at, rangeLength: 0, text: '7' };
  };
  for (const seed of [41, 42, 43]) {
    it(`generated template (30 RDS resources), seed ${seed}: 80 edits typed without reading the tree between them; every version stays what a full analysis gives`, () => {
      const rnd = random(seed);
      const incremental = new IncrementalAnalysis();
      const uri = 'file:///typing-run.yaml';
      let doc: AnalyzedDocument = analyzeDocument({ uri, text: generated });
      incremental.lint(new Map([[uri, doc]]));
      const versions: AnalyzedDocument[] = [];
      const incrementalBefore = incrementalStats.incremental;
      let undo: Edit | undefined;
      for (let step = 0; step < 80; step++) {
        // A typo that breaks the template is undone next, as a user does.
        const edit = undo && (!doc.model || doc.problem) ? undo : typingRun(doc.text, rnd);
        undo = inverse(doc.text, edit);
        const next = apply(doc.text, edit);
        // The language server passes no change (it compares the texts); a client's change is the other half.
        doc = incremental.reanalyze(doc, uri, next, DEFAULT_CONFIG, step % 2 === 0 ? edit : undefined);
        const lint = incremental.lint(new Map([[uri, doc]]));
        versions.push(doc);
        if (step % 16 !== 15) continue;
        const context = `seed ${seed} step ${step} (${edit.kind})`;
        // Linted after every edit, compared now: the lint read no tree the edits moved.
        assertSameLint(lint, lintAnalyzed(new Map([[uri, analyzeDocument({ uri, text: doc.text })]])), context);
        assertLinksInTopology(lint.topology, context);
        // This version, and an earlier one (later edits must leave it as it was).
        for (const v of [doc, rnd.pick(versions)]) {
          assertSameAnalysis(v, analyzeDocument({ uri, text: v.text }), `${context}: version of ${v.text.length} characters`);
          assertAnchorsInTree(v, context);
        }
      }
      assert.ok(incrementalStats.incremental - incrementalBefore >= 60, `${incrementalStats.incremental - incrementalBefore} of 80 edits incremental; ${JSON.stringify([...incrementalStats.reasons])}`);
    });
  }

  // Entities linked across the keystroke (a replica before or after its source, members before and after their
  // cluster, a proxy's group, endpoint and subnets on both sides, a replica chain, a Multi-AZ DB cluster member,
  // a source outside the file): moved several times before anything reads them, compared now and then.
  const linkedAcross = readFileSync(join(FIXTURES, 'incremental', 'linked-across-edits.yaml'), 'utf8');
  const digitTyping = (text: string, rnd: ReturnType<typeof random>): Edit => {
    const values = [...text.matchAll(/(?:AllocatedStorage|BackupRetentionPeriod|MaxConnectionsPercent|Iops): (\d+)/g)]
      .map((m) => ({ at: m.index! + m[0].length - m[1].length, length: m[1].length }));
    const v = rnd.pick(values);
    return v.length > 1 && rnd.int(2) === 0
      ? { kind: 'delete a digit', rangeOffset: v.at + v.length - 1, rangeLength: 1, text: '' }
      : { kind: 'type a digit', rangeOffset: v.at + v.length, rangeLength: 0, text: String(1 + rnd.int(9)) };
  };
  for (const seed of [51, 52, 53]) {
    it(`entities linked across the edit, seed ${seed}: 60 digits typed and deleted, read every 5th edit`, () => {
      const rnd = random(seed);
      const incremental = new IncrementalAnalysis();
      const uri = 'file:///linked-across-edits.yaml';
      let doc: AnalyzedDocument = incremental.reanalyze(undefined, uri, linkedAcross, DEFAULT_CONFIG);
      incremental.lint(new Map([[uri, doc]]));
      const versions: AnalyzedDocument[] = [];
      const handedOver = relintStats.handedOver;
      let standIns = 0;
      for (let step = 0; step < 60; step++) {
        const edit = digitTyping(doc.text, rnd);
        doc = incremental.reanalyze(doc, uri, apply(doc.text, edit), DEFAULT_CONFIG, step % 3 === 0 ? undefined : edit);
        const lint = incremental.lint(new Map([[uri, doc]]));
        versions.push(doc);
        standIns += lint.topology.instances.filter(isMovedEntity).length;
        if (step % 5 !== 4) continue;
        const context = `seed ${seed} step ${step} (${edit.kind} at ${edit.rangeOffset})`;
        const full = lintAnalyzed(new Map([[uri, analyzeDocument({ uri, text: doc.text })]]));
        assertSameLint(lint, full, context);
        assertLinksInTopology(lint.topology, context);
        assertSameLinkedEngines(lint.topology, full.topology, context);
        assertEntitiesReadAsPlain(lint.topology, full.topology, context);
        const earlier = rnd.pick(versions);
        assertSameAnalysis(earlier, analyzeDocument({ uri, text: earlier.text }), `${context}: an earlier version`);
      }
      assert.ok(relintStats.handedOver - handedOver >= 50, `${relintStats.handedOver - handedOver} of 60 lints handed the links over`);
      assert.ok(standIns > 100, `${standIns} moved instances were stand-ins`);
    });
  }

  it('the first keystroke after opening a document lints incrementally (the opening lint is remembered)', () => {
    const incremental = new IncrementalAnalysis();
    const uri = 'file:///opened.yaml';
    const opened = incremental.reanalyze(undefined, uri, generated, DEFAULT_CONFIG);
    incremental.lint(new Map([[uri, opened]]));
    const at = generated.indexOf('AllocatedStorage: ') + 'AllocatedStorage: '.length;
    const edit = { rangeOffset: at, rangeLength: 0, text: '5' };
    const typed = incremental.reanalyze(opened, uri, apply(generated, edit), DEFAULT_CONFIG, edit);
    const before = relintStats.incremental;
    const lint = incremental.lint(new Map([[uri, typed]]));
    assert.equal(relintStats.incremental - before, 1, 'linted incrementally');
    assertSameLint(lint, lintAnalyzed(new Map([[uri, analyzeDocument({ uri, text: typed.text })]])), 'first keystroke');
  });

  // Anchors and aliases in some resources: edits elsewhere stay incremental, the aliased text moves with them.
  const aliased = generated.replace('Resources:\n', `Resources:
  Base:
    Type: AWS::RDS::DBInstance
    Properties: &shared
      Engine: mysql
      DBInstanceClass: db.t4g.medium
      BackupRetentionPeriod: 0
  Copy:
    Type: AWS::RDS::DBInstance
    Properties: *shared
`);
  for (const seed of [21, 22]) {
    it(`generated template with anchors and aliases, seed ${seed}, 40 edits`, () => {
      run('aliased.yaml', aliased, seed, 40);
    });
  }

  it('a resource edited into a nested stack, and any edit beside one, take the full analysis', () => {
    const incremental = new IncrementalAnalysis();
    const uri = 'file:///nested.yaml';
    let doc = analyzeDocument({ uri, text: generated });
    const step = (from: string, to: string, expectFull: boolean) => {
      const at = doc.text.indexOf(from);
      assert.ok(at > 0, from);
      const next = apply(doc.text, { rangeOffset: at, rangeLength: from.length, text: to });
      const nestedBefore = incrementalStats.reasons.get('nested stacks') ?? 0;
      const again = incremental.reanalyze(doc, uri, next, DEFAULT_CONFIG, { rangeOffset: at, rangeLength: from.length, text: to });
      const full = analyzeDocument({ uri, text: next });
      assertSameAnalysis(again, full, `${from} -> ${to}`);
      assertSameLint(incremental.lint(new Map([[uri, again]])), lintAnalyzed(new Map([[uri, full]])), `${from} -> ${to}`);
      assert.equal((incrementalStats.reasons.get('nested stacks') ?? 0) - nestedBefore, expectFull ? 1 : 0, `${from} -> ${to}`);
      doc = again;
    };
    step('BackupRetentionPeriod: 7', 'BackupRetentionPeriod: 5', false);
    // The type is in the resource's body (below its logical id): a nested stack appears.
    step('Type: AWS::RDS::DBInstance', 'Type: AWS::CloudFormation::Stack', true);
    step('BackupRetentionPeriod: 7', 'BackupRetentionPeriod: 9', true);
    step('Type: AWS::CloudFormation::Stack', 'Type: AWS::RDS::DBInstance', true);
    step('BackupRetentionPeriod: 7', 'BackupRetentionPeriod: 3', false);
  });

  it('edits in Parameters, Conditions and Outputs re-read only that section, and equal a full analysis', () => {
    const path = join(FIXTURES, 'cloudformation', 'incremental', 'inputs.yaml');
    let doc: AnalyzedDocument = analyzeDocument({ uri: 'file:///inputs.yaml', text: readFileSync(path, 'utf8') });
    const incremental = new IncrementalAnalysis();
    incremental.lint(new Map([[doc.uri, doc]]));
    const codes = (r: LintResult) => r.findings.map((f) => `${f.ruleId} ${f.resource ?? ''}`.trim()).sort();
    // Replaces the first `from` after `after` (within its section), as typed in the editor; returns the finding codes.
    const step = (after: string, from: string, to: string): string[] => {
      const at = doc.text.indexOf(from, doc.text.indexOf(after));
      assert.ok(at >= 0, `${from} in the fixture`);
      const edit: Edit = { kind: 'section edit', rangeOffset: at, rangeLength: from.length, text: to };
      const next = apply(doc.text, edit);
      const context = `${after}: ${from} -> ${to}`;
      const full = analyzeDocument({ uri: doc.uri, text: next });
      const sectionsBefore = incrementalStats.sections;
      doc = incremental.reanalyze(doc, doc.uri, next, DEFAULT_CONFIG, edit);
      assert.equal(incrementalStats.sections - sectionsBefore, 1, `${context}: taken incrementally (${JSON.stringify([...incrementalStats.reasons])})`);
      assertSameAnalysis(doc, full, context);
      assertAnchorsInTree(doc, context);
      const lint = incremental.lint(new Map([[doc.uri, doc]]));
      const fullLint = lintAnalyzed(new Map([[full.uri, full]]));
      assertSameLint(lint, fullLint, context);
      assertLinksInTopology(lint.topology, context);
      return codes(lint);
    };
    const backupsOff = ['RDS101', 'RDS103', 'RDS104'];
    const has = (found: string[], code: string) => found.some((c) => c.startsWith(`${code} `) || c === code);
    // A BackupRetentionPeriod that !Refs Retention: Default 7 -> 0 turns backups off (a replica's source needs them).
    let found = step('  Retention:', 'Default: 7', 'Default: 0');
    for (const code of backupsOff) assert.ok(has(found, code), `${code} after Default 0: ${found}`);
    found = step('  Retention:', 'Default: 0', 'Default: 7');
    for (const code of backupsOff) assert.ok(!has(found, code), `no ${code} after Default 7: ${found}`);
    // Env's Default feeds the IsProd condition, which picks MultiAZ.
    found = step('  Env:', 'Default: prod', 'Default: dev');
    assert.ok(has(found, 'RDS201'), `Single-AZ when not prod: ${found}`);
    step('  Env:', 'AllowedValues: [dev, staging, prod]', 'AllowedValues: [dev, staging, prod, test]');
    // A parameter added and removed (the edit starts at a line inside the section: every line stays indented).
    step('  # Days', '  # Days', '  Spare:\n    Type: String\n    Default: spare\n  # Days');
    step('  Spare:', '  Spare:\n    Type: String\n    Default: spare\n', '');
    // An Fn::Equals operand: IsProd true again for Env dev.
    found = step('Conditions:', '!Ref Env, prod]', '!Ref Env, dev]');
    assert.ok(!has(found, 'RDS201'), `Multi-AZ when IsProd: ${found}`);
    found = step('Conditions:', '!Ref Env, dev]', '!Ref Env, staging]');
    assert.ok(has(found, 'RDS201'), `Single-AZ again: ${found}`);
    // A section after Resources.
    step('Outputs:', 'Orders.Endpoint.Address', 'Orders.Endpoint.Port');
    // A resource edit after all that still takes the resource path, and equals a full analysis.
    const next = apply(doc.text, { rangeOffset: doc.text.indexOf('AllocatedStorage: 100') + 19, rangeLength: 1, text: '2' });
    const resourcesBefore = incrementalStats.incremental - incrementalStats.sections;
    const again = incremental.reanalyze(doc, doc.uri, next, DEFAULT_CONFIG);
    assert.equal(incrementalStats.incremental - incrementalStats.sections - resourcesBefore, 1);
    assertSameAnalysis(again, analyzeDocument({ uri: doc.uri, text: next }), 'a resource edit after the section edits');
  });

  it('edits on a section key line, or that outdent a line of the section, take the full analysis', () => {
    const text = readFileSync(join(FIXTURES, 'cloudformation', 'incremental', 'inputs.yaml'), 'utf8');
    const doc = analyzeDocument({ uri: 'file:///inputs.yaml', text });
    const incremental = new IncrementalAnalysis();
    for (const [from, to, reason] of [['Conditions:', 'Condition:', 'not inside a section body'], ['    Default: 7', 'Default: 7', 'indentation']] as const) {
      const at = text.indexOf(from);
      const edit = { rangeOffset: at, rangeLength: from.length, text: to };
      const next = apply(text, edit);
      const before = incrementalStats.reasons.get(reason) ?? 0;
      const result = incremental.reanalyze(doc, doc.uri, next, DEFAULT_CONFIG, edit);
      assert.equal((incrementalStats.reasons.get(reason) ?? 0) - before, 1, `${from} -> ${to}: ${JSON.stringify([...incrementalStats.reasons])}`);
      assertSameAnalysis(result, analyzeDocument({ uri: doc.uri, text: next }), `${from} -> ${to}`);
    }
  });

  it('an edit that breaks the YAML of a resource or a section is analyzed in full, as are the edits after it: the whole text\'s problems, then its model once mended', () => {
    const text = readFileSync(join(FIXTURES, 'cloudformation', 'incremental', 'inputs.yaml'), 'utf8');
    const doc = analyzeDocument({ uri: 'file:///inputs.yaml', text });
    const incremental = new IncrementalAnalysis();
    const cases = [
      ['AllocatedStorage: 100', 'AllocatedStorage: "100', 'the resource does not parse on its own'],
      ['AllocatedStorage: 100', 'AllocatedStorage: [100', 'the resource does not parse on its own'],
      ['    Default: 7', '    Default: "7', 'the section does not parse on its own'],
    ] as const;
    for (const [from, to, reason] of cases) {
      const at = text.indexOf(from);
      assert.ok(at >= 0, from);
      const edit = { rangeOffset: at, rangeLength: from.length, text: to };
      const next = apply(text, edit);
      const before = incrementalStats.reasons.get(reason) ?? 0;
      const result = incremental.reanalyze(doc, doc.uri, next, DEFAULT_CONFIG, edit);
      assert.equal((incrementalStats.reasons.get(reason) ?? 0) - before, 1, `${from} -> ${to}: ${JSON.stringify([...incrementalStats.reasons])}`);
      assert.ok(result.problem, `${from} -> ${to}: a parse problem`);
      assertSameAnalysis(result, analyzeDocument({ uri: doc.uri, text: next }), `${from} -> ${to}`);
      // Typing on inside the broken text, then mending it: each version read after one that did not parse.
      const typed = apply(next, { rangeOffset: at + to.length, rangeLength: 0, text: 'x' });
      const stillBroken = incremental.reanalyze(result, doc.uri, typed, DEFAULT_CONFIG, { rangeOffset: at + to.length, rangeLength: 0, text: 'x' });
      assert.ok(stillBroken.problem, `${from} -> ${to}x: still a parse problem`);
      assertSameAnalysis(stillBroken, analyzeDocument({ uri: doc.uri, text: typed }), `${from} -> ${to}x`);
      const mendEdit = { rangeOffset: at, rangeLength: to.length + 1, text: from };
      const mended = incremental.reanalyze(stillBroken, doc.uri, apply(typed, mendEdit), DEFAULT_CONFIG, mendEdit);
      assert.equal(mended.problem, undefined, `${from} -> ${to}x -> ${from}: mended`);
      assertSameAnalysis(mended, analyzeDocument({ uri: doc.uri, text }), `${from} -> ${to}x -> ${from}`);
    }
  });

  const fixtures = fixtureTemplates();
  it(`every CloudFormation YAML fixture (${fixtures.length}), 6 edits each`, () => {
    assert.ok(fixtures.length > 10);
    fixtures.forEach(({ name, text }, i) => {
      run(name, text, 100 + i, 6);
    });
  });

  it('takes the incremental path for most edits of the generated template (the others are edits it must not take)', (t) => {
    t.diagnostic(`${totals.incremental} incremental analyses, ${totals.full} full; reasons for full: ${JSON.stringify([...incrementalStats.reasons])}`);
    t.diagnostic(`lints: ${relintStats.incremental} incremental (${relintStats.handedOver} with links handed over, ${Math.round(relintStats.rerunEntities / Math.max(1, relintStats.incremental))} entities linted again on average), ${relintStats.full} full`);
    assert.ok(totals.incremental * 3 > totals.full * 2, JSON.stringify(totals));
  });
});
