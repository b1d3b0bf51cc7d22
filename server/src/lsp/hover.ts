/**
 * Hovers, in the order a reader needs them (issue 16):
 * - on a database resource (its logical id / block label): the one-line
 *   summary (lsp/databaseSummary.ts), the recovery profile (estimated RPO/RTO
 *   per failure kind, from rules/recovery.ts), then its findings, each a short
 *   message with its explanation and remedy, then its settings (role, Multi-AZ,
 *   backups, replicas with their regions, the proxy in front);
 * - on a finding's range elsewhere: the finding with its explanation and remedy.
 * Pure: a document, an offset, the linked topology and the findings in,
 * markdown out.
 */
import type { Hover } from 'vscode-languageserver';
import { describeInputs } from '../evaluate/value';
import type { AnalyzedDocument, Finding } from '../lint';
import { ruleDocUrl } from '../projectLinks';
import { databaseSummary } from './databaseSummary';
import type { RuleDocLink } from './ruleDocLinks';
import type { Attr, DbCluster, DbInstance, DbProxy, Entity, Topology } from '../model/topology';
import { recoveryProfile, type RecoveryProfile } from '../rules/recovery';
import { toLspRange } from './diagnostics';

type Database = DbInstance | DbCluster;

/** The database (or proxy) whose id line holds `offset`, innermost first. */
export function entityAt(doc: AnalyzedDocument, offset: number, topology: Topology): Database | DbProxy | undefined {
  return entitiesAt(doc, offset, topology)[0];
}

/**
 * Every database (or proxy) of the innermost id line holding `offset`: one,
 * or several for a Terraform block with `count` / `for_each` (one instance
 * each, all on the block's label).
 */
export function entitiesAt(doc: AnalyzedDocument, offset: number, topology: Topology): (Database | DbProxy)[] {
  // The linked entities, not the document's own model: a Terraform module's files are rebuilt together for linking.
  const inFile = <T extends Entity>(list: readonly T[]) => list.filter((e) => e.file === doc.uri);
  const candidates: (Database | DbProxy)[] = [...inFile(topology.instances), ...inFile(topology.clusters), ...inFile(topology.proxies)];
  let best: Database | DbProxy | undefined;
  for (const e of candidates) {
    const line = idLine(doc, e);
    if (offset < line.start || offset > line.end) continue;
    if (!best || e.idRange.end - e.idRange.start < best.idRange.end - best.idRange.start) best = e;
  }
  if (!best) return [];
  const { start, end } = best.idRange;
  return candidates.filter((e) => e.idRange.start === start && e.idRange.end === end);
}

/** How many expanded instances of one block a hover shows before summing up the rest. */
const MAX_EXPANDED = 5;

/** The id (logical id / block label) and the rest of its line: `Orders:` or `"orders": {`. */
function idLine(doc: AnalyzedDocument, e: Entity): { start: number; end: number } {
  const text = doc.text;
  const start = text.lastIndexOf('\n', e.idRange.start - 1) + 1;
  let end = text.indexOf('\n', e.idRange.end);
  if (end === -1) end = text.length;
  return { start: Math.min(start, e.idRange.start), end: Math.max(end, e.idRange.end) };
}

/** What a hover shows of the findings: the document's findings and where their rule codes link. */
export interface HoverFindings {
  readonly findings: readonly Finding[];
  readonly docLink?: RuleDocLink;
}

export function hoverAt(doc: AnalyzedDocument, offset: number, topology: Topology, shown: HoverFindings = { findings: [] }): Hover | null {
  const entities = entitiesAt(doc, offset, topology);
  const docLink = shown.docLink ?? ruleDocUrl;
  if (entities.length === 0) return findingsHover(doc, offset, shown.findings, docLink);
  const findingsOf = (e: Entity) => shown.findings.filter((f) => f.file === doc.uri && f.resource === e.id);
  const sections = entities.slice(0, MAX_EXPANDED).map((e) => {
    const own = findingsSection(findingsOf(e), docLink);
    return e.kind === 'proxy' ? [proxyHover(e), own].filter(Boolean).join('\n\n') : databaseHover(e, doc.uri, topology, own);
  });
  if (entities.length > MAX_EXPANDED) sections.push(`_and ${entities.length - MAX_EXPANDED} more instances of this block: ${entities.slice(MAX_EXPANDED).map((e) => code(e.id)).join(', ')}_`);
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: toLspRange(doc.lineIndex, entities[0].idRange) };
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function attrText<T>(a: Attr<T> | undefined, show: (v: T) => string = String): string {
  if (!a) return 'not set';
  if (!a.known) return `unknown (${a.reason})`;
  const origin = a.origin === 'aws-default' ? ', AWS default' : a.origin === 'parameter-default' ? ", a parameter's Default" : a.origin === 'variable-default' ? ", a variable's default" : '';
  // The deployment inputs it rests on: "(with Env=prod from prod.json)".
  const inputs = a.inputs ? describeInputs(a.inputs) : '';
  return origin ? `${show(a.value)} (${a.key}${origin})${inputs}` : `${show(a.value)}${inputs}`;
}

