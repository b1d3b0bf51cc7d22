/**
 * RDS402 custom-unsupported: what RDS Custom cannot do.
 *
 * Facts (RDS-FACTS: RDS Custom): RDS Custom for Oracle needs automated
 * backups (retention above 0), and RDS Custom has no cross-region read
 * replicas (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/custom-reqs-limits.html,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/custom-rr.html).
 */
import { engineFamily, isRdsCustom } from '../model/engines';
import type { Attr, ResourceReference } from '../model/topology';
import type { RelatedLocation, Rule, RuleReport } from './types';
import { inputNote, inputsNote, writtenRange } from './wording';

export const rds402: Rule = {
  id: 'RDS402',
  name: 'custom-unsupported',
  defaultSeverity: 'error',
  summary: 'RDS Custom for Oracle with backups disabled, or an RDS Custom cross-region read replica.',
  description:
    'RDS Custom for Oracle relies on automated backups and does not let them be turned off: a backup retention period of 0 fails to deploy (and '
    + 'would leave no point-in-time recovery). RDS Custom read replicas can only be created in the source\'s region, so a cross-region replica of an '
    + 'RDS Custom instance fails too; copy snapshots to the other region instead.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const instance of topology.instances) {
      if (!instance.engine.known || !isRdsCustom(instance.engine.value)) continue;
      const engine = instance.engine.value;

      const retention = instance.backupRetention;
      // A replica's absent retention is RDS's replica default (0), not a setting that makes the deployment fail.
      const replicaDefault = instance.role === 'replica' && retention.known && retention.origin === 'aws-default';
      if (engineFamily(engine) === 'custom-oracle' && retention.known && retention.value === 0 && !replicaDefault) {
        reports.push({
          entity: instance,
          range: retention.origin === 'aws-default' ? undefined : writtenRange(retention),
          message: `${instance.id} (RDS Custom for Oracle) has backups off${inputNote(retention)}: creation fails`,
          detail: `RDS Custom for Oracle instance ${instance.id} (engine ${engine}) sets ${retention.key} to ${retention.text ?? '0'}${originNote(retention)}: `
            + 'RDS Custom for Oracle cannot run without automated backups, so the deployment fails, and there would be no point-in-time recovery. '
            + `Set ${retention.key} to at least 1 (7 is a common choice).`
            + inputsNote(retention),
        });
      }

      if (instance.role === 'replica' && instance.crossRegion === true) {
        const ref = instance.replicationSourceRef;
        const source = instance.replicationSource;
        const related: RelatedLocation[] = source ? [{ entity: source, message: `the source ${source.id}, in another region` }] : [];
        const sourceName = source?.id ?? (ref?.known ? ref.text ?? describe(ref.value) : 'its source');
        reports.push({
          entity: instance,
          range: writtenRange(ref),
          message: `${instance.id} (RDS Custom) is a cross-region read replica, which RDS Custom does not support`,
          detail: `RDS Custom instance ${instance.id} (engine ${engine}) is a read replica of ${sourceName} in another region: RDS Custom supports read `
            + 'replicas only in the source\'s region, so the replica cannot be created. Create the replica in the source\'s region, or for '
            + 'disaster recovery copy snapshots to the other region.',
          related,
        });
      }
    }
    return reports;
  },
};

function describe(ref: ResourceReference): string {
  return ref.kind === 'reference' ? ref.target : ref.kind === 'arn' ? ref.arn : ref.identifier;
}

function originNote(attr: Attr<unknown>): string {
  if (!attr.known) return '';
  if (attr.origin === 'parameter-default') return ' (the default of the parameter it references)';
  if (attr.origin === 'variable-default') return ' (the default of the variable it references)';
  return '';
}

/** The whole `Key: value` of a written property; undefined for an absent one (the finding then points at the resource). */
