/**
 * CloudFormation (YAML or JSON) to a FileModel. Knows the AWS::RDS::* and
 * AWS::EC2::Subnet vocabulary and how intrinsics resolve statically:
 * parameter defaults are used and remembered as such; everything that depends
 * on deploy time (pseudo parameters, conditions, imports) is unknown.
 */
import { get, getEntry, type MapEntry, type MapNode, type ValueNode } from '../parse/tree';
import { AttributeReader, isNullScalar, withDefault, type Resolved, type Resolver } from './attributes';
import {
  AUTO_MINOR_VERSION_UPGRADE_DEFAULT, CFN_SNAPSHOT_DELETION_DEFAULT, CFN_UPDATE_REPLACE_DEFAULT,
  DEFAULT_BACKUP_RETENTION_DAYS, MULTI_AZ_DEFAULT,
} from './defaults';
import { clusterKindOf } from './engines';
import type {
  Attr, DataProtection, DbCluster, DbInstance, DbProxy, Entity, FileModel, ProxyEndpoint, ProxyTarget, ProxyTargetGroup,
  ResourceReference,
} from './topology';
import { readSuppressionList } from './suppressions';

const STACK_REGION: Attr<string> = { known: false, reason: "the stack's region is chosen at deploy time", key: 'AWS::Region' };

export function buildCloudFormation(file: string, root: ValueNode): FileModel {
  const resources = get(root, 'Resources');
  const model = emptyModel(file, root);
  if (!resources || resources.kind !== 'map') return model;
  const read = new AttributeReader(new CloudFormationResolver(root, resources));

  // JSON allows a logical id twice; the last one wins, as in get() and JSON.parse (YAML rejects it: RDS000).
  const lastIndex = new Map(resources.entries.map((e, i) => [e.key, i]));
  for (const [index, entry] of resources.entries.entries()) {
    if (lastIndex.get(entry.key) !== index) continue;
    addResource(model, file, entry, read);
  }
  return model;
}

/**
 * The entities of some resources of the template (`entries`, in their order),
 * exactly as buildCloudFormation makes them: the incremental analysis
 * (server/src/incremental/) rebuilds the one resource an edit touched.
 * `resourceNames`, the template's logical ids, saves reading them again.
 */
export function buildCloudFormationResources(file: string, root: ValueNode, entries: readonly MapEntry[], resourceNames?: ReadonlySet<string>): FileModel {
  const model = emptyModel(file, root);
  const read = new AttributeReader(new CloudFormationResolver(root, get(root, 'Resources'), resourceNames));
  for (const entry of entries) addResource(model, file, entry, read);
  return model;
}

function emptyModel(file: string, root: ValueNode): FileModel {
  return {
    summary: { file, provider: 'cloudformation', suppressions: readSuppressionList(get(get(get(root, 'Metadata'), 'rdscope'), 'ignore')) },
    scope: file,
    instances: [], clusters: [], proxies: [], proxyTargetGroups: [], proxyTargets: [], proxyEndpoints: [], subnets: [],
  };
}

function addResource(model: FileModel, file: string, entry: MapEntry, read: AttributeReader): void {
  const resource = entry.value;
  if (resource.kind !== 'map') return;
  const type = get(resource, 'Type');
  if (!type || type.kind !== 'scalar' || typeof type.value !== 'string') return;
  const propertiesNode = get(resource, 'Properties');
  const properties = propertiesNode && propertiesNode.kind === 'map' ? propertiesNode : undefined;
  const conditionNode = get(resource, 'Condition');
  const base: Entity = {
    id: entry.key,
    file,
    provider: 'cloudformation',
    resourceType: type.value,
    range: { start: entry.keyRange.start, end: resource.range.end },
    idRange: entry.keyRange,
    region: STACK_REGION,
    identifier: undefined,
    tags: readTags(properties, read),
    suppressions: readSuppressionList(get(get(get(resource, 'Metadata'), 'rdscope'), 'ignore')),
    condition: conditionNode?.kind === 'scalar' && typeof conditionNode.value === 'string' ? conditionNode.value : undefined,
    anchor: { resourceNode: resource, propertiesNode: properties ?? (propertiesNode && !isNullScalar(propertiesNode) ? undefined : propertiesNode) },
  };
  switch (type.value) {
    case 'AWS::RDS::DBInstance': model.instances.push(readInstance(base, resource, properties, read)); break;
    case 'AWS::RDS::DBCluster': model.clusters.push(readCluster(base, resource, properties, read)); break;
    case 'AWS::RDS::DBProxy': model.proxies.push(readProxy(base, properties, read)); break;
    case 'AWS::RDS::DBProxyTargetGroup': readTargetGroup(base, properties, read, model); break;
    case 'AWS::RDS::DBProxyEndpoint': model.proxyEndpoints.push(readProxyEndpoint(base, properties, read)); break;
    case 'AWS::EC2::Subnet': model.subnets.push({ ...base, kind: 'subnet', availabilityZone: read.string(properties, 'AvailabilityZone') }); break;
    default: break;
  }
}

