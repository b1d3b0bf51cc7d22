/** Random edits and comparisons for the incremental equivalence tests. */
import assert from 'node:assert/strict';
import type { AnalyzedDocument, Finding, LintResult } from '../../server/src/lint';
import { topologyToJson } from '../../server/src/model/serialize';
import type { Entity, FileModel } from '../../server/src/model/topology';
import type { TextChange } from '../../server/src/incremental/change';

/** A small seeded generator (mulberry32): the same seed, the same edits. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

export interface Edit extends TextChange {
  readonly kind: string;
}

/** Offsets of every match of `re` in `text` (the position of group 1 when there is one). */
function sites(text: string, re: RegExp): number[] {
  const out: number[] = [];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (let m = g.exec(text); m; m = g.exec(text)) out.push(m[1] !== undefined ? m.index + m[0].indexOf(m[1]) : m.index);
  return out;
}

const VALUE_EDITS: readonly [string, RegExp, (old: string) => string][] = [
  ['digit', /: (\d)/, (d) => String((Number(d) + 1) % 10)],
  ['retention', /BackupRetentionPeriod: (\d+)/, (v) => (v === '0' ? '7' : '0')],
  ['multi-az', /MultiAZ: (true|false)/, (v) => (v === 'true' ? 'false' : 'true')],
  ['engine', /Engine: (postgres|mysql|aurora-postgresql|aurora-mysql)/, (v) => (v === 'postgres' ? 'mysql' : v === 'mysql' ? 'oracle-ee' : 'postgres')],
  ['type', /Type: (AWS::RDS::DBInstance|AWS::RDS::DBCluster)/, (v) => (v.endsWith('Instance') ? 'AWS::RDS::DBCluster' : 'AWS::RDS::DBInstance')],
  ['ref', /SourceDBInstanceIdentifier: !Ref (\w+)/, (v) => (v.endsWith('0') ? `${v.slice(0, -1)}1` : `${v}0`)],
  ['policy', /DeletionPolicy: (Snapshot|Delete|Retain)/, (v) => (v === 'Snapshot' ? 'Delete' : 'Snapshot')],
  ['tls', /RequireTLS: (true|false)/, (v) => (v === 'true' ? 'false' : 'true')],
];

/**
 * One random edit: mostly what typing does inside a resource (change a value,
 * type or delete a character, add or remove a property line), sometimes what
 * takes the full path (a key line, a new resource, an anchor, a syntax error,
 * a line ending, a top-level key).
 */
export function randomEdit(text: string, rnd: ReturnType<typeof random>): Edit {
  const roll = rnd.int(100);
  if (roll < 40) {
    for (let tries = 0; tries < 5; tries++) {
      const [kind, re, change] = rnd.pick(VALUE_EDITS);
      const at = sites(text, re);
      if (at.length === 0) continue;
      const offset = rnd.pick(at);
      const old = /^[\w:-]+/.exec(text.slice(offset))![0];
      return { kind, rangeOffset: offset, rangeLength: old.length, text: change(old) };
    }
  }
  const offset = rnd.int(text.length + 1);
  if (roll < 55) return { kind: 'type a character', rangeOffset: offset, rangeLength: 0, text: rnd.pick(['a', '1', ' ', ':', '-', '#', '"', "'", '\n', '[', '{', '}']) };
  if (roll < 65) return { kind: 'delete', rangeOffset: Math.min(offset, Math.max(0, text.length - 1)), rangeLength: Math.min(1 + rnd.int(3), text.length - Math.min(offset, text.length)), text: '' };
  if (roll < 75) {
    // A new property below some property line.
    const lines = sites(text, /\n( {6})[A-Z]/);
    if (lines.length > 0) {
      const at = rnd.pick(lines);
      return { kind: 'add a property', rangeOffset: at - 1, rangeLength: 0, text: rnd.pick(['\n      StorageEncrypted: true', '\n      AvailabilityZone: us-east-1a', '\n      MultiAZ: false', '\n      Iops: 1000  # io']) };
    }
  }
  if (roll < 82) {
    const lines = sites(text, /\n( {6}\w+: [^\n]*)/);
    if (lines.length > 0) {
      const at = rnd.pick(lines);
      const end = text.indexOf('\n', at);
      return { kind: 'remove a property', rangeOffset: at - 1, rangeLength: (end < 0 ? text.length : end) - at + 1, text: '' };
    }
  }
  if (roll < 86) {
    const at = rnd.pick(sites(text, /\n( {2}\w+:\n)/).concat([offset]));
    return { kind: 'new resource', rangeOffset: at, rangeLength: 0, text: `  Added${rnd.int(1000)}:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      BackupRetentionPeriod: 0\n` };
  }
  if (roll < 89) return { kind: 'anchor', rangeOffset: offset, rangeLength: 0, text: ' &anchor' };
  if (roll < 92) return { kind: 'line ending', rangeOffset: offset, rangeLength: 0, text: '\r\n' };
  if (roll < 95) {
    const at = rnd.pick(sites(text, /\n( {2}\w+:)/).concat([offset]));
    return { kind: 'rename a resource', rangeOffset: at + 2, rangeLength: 0, text: 'X' };
  }
  return { kind: 'random text', rangeOffset: offset, rangeLength: 0, text: rnd.pick(['Outputs:\n  X: 1\n', '      - a\n', '!Ref', '${', '\t', '---\n']) };
}

