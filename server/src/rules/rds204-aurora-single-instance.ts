/**
 * RDS204 aurora-single-instance: an Aurora cluster with one instance.
 * RDS-FACTS (deployment modes): a cluster with a single instance has no
 * failover target; Aurora must create a new instance instead of promoting a replica.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html
 */
import { isAurora } from '../model/engines';
import type { Rule, RuleReport } from './types';

export const rds204: Rule = {
  id: 'RDS204',
  name: 'aurora-single-instance',
  defaultSeverity: 'warning',
  summary: 'An Aurora cluster has exactly one instance, so there is no replica to fail over to.',
  description:
    'Fires on an Aurora DB cluster with exactly one member instance in the analyzed files. Aurora stores six copies of the ' +
    'data across three AZs, but compute is the instances: with one, a host or AZ failure leaves no Aurora Replica to ' +
    'promote and Aurora has to create a new instance. Not reported for clusters without members in the analyzed files or ' +
    'for Multi-AZ DB clusters.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const cluster of topology.clusters) {
      if (cluster.clusterKind !== 'aurora' || cluster.members.length !== 1) continue;
      // A Terraform count/for_each that cannot be known may stand for any number of instances.
      if (cluster.members[0].unexpanded) continue;
      // Only a known non-Aurora engine rules it out; a cluster without DBClusterInstanceClass is Aurora.
      if (cluster.engine.known && !isAurora(cluster.engine.value)) continue;
      const [member] = cluster.members;
      reports.push({
        entity: cluster,
        message: `${cluster.id} is an Aurora cluster with one instance: no replica to fail over to`,
        detail: `${cluster.id} is an Aurora cluster with a single instance (${member.id}): if that instance, its host or its ` +
          'Availability Zone fails there is no Aurora Replica to promote, and Aurora must create a new instance, which takes ' +
          'far longer than a failover. Add a second instance (Aurora places it in another AZ); it can also serve reads ' +
          'through the reader endpoint.',
        related: [{ entity: member, message: `the only instance of ${cluster.id}` }],
      });
    }
    return reports;
  },
};
