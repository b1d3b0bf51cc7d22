/**
 * RDS401 custom-requirements: an RDS Custom instance needs an instance
 * profile and a KMS key, and must not upgrade minor versions automatically.
 *
 * Facts (RDS-FACTS: RDS Custom): CreateDBInstance rejects an RDS Custom
 * instance without `CustomIamInstanceProfile` or an explicit `KmsKeyId` (RDS
 * Custom does not fall back to the default key), and with
 * `AutoMinorVersionUpgrade` true
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/custom-reqs-limits.html).
 * A read replica takes its KMS key and its minor-version setting from its
 * source ("This setting doesn't apply to RDS Custom, which uses the same KMS
 * key as the primary replica", CreateDBInstanceReadReplica), and a restore
 * takes its key from the snapshot or backup, so those are not asked for one.
 */
import { isRdsCustom } from '../model/engines';
import type { Attr, DbInstance, Entity } from '../model/topology';
import { setIntent } from './recovery';
import type { Rule, RuleReport } from './types';
import { writtenRange, inputNote } from './wording';

export const rds401: Rule = {
  id: 'RDS401',
  name: 'custom-requirements',
  defaultSeverity: 'error',
  summary: 'An RDS Custom instance lacks CustomIAMInstanceProfile or a KMS key, or has AutoMinorVersionUpgrade true.',
  offers: ['fix'],
  description:
    'RDS Custom (custom-oracle-*, custom-sqlserver-*) runs the database on an EC2 host in your account: its automation reaches the host through '
    + 'the instance profile named in CustomIAMInstanceProfile, and its storage is encrypted with the KMS key you name in KmsKeyId (RDS Custom does '
    + 'not use the default key). Because the host may be customised, minor versions are never applied automatically: AutoMinorVersionUpgrade must '
    + 'be false, and it defaults to true when absent. RDS refuses to create the instance otherwise. A read replica inherits the key and the '
    + 'minor-version setting from its source, and a restore its key from the snapshot; they are checked through their source.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const instance of topology.instances) {
      if (!instance.engine.known || !isRdsCustom(instance.engine.value)) continue;
      const engine = instance.engine.value;
      const name = names(instance);
      const what = `RDS Custom instance ${instance.id} (engine ${engine})`;

      if (instance.customIamInstanceProfile === undefined) {
        reports.push({
          entity: instance,
          message: `${instance.id} (RDS Custom) has no ${name.profile}: RDS refuses to create it`,
          detail: `${what} has no ${name.profile}: RDS Custom automation manages the database host through this EC2 instance profile, `
            + `so RDS refuses to create the instance without it. Set ${name.profile} to an instance profile whose name starts with AWSRDSCustom `
            + '(with the permissions the RDS Custom guide lists).',
        });
      }

      if (instance.kmsKeyId === undefined && createsOwnStorageKey(instance)) {
        reports.push({
          entity: instance,
          message: `${instance.id} (RDS Custom) has no ${name.kmsKey}: RDS refuses to create it`,
          detail: `${what} has no ${name.kmsKey}: RDS Custom encrypts its storage and snapshots with a customer managed KMS key and, unlike other `
            + `engines, does not fall back to the default key, so RDS refuses to create the instance. Set ${name.kmsKey} to a symmetric KMS key `
            + 'in the same region.',
        });
      }

      const upgrade = instance.autoMinorVersionUpgrade;
      // A replica inherits the setting from its source: an absent value is the source's, checked there.
      const inherited = instance.role === 'replica' && upgrade.known && upgrade.origin === 'aws-default';
      if (upgrade.known && upgrade.value === true && !inherited) {
        const written = upgrade.origin !== 'aws-default';
        const intent = setIntent(instance, upgrade, false);
        reports.push({
          entity: instance,
          range: written ? writtenRange(upgrade) : undefined,
          message: `${instance.id} (RDS Custom) has auto minor upgrade on${inputNote(upgrade)}: RDS rejects it`,
          detail: written
            ? `${what} sets ${upgrade.key} to ${upgrade.text ?? 'true'}${originNote(upgrade)}: RDS Custom never applies minor versions automatically `
              + `(you upgrade deliberately, to a new custom engine version for Oracle), and RDS rejects the setting. Set ${upgrade.key} to false.`
            : `${what} leaves ${upgrade.key} unset, and it defaults to true: RDS Custom never applies minor versions automatically `
              + `(you upgrade deliberately, to a new custom engine version for Oracle), and RDS rejects the setting. Set ${upgrade.key} to false.`,
          fix: intent ? { kind: 'fix', title: `Set ${upgrade.key}${instance.provider === 'cloudformation' ? ': false' : ' = false'}`, intents: [intent] } : undefined,
        });
      }
    }
    return reports;
  },
};

/** Only an instance that creates its own storage names a key: not a replica, not a snapshot or PITR restore. */
function createsOwnStorageKey(instance: DbInstance): boolean {
  return instance.role !== 'replica' && instance.role !== 'restored' && instance.snapshotIdentifier === undefined;
}

function names(entity: Entity): { profile: string; kmsKey: string } {
  return entity.provider === 'cloudformation'
    ? { profile: 'CustomIAMInstanceProfile', kmsKey: 'KmsKeyId' }
    : { profile: 'custom_iam_instance_profile', kmsKey: 'kms_key_id' };
}

function originNote(attr: Attr<unknown>): string {
  if (!attr.known) return '';
  if (attr.origin === 'parameter-default') return ' (the default of the parameter it references)';
  if (attr.origin === 'variable-default') return ' (the default of the variable it references)';
  return '';
}

/** The whole `Key: value` of a written property. */
