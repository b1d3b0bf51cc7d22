/**
 * The AWS provider's RDS resource types, read from a block body. Terraform
 * JSON/HCL bodies and plan `values` use the same attribute names, so both
 * builders call these readers, each with its own Resolver: the configuration
 * one evaluates `${...}` templates, the plan one reads concrete values.
 * Attribute reference: https://registry.terraform.io/providers/hashicorp/aws/latest/docs
 */
import { get, getEntry, type MapEntry, type MapNode, type ScalarNode, type ValueNode } from '../parse/tree';
import { AttributeReader, awsDefault, isNullScalar, toBoolean, toNumber, toStringValue, withDefault, type Resolver } from './attributes';
import {
  AUTO_MINOR_VERSION_UPGRADE_DEFAULT, DEFAULT_BACKUP_RETENTION_DAYS, MULTI_AZ_DEFAULT, TF_SKIP_FINAL_SNAPSHOT_DEFAULT, withReplicaDefaults,
} from './defaults';
import { clusterKindOf } from './engines';
import type {
  Attr, DataProtection, DbCluster, DbInstance, DbProxy, Entity, FileModel, ProxyEndpoint, ProxyTarget, ProxyTargetGroup, ResourceReference, Subnet,
} from './topology';
import { entityOf } from './topology';

/** The resource types the topology models; every other type is skipped. */
export const TERRAFORM_RDS_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'aws_db_instance', 'aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_db_proxy',
  'aws_db_proxy_default_target_group', 'aws_db_proxy_target', 'aws_db_proxy_endpoint', 'aws_subnet',
]);

/** Terraform JSON ignores a `//` property in a block body: it is a comment. */
export const COMMENT_KEY = '//';

/**
 * A block written as an object or as an array of objects (Terraform JSON allows
 * both at every level; plans always use arrays for nested blocks).
 */
export function objectsOf(node: ValueNode | undefined): MapNode[] {
  if (!node) return [];
  if (node.kind === 'map') return [node];
  if (node.kind === 'seq') return node.items.filter((item): item is MapNode => item.kind === 'map');
  return [];
}

/** objectsOf(node)[0] without the array: the body of a block written once (every resource block, in the common case). */
export function firstObjectOf(node: ValueNode | undefined): MapNode | undefined {
  if (!node) return undefined;
  if (node.kind === 'map') return node;
  if (node.kind === 'seq') return node.items.find((item): item is MapNode => item.kind === 'map');
  return undefined;
}

/**
 * Reads one RDS resource into the model; the caller has built its Entity base
 * (with `r`, when it read the same body for it).
 */
export function addTerraformResource(model: FileModel, base: Entity, body: MapNode | undefined, resolver: Resolver, r = new TerraformAttributes(resolver)): void {
  switch (base.resourceType) {
    case 'aws_db_instance': model.instances.push(withReplicaDefaults(readDbInstance(base, body, r))); break;
    case 'aws_rds_cluster_instance': model.instances.push(readClusterInstance(base, body, r)); break;
    case 'aws_rds_cluster': model.clusters.push(readCluster(base, body, r)); break;
    case 'aws_db_proxy': model.proxies.push(readProxy(base, body, r)); break;
    case 'aws_db_proxy_default_target_group': model.proxyTargetGroups.push(readTargetGroup(base, body, r)); break;
    case 'aws_db_proxy_target': model.proxyTargets.push(readProxyTarget(base, body, r)); break;
    case 'aws_db_proxy_endpoint': model.proxyEndpoints.push(readProxyEndpoint(base, body, r)); break;
    case 'aws_subnet': model.subnets.push(entityOf<Subnet>(base, { kind: 'subnet', availabilityZone: r.string(body, 'availability_zone') })); break;
    default: break;
  }
}

const NO_TAGS: ReadonlyMap<string, string> = new Map();

/** `tags = { Name = "orders" }`: the literal entries; a computed map (`merge(...)`) gives none. */
export function readTerraformTags(body: ValueNode | undefined, resolver: Resolver): ReadonlyMap<string, string> {
  return tagsOf(get(body, 'tags'), resolver);
}