function readInstance(base: Entity, resource: MapNode, p: MapNode | undefined, read: AttributeReader): DbInstance {
  const clusterRef = read.reference(p, 'DBClusterIdentifier');
  const source = read.reference(p, 'SourceDBInstanceIdentifier');
  const restoreTime = read.presence(p, 'RestoreTime');
  const useLatest = read.boolean(p, 'UseLatestRestorableTime');
  const restoreById = read.reference(p, 'SourceDbiResourceId') ?? read.reference(p, 'SourceDBInstanceAutomatedBackupsArn');
  // A source plus a restore time is a point-in-time restore, not a replica (RDS-FACTS: backups).
  const isRestore = restoreById !== undefined || (source !== undefined && (restoreTime !== undefined || (useLatest !== undefined && (!useLatest.known || useLatest.value))));
  const role: DbInstance['role'] = clusterRef ? 'aurora-member' : isRestore ? 'restored' : source ? 'replica' : 'standalone';
  const engineWritten = read.string(p, 'Engine');
  return {
    ...base,
    kind: 'instance',
    identifier: read.string(p, 'DBInstanceIdentifier'),
    role,
    engine: engineWritten ?? { known: false, reason: 'no Engine given', key: 'Engine' },
    engineWritten,
    engineVersion: read.string(p, 'EngineVersion'),
    instanceClass: read.string(p, 'DBInstanceClass'),
    multiAz: withDefault(read.boolean(p, 'MultiAZ'), 'MultiAZ', MULTI_AZ_DEFAULT),
    availabilityZone: read.presence(p, 'AvailabilityZone'),
    // DeletionPolicy defaults to Snapshot for an instance outside a cluster, Delete for a member.
    ...readDataProtection(resource, p, read, { deletionDefault: clusterRef ? 'Delete' : CFN_SNAPSHOT_DELETION_DEFAULT, snapshotKeys: INSTANCE_SNAPSHOT_KEYS }),
    masterUsername: read.presence(p, 'MasterUsername'),
    masterPassword: read.presence(p, 'MasterUserPassword'),
    customIamInstanceProfile: read.presence(p, 'CustomIAMInstanceProfile'),
    autoMinorVersionUpgrade: withDefault(read.boolean(p, 'AutoMinorVersionUpgrade'), 'AutoMinorVersionUpgrade', AUTO_MINOR_VERSION_UPGRADE_DEFAULT),
    sourceRegion: read.string(p, 'SourceRegion'),
    replicationSourceRef: role === 'replica' ? source : undefined,
    restoreSourceRef: role === 'restored' ? source ?? restoreById : undefined,
    clusterRef,
    replicas: [],
  };
}

// DBClusterSnapshotIdentifier on an instance restores a Multi-AZ DB cluster snapshot into it.
const INSTANCE_SNAPSHOT_KEYS = ['DBSnapshotIdentifier', 'DBClusterSnapshotIdentifier'] as const;
const CLUSTER_SNAPSHOT_KEYS = ['SnapshotIdentifier'] as const;

/** Backups, snapshot policies, deletion protection and encryption: the same properties on instances and clusters. */
function readDataProtection(
  resource: MapNode, p: MapNode | undefined, read: AttributeReader,
  kind: { readonly deletionDefault: string; readonly snapshotKeys: readonly string[] },
): DataProtection {
  let snapshotIdentifier: Attr<string> | undefined;
  for (const key of kind.snapshotKeys) snapshotIdentifier ??= read.presence(p, key);
  return {
    backupRetention: withDefault(read.number(p, 'BackupRetentionPeriod'), 'BackupRetentionPeriod', DEFAULT_BACKUP_RETENTION_DAYS),
    snapshotOnDelete: policyKeepsData(read, resource, 'DeletionPolicy', kind.deletionDefault),
    snapshotOnReplace: policyKeepsData(read, resource, 'UpdateReplacePolicy', CFN_UPDATE_REPLACE_DEFAULT),
    deletionProtection: read.boolean(p, 'DeletionProtection'),
    storageEncrypted: read.boolean(p, 'StorageEncrypted'),
    kmsKeyId: read.presence(p, 'KmsKeyId'),
    snapshotIdentifier,
  };
}

