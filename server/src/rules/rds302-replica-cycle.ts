/**
 * RDS302 replica-cycle: replication sources that loop back. RDS-FACTS (read
 * replicas): a replica needs a source that exists; a cycle has no writable
 * root, so none of its instances can be created.
 */
import type { DbInstance } from '../model/topology';
import type { Rule, RuleReport } from './types';

export const rds302: Rule = {
  id: 'RDS302',
  name: 'replica-cycle',
  defaultSeverity: 'error',
  summary: 'Read replica sources form a cycle, so none of the instances in it can be created.',
  description:
    'Follows each replica\'s source (SourceDBInstanceIdentifier / replicate_source_db) through the analyzed files and ' +
    'reports every instance of a loop, a self-reference included: a cycle has no writable root, CloudFormation reports a ' +
    'circular dependency and Terraform a dependency cycle. Links to sources outside the analyzed files are not followed.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const cycle of replicationCycles(topology.instances)) {
      cycle.forEach((instance, i) => {
        const loop = describeLoop(cycle, i);
        const source = cycle[(i + 1) % cycle.length];
        const ref = instance.replicationSourceRef;
        const self = source === instance;
        reports.push({
          entity: instance,
          range: ref?.keyRange && ref.valueRange ? { start: ref.keyRange.start, end: ref.valueRange.end } : instance.idRange,
          message: self
            ? `${instance.id} names itself as its replication source: it cannot be created`
            : `${instance.id} is in a replication cycle with ${source.id}: none of these instances can be created`,
          detail: (self
            ? `${instance.id} names itself as its replication source in ${ref?.key ?? 'its source'}`
            : `${instance.id} replicates from ${source.id}, and the sources loop back to it (${loop})`) +
            ': a replica needs a source that is writable or replicating from one, and a cycle has none, so none of these ' +
            'instances can be created (CloudFormation reports a circular dependency, Terraform a dependency cycle). Decide ' +
            `which instance is the writer and make it a standalone instance by removing its ${ref?.key ?? 'replication source'}.`,
          related: self ? [] : [{ entity: source, message: `${instance.id} replicates from ${source.id}` }],
        });
      });
    }
    return reports;
  },
};

/**
 * Every cycle of the replication graph, each in replication-source order
 * (cycle[i] replicates from cycle[i + 1]). Each instance has at most one
 * source, so one walk per unvisited instance with a three-state mark finds
 * them all in linear time, however tangled the graph.
 */
export function replicationCycles(instances: readonly DbInstance[]): DbInstance[][] {
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Map<DbInstance, number>();
  const cycles: DbInstance[][] = [];
  for (let i = 0; i < instances.length; i++) {
    const start = instances[i];
    // An instance without a source is on no cycle, and most are: no walk, no mark. A walk from a replica
    // still passes through it (and marks it), so no cycle is missed or found twice.
    if (!start.replicationSource || state.has(start)) continue;
    const path: DbInstance[] = [];
    let node: DbInstance | undefined = start;
    while (node && !state.has(node)) {
      state.set(node, ON_PATH);
      path.push(node);
      node = node.replicationSource;
    }
    if (node && state.get(node) === ON_PATH) cycles.push(path.slice(path.indexOf(node)));
    for (const p of path) state.set(p, DONE);
  }
  return cycles;
}

/** `A -> B -> A` from cycle[start], shortened for long loops so every message stays small. */
function describeLoop(cycle: readonly DbInstance[], start: number): string {
  const n = cycle.length;
  const id = (k: number) => cycle[(start + k) % n].id;
  if (n <= 5) return Array.from({ length: n + 1 }, (_, k) => id(k)).join(' -> ');
  return `${id(0)} -> ${id(1)} -> ${id(2)} -> ... -> ${id(n - 1)} -> ${id(0)}, ${n} instances`;
}
