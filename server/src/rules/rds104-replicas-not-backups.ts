/**
 * RDS104 replicas-not-backups: read replicas are asynchronous copies that
 * replay every write, including a DROP TABLE or a faulty UPDATE, within
 * seconds; they do not protect against corruption or deletion (RDS-FACTS:
 * read replicas). Warns on a source whose replicas would be the only copies
 * (backups off, or no snapshot on deletion: RDS105's condition), and informs
 * on replicas whose names say they are the backup.
 */
import { RECOMMENDED_BACKUP_RETENTION_DAYS } from '../model/defaults';
import type { DbInstance } from '../model/topology';
import { backupsOff, deletionLeavesNoSnapshot, enableBackupsIntent, snapshotOnDeleteIntents } from './recovery';
import type { FixIntent, RelatedLocation, Rule, RuleReport } from './types';
import { assignmentText, inputNote, inputsNote, settingText, writtenRange } from './wording';

export const rds104: Rule = {
  id: 'RDS104',
  name: 'replicas-not-backups',
  defaultSeverity: 'warning',
  summary: 'An instance with read replicas has no backups or no final snapshot: replicas copy deletes and corruption.',
  offers: ['fix', 'suggestion'],
  description:
    'Warns on an instance that has one or more read replicas in the analyzed files and either has BackupRetentionPeriod / backup_retention_period 0 or leaves no snapshot when deleted (CloudFormation DeletionPolicy: Delete, Terraform skip_final_snapshot = true; RDS105\'s condition): replicas replicate corruption and deletes, so they are no substitute for backups. Also reports (info) a read replica whose logical id, identifier or tag values call it a backup (backup, bak, dr, recovery).',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const source of topology.instances) {
      const report = sourceReport(source);
      if (report) reports.push(report);
    }
    for (const replica of topology.instances) {
      if (replica.role !== 'replica') continue;
      const named = backupNaming(replica);
      if (!named) continue;
      const source = replica.replicationSource;
      reports.push({
        entity: replica,
        severity: 'info',
        message: `${replica.id} is named as a backup but is a read replica: it copies deletes and corruption too`,
        detail: `${replica.id} is named as a backup (${named}) but is a read replica: it replays every write${source ? ` from ${source.id}` : ''} within seconds, including deletes and corruption, so it cannot bring back data from before a mistake. It covers instance and region failures; keep automated backups and snapshots for recovery from data loss.`,
        related: source ? [{ entity: source, message: `${source.id} is the source ${replica.id} replicates` }] : undefined,
      });
    }
    return reports;
  },
};

function sourceReport(source: DbInstance): RuleReport | undefined {
  // The root of a replication chain: an intermediate replica's own data comes from its source (RDS103 covers its backups).
  if (source.role === 'replica') return undefined;
  const replicas = replicasDownTheChain(source);
  if (replicas.length === 0) return undefined;
  // A cluster member's retention is the cluster's (RDS102 reports one written on it).
  const retention = source.role === 'aurora-member' || source.role === 'cluster-member' ? undefined : backupsOff(source);
  const deletion = deletionLeavesNoSnapshot(source);
  if (!retention && !deletion) return undefined;

  const count = `${replicas.length} read replica${replicas.length === 1 ? '' : 's'} (${replicas.map((r) => r.id).join(', ')})`;
  const problems: string[] = [];
  if (retention) problems.push(`automated backups are off (${settingText(retention, source.provider)})`);
  if (deletion) problems.push(`deleting it leaves no final snapshot (${settingText(deletion, source.provider)})`);
  const remedies: string[] = [];
  if (retention) remedies.push('set a retention of 1-35 days');
  if (deletion) remedies.push(source.provider === 'cloudformation' ? 'set DeletionPolicy: Snapshot' : 'set skip_final_snapshot = false with a final_snapshot_identifier');

  const related: RelatedLocation[] = replicas.map((r) => ({ entity: r, message: `${r.id} replicates ${source.id}, deletes and corruption included` }));
  if (retention && deletion) related.push({ entity: source, range: writtenRange(deletion), message: `${source.id} is deleted without a final snapshot` });

  const intents: FixIntent[] = [];
  const titles: string[] = [];
  let fixable = true;
  if (retention) {
    const i = enableBackupsIntent(source);
    if (i) { intents.push(i); titles.push(assignmentText(retention.key, RECOMMENDED_BACKUP_RETENTION_DAYS, source.provider)); } else fixable = false;
  }
  if (deletion) {
    const is = snapshotOnDeleteIntents(source);
    if (is) { intents.push(...is); titles.push(source.provider === 'cloudformation' ? 'DeletionPolicy: Snapshot' : 'skip_final_snapshot = false'); } else fixable = false;
  }

  return {
    entity: source,
    range: writtenRange(retention ?? deletion),
    message: `${source.id} has ${replicas.length} read replica${replicas.length === 1 ? '' : 's'} but ${[retention ? `backups off${inputNote(retention)}` : '', deletion ? 'no final snapshot' : ''].filter(Boolean).join(' and ')}: replicas are no backup`,
    detail: `${source.id} has ${count} but ${problems.join(' and ')}: corruption and deletes replicate to the replicas, so they would be the only copies and hold the same damage; nothing could be restored from before a mistake. ${capitalize(remedies.join(' and '))}.` + inputsNote(retention, deletion),
    related,
    fix: fixable && intents.length > 0 ? { kind: retention || source.provider !== 'cloudformation' ? 'suggestion' : 'fix', title: `Set ${titles.join(' and ')}`, intents } : undefined,
  };
}

/** Every replica fed by the source, directly or through other replicas, nearest first (a cycle is RDS302's). */
function replicasDownTheChain(source: DbInstance): DbInstance[] {
  // Most instances have no replica: no Set to make (this runs for every instance).
  if (source.replicas.length === 0) return [];
  const seen = new Set<DbInstance>([source]);
  const out: DbInstance[] = [];
  for (let i = -1; i < out.length; i++) {
    for (const r of (i < 0 ? source : out[i]).replicas) {
      if (seen.has(r)) continue;
      seen.add(r);
      out.push(r);
    }
  }
  return out;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Words that say "this is the backup", as whole words of an id split on - _ . / : spaces and camelCase. */
const BACKUP_WORD = /(^|[^a-z])(backups?|bak|dr|recovery)([^a-z]|$)/i;

/** Splits camelCase and acronyms into words: OrdersDRReplica -> Orders DR Replica. */
export function words(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

export function saysBackup(text: string): string | undefined {
  const m = BACKUP_WORD.exec(words(text));
  return m ? m[2].toLowerCase() : undefined;
}

/** Where a replica's name says it is a backup: `"dr" in its logical id`; undefined when it does not. */
export function backupNaming(replica: DbInstance): string | undefined {
  const idWord = saysBackup(replica.id);
  if (idWord) return `"${idWord}" in its ${replica.provider === 'cloudformation' ? 'logical id' : 'address'}`;
  const identifier = replica.identifier?.known ? replica.identifier.value : undefined;
  const identifierWord = identifier !== undefined ? saysBackup(identifier) : undefined;
  if (identifierWord) return `"${identifierWord}" in its identifier ${identifier}`;
  for (const [key, value] of replica.tags) {
    const tagWord = saysBackup(value);
    if (tagWord) return `"${tagWord}" in its tag ${key}=${value}`;
  }
  return undefined;
}
