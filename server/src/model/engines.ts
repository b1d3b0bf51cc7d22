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

/** Engines a Multi-AZ DB cluster can run. */
export const MULTI_AZ_CLUSTER_ENGINES: ReadonlySet<string> = new Set(['mysql', 'postgres']);

/** Storage types a Multi-AZ DB cluster can use. */
export const MULTI_AZ_CLUSTER_STORAGE_TYPES: ReadonlySet<string> = new Set(['io1', 'io2', 'gp3']);
