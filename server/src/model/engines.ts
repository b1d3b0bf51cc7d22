/**
 * What RDS engines allow, in one place. Sources: RDS-FACTS.md and the RDS
 * user guide (read replicas, Multi-AZ DB clusters, RDS Proxy, RDS Custom).
 */

export type EngineFamily =
  | 'mysql' | 'mariadb' | 'postgres' | 'oracle' | 'sqlserver' | 'db2'
  | 'aurora-mysql' | 'aurora-postgresql' | 'custom-oracle' | 'custom-sqlserver' | 'other';

export function engineFamily(engine: string): EngineFamily {
  const e = engine.toLowerCase();
  if (e === 'mysql') return 'mysql';
  if (e === 'mariadb') return 'mariadb';
  if (e === 'postgres' || e === 'postgresql') return 'postgres';
  if (e === 'aurora' || e === 'aurora-mysql') return 'aurora-mysql';
  if (e === 'aurora-postgresql') return 'aurora-postgresql';
  if (e.startsWith('custom-oracle')) return 'custom-oracle';
  if (e.startsWith('custom-sqlserver')) return 'custom-sqlserver';
  if (e.startsWith('oracle')) return 'oracle';
  if (e.startsWith('sqlserver')) return 'sqlserver';
  if (e.startsWith('db2')) return 'db2';
  return 'other';
}

export function isAurora(engine: string): boolean {
  const f = engineFamily(engine);
  return f === 'aurora-mysql' || f === 'aurora-postgresql';
}

export function isRdsCustom(engine: string): boolean {
  const f = engineFamily(engine);
  return f === 'custom-oracle' || f === 'custom-sqlserver';
}

/** Direct read replicas AWS allows per source; undefined where replicas do not apply. */
export function maxReplicasAllowed(engine: string): number | undefined {
  switch (engineFamily(engine)) {
    case 'mysql': case 'mariadb': case 'postgres': return 15;
    case 'oracle': case 'sqlserver': case 'custom-oracle': case 'custom-sqlserver': return 5;
    case 'db2': return 3;
    default: return undefined;
  }
}

/** Replicas allowed in a chain below the root source (0: no replica of a replica). */
export function maxReplicaChainDepth(engine: string): number | undefined {
  switch (engineFamily(engine)) {
    case 'mysql': case 'mariadb': case 'postgres': return 3;
    case 'oracle': case 'sqlserver': case 'custom-oracle': case 'custom-sqlserver': return 0;
    default: return undefined;
  }
}

/** RDS Proxy engine family that can front this engine. */
export function proxyEngineFamily(engine: string): 'MYSQL' | 'POSTGRESQL' | 'SQLSERVER' | undefined {
  switch (engineFamily(engine)) {
    case 'mysql': case 'mariadb': case 'aurora-mysql': return 'MYSQL';
    case 'postgres': case 'aurora-postgresql': return 'POSTGRESQL';
    case 'sqlserver': return 'SQLSERVER';
    default: return undefined;
  }
}

/**
 * Aurora cluster or Multi-AZ DB cluster (RDS-FACTS: deployment modes): a
 * non-Aurora engine with a DB cluster instance class is a Multi-AZ DB cluster.
 * An instance class that may be absent (a nullable variable, AWS::NoValue)
 * proves nothing, so with an unknown engine the cluster stays Aurora, the
 * common case, rather than becoming a Multi-AZ DB cluster no instance may join.
 */
export function clusterKindOf(
  engine: { known: boolean; value?: unknown },
  instanceClass: { known: boolean; mayBeAbsent?: true } | undefined,
): 'aurora' | 'multi-az' | 'other' {
  const engineName = engine.known && typeof engine.value === 'string' ? engine.value : undefined;
  if (engineName !== undefined && isAurora(engineName)) return 'aurora';
  const hasClass = instanceClass !== undefined && (instanceClass.known || !instanceClass.mayBeAbsent);
  if (engineName !== undefined) return hasClass ? 'multi-az' : 'other';
  return instanceClass?.known ? 'multi-az' : 'aurora';
}

/** Engines a Multi-AZ DB cluster can run. */
export const MULTI_AZ_CLUSTER_ENGINES: ReadonlySet<string> = new Set(['mysql', 'postgres']);

/** Storage types a Multi-AZ DB cluster can use. */
export const MULTI_AZ_CLUSTER_STORAGE_TYPES: ReadonlySet<string> = new Set(['io1', 'io2', 'gp3']);
