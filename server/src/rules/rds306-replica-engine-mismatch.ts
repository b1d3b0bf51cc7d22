/**
 * RDS306 replica-engine-mismatch: a replica declaring another engine than its
 * source's. RDS-FACTS (read replicas): a replica takes its engine from the source.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html
 */
import type { Rule, RuleReport } from './types';
import { assignmentText } from './wording';

export const rds306: Rule = {
  id: 'RDS306',
  name: 'replica-engine-mismatch',
  defaultSeverity: 'error',
  summary: 'A read replica sets an engine different from its source\'s.',
  offers: ['fix'],
  description:
    'A read replica always runs its source\'s engine: it is built from the source\'s data and replays its log. Fires on a ' +
    'replica whose Engine / engine differs from the engine of its source in the analyzed files; leave the engine out on ' +
    'replicas. Not reported when either engine is unknown.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const replica of topology.instances) {
      const written = replica.engineWritten;
      const source = replica.replicationSource;
      if (replica.role !== 'replica' || !written?.known || !source) continue;
      // The source's engine in effect: written on it, or inherited up its own chain (model/link.ts).
      const sourceEngine = source.engine;
      if (!sourceEngine.known || sourceEngine.value.toLowerCase() === written.value.toLowerCase()) continue;
      const canRemove = replica.provider !== 'terraform-plan' && written.keyRange && written.valueRange;
      reports.push({
        entity: replica,
        range: written.keyRange && written.valueRange ? { start: written.keyRange.start, end: written.valueRange.end } : replica.idRange,
        message: `${replica.id} sets ${assignmentText(written.key, written.value, replica.provider)}, but it is a read replica of ` +
          `${source.id}, which runs ${sourceEngine.value}: a replica always runs its source's engine, so the request fails or ` +
          `the value is ignored and the template misstates the database. Remove ${written.key} from ${replica.id}.`,
        related: [{
          entity: source,
          // Point at the source's Engine only when it is written there (an inherited engine lives on another resource).
          range: sourceEngine === source.engineWritten && sourceEngine.keyRange && sourceEngine.valueRange
            ? { start: sourceEngine.keyRange.start, end: sourceEngine.valueRange.end } : undefined,
          message: `${source.id} runs ${sourceEngine.value}`,
        }],
        fix: canRemove
          ? { kind: 'fix', title: `Remove ${written.key} from ${replica.id}`, intents: [{ kind: 'remove', entity: replica, key: written.key, keyRange: written.keyRange!, valueRange: written.valueRange! }] }
          : undefined,
      });
    }
    return reports;
  },
};
