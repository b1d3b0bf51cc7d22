/**
 * RDS201 no-multi-az: a standalone instance without a Multi-AZ standby.
 * RDS-FACTS (deployment modes): Multi-AZ keeps a synchronous standby in another
 * AZ and fails over to it automatically; a Single-AZ instance is down until the
 * host is replaced or a backup restored.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html
 */
import { engineFamily } from '../model/engines';
import type { DbInstance, KnownAttr } from '../model/topology';
import type { FixProposal, Rule, RuleReport } from './types';
import { setIntent } from './recovery';
import { assignmentText, inputNote, inputsNote, writtenRange } from './wording';

export const rds201: Rule = {
  id: 'RDS201',
  name: 'no-multi-az',
  defaultSeverity: 'warning',
  summary: 'A standalone DB instance runs in a single Availability Zone (Multi-AZ is off).',
  offers: ['suggestion'],
  description:
    'Fires on a standalone DB instance (not a read replica, not an Aurora member, not part of a Multi-AZ DB cluster; ' +
    'snapshot and point-in-time restores included) whose MultiAZ / multi_az is absent or false. Without a standby in ' +
    'another Availability Zone, a host, storage or AZ failure takes the database down until RDS replaces the host or a ' +
    'backup is restored into a new instance. Not reported for RDS Custom for Oracle or when the value is unknown.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const instance of topology.instances) {
      // A PITR restore ('restored') is a new standalone instance, not a replica (RULES.md terms).
      if (instance.role !== 'standalone' && instance.role !== 'restored') continue;
      const multiAz = instance.multiAz;
      if (!multiAz.known || multiAz.value) continue;
      if (mayBeRdsCustomForOracle(instance)) continue;
      reports.push({
        entity: instance,
        range: writtenRange(multiAz) ?? instance.idRange,
        message: `${instance.id} is Single-AZ${inputNote(multiAz)}: a host or AZ failure takes it down`,
        detail: `${instance.id} is a Single-AZ DB instance (${describe(instance, multiAz)}): if its host, storage or Availability Zone fails, the database is down until RDS ` +
          'replaces the host or a backup is restored into a new instance with a new endpoint. ' +
          `Set ${assignmentText(multiAz.key, true, instance.provider)} to keep a synchronous standby in ` +
          'another AZ that RDS fails over to automatically, typically in 1-2 minutes.' + inputsNote(multiAz),
        fix: setMultiAz(instance, multiAz),
      });
    }
    return reports;
  },
};

/**
 * RDS Custom for Oracle is excluded by the catalog. An engine written as an
 * expression we cannot read could be one only if the instance names an
 * instance profile, which RDS Custom requires (recovery.ts isRdsCustomDb);
 * an absent engine (a snapshot restore) cannot be RDS Custom, which must be named.
 */
function mayBeRdsCustomForOracle(instance: DbInstance): boolean {
  const engine = instance.engineWritten ?? (instance.role === 'restored' ? instance.restoreSource?.engineWritten : undefined);
  if (!engine) return false;
  if (!engine.known) return instance.provider !== 'terraform' || instance.customIamInstanceProfile !== undefined;
  return engineFamily(engine.value) === 'custom-oracle';
}

function describe(instance: DbInstance, multiAz: KnownAttr<boolean>): string {
  switch (multiAz.origin) {
    case 'aws-default': return `${multiAz.key} is not set and defaults to false`;
    case 'parameter-default': return `${multiAz.key} is false through a parameter's Default`;
    case 'variable-default': return `${multiAz.key} is false through a variable's default`;
    default: return assignmentText(multiAz.key, multiAz.value, instance.provider);
  }
}

/** Replace a literal false (keeping its quotes) or insert the property; never overwrite a parameter reference. */
function setMultiAz(instance: DbInstance, multiAz: KnownAttr<boolean>): FixProposal | undefined {
  const intent = setIntent(instance, multiAz, true);
  return intent ? { kind: 'suggestion', title: `Set ${assignmentText(multiAz.key, true, instance.provider)}`, intents: [intent] } : undefined;
}