/** readTerraformTags of the `tags` value the caller has already looked up. */
export function tagsOf(map: ValueNode | undefined, resolver: Resolver): ReadonlyMap<string, string> {
  // Untagged resources share one empty map.
  if (!map || map.kind !== 'map') return NO_TAGS;
  const tags = new Map<string, string>();
  for (const entry of map.entries) {
    if (entry.key === COMMENT_KEY) continue;
    const r = resolver.scalar(entry.value);
    if (r.known && r.value !== null) tags.set(entry.key, String(r.value));
  }
  return tags;
}

function readDbInstance(base: Entity, p: MapNode | undefined, r: TerraformAttributes): DbInstance {
  const restore = r.blockEntry(p, 'restore_to_point_in_time');
  const source = r.reference(p, 'replicate_source_db');
  // A restore_to_point_in_time block creates a new instance from the source's
  // backups: not a replica (RDS-FACTS: backups). A `dynamic` restore block is
  // not followed: whether it exists depends on its for_each.
  const role: DbInstance['role'] = restore ? 'restored' : source ? 'replica' : 'standalone';
  const engineWritten = r.string(p, 'engine');
  return entityOf<DbInstance>(base, {
    kind: 'instance',
    identifier: r.string(p, 'identifier'),
    role,
    engine: engineWritten ?? { known: false, reason: 'no engine given', key: 'engine' },
    engineWritten,
    engineVersion: r.string(p, 'engine_version'),
    instanceClass: r.string(p, 'instance_class'),
    multiAz: withDefault(r.boolean(p, 'multi_az'), 'multi_az', MULTI_AZ_DEFAULT),
    availabilityZone: r.presence(p, 'availability_zone'),
    // manage_master_user_password asks RDS to create the secret: not a credential written here.
    masterUsername: r.presence(p, 'username'),
    masterPassword: redacted(r.presence(p, 'password') ?? r.presence(p, 'password_wo')),
    customIamInstanceProfile: r.presence(p, 'custom_iam_instance_profile'),
    autoMinorVersionUpgrade: withDefault(r.boolean(p, 'auto_minor_version_upgrade'), 'auto_minor_version_upgrade', AUTO_MINOR_VERSION_UPGRADE_DEFAULT),
    replicationSourceRef: role === 'replica' ? source : undefined,
    restoreSourceRef: restore ? restoreSource(restore, r) : undefined,
    replicas: [],
  }, readDataProtection(p, r));
}

/**
 * Backups, the final snapshot, deletion protection and encryption: the same
 * arguments on aws_db_instance and aws_rds_cluster (a cluster instance has
 * none: its cluster holds them).
 */
function readDataProtection(p: MapNode | undefined, r: TerraformAttributes): DataProtection {
  return {
    backupRetention: withDefault(r.number(p, 'backup_retention_period'), 'backup_retention_period', DEFAULT_BACKUP_RETENTION_DAYS),
    snapshotOnDelete: finalSnapshotTaken(p, r),
    finalSnapshotIdentifier: r.presence(p, 'final_snapshot_identifier'),
    deletionProtection: r.boolean(p, 'deletion_protection'),
    storageEncrypted: r.boolean(p, 'storage_encrypted'),
    kmsKeyId: r.presence(p, 'kms_key_id'),
    snapshotIdentifier: r.presence(p, 'snapshot_identifier'),
  };
}

function restoreSource(restore: { entry: MapEntry; body: MapNode }, r: TerraformAttributes): Attr<ResourceReference> {
  const b = restore.body;
  return r.reference(b, 'source_db_instance_identifier')
    ?? r.reference(b, 'source_dbi_resource_id')
    ?? r.reference(b, 'source_db_instance_automated_backups_arn')
    ?? { known: false, reason: 'restore_to_point_in_time names no source', key: restore.entry.key, keyRange: restore.entry.keyRange, valueRange: restore.entry.value.range };
}

