/**
 * AWS defaults for absent properties, in one place. A property that is absent
 * takes these values (origin 'aws-default'); see RDS-FACTS.md.
 */

/** BackupRetentionPeriod / backup_retention_period when absent (API and CloudFormation: 1). */
export const DEFAULT_BACKUP_RETENTION_DAYS = 1;
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