function readCluster(base: Entity, resource: MapNode, p: MapNode | undefined, read: AttributeReader): DbCluster {
  const engine = read.string(p, 'Engine') ?? { known: false, reason: 'no Engine given', key: 'Engine' };
  const instanceClass = read.string(p, 'DBClusterInstanceClass');
  const clusterKind = clusterKindOf(engine, instanceClass);
  return {
    ...base,
    kind: 'cluster',
    identifier: read.string(p, 'DBClusterIdentifier'),
    clusterKind,
    engine,
    engineMode: read.string(p, 'EngineMode'),
    engineVersion: read.string(p, 'EngineVersion'),
    ...readDataProtection(resource, p, read, { deletionDefault: CFN_SNAPSHOT_DELETION_DEFAULT, snapshotKeys: CLUSTER_SNAPSHOT_KEYS }),
    dbClusterInstanceClass: instanceClass,
    allocatedStorage: read.number(p, 'AllocatedStorage'),
    iops: read.number(p, 'Iops'),
    storageType: read.string(p, 'StorageType'),
    members: [],
  };
}

function readProxy(base: Entity, p: MapNode | undefined, read: AttributeReader): DbProxy {
  return {
    ...base,
    kind: 'proxy',
    identifier: read.string(p, 'DBProxyName'),
    engineFamily: read.string(p, 'EngineFamily') ?? { known: false, reason: 'no EngineFamily given', key: 'EngineFamily' },
    requireTls: withDefault(read.boolean(p, 'RequireTLS'), 'RequireTLS', false),
    auth: readProxyAuth(p, read),
    defaultAuthScheme: read.string(p, 'DefaultAuthScheme'),
    subnets: readReferenceList(p, 'VpcSubnetIds', read),
    resolvedSubnets: [],
    targetGroups: [],
    targets: [],
    endpoints: [],
  };
}

function readProxyAuth(p: MapNode | undefined, read: AttributeReader): DbProxy['auth'] {
  const entry = getEntry(p, 'Auth');
  if (!entry) return undefined;
  const base = { key: entry.key, keyRange: entry.keyRange, valueRange: entry.value.range };
  if (entry.value.kind !== 'seq') return { known: false, reason: 'Auth is computed', ...base };
  let withSecret = 0;
  for (const item of entry.value.items) {
    if (item.kind !== 'map') continue;
    if (read.presence(item, 'SecretArn')) withSecret++;
  }
  return { known: true, value: { entries: entry.value.items.length, withSecret }, origin: 'template', ...base };
}

function readTargetGroup(base: Entity, p: MapNode | undefined, read: AttributeReader, model: FileModel): void {
  const proxyRef = read.reference(p, 'DBProxyName') ?? { known: false, reason: 'no DBProxyName given', key: 'DBProxyName' };
  model.proxyTargetGroups.push({ ...base, kind: 'proxy-target-group', identifier: read.string(p, 'TargetGroupName'), proxyRef } satisfies ProxyTargetGroup);
  for (const [key, targetKind] of [['DBInstanceIdentifiers', 'instance'], ['DBClusterIdentifiers', 'cluster']] as const) {
    const list = getEntry(p, key);
    if (!list || list.value.kind !== 'seq') continue;
    for (const item of list.value.items) {
      const target: ProxyTarget = {
        ...base,
        kind: 'proxy-target',
        // The finding's resource is the target group; its range is the one item.
        range: item.range,
        proxyRef,
        targetKind,
        targetRef: read.referenceOf(item, key, list.keyRange),
      };
      model.proxyTargets.push(target);
    }
  }
}

function readProxyEndpoint(base: Entity, p: MapNode | undefined, read: AttributeReader): ProxyEndpoint {
  return {
    ...base,
    kind: 'proxy-endpoint',
    identifier: read.string(p, 'DBProxyEndpointName'),
    proxyRef: read.reference(p, 'DBProxyName') ?? { known: false, reason: 'no DBProxyName given', key: 'DBProxyName' },
    targetRole: withDefault(read.string(p, 'TargetRole'), 'TargetRole', 'READ_WRITE'),
  };
}