/** Where another entity lives, when not in this file. */
function elsewhere(e: Entity, file: string): string {
  if (e.file === file) return '';
  const name = e.file.slice(e.file.lastIndexOf('/') + 1);
  return ` in ${name}`;
}

function regionText(db: DbInstance): string {
  const region = db.region.known ? db.region.value : undefined;
  const cross = db.crossRegion === true ? 'cross-region' : db.crossRegion === false ? 'same region' : undefined;
  return [region, cross].filter(Boolean).join(', ') || 'region known at deploy time';
}

function roleText(db: Database, file: string): string {
  if (db.kind === 'cluster') {
    const members = db.members.length;
    switch (db.clusterKind) {
      case 'aurora': return `Aurora cluster, ${members} instance${members === 1 ? '' : 's'} in the workspace`;
      case 'multi-az': return 'Multi-AZ DB cluster (a writer and two readable standbys)';
      default: return 'DB cluster';
    }
  }
  switch (db.role) {
    case 'standalone': return 'standalone instance';
    case 'replica': {
      const source = db.replicationSource;
      if (source) return `read replica of ${code(source.id)}${elsewhere(source, file)} (${regionText(db)})`;
      const ref = db.replicationSourceRef;
      const named = ref?.known ? (ref.value.kind === 'reference' ? ref.value.target : ref.value.kind === 'arn' ? ref.value.arn : ref.value.identifier) : undefined;
      return `read replica of ${named ? code(named) : 'a source'} (not in the workspace)`;
    }
    case 'aurora-member': return db.cluster ? `instance of Aurora cluster ${code(db.cluster.id)}${elsewhere(db.cluster, file)}` : 'instance of an Aurora cluster not in the workspace';
    case 'cluster-member': return `names Multi-AZ DB cluster ${db.cluster ? code(db.cluster.id) : ''}, which creates its own instances (RDS205)`;
    case 'restored': return db.restoreSource ? `point-in-time restore of ${code(db.restoreSource.id)}${elsewhere(db.restoreSource, file)}` : 'point-in-time restore';
  }
}

function multiAzText(db: Database): string {
  if (db.kind === 'cluster') {
    if (db.clusterKind === 'multi-az') return 'Multi-AZ DB cluster: two readable standbys in two other AZs';
    if (db.clusterKind === 'aurora') return db.members.length >= 2 ? `${db.members.length} instances: failover to a reader` : 'one instance in the workspace: no failover target';
    return 'not determined';
  }
  if (db.role === 'aurora-member') return "the cluster's instances provide failover";
  const m = db.multiAz;
  if (!m.known) return attrText(m);
  return m.value ? `on: a synchronous standby in another AZ${m.origin !== 'template' ? ` (${attrText(m, () => 'true')})` : ''}`
    : `off: Single-AZ${m.origin === 'aws-default' ? ` (${m.key} absent, default false)` : ''}`;
}

function backupsText(db: Database): string {
  if (db.kind === 'instance' && db.role === 'aurora-member') return 'set on the cluster';
  const r = db.backupRetention;
  if (!r.known) return attrText(r);
  const origin = r.origin === 'aws-default' ? ` (${r.key} absent, default ${r.value})` : r.origin !== 'template' ? ` (${attrText(r, String)})` : '';
  if (!Number.isFinite(r.value)) return `${r.text ?? 'invalid'}: not a number of days${origin}`;
  return r.value > 0 ? `${r.value} day${r.value === 1 ? '' : 's'}, point-in-time recovery on${origin}` : `off: no automated backups, no point-in-time recovery${origin}`;
}

function replicasText(db: Database, file: string): string | undefined {
  if (db.kind !== 'instance' || db.replicas.length === 0) return undefined;
  return db.replicas.map((r) => `${code(r.id)}${elsewhere(r, file)} (${regionText(r)})`).join(', ');
}

