/**
 * RDS107 snapshot-restore-new-instance: restoring a snapshot creates a new
 * database with a new endpoint, and the snapshot id stays part of its
 * definition: changing or removing it later replaces the database (RDS-FACTS:
 * backups). Information, not a defect.
 */
import type { DbCluster, DbInstance } from '../model/topology';
import type { Rule, RuleReport } from './types';
import { writtenRange, settingText, inputNote } from './wording';

export const rds107: Rule = {
  id: 'RDS107',
  name: 'snapshot-restore-new-instance',
  defaultSeverity: 'info',
  summary: 'Restored from a snapshot: a new database with a new endpoint; changing the snapshot id replaces it.',
  description:
    'Reports an instance or cluster created from a snapshot (DBSnapshotIdentifier, DBClusterSnapshotIdentifier or SnapshotIdentifier; Terraform snapshot_identifier). The restore creates a new database with its own endpoint, and changing or removing the snapshot id later makes CloudFormation or Terraform replace the database. Not reported on read replicas, cluster members or point-in-time restores.',
  check(topology) {
    const reports: RuleReport[] = [];
    const dbs: (DbInstance | DbCluster)[] = [...topology.instances, ...topology.clusters];
    for (const db of dbs) {
      // A replica or a member takes its data from its source or cluster; a PITR restore is not a snapshot restore.
      if (db.kind === 'instance' && db.role !== 'standalone') continue;
      const snapshot = db.snapshotIdentifier;
      if (!snapshot || (snapshot.known && (snapshot.origin === 'aws-default' || snapshot.value === ''))) continue;
      // `!Ref AWS::NoValue` (the model's "no value"): the property is absent.
      if (!snapshot.known && snapshot.reason === 'no value') continue;
      const kind = db.kind === 'cluster' ? 'cluster' : 'instance';
      const what = `${db.id} ${snapshot.known ? 'is' : 'may be'} restored from a snapshot${inputNote(snapshot)}`;
      reports.push({
        entity: db,
        range: writtenRange(snapshot),
        message: `${what}: a new ${kind}, replaced if the snapshot id changes`,
        detail: `${settingText(snapshot, db.provider)}: RDS creates a new ${kind} with a new endpoint rather than rewinding an existing one, so clients must use the new endpoint. The snapshot id stays part of its definition: changing or removing it later replaces the ${kind} (from the other snapshot, or empty), losing data written since unless a snapshot is taken first.`,
      });
    }
    return reports;
  },
};