/** Aurora member: `aws_rds_cluster_instance` always names its cluster. */
function readClusterInstance(base: Entity, p: MapNode | undefined, r: TerraformAttributes): DbInstance {
  const engineWritten = r.string(p, 'engine');
  return entityOf<DbInstance>(base, {
    kind: 'instance',
    identifier: r.string(p, 'identifier'),
    role: 'aurora-member',
    engine: engineWritten ?? { known: false, reason: 'no engine given', key: 'engine' },
    engineWritten,
    engineVersion: r.string(p, 'engine_version'),
    instanceClass: r.string(p, 'instance_class'),
    multiAz: awsDefault('multi_az', MULTI_AZ_DEFAULT),
    availabilityZone: r.presence(p, 'availability_zone'),
    // Members have neither backup_retention_period nor skip_final_snapshot: the
    // cluster holds the data, its backups and its final snapshot.
    backupRetention: awsDefault('backup_retention_period', DEFAULT_BACKUP_RETENTION_DAYS),
    snapshotOnDelete: awsDefault('skip_final_snapshot', false),
    customIamInstanceProfile: r.presence(p, 'custom_iam_instance_profile'),
    autoMinorVersionUpgrade: withDefault(r.boolean(p, 'auto_minor_version_upgrade'), 'auto_minor_version_upgrade', AUTO_MINOR_VERSION_UPGRADE_DEFAULT),
    clusterRef: r.reference(p, 'cluster_identifier') ?? { known: false, reason: 'no cluster_identifier given', key: 'cluster_identifier' },
    replicas: [],
  });
}

function readCluster(base: Entity, p: MapNode | undefined, r: TerraformAttributes): DbCluster {
  const engine = r.string(p, 'engine') ?? { known: false, reason: 'no engine given', key: 'engine' };
  const instanceClass = r.string(p, 'db_cluster_instance_class');
  const clusterKind = clusterKindOf(engine, instanceClass);
  // The provider's default for clusters is 1 day (backups cannot be off on a cluster).
  return entityOf<DbCluster>(base, {
    kind: 'cluster',
    identifier: r.string(p, 'cluster_identifier'),
    clusterKind,
    engine,
    engineMode: r.string(p, 'engine_mode'),
    engineVersion: r.string(p, 'engine_version'),
    dbClusterInstanceClass: instanceClass,
    allocatedStorage: r.number(p, 'allocated_storage'),
    iops: r.number(p, 'iops'),
    storageType: r.string(p, 'storage_type'),
    availabilityZones: r.stringList(p, 'availability_zones'),
    members: [],
  }, readDataProtection(p, r));
}

function readProxy(base: Entity, p: MapNode | undefined, r: TerraformAttributes): DbProxy {
  return entityOf<DbProxy>(base, {
    kind: 'proxy',
    identifier: r.string(p, 'name'),
    engineFamily: r.string(p, 'engine_family') ?? { known: false, reason: 'no engine_family given', key: 'engine_family' },
    requireTls: withDefault(r.boolean(p, 'require_tls'), 'require_tls', false),
    auth: readProxyAuth(p, r),
    defaultAuthScheme: r.string(p, 'default_auth_scheme'),
    subnets: r.referenceList(p, 'vpc_subnet_ids'),
    resolvedSubnets: [],
    targetGroups: [],
    targets: [],
    endpoints: [],
  });
}

/** `auth` blocks, one object or a list; a `dynamic "auth"` block is unknown (its for_each decides). */
function readProxyAuth(p: MapNode | undefined, r: TerraformAttributes): DbProxy['auth'] {
  const dynamic = r.dynamicBlock(p, 'auth');
  if (dynamic) return { known: false, reason: 'auth is generated by a dynamic block', key: 'auth', keyRange: dynamic.keyRange, valueRange: dynamic.value.range };
  const entry = r.entry(p, 'auth');
  if (!entry || isNullScalar(entry.value)) return undefined;
  const base = { key: entry.key, keyRange: entry.keyRange, valueRange: entry.value.range };
  if (entry.value.kind !== 'map' && entry.value.kind !== 'seq') return { known: false, reason: 'auth is computed', ...base };
  const blocks = objectsOf(entry.value);
  if (blocks.length === 0) return undefined;
  const withSecret = blocks.filter((block) => r.presence(block, 'secret_arn') !== undefined).length;
  return { known: true, value: { entries: blocks.length, withSecret }, origin: 'template', ...base };
}

function proxyName(p: MapNode | undefined, r: TerraformAttributes): Attr<ResourceReference> {
  return r.reference(p, 'db_proxy_name') ?? { known: false, reason: 'no db_proxy_name given', key: 'db_proxy_name' };
}

function readTargetGroup(base: Entity, p: MapNode | undefined, r: TerraformAttributes): ProxyTargetGroup {
  return entityOf<ProxyTargetGroup>(base, { kind: 'proxy-target-group', proxyRef: proxyName(p, r) });
}

