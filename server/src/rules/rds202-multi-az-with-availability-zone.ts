/**
 * RDS202 multi-az-with-availability-zone: Multi-AZ on with a pinned AZ.
 * RDS-FACTS (deployment modes): `MultiAZ` cannot be combined with a pinned
 * `AvailabilityZone`; RDS picks the AZs of the primary and the standby.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html
 */
import type { Rule, RuleReport } from './types';
import { writtenRange, assignmentText } from './wording';

export const rds202: Rule = {
  id: 'RDS202',
  name: 'multi-az-with-availability-zone',
  defaultSeverity: 'error',
  summary: 'A Multi-AZ DB instance also pins an Availability Zone, which RDS rejects.',
  offers: ['fix'],
  description:
    'Fires on a DB instance with MultiAZ / multi_az true that also sets AvailabilityZone / availability_zone, whatever ' +
    'its value (even one computed by an intrinsic): with Multi-AZ, RDS chooses the AZs of the primary and its standby, ' +
    'and the request fails. Not reported when the Multi-AZ value is unknown.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const instance of topology.instances) {
      const { multiAz, availabilityZone: az } = instance;
      if (!multiAz.known || multiAz.value !== true || !az) continue;
      // `!Ref AWS::NoValue`, or an Fn::If with such a branch: the zone may not be pinned at all.
      if (!az.known && az.mayBeAbsent) continue;
      const written = az.known ? assignmentText(az.key, az.text ?? az.value, instance.provider) : `${az.key} (${az.reason})`;
      const canRemove = instance.provider !== 'terraform-plan' && az.keyRange && az.valueRange;
      reports.push({
        entity: instance,
        range: writtenRange(az) ?? instance.idRange,
        message: `${instance.id} has ${assignmentText(multiAz.key, true, instance.provider)} and also pins ${written}: with Multi-AZ, ` +
          'RDS chooses the Availability Zones of the primary and its standby itself and rejects a request that pins one, ' +
          `so the deployment fails. Remove ${az.key}; if the database must sit in one AZ, that is a Single-AZ design.`,
        fix: canRemove
          ? { kind: 'fix', title: `Remove ${az.key} from ${instance.id}`, intents: [{ kind: 'remove', entity: instance, key: az.key, keyRange: az.keyRange!, valueRange: az.valueRange! }] }
          : undefined,
      });
    }
    return reports;
  },
};