/** DeletionPolicy / UpdateReplacePolicy: true when the data survives (Snapshot or Retain). */
function policyKeepsData(read: AttributeReader, resource: MapNode, key: string, defaultPolicy: string): Attr<boolean> {
  const policy = read.string(resource, key);
  if (!policy) return { known: true, value: defaultPolicy !== 'Delete', origin: 'aws-default', key, text: defaultPolicy };
  if (!policy.known) return policy;
  return { ...policy, value: policy.value !== 'Delete' };
}

function readReferenceList(p: MapNode | undefined, key: string, read: AttributeReader): Attr<readonly ResourceReference[]> {
  const entry = getEntry(p, key);
  if (!entry) return { known: true, value: [], origin: 'aws-default', key };
  const base = { key: entry.key, keyRange: entry.keyRange, valueRange: entry.value.range };
  if (entry.value.kind !== 'seq') return { known: false, reason: `${key} is computed`, ...base };
  const refs: ResourceReference[] = [];
  for (const item of entry.value.items) {
    const ref = read.referenceOf(item, key);
    if (!ref.known) return { known: false, reason: ref.reason, ...base };
    refs.push(ref.value);
  }
  return { known: true, value: refs, origin: 'template', ...base };
}

function readTags(p: MapNode | undefined, read: AttributeReader): ReadonlyMap<string, string> {
  const tags = new Map<string, string>();
  const list = get(p, 'Tags');
  if (!list || list.kind !== 'seq') return tags;
  for (const item of list.items) {
    const key = read.string(item, 'Key');
    const value = read.string(item, 'Value');
    if (key?.known && value?.known) tags.set(key.value, value.value);
  }
  return tags;
}

/** Static evaluation of intrinsics, as far as the template alone allows. */
class CloudFormationResolver implements Resolver {
  private readonly parameters: ValueNode | undefined;
  private readonly mappings: ValueNode | undefined;

  /** Logical ids, read once: a Ref per resource must not scan every resource (30,000-resource templates). */
  private resourceNames: ReadonlySet<string> | undefined;

  constructor(root: ValueNode, private readonly resources: ValueNode | undefined, resourceNames?: ReadonlySet<string>) {
    this.parameters = get(root, 'Parameters');
    this.mappings = get(root, 'Mappings');
    this.resourceNames = resourceNames;
  }

  private isResource(name: string): boolean {
    this.resourceNames ??= new Set(this.resources?.kind === 'map' ? this.resources.entries.map((e) => e.key) : []);
    return this.resourceNames.has(name);
  }

  reference(node: ValueNode): { target: string; attribute?: string } | undefined {
    if (node.kind !== 'intrinsic') return undefined;
    if (node.name === 'Ref' && node.arg.kind === 'scalar' && typeof node.arg.value === 'string' && this.isResource(node.arg.value)) {
      return { target: node.arg.value };
    }
    if (node.name === 'Fn::GetAtt' && node.arg.kind === 'seq' && node.arg.items.length >= 1) {
      const [resource, attribute] = node.arg.items;
      if (resource.kind === 'scalar' && typeof resource.value === 'string' && this.isResource(resource.value)) {
        const attr = attribute?.kind === 'scalar' && typeof attribute.value === 'string' ? attribute.value : undefined;
        return { target: resource.value, attribute: attr };
      }
    }
    return undefined;
  }

  scalar(node: ValueNode): Resolved {
    switch (node.kind) {
      case 'scalar': return { known: true, value: node.value, origin: 'template' };
      case 'tagged': return { known: false, reason: `unknown tag ${node.tag}` };
      case 'map': return { known: false, reason: 'a map where a single value belongs' };
      case 'seq': return { known: false, reason: 'a list where a single value belongs' };
      case 'intrinsic': return this.intrinsic(node.name, node.arg);
    }
  }

  private intrinsic(name: string, arg: ValueNode): Resolved {
    switch (name) {
      case 'Ref': return this.ref(arg);
      case 'Fn::If': {
        const condition = arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' ? String(arg.items[0].value) : '?';
        // A branch that is `!Ref AWS::NoValue` removes the property when taken.
        const branches = arg.kind === 'seq' ? arg.items.slice(1, 3).map((b) => this.scalar(b)) : [];
        const mayBeAbsent = branches.some((b) => (b.known ? b.value === null : b.mayBeAbsent));
        return { known: false, reason: `depends on condition ${condition} (Fn::If)`, ...(mayBeAbsent ? { mayBeAbsent: true as const } : {}) };
      }
      case 'Fn::Sub': return this.sub(arg);
      case 'Fn::Join': return this.join(arg);
      case 'Fn::Select': return this.select(arg);
      case 'Fn::FindInMap': return this.findInMap(arg);
      default: return { known: false, reason: `computed by ${name}` };
    }
  }

