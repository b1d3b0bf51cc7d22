/**
 * RDS103 replica-source-without-backups: RDS builds a read replica from the
 * source's backups and streams its log, so the source (a standalone instance
 * or a replica feeding another replica) needs retention > 0 (RDS-FACTS: read
 * replicas). The finding is on the replica; the fix edits the source, which
 * may live in another file.
 */
import { RECOMMENDED_BACKUP_RETENTION_DAYS } from '../model/defaults';
import { backupsOff, enableBackupsIntent, isStandaloneOrRestored } from './recovery';
import type { Rule, RuleReport } from './types';
import { writtenRange, settingText, assignmentText } from './wording';

export const rds103: Rule = {
  id: 'RDS103',
  name: 'replica-source-without-backups',
  defaultSeverity: 'error',
  summary: "A read replica's source has automated backups off, so RDS cannot create the replica.",
  offers: ['suggestion'],
  description:
    'Fires on a read replica whose source, defined in the analyzed files, is a standalone instance or another replica with BackupRetentionPeriod / backup_retention_period 0. RDS requires automated backups on the source of a replica (and on every replica that feeds another), so creating the replica fails. The quick fix sets the source\'s retention to 7 days.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const replica of topology.instances) {
      if (replica.role !== 'replica') continue;
      const source = replica.replicationSource;
      if (!source || source === replica) continue;
      if (!isStandaloneOrRestored(source) && source.role !== 'replica') continue;
      const retention = backupsOff(source);
      if (!retention) continue;
      const intent = enableBackupsIntent(source);
      reports.push({
        entity: replica,
        range: writtenRange(replica.replicationSourceRef),
        message: `${replica.id} replicates from ${source.id}${source.role === 'replica' ? ' (itself a replica)' : ''}, which has automated backups off (${settingText(retention, source.provider)}): RDS refuses to create a read replica from a source without backups, so the deployment fails. Set ${source.id}'s retention to 1-35 days.`,
        related: [{ entity: source, range: writtenRange(retention), message: `${source.id} turns automated backups off here` }],
        fix: intent ? { kind: 'suggestion', title: `Set ${assignmentText(retention.key, RECOMMENDED_BACKUP_RETENTION_DAYS, source.provider)} on ${source.id}`, intents: [intent] } : undefined,
      });
    }
    return reports;
  },
};
