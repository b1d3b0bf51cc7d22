/**
 * RDS505 proxy-without-target: a proxy that nothing registers a database
 * with.
 *
 * Fact (RDS-FACTS: RDS Proxy): a proxy passes connections to the targets of
 * its target group (`AWS::RDS::DBProxyTargetGroup`, Terraform
 * `aws_db_proxy_default_target_group` + `aws_db_proxy_target`); without one
 * every client connection fails. A target group or target whose proxy name
 * cannot be known statically might be this proxy's: then it stays silent.
 */
import type { DbProxy, ProxyTarget, ProxyTargetGroup, Topology } from '../model/topology';
import type { Rule, RuleReport } from './types';

export const rds505: Rule = {
  id: 'RDS505',
  name: 'proxy-without-target',
  defaultSeverity: 'warning',
  summary: 'No target group or target references the proxy.',
  description:
    'A proxy without a target accepts client connections but has no database to pass them to, so every connection fails while the proxy is '
    + 'still billed. Fires when no AWS::RDS::DBProxyTargetGroup (Terraform: aws_db_proxy_default_target_group or aws_db_proxy_target) in the '
    + 'analyzed files names the proxy. Stays silent when some target group names a proxy that cannot be known statically.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const proxy of topology.proxies) {
      if (proxy.targetGroups.length > 0 || proxy.targets.length > 0) continue;
      if (mightReference(topology, proxy)) continue;
      const cfn = proxy.provider === 'cloudformation';
      const remedy = cfn
        ? `Add an AWS::RDS::DBProxyTargetGroup with DBProxyName: !Ref ${proxy.id} and the database in DBInstanceIdentifiers or DBClusterIdentifiers`
        : `Add an aws_db_proxy_default_target_group and an aws_db_proxy_target whose db_proxy_name is \${${proxy.id}.name}`;
      reports.push({
        entity: proxy,
        message: `Proxy ${proxy.id} has no target: every connection fails while the proxy is billed`,
        detail: `Proxy ${proxy.id} has no target: no target group or target in the analyzed files references it, so it accepts client `
          + `connections with no database to pass them to (every connection fails) while it is still billed. ${remedy}, or lint the file that `
          + 'defines the target group together with this one.',
      });
    }
    return reports;
  },
};

/**
 * An unlinked target group or target whose written proxy name is computed, or
 * is a literal name this proxy's computed name could turn out to be.
 */
function mightReference(topology: Topology, proxy: DbProxy): boolean {
  const unlinked: (ProxyTargetGroup | ProxyTarget)[] = [
    ...topology.proxyTargetGroups.filter((g) => !g.proxy),
    ...topology.proxyTargets.filter((t) => !t.proxy),
  ];
  const ownNameUnknown = !proxy.identifier?.known;
  return unlinked.some((u) => (u.proxyRef.known
    ? ownNameUnknown && u.proxyRef.value.kind !== 'reference'
    // An absent DBProxyName / db_proxy_name names no proxy at all.
    : u.proxyRef.keyRange !== undefined || u.proxyRef.valueRange !== undefined));
}
