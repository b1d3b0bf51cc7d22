/**
 * RDS301 replica-count: too many direct read replicas on one source.
 * RDS-FACTS (read replicas): the material's figure is 5 per source (the
 * configurable warning); AWS allows 15 for MySQL, MariaDB and PostgreSQL, 5 for
 * Oracle and SQL Server, 3 for Db2 (the error).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html
 */
import { maxReplicasAllowed } from '../model/engines';
import type { Rule, RuleReport } from './types';

const DEFAULT_MAX_REPLICAS = 5;

export const rds301: Rule = {
  id: 'RDS301',
  name: 'replica-count',
  defaultSeverity: 'warning',
  summary: 'A source DB instance has more direct read replicas than maxReplicas (warning) or than its engine allows (error).',
  description:
    'Counts the direct read replicas of each source instance in the analyzed files (a Terraform count or literal for_each ' +
    'counts each instance). More than the maxReplicas option (default 5) is a warning: every replica adds replication work ' +
    'and lag on the source. More than the engine allows (15 for MySQL, MariaDB and PostgreSQL, 5 for Oracle and SQL Server, ' +
    '3 for Db2) is an error: RDS refuses to create the extra replicas.',
  options: {
    maxReplicas: {
      type: 'integer',
      default: DEFAULT_MAX_REPLICAS,
      minimum: 1,
      description: 'Direct read replicas per source above which RDS301 warns (the engine limit is always an error).',
    },
  },
  check(topology, context) {
    const configured = Number(context.options.maxReplicas);
    const maxReplicas = Number.isInteger(configured) && configured >= 1 ? configured : DEFAULT_MAX_REPLICAS;
    const reports: RuleReport[] = [];
    for (const source of topology.instances) {
      // A Terraform block whose count/for_each cannot be known may be zero replicas or many: count only the certain ones.
      const uncounted = source.replicas.filter((r) => r.unexpanded);
      const count = source.replicas.length - uncounted.length;
      if (count === 0) continue;
      const plus = uncounted.length === 0 ? ''
        : ` (not counting ${uncounted.map((r) => r.id).join(', ')}, whose ${uncounted[0].unexpanded} is not known statically)`;
      const engine = source.engine.known ? source.engine.value : undefined;
      const limit = engine !== undefined ? maxReplicasAllowed(engine) : undefined;
      let n = 0;
      const related = source.replicas.map((replica) => ({
        entity: replica,
        message: replica.unexpanded
          ? `read replicas of ${source.id}, as many as its ${replica.unexpanded} says`
          : `read replica ${++n} of ${count} of ${source.id}`,
      }));
      if (limit !== undefined && count > limit) {
        reports.push({
          entity: source,
          severity: 'error',
          message: `${source.id} has ${count} direct read replicas, over ${engine}'s limit of ${limit}: the deployment fails`,
          detail: `${source.id} has ${count} direct read replicas${plus}, but ${engine} allows at most ${limit} per source: RDS ` +
            `refuses to create the ${ordinal(limit + 1)} and later replicas, so the deployment fails. Attach the extra replicas ` +
            `to one of ${source.id}'s replicas (cascading, where the engine supports it) or remove them.`,
          related,
        });
      } else if (count > maxReplicas) {
        reports.push({
          entity: source,
          message: `${source.id} has ${count} direct read replicas, more than maxReplicas (${maxReplicas}): load and lag on the source`,
          detail: `${source.id} has ${count} direct read replicas${plus}, more than maxReplicas (${maxReplicas}): each replica adds ` +
            'replication work on the source, lag grows under write load, and every replica is another full instance to pay ' +
            'for. Consider cascading replicas, Aurora readers on shared storage, or a cache for the hottest reads; if this is ' +
            'deliberate, raise RDS301.maxReplicas in .rdscope.yaml.',
          related,
        });
      }
    }
    return reports;
  },
};

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
