/**
 * RDS506 proxy-unsupported-target: a database RDS Proxy cannot register.
 *
 * Facts (RDS-FACTS: RDS Proxy): of instances in a replication setup only the
 * writer can be a target, never a read replica; Aurora Serverless v1
 * (`EngineMode: serverless`) and RDS Custom cannot be targets
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html#rds-proxy.limitations).
 */
import { isRdsCustom } from '../model/engines';
import type { DbCluster, DbInstance, ProxyTarget, ResourceReference } from '../model/topology';
import type { Range } from '../parse/tree';
import type { RelatedLocation, Rule, RuleReport } from './types';
import { writtenRange } from './wording';

export const rds506: Rule = {
  id: 'RDS506',
  name: 'proxy-unsupported-target',
  defaultSeverity: 'error',
  summary: 'A proxy target is a read replica, an Aurora Serverless v1 cluster or an RDS Custom instance.',
  description:
    'RDS Proxy only registers databases it can manage: for instances in a replication setup that is the source (writer), never a read replica; '
    + 'Aurora Serverless v1 clusters (EngineMode serverless) and RDS Custom instances are not supported at all. The registration fails, so the '
    + 'deployment fails. Reported on the target (the target group item in CloudFormation, the aws_db_proxy_target in Terraform). Does not fire on '
    + 'targets outside the analyzed files or on values that cannot be known statically.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const target of topology.proxyTargets) {
      const database = target.target;
      if (!database) continue;
      const problem = database.kind === 'instance' ? instanceProblem(database) : clusterProblem(database);
      if (!problem) continue;
      const proxyName = target.proxy?.id ?? 'its proxy';
      reports.push({
        entity: target,
        range: targetRange(target),
        message: `${database.id} is ${problem.kind}, which cannot be a proxy target: the deployment fails`,
        detail: `${problem.what} is a target of proxy ${proxyName}: ${problem.why}, so RDS refuses to register the target and the deployment fails. `
          + problem.remedy,
        related: problem.related,
      });
    }
    return reports;
  },
};

interface Problem {
  readonly what: string;
  /** What the target is, for the short message: `a read replica`. */
  readonly kind: string;
  readonly why: string;
  readonly remedy: string;
  readonly related: RelatedLocation[];
}

function instanceProblem(instance: DbInstance): Problem | undefined {
  const engine = instance.engine;
  // RDS Custom first: a Custom replica's remedy is not "target the source" (that is RDS Custom too).
  if (engine.known && isRdsCustom(engine.value)) {
    return {
      what: `RDS Custom instance ${instance.id} (engine ${engine.value})`,
      kind: 'an RDS Custom instance',
      why: 'RDS Proxy does not support RDS Custom',
      remedy: 'Remove it from the proxy\'s targets and let the application connect to the instance directly.',
      related: engineRelated(instance, engine.value),
    };
  }
  if (instance.role === 'replica') {
    const ref = instance.replicationSourceRef;
    const source = instance.replicationSource;
    const sourceName = source?.id ?? (ref?.known ? ref.text ?? nameOf(ref.value) : 'another instance');
    return {
      what: `Read replica ${instance.id}`,
      kind: 'a read replica',
      why: 'for instances in a replication setup RDS Proxy registers only the source (the writer), never a read replica',
      remedy: `Target the source ${sourceName} instead; for pooled reads point the application at the replica directly, or use Aurora with a `
        + 'read-only proxy endpoint.',
      related: [{ entity: instance, range: ref ? writtenRange(ref) : undefined, message: `${instance.id} replicates from ${sourceName}` }],
    };
  }
  return undefined;
}

/** The Engine that makes it RDS Custom: its own, or the one it inherits from its replication source. */
function engineRelated(instance: DbInstance, engine: string): RelatedLocation[] {
  const seen = new Set<DbInstance>();
  let holder: DbInstance | undefined = instance;
  while (holder && !holder.engineWritten && !seen.has(holder)) {
    seen.add(holder);
    holder = holder.replicationSource;
  }
  if (!holder?.engineWritten) return [];
  const inherited = holder !== instance ? ` (inherited from ${holder.id})` : '';
  return [{ entity: holder, range: writtenRange(holder.engineWritten), message: `${instance.id} runs ${engine}${inherited}` }];
}

function clusterProblem(cluster: DbCluster): Problem | undefined {
  const mode = cluster.engineMode;
  if (!mode?.known || mode.value.toLowerCase() !== 'serverless') return undefined;
  return {
    what: `Aurora Serverless v1 cluster ${cluster.id} (${mode.key} ${mode.text ?? mode.value})`,
    kind: 'an Aurora Serverless v1 cluster',
    why: 'RDS Proxy does not support Aurora Serverless v1',
    remedy: 'Move the cluster to Aurora Serverless v2 (provisioned engine mode with serverless v2 instances) or provisioned instances, or '
      + 'remove it from the proxy\'s targets.',
    related: [{ entity: cluster, range: writtenRange(mode), message: `${cluster.id} has ${mode.key} ${mode.value}` }],
  };
}

function nameOf(ref: ResourceReference): string {
  return ref.kind === 'reference' ? ref.target : ref.identifier;
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
