/**
 * RDS504 proxy-engine-mismatch: a proxy target whose engine the proxy's
 * engine family cannot speak.
 *
 * Fact (RDS-FACTS: RDS Proxy): `EngineFamily` is MYSQL (mysql, mariadb,
 * aurora-mysql), POSTGRESQL (postgres, aurora-postgresql) or SQLSERVER
 * (sqlserver-*), and RDS refuses to register a target of another engine
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html).
 * Only engines with a known family are compared: an engine no proxy supports
 * (Oracle, Db2, RDS Custom) is not a family mismatch (RDS506 covers RDS Custom).
 */
import { proxyEngineFamily } from '../model/engines';
import type { DbCluster, DbInstance, Entity, ProxyTarget } from '../model/topology';
import type { Range } from '../parse/tree';
import type { RelatedLocation, Rule, RuleReport } from './types';
import { writtenRange, inputsNote } from './wording';

export const rds504: Rule = {
  id: 'RDS504',
  name: 'proxy-engine-mismatch',
  defaultSeverity: 'error',
  summary: 'A proxy target\'s engine does not match the proxy\'s engine family.',
  description:
    'A proxy speaks one wire protocol, chosen by its EngineFamily / engine_family: MYSQL for mysql, mariadb and aurora-mysql; POSTGRESQL for '
    + 'postgres and aurora-postgresql; SQLSERVER for sqlserver-*. RDS refuses to register a target of another engine, so the deployment fails. '
    + 'Reported on the target (the target group item in CloudFormation, the aws_db_proxy_target in Terraform). Does not fire when the target is '
    + 'outside the analyzed files or either value cannot be known statically.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const target of topology.proxyTargets) {
      const proxy = target.proxy;
      const database = target.target;
      if (!proxy || !database || !proxy.engineFamily.known) continue;
      const engine = database.engine;
      if (!engine.known) continue;
      const needed = proxyEngineFamily(engine.value);
      const family = proxy.engineFamily.value;
      if (!needed || family.toUpperCase() === needed) continue;

      const familyKey = proxy.engineFamily.key;
      const related: RelatedLocation[] = [];
      const holder = engineHolder(database);
      if (holder) related.push({ entity: holder, range: writtenRange(engine) ?? holder.idRange, message: `${database.id} runs ${engine.value}${holder !== database ? ` (inherited from ${holder.id})` : ''}` });
      related.push({ entity: proxy, range: writtenRange(proxy.engineFamily) ?? proxy.idRange, message: `${proxy.id} has ${familyKey} ${family}` });
      reports.push({
        entity: target,
        range: targetRange(target),
        message: `Proxy ${proxy.id} (${family}) targets ${database.id}, a ${needed} database: the deployment fails`,
        detail: `${kindName(database)} ${database.id} (engine ${engine.value}) is a target of proxy ${proxy.id}, whose ${familyKey} is ${family}: `
          + `a ${family} proxy cannot speak to ${engine.value}, a ${needed}-family engine, so RDS refuses to register the target and the deployment fails. `
          + `Set the proxy's ${familyKey} to ${needed}, or target ${FAMILY_ENGINES[family.toUpperCase()] ?? `a database a ${family} proxy supports`}.`
          + inputsNote(engine, proxy.engineFamily),
        related,
      });
    }
    return reports;
  },
};

/** What each engine family fronts, for the remedy (RDS-FACTS: RDS Proxy). */
const FAMILY_ENGINES: Readonly<Record<string, string>> = {
  MYSQL: 'a mysql, mariadb or aurora-mysql database',
  POSTGRESQL: 'a postgres or aurora-postgresql database',
  SQLSERVER: 'a sqlserver-* database',
};

function kindName(database: DbInstance | DbCluster): string {
  return database.kind === 'instance' ? 'Instance' : 'Cluster';
}

/**
 * The entity whose file holds the engine in effect: the database itself, or
 * (an engine it does not write) its Aurora cluster or replication source.
 */
function engineHolder(database: DbInstance | DbCluster): Entity | undefined {
  if (database.kind === 'cluster' || database.engineWritten) return database;
  if (database.cluster && database.engine === database.cluster.engine) return database.cluster;
  const seen = new Set<DbInstance>([database]);
  let source = database.replicationSource;
  while (source && !seen.has(source)) {
    if (source.engineWritten) return source;
    seen.add(source);
    source = source.replicationSource;
  }
  return undefined;
}

/**
 * Where a target finding points: in CloudFormation the one item of the
 * target group's identifier list (the entity's range); elsewhere the whole
 * `db_instance_identifier = ...` of the aws_db_proxy_target.
 */
function targetRange(target: ProxyTarget): Range {
  if (target.provider === 'cloudformation') return target.range;
  return writtenRange(target.targetRef) ?? target.idRange;
}

/** The whole `Key: value` of a written property. */
