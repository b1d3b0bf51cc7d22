/**
 * RDS108 restore-source-without-backups: a point-in-time restore replays the
 * source's automated backups and transaction logs; with retention 0 there are
 * none, so RDS rejects it (RDS-FACTS: backups). No fix: backups enabled now
 * cannot restore a time before they existed.
 */
import { backupsOff } from './recovery';
import type { Rule, RuleReport } from './types';
import { writtenRange, settingText, inputNote } from './wording';

export const rds108: Rule = {
  id: 'RDS108',
  name: 'restore-source-without-backups',
  defaultSeverity: 'error',
  summary: 'A point-in-time restore whose source has automated backups off: there is nothing to restore from.',
  description:
    'Fires on an instance created by a point-in-time restore (SourceDBInstanceIdentifier with RestoreTime or UseLatestRestorableTime; Terraform restore_to_point_in_time) whose source instance, defined in the analyzed files, has BackupRetentionPeriod / backup_retention_period 0. Without automated backups and transaction logs there is nothing to restore from, so RDS rejects the restore.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const db of topology.instances) {
      if (db.role !== 'restored') continue;
      const source = db.restoreSource;
      if (!source || source === db) continue;
      const retention = backupsOff(source);
      if (!retention) continue;
      reports.push({
        entity: db,
        range: writtenRange(db.restoreSourceRef),
        message: `${db.id} restores a source with backups off${inputNote(retention)}: RDS rejects the restore`,
        detail: `${source.id} has ${settingText(retention, source.provider)}: there are no automated backups or transaction logs to restore from, so RDS rejects the restore. Turn backups on at ${source.id} (1-35 days) well before relying on the restore; the restorable window starts only once they exist.`,
        related: [{ entity: source, range: writtenRange(retention), message: `${source.id} turns automated backups off here` }],
      });
    }
    return reports;
  },
};
