/**
 * Findings an incremental lint keeps (incremental/movedFinding.ts): the
 * previous objects when nothing of them moved, else findings moved from
 * them, which tell the publisher so. Their fixes and fix proposals, made
 * only when read, must be a full lint's: the same edits and intents at the
 * same ranges, on the entities of the new topology, after any number of
 * keystrokes in which nobody read them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cloudFormationYaml } from '../../bench/templates.mjs';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import { IncrementalAnalysis, relintStats } from '../../server/src/incremental';
import { movedFrom } from '../../server/src/incremental/movedFinding';
import { analyzeDocument, lintAnalyzed, type Finding, type LintResult } from '../../server/src/lint';
import type { Entity, Topology } from '../../server/src/model/topology';
import { apply, random, type Edit } from './support';

/** Typing inside resource bodies: a digit in or out of a value, a comment line added or removed. */
function typingEdit(text: string, rnd: ReturnType<typeof random>): Edit {
  const roll = rnd.int(10);
  if (roll < 6) {
    const values = [...text.matchAll(/(?:AllocatedStorage|BackupRetentionPeriod): (\d+)/g)];
    const m = rnd.pick(values);
    const end = m.index! + m[0].length;
    return m[1].length > 1 && rnd.int(2) === 0
      ? { kind: 'delete a digit', rangeOffset: end - 1, rangeLength: 1, text: '' }
      : { kind: 'type a digit', rangeOffset: end, rangeLength: 0, text: String(rnd.int(10)) };
  }
  const comments = [...text.matchAll(/\n {6}# typed/g)];
  if (roll < 8 && comments.length > 0) {
    const m = rnd.pick(comments);
    return { kind: 'remove a comment line', rangeOffset: m.index!, rangeLength: m[0].length, text: '' };
  }
  const lines = [...text.matchAll(/\n {6}\w+: [^\n]*/g)];
  const m = rnd.pick(lines);
  return { kind: 'add a comment line', rangeOffset: m.index! + m[0].length, rangeLength: 0, text: '\n      # typed' };
}

function entitiesOf(t: Topology): Set<Entity> {
  return new Set<Entity>([...t.instances, ...t.clusters, ...t.proxies, ...t.proxyTargetGroups, ...t.proxyTargets, ...t.proxyEndpoints, ...t.subnets]);
}

/** Each finding's fix proposal, its entities named by id and whether they are the topology's own. */
function proposals(result: LintResult): { intents: { entity: string; current: boolean }[] }[] {
  const current = entitiesOf(result.topology);
  return [...result.findings, ...result.suppressed].map((f: Finding) => f.proposal && {
    ...f.proposal,
    resource: f.resource,
    intents: f.proposal.intents.map(({ entity, ...rest }) => ({ ...rest, entity: entity.id, current: current.has(entity) })),
  }).filter((p) => p !== undefined);
}

describe('findings kept by the incremental lint', () => {
  for (const seed of [1, 2]) {
    it(`typing, seed ${seed}: kept findings are the previous ones or moved from them; their proposals are a full lint's`, () => {
      const uri = 'file:///typing.yaml';
      const rnd = random(seed);
      const incremental = new IncrementalAnalysis();
      // Backups off on the primaries: each replica's RDS103 proposes setting its primary's retention, an intent on another entity.
      const template = (cloudFormationYaml(30) as string).replace(/BackupRetentionPeriod: !Ref Retention/g, 'BackupRetentionPeriod: 0');
      assert.notEqual(template, cloudFormationYaml(30));
      let doc = incremental.reanalyze(undefined, uri, template, DEFAULT_CONFIG);
      let previous = incremental.lint(new Map([[uri, doc]]));
      const counts = { same: 0, moved: 0, otherEntity: 0, incremental: relintStats.incremental };
      for (let step = 0; step < 60; step++) {
        const edit = typingEdit(doc.text, rnd);
        const context = `step ${step} (${edit.kind} at ${edit.rangeOffset})`;
        const text = apply(doc.text, edit);
        doc = incremental.reanalyze(doc, uri, text, DEFAULT_CONFIG, edit);
        const lint = incremental.lint(new Map([[uri, doc]]));
        const before = new Set([...previous.findings, ...previous.suppressed]);
        for (const f of [...lint.findings, ...lint.suppressed]) {
          if (before.has(f)) {
            counts.same++;
            continue;
          }
          const moved = movedFrom(f);
          if (moved) {
            counts.moved++;
            assert.ok(before.has(moved.from), `${context}: moved from a finding of the previous lint`);
            assert.equal(moved.shift.delta, edit.text.length - edit.rangeLength, `${context}: the edit's shift`);
            assert.equal(moved.from.message, f.message, context);
          }
        }
        // Fixes and proposals read only now and then: in between, moved findings are moved again without making theirs.
        if (step % 5 === 4) {
          const full = lintAnalyzed(new Map([[uri, analyzeDocument({ uri, text })]]));
          const fixes = (result: LintResult) => [...result.findings, ...result.suppressed].map((f) => f.fix);
          assert.deepEqual(fixes(lint), fixes(full), `${context}: fixes`);
          assert.deepEqual(proposals(lint), proposals(full), `${context}: fix proposals`);
          assert.ok(proposals(lint).every((p) => p.intents.every((i) => i.current)), `${context}: intents on the new topology's entities`);
          if (proposals(lint).some((p) => p.intents.some((i) => i.entity !== (p as { resource?: string }).resource))) counts.otherEntity++;
        }
        previous = lint;
      }
      assert.ok(relintStats.incremental - counts.incremental >= 50, `${relintStats.incremental - counts.incremental} incremental lints`);
      assert.ok(counts.otherEntity >= 5, `${counts.otherEntity} comparisons with an intent on another entity`);
      assert.ok(counts.moved > 300 && counts.same > 300, `${counts.moved} findings moved, ${counts.same} kept as they were`);
    });
  }
});
