/**
 * RDS205 multi-az-cluster-config: a Multi-AZ DB cluster RDS cannot create,
 * or an instance trying to join one. RDS-FACTS (deployment modes): Multi-AZ DB
 * clusters run mysql or postgres only, need AllocatedStorage, Iops and a
 * StorageType of io1/io2/gp3, and create their own three instances.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/create-multi-az-db-cluster.html
 */
import { MULTI_AZ_CLUSTER_ENGINES, MULTI_AZ_CLUSTER_STORAGE_TYPES } from '../model/engines';
import { isWritten, type DbCluster } from '../model/topology';
import type { Rule, RuleReport } from './types';
import { writtenRange, assignmentText, inputNote } from './wording';

/** Property names per provider, for what is absent (no attribute to take the key from). */
const NAMES = {
  cloudformation: { allocatedStorage: 'AllocatedStorage', iops: 'Iops', storageType: 'StorageType', instanceClass: 'DBClusterInstanceClass' },
  terraform: { allocatedStorage: 'allocated_storage', iops: 'iops', storageType: 'storage_type', instanceClass: 'db_cluster_instance_class' },
} as const;

export const rds205: Rule = {
  id: 'RDS205',
  name: 'multi-az-cluster-config',
  defaultSeverity: 'error',
  summary: 'A Multi-AZ DB cluster has an engine or storage settings RDS rejects, or a DB instance tries to join one.',
  description:
    'A Multi-AZ DB cluster is a non-Aurora DB cluster with DBClusterInstanceClass. RDS creates one only for mysql or ' +
    'postgres, with AllocatedStorage, Iops and a StorageType of io1, io2 or gp3; it creates its three instances itself, ' +
    'so a DB instance naming it in DBClusterIdentifier fails. Values that cannot be known statically are not reported.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const cluster of topology.clusters) {
      if (cluster.clusterKind === 'multi-az') reports.push(...checkCluster(cluster));
    }
    for (const instance of topology.instances) {
      const cluster = instance.cluster;
      if (instance.role !== 'cluster-member' || !cluster || !instance.clusterRef) continue;
      const ref = instance.clusterRef;
      reports.push({
        entity: instance,
        range: writtenRange(ref) ?? instance.idRange,
        message: `${instance.id} cannot join Multi-AZ DB cluster ${cluster.id}: creation fails`,
        detail: `${instance.id} names ${cluster.id} in ${ref.key}, but ${cluster.id} is a Multi-AZ DB cluster: it creates ` +
          'its own writer and two readable standbys, and no DB instance can join it, so creating this instance fails. Remove ' +
          `${instance.id} (the cluster already has three instances), or use an Aurora cluster if you need to add instances.`,
        related: [{ entity: cluster, message: `Multi-AZ DB cluster ${cluster.id}` }],
      });
    }
    return reports;
  },
};

function checkCluster(cluster: DbCluster): RuleReport[] {
  const reports: RuleReport[] = [];
  const names = cluster.provider === 'cloudformation' ? NAMES.cloudformation : NAMES.terraform;
  const classKey = cluster.dbClusterInstanceClass?.key ?? names.instanceClass;
  const engine = cluster.engine;
  if (engine.known && !MULTI_AZ_CLUSTER_ENGINES.has(engine.value.toLowerCase())) {
    reports.push({
      entity: cluster,
      range: writtenRange(engine) ?? cluster.idRange,
      message: `${cluster.id} is a Multi-AZ DB cluster on ${shortText(engine.value)}${inputNote(engine)}: only mysql and postgres, so creation fails`,
      detail: `${cluster.id} is a Multi-AZ DB cluster (it sets ${classKey}) with ${assignmentText(engine.key, engine.value, cluster.provider)}, ` +
        'but RDS offers Multi-AZ DB clusters only for mysql and postgres, so creating it fails. Use mysql or postgres, or a ' +
        `Multi-AZ DB instance deployment (an instance with ${cluster.provider === 'cloudformation' ? 'MultiAZ: true' : 'multi_az = true'}) for this engine.`,
    });
  }
  const storageType = cluster.storageType;
  if (storageType?.known && isWritten(storageType) && !MULTI_AZ_CLUSTER_STORAGE_TYPES.has(storageType.value.toLowerCase())) {
    reports.push({
      entity: cluster,
      range: writtenRange(storageType) ?? cluster.idRange,
      message: `${cluster.id} is a Multi-AZ DB cluster on ${shortText(storageType.value)} storage${inputNote(storageType)}: creation fails`,
      detail: `${cluster.id} is a Multi-AZ DB cluster with ${assignmentText(storageType.key, storageType.value, cluster.provider)}, but a ` +
        `Multi-AZ DB cluster needs provisioned storage: io1, io2 or gp3, so creating it fails. Set ${storageType.key} to io1, io2 or gp3.`,
    });
  }
  const missing: string[] = [];
  if (!isWritten(cluster.allocatedStorage)) missing.push(names.allocatedStorage);
  if (!isWritten(cluster.iops)) missing.push(names.iops);
  if (!isWritten(storageType)) missing.push(names.storageType);
  if (missing.length > 0) {
    reports.push({
      entity: cluster,
      message: `${cluster.id} is a Multi-AZ DB cluster without sized storage (${missing.length} setting${missing.length === 1 ? '' : 's'} missing): creation fails`,
      detail: `${cluster.id} is a Multi-AZ DB cluster (it sets ${classKey}) without ${joinAnd(missing)}: RDS creates ` +
        'Multi-AZ DB clusters only on storage you size explicitly, so creating it fails and the deployment rolls back. ' +
        `Set ${joinAnd(missing)} (${names.storageType} io1, io2 or gp3).`,
    });
  }
  return reports;
}

/** A written value quoted in a short message, cut when long (the detail has it whole). */
function shortText(value: string): string {
  return value.length > 20 ? `${value.slice(0, 19)}…` : value;
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