const SAME_LENGTH_EDITS: readonly [string, RegExp, (old: string) => string][] = [
  ['digit', /(?:Storage|Iops|Percent|Retention\w*): (\d)/, (d) => String((Number(d) + 1) % 10)],
  ['retention', /BackupRetentionPeriod: ([07])\n/, (v) => (v === '0' ? '7' : '0')],
  ['boolean spelling', /(?:MultiAZ|StorageEncrypted|RequireTLS): (true|TRUE|fals|FALS)/, (v) => ({ true: 'TRUE', TRUE: 'true', fals: 'FALS', FALS: 'fals' })[v]!],
  ['engine', /Engine: (mysql|mssql)\n/, (v) => (v === 'mysql' ? 'mssql' : 'mysql')],
  ['identifier', /DBInstanceIdentifier: reporting-(\d)/, (d) => String((Number(d) + 3) % 10)],
  ['instance class', /DBInstanceClass: db\.(r)6g/, () => 'm'],
  ['reference', /: !Ref (?:Primary|Analytics)(\d)\n/, (d) => String((Number(d) + 1) % 3)],
  ['source', /SourceDBInstanceIdentifier: !Ref Primary(\d)/, (d) => String((Number(d) + 1) % 3)],
];

/** A one-for-one replacement (the text after it does not move): what relint.ts can hand links over for, when they stay. */
export function randomSameLengthEdit(text: string, rnd: ReturnType<typeof random>): Edit {
  for (let tries = 0; tries < 20; tries++) {
    const [kind, re, change] = rnd.pick(SAME_LENGTH_EDITS);
    const g = new RegExp(re.source, 'g');
    const matches: { offset: number; text: string }[] = [];
    for (let m = g.exec(text); m; m = g.exec(text)) matches.push({ offset: m.index + m[0].lastIndexOf(m[1]), text: m[1] });
    if (matches.length === 0) continue;
    const m = rnd.pick(matches);
    const replacement = change(m.text);
    if (replacement.length !== m.text.length) throw new Error(`not a same-length edit: ${kind}`);
    return { kind, rangeOffset: m.offset, rangeLength: m.text.length, text: replacement };
  }
  return { kind: 'nothing', rangeOffset: 0, rangeLength: 0, text: '' };
}

export function apply(text: string, e: TextChange): string {
  return text.slice(0, e.rangeOffset) + e.text + text.slice(e.rangeOffset + e.rangeLength);
}

/** The edit that takes `apply(text, e)` back to `text`. */
export function inverse(text: string, e: TextChange): Edit {
  return { kind: 'undo', rangeOffset: e.rangeOffset, rangeLength: e.text.length, text: text.slice(e.rangeOffset, e.rangeOffset + e.rangeLength) };
}

