/**
 * RDS106 replacement-without-snapshot (CloudFormation only): DeletionPolicy
 * does not apply when an update replaces the database; UpdateReplacePolicy
 * does, and it defaults to Delete, so the old database goes without a snapshot
 * (RDS-FACTS: backups). Applies to the resources RDS105 covers, whether or not
 * RDS105 fires.
 */
import { finalSnapshotMatters, setIntent } from './recovery';
import type { DbCluster, DbInstance } from '../model/topology';
import type { Rule, RuleReport } from './types';
import { writtenRange, settingText, assignmentText } from './wording';

export const rds106: Rule = {
  id: 'RDS106',
  name: 'replacement-without-snapshot',
  defaultSeverity: 'info',
  summary: 'CloudFormation UpdateReplacePolicy is absent or Delete: a replacing update discards the old database.',
  offers: ['fix'],
  description:
    'Fires on an AWS::RDS::DBCluster, or an AWS::RDS::DBInstance that is not an Aurora member, a read replica or RDS Custom, whose UpdateReplacePolicy is absent (the default is Delete) or Delete. An update that changes a property requiring replacement creates a new database and deletes the old one without a snapshot. Snapshot or Retain pass. Terraform has no such attribute.',
  check(topology) {
    const reports: RuleReport[] = [];
    const dbs: (DbInstance | DbCluster)[] = [...topology.instances, ...topology.clusters];
    for (const db of dbs) {
      if (db.provider !== 'cloudformation' || finalSnapshotMatters(db) !== true) continue;
      const policy = db.snapshotOnReplace;
      if (!policy || !policy.known || policy.value) continue;
      const intent = setIntent(db, policy, 'Snapshot');
      const examples = db.kind === 'cluster' ? 'DBClusterIdentifier, Engine, StorageEncrypted or KmsKeyId' : 'DBInstanceIdentifier, DBName, MasterUsername, StorageEncrypted or KmsKeyId';
      reports.push({
        entity: db,
        range: writtenRange(policy),
        message: `A stack update that replaces ${db.id} deletes the old database without a snapshot (${settingText(policy, db.provider)}): changing a property that requires replacement (such as ${examples}) creates a new, empty database and discards the old data. Set ${assignmentText(policy.key, 'Snapshot', db.provider)} so CloudFormation snapshots it first.`,
        fix: intent ? { kind: 'fix', title: `Set ${assignmentText(policy.key, 'Snapshot', db.provider)}`, intents: [intent] } : undefined,
      });
    }
    return reports;
  },
};