/** One `aws_db_proxy_target`: its own resource, so its own range and suppressions. */
function readProxyTarget(base: Entity, p: MapNode | undefined, r: TerraformAttributes): ProxyTarget {
  const instance = r.reference(p, 'db_instance_identifier');
  const cluster = instance ? undefined : r.reference(p, 'db_cluster_identifier');
  return entityOf<ProxyTarget>(base, {
    kind: 'proxy-target',
    proxyRef: proxyName(p, r),
    targetKind: cluster ? 'cluster' : 'instance',
    targetRef: instance ?? cluster ?? { known: false, reason: 'neither db_instance_identifier nor db_cluster_identifier given', key: 'db_instance_identifier' },
  });
}

function readProxyEndpoint(base: Entity, p: MapNode | undefined, r: TerraformAttributes): ProxyEndpoint {
  return entityOf<ProxyEndpoint>(base, {
    kind: 'proxy-endpoint',
    identifier: r.string(p, 'db_proxy_endpoint_name'),
    proxyRef: proxyName(p, r),
    targetRole: withDefault(r.string(p, 'target_role'), 'target_role', 'READ_WRITE'),
  });
}

/** Only the presence of a password matters; a plan holds the real one, which stays out of the model. */
function redacted(attr: Attr<string> | undefined): Attr<string> | undefined {
  return attr?.known ? { ...attr, value: '(sensitive)', text: undefined } : attr;
}

/**
 * skip_final_snapshot (default false) as "deleting it leaves a snapshot": the
 * negation, keeping the key, ranges and text of what the user wrote.
 */
/** Shared by every resource without skip_final_snapshot (attributes are never changed in place). */
const SNAPSHOT_ON_DELETE_DEFAULT: Attr<boolean> = Object.freeze({
  known: true, value: !TF_SKIP_FINAL_SNAPSHOT_DEFAULT, origin: 'aws-default', key: 'skip_final_snapshot', text: String(TF_SKIP_FINAL_SNAPSHOT_DEFAULT),
} as const);

function finalSnapshotTaken(p: MapNode | undefined, r: TerraformAttributes): Attr<boolean> {
  const skip = r.boolean(p, 'skip_final_snapshot');
  if (!skip) return SNAPSHOT_ON_DELETE_DEFAULT;
  if (!skip.known) return skip;
  return { ...skip, value: !skip.value };
}

/** A block body's entries by key; of a key written twice, the last (as getEntry finds it). */
export function entriesByKey(body: MapNode): ReadonlyMap<string, MapEntry> {
  const entries = new Map<string, MapEntry>();
  for (let i = 0; i < body.entries.length; i++) entries.set(body.entries[i].key, body.entries[i]);
  return entries;
}

/**
 * AttributeReader with Terraform's notion of absence: an argument whose value
 * is `null` (also through a variable default, the usual module pattern
 * `availability_zone = var.availability_zone`) or `""` is the same as leaving
 * it out, for the provider and so for us.
 */
export class TerraformAttributes {
  /** The plain readers: an empty or null value is read as written. */
  readonly read: AttributeReader;
  /** The body whose entries `entries` holds. */
  private indexed: MapNode | undefined;
  private entries: ReadonlyMap<string, MapEntry> | undefined;

  /** `entries`: entriesByKey(body) when the caller has made it. */
  constructor(private readonly resolver: Resolver, body?: MapNode, entries?: ReadonlyMap<string, MapEntry>) {
    this.read = new AttributeReader(resolver);
    this.indexed = body;
    this.entries = entries;
  }

  /**
   * The entry `key` of a block body, as getEntry finds it. A resource's
   * readers ask its body for ~25 keys, most of them absent, so the body's
   * entries are put in a Map once instead of scanned per key (in cold code,
   * where each scan step is interpreted). A nested block (`auth`,
   * `restore_to_point_in_time`) is asked for a key or two: scanned, and the
   * resource's index kept.
   */
  entry(body: ValueNode | undefined, key: string): MapEntry | undefined {
    if (!body || body.kind !== 'map') return undefined;
    if (body === this.indexed) return this.entries!.get(key);
    if (this.indexed !== undefined) return getEntry(body, key);
    this.indexed = body;
    this.entries = entriesByKey(body);
    return this.entries.get(key);
  }

