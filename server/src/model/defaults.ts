import type { DbInstance } from './topology';

/**
 * AWS defaults for absent properties, in one place. A property that is absent
 * takes these values (origin 'aws-default'); see RDS-FACTS.md.
 */

/** BackupRetentionPeriod / backup_retention_period when absent (API and CloudFormation: 1). */
export const DEFAULT_BACKUP_RETENTION_DAYS = 1;
/**
 * A read replica's BackupRetentionPeriod when absent: RDS creates read replicas
 * with backups off (CreateDBInstanceReadReplica: "RDS creates read replicas
 * with backups disabled"), so a replica that feeds another must set one.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html
 */
export const REPLICA_BACKUP_RETENTION_DAYS = 0;
/** The retention a fix writes (RULES.md: "set retention to 7"). */
export const RECOMMENDED_BACKUP_RETENTION_DAYS = 7;
export const MAX_BACKUP_RETENTION_DAYS = 35;
export const MULTI_AZ_DEFAULT = false;
export const AUTO_MINOR_VERSION_UPGRADE_DEFAULT = true;
/**
 * CloudFormation DeletionPolicy defaults to Snapshot for AWS::RDS::DBCluster and
 * for an AWS::RDS::DBInstance without DBClusterIdentifier; Delete otherwise.
 */
export const CFN_SNAPSHOT_DELETION_DEFAULT = 'Snapshot';
/** CloudFormation UpdateReplacePolicy defaults to Delete for every resource. */
export const CFN_UPDATE_REPLACE_DEFAULT = 'Delete';
/** Terraform skip_final_snapshot defaults to false (a final snapshot is taken). */
export const TF_SKIP_FINAL_SNAPSHOT_DEFAULT = false;

/**
 * The defaults that differ for a read replica, in one place for every
 * provider: retention 0 when absent (above), and no final snapshot on
 * deletion (RDS takes none of a replica; its data lives on only in its
 * source) unless the template says otherwise. Each builder passes the
 * instance it read through this once its role is decided: a fresh
 * instance, changed in place (a copy of its ~40 fields per replica is
 * garbage, and the same keys keep the same shape).
 */
export function withReplicaDefaults(instance: DbInstance): DbInstance {
  if (instance.role !== 'replica') return instance;
  const fresh = instance as { -readonly [K in keyof DbInstance]: DbInstance[K] };
  const retention = instance.backupRetention;
  const onDelete = instance.snapshotOnDelete;
  if (retention.known && retention.origin === 'aws-default') {
    fresh.backupRetention = { known: true, value: REPLICA_BACKUP_RETENTION_DAYS, origin: 'aws-default', key: retention.key };
  }
  if (onDelete.known && onDelete.origin === 'aws-default') {
    fresh.snapshotOnDelete = { known: true, value: false, origin: 'aws-default', key: onDelete.key, text: 'no final snapshot of a read replica' };
  }
  return instance;
}