  private ref(arg: ValueNode): Resolved {
    if (arg.kind !== 'scalar' || typeof arg.value !== 'string') return { known: false, reason: 'Ref to a computed name' };
    const name = arg.value;
    if (name === 'AWS::NoValue') return { known: true, value: null, origin: 'template' };
    if (name.startsWith('AWS::')) return { known: false, reason: `${name} is known at deploy time` };
    const parameter = get(this.parameters, name);
    if (parameter) {
      const def = get(parameter, 'Default');
      if (!def) return { known: false, reason: `parameter ${name} has no Default` };
      // CloudFormation evaluates no functions in Parameters: a Default that is one (`!Ref` itself) is not a value,
      // and following it could loop forever.
      if (def.kind !== 'scalar') return { known: false, reason: `the Default of parameter ${name} is not a literal value` };
      return { known: true, value: def.value, origin: 'parameter-default' };
    }
    if (this.isResource(name)) return { known: false, reason: `Ref to resource ${name}` };
    return { known: false, reason: `Ref to ${name}, which is neither a parameter nor a resource` };
  }

  private sub(arg: ValueNode): Resolved {
    const [template, variables] = arg.kind === 'seq' ? [arg.items[0], arg.items[1]] : [arg, undefined];
    if (!template || template.kind !== 'scalar' || typeof template.value !== 'string') return { known: false, reason: 'computed by Fn::Sub' };
    let origin: Resolved & { known: true } extends { origin: infer O } ? O : never = 'template';
    let unresolved: string | undefined;
    const value = template.value.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const variable = get(variables, inner);
      const r = variable ? this.scalar(variable) : inner.includes('.') ? { known: false as const, reason: '' } : this.ref({ kind: 'scalar', value: inner, range: template.range, style: 'plain' });
      if (!r.known || r.value === null) { unresolved ??= inner; return whole; }
      if (r.origin !== 'template') origin = r.origin;
      return String(r.value);
    });
    if (unresolved !== undefined) return { known: false, reason: `Fn::Sub uses \${${unresolved}}, known at deploy time` };
    return { known: true, value, origin };
  }

  private join(arg: ValueNode): Resolved {
    if (arg.kind !== 'seq' || arg.items.length !== 2 || arg.items[1].kind !== 'seq') return { known: false, reason: 'computed by Fn::Join' };
    const delimiter = this.scalar(arg.items[0]);
    if (!delimiter.known) return delimiter;
    const parts: string[] = [];
    let origin = delimiter.origin;
    for (const item of arg.items[1].items) {
      const r = this.scalar(item);
      if (!r.known) return { known: false, reason: `Fn::Join part: ${r.reason}` };
      if (r.origin !== 'template') origin = r.origin;
      parts.push(r.value === null ? '' : String(r.value));
    }
    return { known: true, value: parts.join(String(delimiter.value ?? '')), origin };
  }

  private select(arg: ValueNode): Resolved {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return { known: false, reason: 'computed by Fn::Select' };
    const index = this.scalar(arg.items[0]);
    const list = arg.items[1];
    if (!index.known || list.kind !== 'seq') return { known: false, reason: 'computed by Fn::Select' };
    const item = list.items[Number(index.value)];
    return item ? this.scalar(item) : { known: false, reason: 'Fn::Select index out of range' };
  }

  private findInMap(arg: ValueNode): Resolved {
    if (arg.kind !== 'seq' || arg.items.length < 3) return { known: false, reason: 'computed by Fn::FindInMap' };
    const keys: string[] = [];
    for (const item of arg.items.slice(0, 3)) {
      const r = this.scalar(item);
      if (!r.known) return { known: false, reason: `Fn::FindInMap key: ${r.reason}` };
      keys.push(String(r.value));
    }
    const value = get(get(get(this.mappings, keys[0]), keys[1]), keys[2]);
    if (!value) return { known: false, reason: `no mapping ${keys.join('/')}` };
    // Mappings hold literals only (CloudFormation evaluates no functions there; a `!FindInMap` of itself would loop).
    return value.kind === 'scalar' ? { known: true, value: value.value, origin: 'template' } : { known: false, reason: `mapping ${keys.join('/')} is not a literal value` };
  }
}
