/**
 * RDS304 replica-conflicting-properties: a replica that also sets what only a
 * new or restored database takes. RDS-FACTS (read replicas): credentials and
 * DBSnapshotIdentifier may not be set on a replica; (Terraform)
 * final_snapshot_identifier must not be set on a replica.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html
 */
import { isWritten, type Attr, type DbInstance } from '../model/topology';
import type { FixIntent, Rule, RuleReport } from './types';
import { assignmentText } from './wording';

export const rds304: Rule = {
  id: 'RDS304',
  name: 'replica-conflicting-properties',
  defaultSeverity: 'error',
  summary: 'A read replica also sets a snapshot id, master credentials or (Terraform) final_snapshot_identifier.',
  offers: ['fix'],
  description:
    'A read replica takes its data, engine and master credentials from its source, and RDS takes no final snapshot of a ' +
    'replica. Fires on each such property a replica sets: DBSnapshotIdentifier / snapshot_identifier, MasterUsername / ' +
    'username, MasterUserPassword / password and, in Terraform, final_snapshot_identifier. CloudFormation documents them as ' +
    'not to be combined with SourceDBInstanceIdentifier; the Terraform provider rejects final_snapshot_identifier on a ' +
    'replica when it is destroyed. Point-in-time restores are not replicas.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const replica of topology.instances) {
      if (replica.role !== 'replica') continue;
      const source = sourceName(replica);
      const checks: [Attr<string> | undefined, string][] = [
        [replica.snapshotIdentifier, 'a replica is built from its source\'s data, not from a snapshot'],
        [replica.masterUsername, 'a replica takes its master credentials from its source'],
        [replica.masterPassword, 'a replica takes its master credentials from its source'],
      ];
      if (replica.provider !== 'cloudformation') {
        checks.push([replica.finalSnapshotIdentifier, 'RDS takes no final snapshot of a replica, and the provider fails to destroy it while this is set']);
      }
      // Indexed, without destructuring: in a short run this is unoptimized code, where `for (const [a, b] of ...)`
      // runs the iterator protocol for the list and again for every pair.
      for (let i = 0; i < checks.length; i++) {
        const attr = checks[i][0];
        const why = checks[i][1];
        // `!Ref AWS::NoValue` (or an Fn::If with it) may leave the property out: not known to be set.
        if (!attr || !isWritten(attr) || (!attr.known && attr.mayBeAbsent)) continue;
        // Never echo a password, even one written in the clear.
        const shown = attr.known && !/password/i.test(attr.key) ? assignmentText(attr.key, attr.text ?? attr.value, replica.provider) : attr.key;
        const isFinalSnapshot = attr === replica.finalSnapshotIdentifier;
        // Written skip_final_snapshot = true (the model's default for a replica is "no final snapshot" too, but the provider still tries one).
        const skipAlreadyOn = replica.snapshotOnDelete.known && replica.snapshotOnDelete.value === false && replica.snapshotOnDelete.origin !== 'aws-default';
        reports.push({
          entity: replica,
          range: attr.keyRange && attr.valueRange ? { start: attr.keyRange.start, end: attr.valueRange.end } : replica.idRange,
          message: `${replica.id} is a read replica but sets ${attr.key}: ignored, or the deployment fails`,
          detail: `${replica.id} is a read replica of ${source} but also sets ${shown}: ${why}, so the value is ` +
            `at best ignored and misleads readers, at worst the deployment fails. Remove ${attr.key}` +
            (isFinalSnapshot && !skipAlreadyOn ? ` and set ${replica.snapshotOnDelete.key} = true.` : '.'),
          fix: removeFix(replica, attr, isFinalSnapshot),
        });
      }
    }
    return reports;
  },
};

function removeFix(replica: DbInstance, attr: Attr<string>, withSkipFinalSnapshot: boolean): RuleReport['fix'] {
  if (replica.provider === 'terraform-plan' || !attr.keyRange || !attr.valueRange) return undefined;
  const intents: FixIntent[] = [{ kind: 'remove', entity: replica, key: attr.key, keyRange: attr.keyRange, valueRange: attr.valueRange }];
  let title = `Remove ${attr.key} from ${replica.id}`;
  // A replica still needs skip_final_snapshot = true once the identifier is gone (RDS-FACTS: Terraform defaults).
  const onDelete = replica.snapshotOnDelete;
  if (withSkipFinalSnapshot && onDelete.known && (onDelete.value || onDelete.origin === 'aws-default')) {
    if (onDelete.origin === 'aws-default') intents.push({ kind: 'set', entity: replica, key: onDelete.key, value: true });
    else if (onDelete.origin === 'template' && onDelete.valueRange) intents.push({ kind: 'set', entity: replica, key: onDelete.key, value: true, valueRange: onDelete.valueRange });
    else return undefined;
    title += ` and set ${onDelete.key} = true`;
  }
  return { kind: 'fix', title, intents };
}

function sourceName(replica: DbInstance): string {
  if (replica.replicationSource) return replica.replicationSource.id;
  const ref = replica.replicationSourceRef;
  if (!ref?.known) return 'a source';
  return ref.value.kind === 'reference' ? ref.value.target : ref.value.kind === 'arn' ? ref.value.arn : ref.value.identifier;
}
