/**
 * RDS303 replica-chain-depth: cascading replicas deeper than the engine
 * allows. RDS-FACTS (read replicas): MySQL, MariaDB and PostgreSQL allow at
 * most 3 replicas in a chain below the source; Oracle and SQL Server allow no
 * replica of a replica.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_MySQL.Replication.ReadReplicas.html
 */
import { maxReplicaChainDepth } from '../model/engines';
import type { DbInstance } from '../model/topology';
import { replicationCycles } from './rds302-replica-cycle';
import type { Rule, RuleReport } from './types';

/** Where an instance sits in its chain; null when the chain has no known root (a cycle, a source outside the files). */
interface ChainPosition {
  readonly root: DbInstance;
  readonly depth: number;
  /** Levels allowed below the root, from the root's engine; undefined when unknown. */
  readonly maxDepth: number | undefined;
  /** The deepest instance a replica past the limit could replicate from instead (depth maxDepth - 1). */
  readonly attachTo: DbInstance | undefined;
}

export const rds303: Rule = {
  id: 'RDS303',
  name: 'replica-chain-depth',
  defaultSeverity: 'error',
  summary: 'A read replica sits deeper in a chain of cascading replicas than the engine allows.',
  description:
    'Measures how far each replica sits below its root source (the first instance in the chain that is not a replica) and ' +
    'reports every replica deeper than the root engine allows: more than 3 levels for MySQL, MariaDB and PostgreSQL, any ' +
    'replica of a replica for Oracle and SQL Server. RDS refuses to create such a replica. Not reported inside a ' +
    'replication cycle (RDS302) or when the engine or a link of the chain is unknown.',
  check(topology) {
    const positions = chainPositions(topology.instances);
    const reports: RuleReport[] = [];
    for (const replica of topology.instances) {
      const at = positions.get(replica);
      if (!at || at.maxDepth === undefined || at.depth <= at.maxDepth) continue;
      const source = replica.replicationSource!;
      const ref = replica.replicationSourceRef;
      const engine = at.root.engine.known ? at.root.engine.value : '?';
      const instead = at.attachTo && at.attachTo !== at.root ? `${at.attachTo.id} (or any instance nearer ${at.root.id})` : at.root.id;
      const where = at.maxDepth === 1
        ? `${replica.id} replicates from ${source.id}, itself a read replica${source.replicationSource === at.root ? ` of ${at.root.id}` : ` in a chain below ${at.root.id}`}, ` +
          `but ${engine} does not support replicas of replicas`
        : `${replica.id} is the ${ordinal(at.depth)} replica in the chain below ${at.root.id}, but ${engine} allows at most ` +
          `${at.maxDepth} levels of cascading read replicas`;
      reports.push({
        entity: replica,
        range: ref?.keyRange && ref.valueRange ? { start: ref.keyRange.start, end: ref.valueRange.end } : replica.idRange,
        message: at.maxDepth === 1
          ? `${replica.id} replicates ${source.id}, itself a replica, which ${engine} does not support: creation fails`
          : `${replica.id} is replica level ${at.depth} below ${at.root.id}, over ${engine}'s ${at.maxDepth}: creation fails`,
        detail: `${where}: RDS refuses to create it, so the deployment fails, and every extra level adds replication lag. ` +
          `Replicate from ${instead} instead.`,
        related: [
          { entity: at.root, message: `root source of the chain (${engine})` },
          ...(source !== at.root ? [{ entity: source, message: `${replica.id} replicates from ${source.id}` }] : []),
        ],
      });
    }
    return reports;
  },
};

/**
 * Chain position of every instance in a chain (a replica, and the root its
 * walk reaches), in linear time: each walk stops at the first instance
 * already placed, and the positions are filled in on the way back, so no link
 * is followed twice. Cycles are placed (as null) first. An instance with no
 * linked source starts no walk: a root is placed by its replicas' walks, and
 * one with none is in no chain (depth 0 is never too deep).
 */
export function chainPositions(instances: readonly DbInstance[]): Map<DbInstance, ChainPosition | null> {
  const positions = new Map<DbInstance, ChainPosition | null>();
  for (const cycle of replicationCycles(instances)) for (const member of cycle) positions.set(member, null);
  for (let k = 0; k < instances.length; k++) {
    const start = instances[k];
    if (!start.replicationSource || positions.has(start)) continue;
    const path: DbInstance[] = [];
    let node = start;
    while (!positions.has(node)) {
      const source = node.replicationSource;
      if (!source) {
        // A root, unless it is a replica whose source lies outside the analyzed files.
        positions.set(node, node.role === 'replica' ? null : rootPosition(node));
        break;
      }
      path.push(node);
      node = source;
    }
    let above = positions.get(node) ?? null;
    for (let i = path.length - 1; i >= 0; i--) {
      const position: ChainPosition | null = above && {
        root: above.root,
        depth: above.depth + 1,
        maxDepth: above.maxDepth,
        attachTo: above.maxDepth !== undefined && above.depth === above.maxDepth - 1 ? path[i].replicationSource : above.attachTo,
      };
      positions.set(path[i], position);
      above = position;
    }
  }
  return positions;
}

function rootPosition(root: DbInstance): ChainPosition {
  const limit = root.engine.known ? maxReplicaChainDepth(root.engine.value) : undefined;
  // engines.ts counts Oracle/SQL Server as 0 (no replica of a replica): direct replicas, depth 1, are still allowed.
  const maxDepth = limit === undefined ? undefined : Math.max(limit, 1);
  return { root, depth: 0, maxDepth, attachTo: maxDepth === 1 ? root : undefined };
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