/** Every entity's edit anchor is a node of the document's own tree (fixes write through it). */
export function assertAnchorsInTree(doc: { root?: unknown; model?: FileModel }, context: string): void {
  const root = doc.root as { kind: string; entries: { key: string; value: { kind: string; entries: { key: string; value: unknown }[] } }[] } | undefined;
  const resources = root?.kind === 'map' ? root.entries.find((e) => e.key === 'Resources')?.value : undefined;
  if (!doc.model || !resources || resources.kind !== 'map') return;
  const nodes = new Set(resources.entries.map((e) => e.value));
  for (const list of [doc.model.instances, doc.model.clusters, doc.model.proxies, doc.model.proxyTargetGroups, doc.model.proxyTargets, doc.model.proxyEndpoints, doc.model.subnets] as Entity[][]) {
    for (const e of list) {
      // A StackSet's TemplateBody is a tree of its own, inside a string of this one: fixes there replace values by range only.
      if (e.embedded) continue;
      assert.ok(nodes.has(e.anchor.resourceNode), `${context}: ${e.id}'s anchor is not in the tree`);
    }
  }
}

const LINK_FIELDS = new Set(['replicationSource', 'restoreSource', 'cluster', 'replicas', 'crossRegion', 'members', 'resolvedSubnets', 'targetGroups', 'targets', 'endpoints', 'proxy', 'target']);

/** An entity as plain data, without what the linker writes (compared separately, linked). */
function entityData(e: Entity): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (LINK_FIELDS.has(k)) continue;
    if (k === 'anchor') {
      // The nodes themselves are compared with the tree; here: which nodes.
      out[k] = { resourceNode: e.anchor.resourceNode.range, propertiesNode: e.anchor.propertiesNode?.range ?? e.anchor.propertiesNode };
      continue;
    }
    out[k] = v instanceof Map ? [...v] : v instanceof Set ? [...v] : v;
  }
  return out;
}

function modelData(m: FileModel | undefined): unknown {
  if (!m) return undefined;
  return {
    summary: { ...m.summary, suppressions: [...m.summary.suppressions] },
    scope: m.scope,
    lists: [m.instances, m.clusters, m.proxies, m.proxyTargetGroups, m.proxyTargets, m.proxyEndpoints, m.subnets].map((l) => l.map(entityData)),
  };
}

/** The analysis of a document as what it says: tree, model, problems (not which objects hold it). */
export function assertSameAnalysis(actual: AnalyzedDocument, expected: AnalyzedDocument, context: string): void {
  assert.equal(actual.text, expected.text, context);
  assert.equal(actual.kind, expected.kind, `${context}: kind`);
  assert.deepStrictEqual(actual.problem, expected.problem, `${context}: problem`);
  assert.equal(actual.skipped, expected.skipped, `${context}: skipped`);
  assert.deepStrictEqual(actual.root, expected.root, `${context}: tree`);
  assert.deepStrictEqual(actual.aliased, expected.aliased, `${context}: aliased text`);
  assert.deepStrictEqual(actual.lineIndex, expected.lineIndex, `${context}: line index`);
  // The roles and engines the builder wrote: the incremental model shares entities a previous lint linked.
  const unlinkedRoles = (m: FileModel | undefined) => m?.instances.map((i) => i.id);
  assert.deepStrictEqual(unlinkedRoles(actual.model), unlinkedRoles(expected.model), `${context}: instances`);
  assert.deepStrictEqual(withBuiltRoles(actual.model), modelData(expected.model), `${context}: model`);
}

/** modelData, with role/engine as the builder wrote them (a previous lint may have refined them on shared entities). */
let builtOf: ((i: Entity) => { role: unknown; engine: unknown }) | undefined;
export function useBuiltRoles(f: (i: Entity) => { role: unknown; engine: unknown }): void {
  builtOf = f;
}
function withBuiltRoles(m: FileModel | undefined): unknown {
  const data = modelData(m) as { lists: Record<string, unknown>[][] } | undefined;
  if (!data || !m || !builtOf) return data;
  m.instances.forEach((inst, i) => {
    const b = builtOf!(inst);
    data.lists[0][i] = { ...data.lists[0][i], role: b.role, engine: b.engine };
  });
  return data;
}

/**
 * Every link of every entity points at an entity of the same topology (the
 * JSON form names links by id, so a link left on an old copy would pass it).
 */
