/**
 * RDS101 backup-disabled: a standalone instance (or a point-in-time restore)
 * with automated backups off. Retention 0 means no automated backups and no
 * transaction logs, so no point-in-time recovery (RDS-FACTS: backups).
 * Replicas are not asked (RDS103 covers the ones that feed replicas), Aurora
 * members keep no retention of their own, clusters cannot be 0 (RDS102).
 */
import { backupsOff, enableBackupsIntent, isStandaloneOrRestored } from './recovery';
import { RECOMMENDED_BACKUP_RETENTION_DAYS } from '../model/defaults';
import type { Rule, RuleReport } from './types';
import { writtenRange, settingText, assignmentText } from './wording';

export const rds101: Rule = {
  id: 'RDS101',
  name: 'backup-disabled',
  defaultSeverity: 'warning',
  summary: 'A standalone or point-in-time-restored instance has automated backups off (retention 0).',
  offers: ['suggestion'],
  description:
    'Fires when BackupRetentionPeriod / backup_retention_period is 0 on an instance that is not a read replica, an Aurora member or part of a Multi-AZ DB cluster (a point-in-time restore included). Retention 0 turns off automated backups and transaction logs, so there is no point-in-time recovery: after corruption or an accidental delete the newest restorable copy is the last manual snapshot. An absent retention takes the AWS default of 1 day; unknown values do not fire.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const db of topology.instances) {
      if (!isStandaloneOrRestored(db)) continue;
      const retention = backupsOff(db);
      if (!retention) continue;
      const what = db.role === 'restored' ? `${db.id} (a point-in-time restore)` : db.id;
      const intent = enableBackupsIntent(db);
      reports.push({
        entity: db,
        range: writtenRange(retention),
        message: `${what} has automated backups off (${settingText(retention, db.provider)}): there is no point-in-time recovery, so after corruption or an accidental delete the newest restorable copy is the last manual snapshot, however old. Set a retention of 1-35 days (${RECOMMENDED_BACKUP_RETENTION_DAYS} is a common choice).`,
        fix: intent ? { kind: 'suggestion', title: `Set ${assignmentText(retention.key, RECOMMENDED_BACKUP_RETENTION_DAYS, db.provider)}`, intents: [intent] } : undefined,
      });
    }
    return reports;
  },
};
