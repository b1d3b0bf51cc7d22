/**
 * RDS501 proxy-subnets: a proxy needs subnets in at least two Availability
 * Zones.
 *
 * Fact (RDS-FACTS: RDS Proxy): `VpcSubnetIds` / `vpc_subnet_ids` must name
 * subnets in at least two AZs
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-network-prereqs.html).
 * Two checks, each only on what is known: the list has fewer than two distinct
 * subnets; or every listed subnet is defined in the analyzed files with a
 * known AZ and together they cover fewer than two AZs. A subnet given only by
 * id, or whose AZ is computed or chosen by AWS, could be in any AZ: silence.
 */
import type { Attr, ResourceReference, Subnet } from '../model/topology';
import type { RelatedLocation, Rule, RuleReport } from './types';
import { inputNote, inputsNote, writtenRange } from './wording';

export const rds501: Rule = {
  id: 'RDS501',
  name: 'proxy-subnets',
  defaultSeverity: 'error',
  summary: 'A proxy lists fewer than two subnets, or its subnets lie in fewer than two Availability Zones.',
  description:
    'RDS Proxy is highly available by running in several Availability Zones: it needs subnets in at least two AZs of the database\'s VPC and '
    + 'rejects a proxy without them. Fires when VpcSubnetIds / vpc_subnet_ids lists fewer than two distinct subnets, or when every listed subnet is '
    + 'defined in the analyzed files (AWS::EC2::Subnet / aws_subnet) with a known AvailabilityZone and they add up to fewer than two AZs. Subnets '
    + 'referenced only by id, and AZs that cannot be known statically, never fire.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const proxy of topology.proxies) {
      const subnets = proxy.subnets;
      if (!subnets.known) {
        // One item is one subnet, even when which subnet is unknown (a Ref to a parameter without a value).
        if (proxy.subnetsListed === 1) {
          reports.push({
            entity: proxy,
            range: writtenRange(subnets),
            message: `Proxy ${proxy.id} has one subnet: it needs two AZs, so RDS rejects it`,
            detail: `Proxy ${proxy.id} lists only one subnet in ${subnets.key} (${subnets.reason}): RDS Proxy needs subnets in at least two `
              + `Availability Zones of the database's VPC and rejects the proxy otherwise. Add a subnet in a second AZ in ${subnets.key}.`,
          });
        }
        continue;
      }
      const key = subnets.key;
      const range = subnets.origin === 'aws-default' ? undefined : writtenRange(subnets);
      const distinct = new Map<string, ResourceReference>();
      for (const ref of subnets.value) distinct.set(refKey(ref), ref);

      if (distinct.size < 2) {
        const listed = [...distinct.values()].map(describe);
        const what = distinct.size === 0
          ? (subnets.origin === 'aws-default' ? `has no ${key}` : `lists no subnet in ${key}`)
          : `lists only one subnet in ${key} (${listed[0]}${subnets.value.length > 1 ? `, listed ${subnets.value.length} times` : ''})`;
        reports.push({
          entity: proxy,
          range,
          message: `Proxy ${proxy.id} has ${distinct.size === 0 ? 'no subnets' : 'one subnet'}${inputNote(subnets)}: it needs two AZs, so RDS rejects it`,
          detail: `Proxy ${proxy.id} ${what}: RDS Proxy needs subnets in at least two Availability Zones of the database's VPC and rejects the `
            + `proxy otherwise (and a proxy in one AZ would fail with it). ${distinct.size === 0 ? 'List subnets in at least two AZs' : 'Add a subnet in a second AZ'} in ${key}.`
            + inputsNote(subnets),
        });
        continue;
      }

      // Every listed subnet defined here with a known AZ, or nothing can be said about the AZs.
      const resolved = proxy.resolvedSubnets;
      if (resolved.length !== subnets.value.length) continue;
      const located: { subnet: Subnet; az: Attr<string> & { known: true } }[] = [];
      for (const subnet of resolved) {
        const az = subnet?.availabilityZone;
        if (!subnet || !az?.known) break;
        located.push({ subnet, az });
      }
      if (located.length !== resolved.length) continue;
      const zones = new Set(located.map((l) => l.az.value.toLowerCase()));
      if (zones.size >= 2) continue;
      const zone = located[0].az.value;
      const related: RelatedLocation[] = located.map((l) => ({
        entity: l.subnet,
        range: writtenRange(l.az) ?? l.subnet.idRange,
        message: `${l.subnet.id} is in ${l.az.value}`,
      }));
      reports.push({
        entity: proxy,
        range,
        message: `Proxy ${proxy.id} has all its subnets in ${zone}: it needs two AZs, so RDS rejects it`,
        detail: `Proxy ${proxy.id} lists ${distinct.size} subnets in ${key}, but all of them are in one Availability Zone (${zone}): RDS Proxy `
          + `needs subnets in at least two AZs and rejects the proxy otherwise (and a proxy in one AZ would fail with it). Add a subnet in `
          + `another AZ to ${key}.`,
        related,
      });
    }
    return reports;
  },
};

function refKey(ref: ResourceReference): string {
  return ref.kind === 'reference' ? `ref:${ref.target}` : `id:${ref.identifier}`;
}

function describe(ref: ResourceReference): string {
  return ref.kind === 'reference' ? ref.target : ref.identifier;
}

/** The whole `Key: value` of a written property. */
