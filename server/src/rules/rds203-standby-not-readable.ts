/**
 * RDS203 standby-not-readable: a READ_ONLY proxy endpoint in front of
 * instances only. RDS-FACTS (RDS Proxy): READ_ONLY endpoints route to readers,
 * which Aurora and Multi-AZ DB clusters have; a Multi-AZ instance's standby
 * serves no reads, and read replicas cannot be proxy targets.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-endpoints.html
 */
import { isAurora } from '../model/engines';
import type { DbInstance, ProxyTarget } from '../model/topology';
import type { Rule, RuleReport } from './types';

export const rds203: Rule = {
  id: 'RDS203',
  name: 'standby-not-readable',
  defaultSeverity: 'warning',
  summary: 'A READ_ONLY RDS Proxy endpoint fronts only DB instances, which have no readers to route to.',
  description:
    'Fires on an RDS Proxy endpoint with TargetRole / target_role READ_ONLY whose proxy targets only non-Aurora DB ' +
    'instances. A Multi-AZ instance deployment has no readable standby (its standby serves no reads), so the read-only ' +
    'endpoint has nothing to route to. Not reported when the proxy or any of its targets is unknown, or when it targets a cluster.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const endpoint of topology.proxyEndpoints) {
      const role = endpoint.targetRole;
      if (!role.known || role.value.toUpperCase() !== 'READ_ONLY') continue;
      const proxy = endpoint.proxy;
      if (!proxy) continue;
      const targets = proxy.targets;
      if (targets.length === 0 || !targets.every(isKnownNonAuroraInstanceTarget)) continue;
      const names = targets.map(targetName);
      const list = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
      reports.push({
        entity: endpoint,
        range: role.keyRange && role.valueRange ? { start: role.keyRange.start, end: role.valueRange.end } : endpoint.idRange,
        message: `${endpoint.id} is a READ_ONLY endpoint of a proxy with only instance targets: no reader to route to`,
        detail: `${endpoint.id} is a READ_ONLY endpoint of proxy ${proxy.id}, whose only ${targets.length === 1 ? 'target is a DB instance' : 'targets are DB instances'} ` +
          `(${list}): a Multi-AZ instance's standby serves no reads and read replicas cannot be proxy targets, so the endpoint ` +
          'has no reader to route to and the read scaling it promises does not exist. Use an Aurora cluster or a Multi-AZ DB ' +
          `cluster for readable standbys, or make ${endpoint.id} a READ_WRITE endpoint.`,
        related: [
          { entity: proxy, message: `proxy ${proxy.id}` },
          ...targets.map((t) => ({ entity: t, range: t.targetRef.valueRange ?? t.idRange, message: `instance target ${targetName(t)}` })),
        ],
      });
    }
    return reports;
  },
};

/** An instance target whose reference can be read and that is not an Aurora member. */
function isKnownNonAuroraInstanceTarget(target: ProxyTarget): boolean {
  if (target.targetKind !== 'instance' || !target.targetRef.known) return false;
  const instance = target.target as DbInstance | undefined;
  if (!instance) return true; // Named by identifier outside the analyzed files: still an instance, never an Aurora cluster.
  if (instance.role === 'aurora-member' || instance.role === 'cluster-member') return false;
  return !(instance.engine.known && isAurora(instance.engine.value));
}

function targetName(target: ProxyTarget): string {
  if (target.target) return target.target.id;
  const ref = target.targetRef;
  if (!ref.known) return '?';
  return ref.value.kind === 'reference' ? ref.value.target : ref.value.identifier;
}
