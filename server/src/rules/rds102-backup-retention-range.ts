/**
 * RDS102 backup-retention-range: retention RDS would reject. Instances accept
 * whole days 0-35 (0 disables backups), clusters 1-35, and an Aurora member
 * instance accepts none: retention is a cluster setting (RDS-FACTS: backups).
 */
import { MAX_BACKUP_RETENTION_DAYS, RECOMMENDED_BACKUP_RETENTION_DAYS } from '../model/defaults';
import type { DbCluster, DbInstance, KnownAttr } from '../model/topology';
import { setIntent } from './recovery';
import type { FixProposal, Rule, RuleReport } from './types';
import { writtenRange, settingText, assignmentText } from './wording';

export const rds102: Rule = {
  id: 'RDS102',
  name: 'backup-retention-range',
  defaultSeverity: 'error',
  summary: 'Retention outside 0-35 days (instance) or 1-35 (cluster), or set on an Aurora member instance.',
  offers: ['fix'],
  description:
    'Fires when BackupRetentionPeriod / backup_retention_period is not a whole number of days in 0-35 on an instance or 1-35 on a cluster (Aurora or Multi-AZ DB cluster), or is set at all on an Aurora member instance, where retention belongs to the cluster. RDS rejects such values, so the stack or apply fails. Absent and unknown values do not fire.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const db of topology.instances) {
      const retention = db.backupRetention;
      if (!retention.known || retention.origin === 'aws-default') continue;
      if (db.role === 'aurora-member') reports.push(onMember(db, retention));
      else if (!inRange(retention.value, 0)) reports.push(outOfRange(db, retention, 0));
    }
    for (const db of topology.clusters) {
      const retention = db.backupRetention;
      if (!retention.known || retention.origin === 'aws-default') continue;
      if (!inRange(retention.value, 1)) reports.push(outOfRange(db, retention, 1));
    }
    return reports;
  },
};

function inRange(days: number, min: number): boolean {
  return Number.isInteger(days) && days >= min && days <= MAX_BACKUP_RETENTION_DAYS;
}

/** The nearest value RDS accepts; a fraction rounds up (0.5 means "some backups"), a non-number becomes 7. */
export function clampRetention(days: number, min: number): number {
  if (!Number.isFinite(days)) return RECOMMENDED_BACKUP_RETENTION_DAYS;
  return Math.min(MAX_BACKUP_RETENTION_DAYS, Math.max(min, Math.ceil(days)));
}

function outOfRange(db: DbInstance | DbCluster, retention: KnownAttr<number>, min: number): RuleReport {
  const text = retention.text ?? String(retention.value);
  const problem = Number.isNaN(retention.value) ? `${JSON.stringify(text)} is not a number of days`
    : !Number.isInteger(retention.value) ? `${text} is not a whole number of days`
      : retention.value > MAX_BACKUP_RETENTION_DAYS ? `${text} days is above the 35-day maximum`
        : `${text} is below the minimum of ${min}${db.kind === 'cluster' && retention.value === 0 ? ' (a cluster cannot turn automated backups off)' : ''}`;
  const kind = db.kind === 'cluster' ? 'a cluster' : 'an instance';
  const target = clampRetention(retention.value, min);
  const intent = setIntent(db, retention, target);
  const fix: FixProposal | undefined = intent ? { kind: 'fix', title: `Set ${assignmentText(retention.key, target, db.provider)}`, intents: [intent] } : undefined;
  const longer = retention.value > MAX_BACKUP_RETENTION_DAYS ? '; for longer retention keep manual snapshots or use AWS Backup' : '';
  return {
    entity: db,
    range: writtenRange(retention),
    message: `${db.id} sets ${settingText(retention, db.provider)}, which RDS rejects: ${problem}, and ${kind} accepts whole days ${min}-${MAX_BACKUP_RETENTION_DAYS}. The ${db.provider === 'cloudformation' ? 'stack fails and rolls back' : 'apply fails'}. Use a value in ${min}-${MAX_BACKUP_RETENTION_DAYS}${longer}.`,
    fix,
  };
}

function onMember(db: DbInstance, retention: KnownAttr<number>): RuleReport {
  const cluster = db.cluster;
  const clusterName = cluster ? cluster.id : 'its cluster';
  const canRemove = db.provider !== 'terraform-plan' && retention.keyRange && retention.valueRange;
  return {
    entity: db,
    range: writtenRange(retention),
    message: `${db.id} is an Aurora cluster member and sets ${settingText(retention, db.provider)}, which RDS rejects on a member: backup retention belongs to the cluster. Remove it here and set it on ${clusterName}.`,
    related: cluster ? [{ entity: cluster, range: writtenRange(cluster.backupRetention), message: `the retention of ${cluster.id} (${settingText(cluster.backupRetention, cluster.provider)}) applies to every member` }] : undefined,
    fix: canRemove ? {
      kind: 'fix',
      title: `Remove ${retention.key}`,
      intents: [{ kind: 'remove', entity: db, key: retention.key, keyRange: retention.keyRange!, valueRange: retention.valueRange! }],
    } : undefined,
  };
}
