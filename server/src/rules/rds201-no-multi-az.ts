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
import { writtenRange, assignmentText } from './wording';

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
        message: `${instance.id} is a Single-AZ DB instance (${describe(instance, multiAz)}): if its host, storage or ` +
          'Availability Zone fails, the database is down until RDS replaces the host or a backup is restored into a new ' +
          `instance with a new endpoint. Set ${assignmentText(multiAz.key, true, instance.provider)} to keep a synchronous standby in ` +
          'another AZ that RDS fails over to automatically, typically in 1-2 minutes.',
        fix: setMultiAz(instance, multiAz),
      });
    }
    return reports;
  },
};

/**
 * RDS Custom for Oracle is excluded by the catalog. An engine written as an
 * expression we cannot read could be one, so it never yields a warning; an
 * absent engine (a snapshot restore) cannot be RDS Custom, which must be named.
 */
function mayBeRdsCustomForOracle(instance: DbInstance): boolean {
  const engine = instance.engineWritten ?? (instance.role === 'restored' ? instance.restoreSource?.engineWritten : undefined);
  if (!engine) return false;
  return !engine.known || engineFamily(engine.value) === 'custom-oracle';
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
  if (instance.provider === 'terraform-plan') return undefined;
  const title = `Set ${assignmentText(multiAz.key, true, instance.provider)}`;
  if (multiAz.origin === 'aws-default') return { kind: 'suggestion', title, intents: [{ kind: 'set', entity: instance, key: multiAz.key, value: true }] };
  if (multiAz.origin !== 'template' || !multiAz.valueRange) return undefined;
  return { kind: 'suggestion', title, intents: [{ kind: 'set', entity: instance, key: multiAz.key, value: true, valueRange: multiAz.valueRange }] };
}