export function assertLinksInTopology(t: LintResult['topology'], context: string): void {
  const lists = [t.instances, t.clusters, t.proxies, t.proxyTargetGroups, t.proxyTargets, t.proxyEndpoints, t.subnets] as Entity[][];
  const all = new Set<unknown>(lists.flat());
  const isEntity = (v: unknown) => typeof v === 'object' && v !== null && 'anchor' in v;
  for (const e of all) {
    for (const [k, v] of Object.entries(e as object)) {
      if (!LINK_FIELDS.has(k)) continue;
      for (const target of Array.isArray(v) ? v : [v]) {
        if (isEntity(target)) assert.ok(all.has(target), `${context}: ${(e as Entity).id}.${k} points at an entity outside the topology`);
      }
    }
  }
  for (const edge of t.edges) assert.ok(all.has(edge.from) && all.has(edge.to), `${context}: an edge outside the topology`);
}

/** Two lint results as the user sees them: findings (rule, range, message, fix, related...), suppressed ones, the topology. */
export function assertSameLint(actual: LintResult, expected: LintResult, context: string): void {
  // What a front end sees of a finding: its entity and fix intents are compared through the topology and the fix's edits
  // (read, not spread: a moved finding makes its fix when read).
  const seen = (findings: readonly Finding[]) => findings.map(({ entity: _entity, proposal: _proposal, fix, ...rest }) => (fix ? { ...rest, fix } : rest));
  assert.deepStrictEqual(seen(actual.findings), seen(expected.findings), `${context}: findings`);
  assert.deepStrictEqual(seen(actual.suppressed), seen(expected.suppressed), `${context}: suppressed findings`);
  const lineIndexOf = (result: LintResult) => (file: string) => result.documents.get(file)?.lineIndex;
  assert.deepStrictEqual(topologyToJson(actual.topology, lineIndexOf(actual)), topologyToJson(expected.topology, lineIndexOf(expected)), `${context}: topology`);
}

/**
 * What linking made of every instance's role, engine and crossRegion, as the
 * user and the rules see it: the engine's value and ranges, and where it
 * comes from by identity (its own, its cluster's, a source's up the chain, or
 * one linking made), which rules compare (RDS306, RDS504).
 */
export function assertSameLinkedEngines(actual: LintResult['topology'], expected: LintResult['topology'], context: string): void {
  const linked = (t: LintResult['topology']) => t.instances.map((i) => {
    let from = i.engine === i.engineWritten ? 'own' : i.cluster && i.engine === i.cluster.engine ? `cluster ${i.cluster.id}` : 'made';
    for (let s = i.replicationSource, n = 0; from === 'made' && s && n < 100; s = s.replicationSource, n++) {
      if (s.engineWritten) { if (i.engine === s.engineWritten) from = `source ${s.id}`; break; }
    }
    return { id: i.id, role: i.role, engine: i.engine, from, crossRegion: i.crossRegion };
  });
  assert.deepStrictEqual(linked(actual), linked(expected), `${context}: linked roles and engines`);
}

/**
 * Every entity reads, through spread, Object.keys, `in` and JSON.stringify
 * of its data, as the full analysis's entity of the same id and kind does
 * (the incremental model's moved entities are stand-ins).
 */
export function assertEntitiesReadAsPlain(actual: LintResult['topology'], expected: LintResult['topology'], context: string): void {
  const lists = (t: LintResult['topology']) => [t.instances, t.clusters, t.proxies, t.proxyTargetGroups, t.proxyTargets, t.proxyEndpoints, t.subnets] as Entity[][];
  const expectedLists = lists(expected);
  lists(actual).forEach((list, k) => {
    assert.equal(list.length, expectedLists[k].length, `${context}: list ${k}`);
    list.forEach((a, i) => {
      const e = expectedLists[k][i];
      const where = `${context}: ${a.id}`;
      assert.deepStrictEqual(Object.keys(a).sort(), Object.keys(e).sort(), `${where}: keys`);
      const spread: Record<string, unknown> = { ...a };
      assert.deepStrictEqual(Object.keys(spread).sort(), Object.keys(e).sort(), `${where}: spread keys`);
      for (const key of Object.keys(e)) {
        assert.ok(key in a, `${where}: ${key} in`);
        if (LINK_FIELDS.has(key) || key === 'anchor' || key === 'role' || key === 'engine') continue;
        const data = (v: unknown) => JSON.stringify(v instanceof Map || v instanceof Set ? [...v] : v);
        assert.equal(data(spread[key]), data((e as unknown as Record<string, unknown>)[key]), `${where}: ${key}`);
      }
    });
  });
}