  // Each looks its entry up once, for isUnset and for the reader.
  string(body: ValueNode | undefined, key: string): Attr<string> | undefined {
    const entry = this.entry(body, key);
    if (entry && this.literal(entry)) return entry.value.value === '' ? undefined : this.read.literalOf(entry, toStringValue);
    return this.isUnset(entry) ? undefined : this.read.stringOf(entry);
  }

  boolean(body: ValueNode | undefined, key: string): Attr<boolean> | undefined {
    const entry = this.entry(body, key);
    return entry && this.literal(entry) ? this.read.literalOf(entry, toBoolean) : this.read.booleanOf(entry);
  }

  number(body: ValueNode | undefined, key: string): Attr<number> | undefined {
    const entry = this.entry(body, key);
    return entry && this.literal(entry) ? this.read.literalOf(entry, toNumber) : this.read.numberOf(entry);
  }

  /** Whether the entry's value is a literal the resolver needs not be asked about (Resolver.isLiteral). */
  private literal(entry: MapEntry): entry is MapEntry & { readonly value: ScalarNode } {
    return this.resolver.isLiteral?.(entry.value) === true;
  }

  presence(body: ValueNode | undefined, key: string): Attr<string> | undefined {
    const entry = this.entry(body, key);
    return this.isUnset(entry) ? undefined : this.read.presenceOf(entry);
  }

  reference(body: ValueNode | undefined, key: string): Attr<ResourceReference> | undefined {
    const entry = this.entry(body, key);
    return this.isUnset(entry) ? undefined : this.read.referenceOfEntry(entry);
  }

  /** A list of names (subnet ids): unknown as a whole when any item is. */
  referenceList(body: ValueNode | undefined, key: string): Attr<readonly ResourceReference[]> {
    const entry = this.entry(body, key);
    if (!entry || this.isUnset(entry)) return { known: true, value: [], origin: 'aws-default', key };
    const base = { key: entry.key, keyRange: entry.keyRange, valueRange: entry.value.range };
    if (entry.value.kind !== 'seq') {
      const r = this.resolver.scalar(entry.value);
      return { known: false, reason: r.known ? `${key} is computed` : r.reason, ...base };
    }
    const refs: ResourceReference[] = [];
    for (const item of entry.value.items) {
      const ref = this.read.referenceOf(item, key);
      if (!ref.known) return { known: false, reason: ref.reason, ...base };
      refs.push(ref.value);
    }
    return { known: true, value: refs, origin: 'template', ...base };
  }

  stringList(body: ValueNode | undefined, key: string): Attr<string[]> | undefined {
    const entry = this.entry(body, key);
    if (!entry || this.isUnset(entry)) return undefined;
    const base = { key: entry.key, keyRange: entry.keyRange, valueRange: entry.value.range };
    if (entry.value.kind !== 'seq') return { known: false, reason: `${key} is computed`, ...base };
    const values: string[] = [];
    for (const item of entry.value.items) {
      const r = this.resolver.scalar(item);
      if (!r.known) return { known: false, reason: r.reason, ...base };
      if (typeof r.value === 'string') values.push(r.value);
    }
    return { known: true, value: values, origin: 'template', ...base };
  }

  /** The first static nested block `key` (object or list form), if any. */
  blockEntry(body: ValueNode | undefined, key: string): { entry: MapEntry; body: MapNode } | undefined {
    const entry = this.entry(body, key);
    // Plans write an absent block as []; anything but an object is not a block.
    const blocks = objectsOf(entry?.value);
    return entry && blocks.length > 0 ? { entry, body: blocks[0] } : undefined;
  }

  /** `dynamic "key" { ... }`, which Terraform JSON writes as `"dynamic": {"key": ...}`. */
  dynamicBlock(body: ValueNode | undefined, key: string): MapEntry | undefined {
    for (const dynamic of objectsOf(this.entry(body, 'dynamic')?.value)) {
      const entry = getEntry(dynamic, key);
      if (entry) return entry;
    }
    return undefined;
  }

  private isUnset(entry: MapEntry | undefined): boolean {
    if (!entry) return true;
    if (isNullScalar(entry.value)) return true;
    const r = this.resolver.scalar(entry.value);
    return r.known && (r.value === null || r.value === '');
  }
}
