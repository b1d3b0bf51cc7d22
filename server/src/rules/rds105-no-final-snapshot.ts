/**
 * RDS105 no-final-snapshot: deleting the database leaves nothing to restore.
 * RDS deletes automated backups with the instance by default
 * (DeleteAutomatedBackups / delete_automated_backups true), so only a final
 * snapshot, a manual snapshot that outlives it, keeps the data (RDS-FACTS:
 * backups). CloudFormation defaults DeletionPolicy to Snapshot for clusters and
 * non-member instances, Terraform skip_final_snapshot to false: only a written
 * Delete / true fires. Replicas and cluster members hold no data of their own.
 */
import { deletionLeavesNoSnapshot, snapshotOnDeleteIntents } from './recovery';
import type { DbCluster, DbInstance } from '../model/topology';
import type { Rule, RuleReport } from './types';
import { writtenRange, settingText } from './wording';

export const rds105: Rule = {
  id: 'RDS105',
  name: 'no-final-snapshot',
  defaultSeverity: 'warning',
  summary: 'Deleting the instance or cluster leaves no snapshot (DeletionPolicy Delete / skip_final_snapshot).',
  offers: ['fix', 'suggestion'],
  description:
    'Fires on CloudFormation DeletionPolicy: Delete on an AWS::RDS::DBCluster or on an AWS::RDS::DBInstance that is neither an Aurora member nor a read replica, and on Terraform skip_final_snapshot = true on an aws_db_instance that is not a replica or on an aws_rds_cluster. Not for RDS Custom. Automated backups are deleted with the database by default, so without a final snapshot the data is gone for good.',
  check(topology) {
    const reports: RuleReport[] = [];
    const dbs: (DbInstance | DbCluster)[] = [...topology.instances, ...topology.clusters];
    for (const db of dbs) {
      const attr = deletionLeavesNoSnapshot(db);
      if (!attr) continue;
      const cfn = db.provider === 'cloudformation';
      const intents = snapshotOnDeleteIntents(db);
      const kind = db.kind === 'cluster' ? 'cluster' : 'instance';
      reports.push({
        entity: db,
        range: writtenRange(attr),
        message: `Deleting ${db.id} leaves no final snapshot (${settingText(attr, db.provider)}), and RDS deletes the ${kind}'s automated backups with it by default: a stack deletion, a removed resource or a destroy loses the data for good. ${cfn ? 'Set DeletionPolicy: Snapshot (or Retain).' : 'Set skip_final_snapshot = false with a final_snapshot_identifier.'}`,
        fix: intents ? { kind: cfn ? 'fix' : 'suggestion', title: cfn ? 'Set DeletionPolicy: Snapshot' : intents.length > 1 ? 'Set skip_final_snapshot = false with a final_snapshot_identifier' : 'Set skip_final_snapshot = false', intents } : undefined,
      });
    }
    return reports;
  },
};