function proxiesInFront(db: Database, topology: Topology): DbProxy[] {
  const targets = new Set<Entity>([db]);
  if (db.kind === 'instance' && db.cluster) targets.add(db.cluster);
  const out: DbProxy[] = [];
  for (const t of topology.proxyTargets) {
    if (t.proxy && t.target && targets.has(t.target) && !out.includes(t.proxy)) out.push(t.proxy);
  }
  return out;
}

/** The findings under the cursor away from a resource's id line: each with its explanation and remedy. */
function findingsHover(doc: AnalyzedDocument, offset: number, findings: readonly Finding[], docLink: RuleDocLink): Hover | null {
  const here = findings.filter((f) => f.file === doc.uri && f.range.start <= offset && offset <= f.range.end);
  if (here.length === 0) return null;
  // The innermost range first: the hover range is the one of the finding nearest the cursor.
  here.sort((a, b) => (a.range.end - a.range.start) - (b.range.end - b.range.start));
  return { contents: { kind: 'markdown', value: findingsSection(here, docLink) }, range: toLspRange(doc.lineIndex, here[0].range) };
}

/** Each finding: `⚠ **RDS201** message`, then its detail (explanation and remedy) and a link to the rule page. */
function findingsSection(findings: readonly Finding[], docLink: RuleDocLink): string {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]).map((f) => {
    const head = `${SEVERITY_MARK[f.severity]} [**${f.ruleId}**](${docLink(f.ruleId)} "${f.ruleName}") ${escapeMarkdown(f.message)}`;
    return f.detail ? `${head}\n\n${escapeMarkdown(f.detail)}` : head;
  }).join('\n\n');
}

const SEVERITY_MARK = { error: '⛔', warning: '⚠️', info: 'ℹ️' } as const;

/** Names and values come from the template: they must not become markup (links, HTML, emphasis). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}

function databaseHover(db: Database, file: string, topology: Topology, findings: string): string {
  const engine = db.engine.known ? ` · ${db.engine.value}${db.engineVersion?.known ? ` ${db.engineVersion.value}` : ''}` : '';
  const profile = recoveryProfile(db, topology);
  const lines = [`**${db.id}** · ${db.resourceType}${engine}`, '', databaseSummary(db, profile), ''];
  lines.push(...recoverySection(db, file, profile));
  if (findings) lines.push('', '**Findings**', '', findings);
  const rows: [string, string][] = [
    ['Role', roleText(db, file)],
    ['Multi-AZ', multiAzText(db)],
    ['Backups', backupsText(db)],
  ];
  const replicas = replicasText(db, file);
  if (replicas) rows.push(['Replicas', replicas]);
  const proxies = proxiesInFront(db, topology);
  rows.push(['Proxy', proxies.length ? proxies.map((p) => `${code(p.id)}${elsewhere(p, file)}`).join(', ') : 'none']);
  lines.push('', '**Settings**', '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`));
  return lines.join('\n');
}

function recoverySection(db: Database, file: string, profile: RecoveryProfile | undefined): string[] {
  const lines: string[] = [];
  if (!profile) {
    lines.push('**Recovery**: not estimated (the database this one depends on is not in the workspace, or the replication chain is a cycle).');
  } else {
    const of = profile.database === db ? '' : ` of ${code(profile.database.id)}${elsewhere(profile.database, file)}, which it depends on`;
    lines.push(`**Recovery estimates**${of}: ${profile.summary}`, '', '| Failure | RPO | RTO |', '|---|---|---|');
    for (const f of profile.failures) lines.push(`| ${f.label} | ${f.rpo.value} | ${f.rto.value} |`);
    lines.push('', '_Estimates, not guarantees: typical figures from the RDS documentation for this deployment._');
  }
  return lines;
}

function proxyHover(proxy: DbProxy): string {
  const targets = proxy.targets.map((t) => (t.target ? code(t.target.id) : undefined)).filter(Boolean);
  return [
    `**${proxy.id}** · ${proxy.resourceType}`, '',
    '| | |', '|---|---|',
    `| Engine family | ${attrText(proxy.engineFamily)} |`,
    `| Require TLS | ${attrText(proxy.requireTls)} |`,
    `| Targets | ${targets.length ? targets.join(', ') : 'none in the workspace'} |`,
  ].join('\n');
}
