/**
 * CloudFormation (YAML or JSON) to a FileModel. Knows the AWS::RDS::* and
 * AWS::EC2::Subnet vocabulary; what a value is for this deployment (its
 * parameters, conditions and intrinsics) comes from evaluate/cloudformation.
 * A resource whose `Condition` is false is not deployed, so it is not in the
 * model; one whose condition cannot be decided is modelled as if it exists,
 * marked with the condition.
 */
import type { FileSource, UnreadSource } from '../evaluate/inputs';
import type { EmbeddedMapping } from '../evaluate/cloudformation/embeddedTemplate';
import { NESTED_STACK_TYPES, nestedStackSource, STACK_SET_TYPE, stackSetSource, templatePath } from '../evaluate/cloudformation/nestedStacks';
import type { GivenParameter } from '../evaluate/cloudformation/parameters';
import { CloudFormationTemplate, isNoValue, isResourceRef, type CfnValue } from '../evaluate/cloudformation/template';
import type { Evaluated, InputOrigin } from '../evaluate/value';
import { parseCloudFormationText } from '../parse/detect';
import { get, getEntry, type MapEntry, type MapNode, type Scalar, type ValueNode } from '../parse/tree';
import { AttributeReader, originOfInputs, isNullScalar, parseNameOrArn, withDefault, type Resolved, type Resolver } from './attributes';
import {
  AUTO_MINOR_VERSION_UPGRADE_DEFAULT, CFN_SNAPSHOT_DELETION_DEFAULT, CFN_UPDATE_REPLACE_DEFAULT,
  DEFAULT_BACKUP_RETENTION_DAYS, MULTI_AZ_DEFAULT, withReplicaDefaults,
} from './defaults';
import { clusterKindOf } from './engines';
import type {
  Attr, DataProtection, DbCluster, DbInstance, DbProxy, Entity, FileModel, ProxyEndpoint, ProxyTarget, ProxyTargetGroup,
  ResourceReference, Subnet,
} from './topology';
import { entityOf } from './topology';
import { readSuppressionList } from './suppressions';

/** What a template is deployed with, beyond its own text. */
export interface CloudFormationInputs {
  /** Parameter values given by the deployment (parameter files, `--parameter`), by name; the rest take their Default. */
  readonly parameters?: ReadonlyMap<string, GivenParameter>;
  /** Reads nested stacks' local templates. */
  readonly files?: FileSource;
  /** The template's own text: a StackSet's TemplateBody is linted with its ranges mapped into it. */
  readonly text?: string;
}

interface BuildContext {
  readonly file: string;
  readonly template: CloudFormationTemplate;
  readonly read: AttributeReader;
  readonly region: Attr<string>;
  /** Prepended to logical ids and to the references between them, inside a nested stack. */
  readonly idPrefix: string;
  readonly embedded?: EmbeddedMapping;
}

export function buildCloudFormation(file: string, root: ValueNode, inputs: CloudFormationInputs = {}): FileModel {
  // The template itself heads the chain: one that nests itself stops at its own stack, not one level down.
  return buildStack(file, root, inputs, { idPrefix: '', chain: [templatePath(file)] });
}

/** Where a template sits in a tree of nested stacks: ids are prefixed with the stacks above it (`Network/Db`). */
interface Nesting {
  readonly idPrefix: string;
  /** This template and the ones above it, by path: a template that includes itself is not expanded again. */
  readonly chain: readonly string[];
  /** Inside a StackSet's TemplateBody (in the file of the template above): how its ranges map into the string. */
  readonly embedded?: EmbeddedMapping;
}

/** Nested stacks deeper than this are not expanded (CloudFormation itself stops a little deeper; this bounds the work). */
const MAX_NESTING = 8;

function buildStack(file: string, root: ValueNode, inputs: CloudFormationInputs, nesting: Nesting): FileModel {
  const resources = get(root, 'Resources');
  const model = emptyModel(file, root);
  if (!resources || resources.kind !== 'map') return model;
  const context = { ...contextOf(file, new CloudFormationTemplate(root, inputs.parameters), nesting.idPrefix), embedded: nesting.embedded };

  // JSON allows a logical id twice; the last one wins, as in get() and JSON.parse (YAML rejects it: RDS000).
  const lastIndex = new Map(resources.entries.map((e, i) => [e.key, i]));
  for (const [index, entry] of resources.entries.entries()) {
    if (lastIndex.get(entry.key) !== index) continue;
    addResource(model, entry, context);
    addNestedStack(model, entry, context, inputs, nesting);
  }
  return model;
}

/**
 * The entities of some resources of the template (`entries`, in their order),
 * exactly as buildCloudFormation makes them: the incremental analysis
 * (server/src/incremental/) rebuilds the one resource an edit touched.
 * `resourceNames`, the template's logical ids, saves reading them again.
 */
export function buildCloudFormationResources(
  file: string, root: ValueNode, entries: readonly MapEntry[], resourceNames?: ReadonlySet<string>, inputs: CloudFormationInputs = {},
): FileModel {
  const model = emptyModel(file, root);
  const context = contextOf(file, new CloudFormationTemplate(root, inputs.parameters, resourceNames), '');
  // Nested stacks are not rebuilt here: the incremental analysis takes the full path for a template that has them.
  for (const entry of entries) addResource(model, entry, context);
  return model;
}

/**
 * A nested stack whose template is a local file: its resources join this
 * model, ids prefixed with the stack's (`Database/Primary`), each in its own
 * file, with the parameters the parent passes. Anything else is RDS001.
 */
function addNestedStack(model: FileModel, entry: MapEntry, context: BuildContext, inputs: CloudFormationInputs, nesting: Nesting): void {
  const resource = entry.value;
  const type = get(resource, 'Type');
  if (!type || type.kind !== 'scalar' || typeof type.value !== 'string') return;
  const isStackSet = type.value === STACK_SET_TYPE;
  if (!NESTED_STACK_TYPES.has(type.value) && !isStackSet) return;
  const exists = context.template.resourceExists(resource);
  if (exists.state === 'known' && !exists.value) return;
  const stackId = `${nesting.idPrefix}${entry.key}`;
  const unread = (message: string) => (model.unread as UnreadSource[]).push({ file: context.file, range: entry.keyRange, message });
  if (isStackSet) {
    // Its template is a string in this file: linted with the StackSet's Parameters, its ranges mapped into the string.
    const stackSet = stackSetSource(context.template, stackId, get(resource, 'Properties'), context.file, inputs.text);
    if (stackSet.kind === 'unread') { unread(stackSet.message); return; }
    if (nesting.chain.length > MAX_NESTING) { unread(`StackSet ${stackId} is nested more than ${MAX_NESTING} levels deep, so it is not expanded.`); return; }
    mergeInto(model, buildStack(context.file, stackSet.template.root, { parameters: stackSet.parameters, files: inputs.files, text: inputs.text }, {
      idPrefix: `${stackId}/`, chain: [...nesting.chain, `${context.file}#${stackId}`],
      embedded: weakerMapping(nesting.embedded, stackSet.template.mapping),
    }));
    return;
  }
  const source = nestedStackSource(context.template, stackId, type.value, get(resource, 'Properties'), context.file);
  if (source.kind === 'unread') { unread(source.message); return; }
  if (nesting.chain.includes(source.path) || nesting.chain.length > MAX_NESTING) {
    unread(`Nested stack ${stackId}: ${source.written} ${nesting.chain.includes(source.path) ? 'includes itself through its nested stacks' : `is nested more than ${MAX_NESTING} levels deep`}, so it is not expanded again.`);
    return;
  }
  const text = inputs.files?.readText(source.path);
  if (text === undefined) { unread(`Nested stack ${stackId}: its template ${source.written} cannot be read, so what it creates is not linted.`); return; }
  const parsed = parseCloudFormationText(source.path, text);
  if (!parsed.root || parsed.problems.length > 0) {
    unread(`Nested stack ${stackId}: its template ${source.written} cannot be parsed (${parsed.problems[0]?.message ?? 'empty'}), so what it creates is not linted.`);
    return;
  }
  const child = buildStack(source.file, parsed.root, { parameters: source.parameters, files: inputs.files, text }, {
    idPrefix: `${stackId}/`, chain: [...nesting.chain, source.path],
  });
  mergeInto(model, child);
  nestedTemplatesOf(model).push(source.file);
}

/** A nested template's entities and RDS001s join its parent's model. */
function mergeInto(model: FileModel, child: FileModel): void {
  model.instances.push(...child.instances);
  model.clusters.push(...child.clusters);
  model.proxies.push(...child.proxies);
  model.proxyTargetGroups.push(...child.proxyTargetGroups);
  model.proxyTargets.push(...child.proxyTargets);
  model.proxyEndpoints.push(...child.proxyEndpoints);
  model.subnets.push(...child.subnets);
  (model.unread as UnreadSource[]).push(...(child.unread ?? []));
  if (child.nestedTemplates) nestedTemplatesOf(model).push(...child.nestedTemplates);
}

/** FileModel.nestedTemplates, created on the first nested template. */
function nestedTemplatesOf(model: FileModel): string[] {
  return ((model as { nestedTemplates?: string[] }).nestedTemplates ??= []);
}

const MAPPING_ORDER: readonly EmbeddedMapping[] = ['block-literal', 'mapped', 'approximate'];

/** A TemplateBody inside a TemplateBody maps as exactly as the looser of the two. */
function weakerMapping(outer: EmbeddedMapping | undefined, inner: EmbeddedMapping): EmbeddedMapping {
  return outer === undefined ? inner : MAPPING_ORDER[Math.max(MAPPING_ORDER.indexOf(outer), MAPPING_ORDER.indexOf(inner))];
}

/** Whether the template has nested stacks or StackSets: their entities and RDS001s come from other files, so one resource cannot be rebuilt alone. */
export function hasNestedStacks(root: ValueNode): boolean {
  const resources = get(root, 'Resources');
  if (!resources || resources.kind !== 'map') return false;
  return resources.entries.some((e) => {
    const t = get(e.value, 'Type');
    return t?.kind === 'scalar' && typeof t.value === 'string' && (NESTED_STACK_TYPES.has(t.value) || t.value === STACK_SET_TYPE);
  });
}

function contextOf(file: string, template: CloudFormationTemplate, idPrefix: string): BuildContext {
  const read = new AttributeReader(new EvaluatedResolver(template, idPrefix));
  // The stack's region is chosen at deploy time, unless the deployment states AWS::Region.
  const region = resolvedOf(template.parameter('AWS::Region'));
  return {
    file, template, read, idPrefix,
    region: region.known && typeof region.value === 'string'
      ? { known: true, value: region.value, origin: region.origin, ...(region.inputs ? { inputs: region.inputs } : {}), key: 'AWS::Region' }
      : { known: false, reason: "the stack's region is chosen at deploy time", key: 'AWS::Region' },
  };
}

function emptyModel(file: string, root: ValueNode): FileModel {
  return {
    summary: { file, provider: 'cloudformation', suppressions: readSuppressionList(get(get(get(root, 'Metadata'), 'rdscope'), 'ignore')) },
    scope: file,
    instances: [], clusters: [], proxies: [], proxyTargetGroups: [], proxyTargets: [], proxyEndpoints: [], subnets: [], unread: [],
  };
}

function addResource(model: FileModel, entry: MapEntry, context: BuildContext): void {
  const { file, read } = context;
  const resource = entry.value;
  if (resource.kind !== 'map') return;
  const type = get(resource, 'Type');
  if (!type || type.kind !== 'scalar' || typeof type.value !== 'string') return;
  // A resource whose Condition is false is not created; one that cannot be decided is linted as if it is.
  const exists = context.template.resourceExists(resource);
  if (exists.state === 'known' && !exists.value) return;
  const propertiesNode = get(resource, 'Properties');
  const properties = propertiesNode && propertiesNode.kind === 'map' ? propertiesNode : undefined;
  const conditionNode = get(resource, 'Condition');
  const base: Entity = {
    id: `${context.idPrefix}${entry.key}`,
    file,
    provider: 'cloudformation',
    resourceType: type.value,
    range: { start: entry.keyRange.start, end: resource.range.end },
    idRange: entry.keyRange,
    region: context.region,
    identifier: undefined,
    tags: readTags(properties, read),
    suppressions: readSuppressionList(get(get(get(resource, 'Metadata'), 'rdscope'), 'ignore')),
    condition: exists.state !== 'known' && conditionNode?.kind === 'scalar' && typeof conditionNode.value === 'string' ? conditionNode.value : undefined,
    anchor: { resourceNode: resource, propertiesNode: properties ?? (propertiesNode && !isNullScalar(propertiesNode) ? undefined : propertiesNode) },
    ...(context.embedded ? { embedded: context.embedded } : {}),
  };
  switch (type.value) {
    case 'AWS::RDS::DBInstance': model.instances.push(withReplicaDefaults(readInstance(base, resource, properties, read))); break;
    case 'AWS::RDS::DBCluster': model.clusters.push(readCluster(base, resource, properties, read)); break;
    case 'AWS::RDS::DBProxy': model.proxies.push(readProxy(base, properties, context)); break;
    case 'AWS::RDS::DBProxyTargetGroup': readTargetGroup(base, properties, read, model); break;
    case 'AWS::RDS::DBProxyEndpoint': model.proxyEndpoints.push(readProxyEndpoint(base, properties, read)); break;
    case 'AWS::EC2::Subnet': model.subnets.push(entityOf<Subnet>(base, { kind: 'subnet', availabilityZone: read.string(properties, 'AvailabilityZone') })); break;
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
  // DeletionPolicy defaults to Snapshot for an instance outside a cluster, Delete for a member.
  const protection = readDataProtection(resource, p, read, { deletionDefault: clusterRef ? 'Delete' : CFN_SNAPSHOT_DELETION_DEFAULT, snapshotKeys: INSTANCE_SNAPSHOT_KEYS });
  return entityOf<DbInstance>(base, {
    kind: 'instance',
    identifier: read.string(p, 'DBInstanceIdentifier'),
    role,
    engine: engineWritten ?? { known: false, reason: 'no Engine given', key: 'Engine' },
    engineWritten,
    engineVersion: read.string(p, 'EngineVersion'),
    instanceClass: read.string(p, 'DBInstanceClass'),
    multiAz: withDefault(read.boolean(p, 'MultiAZ'), 'MultiAZ', MULTI_AZ_DEFAULT),
    availabilityZone: read.presence(p, 'AvailabilityZone'),
    masterUsername: read.presence(p, 'MasterUsername'),
    masterPassword: read.presence(p, 'MasterUserPassword'),
    customIamInstanceProfile: read.presence(p, 'CustomIAMInstanceProfile'),
    autoMinorVersionUpgrade: withDefault(read.boolean(p, 'AutoMinorVersionUpgrade'), 'AutoMinorVersionUpgrade', AUTO_MINOR_VERSION_UPGRADE_DEFAULT),
    sourceRegion: read.string(p, 'SourceRegion'),
    replicationSourceRef: role === 'replica' ? source : undefined,
    restoreSourceRef: role === 'restored' ? source ?? restoreById : undefined,
    clusterRef,
    replicas: [],
  }, protection);
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
  const protection = readDataProtection(resource, p, read, { deletionDefault: CFN_SNAPSHOT_DELETION_DEFAULT, snapshotKeys: CLUSTER_SNAPSHOT_KEYS });
  return entityOf<DbCluster>(base, {
    kind: 'cluster',
    identifier: read.string(p, 'DBClusterIdentifier'),
    clusterKind,
    engine,
    engineMode: read.string(p, 'EngineMode'),
    engineVersion: read.string(p, 'EngineVersion'),
    dbClusterInstanceClass: instanceClass,
    allocatedStorage: read.number(p, 'AllocatedStorage'),
    iops: read.number(p, 'Iops'),
    storageType: read.string(p, 'StorageType'),
    members: [],
  }, protection);
}

function readProxy(base: Entity, p: MapNode | undefined, context: BuildContext): DbProxy {
  const { read } = context;
  const subnets = readSubnetList(p, 'VpcSubnetIds', context);
  return entityOf<DbProxy>(base, {
    kind: 'proxy',
    identifier: read.string(p, 'DBProxyName'),
    engineFamily: read.string(p, 'EngineFamily') ?? { known: false, reason: 'no EngineFamily given', key: 'EngineFamily' },
    requireTls: withDefault(read.boolean(p, 'RequireTLS'), 'RequireTLS', false),
    auth: readProxyAuth(p, read),
    defaultAuthScheme: read.string(p, 'DefaultAuthScheme'),
    subnets: subnets.attr,
    ...(subnets.listed !== undefined ? { subnetsListed: subnets.listed } : {}),
    resolvedSubnets: [],
    targetGroups: [],
    targets: [],
    endpoints: [],
  });
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
  return entityOf<ProxyEndpoint>(base, {
    kind: 'proxy-endpoint',
    identifier: read.string(p, 'DBProxyEndpointName'),
    proxyRef: read.reference(p, 'DBProxyName') ?? { known: false, reason: 'no DBProxyName given', key: 'DBProxyName' },
    targetRole: withDefault(read.string(p, 'TargetRole'), 'TargetRole', 'READ_WRITE'),
  });
}

/** DeletionPolicy / UpdateReplacePolicy: true when the data survives (Snapshot or Retain). */
function policyKeepsData(read: AttributeReader, resource: MapNode, key: string, defaultPolicy: string): Attr<boolean> {
  const policy = read.string(resource, key);
  if (!policy) return { known: true, value: defaultPolicy !== 'Delete', origin: 'aws-default', key, text: defaultPolicy };
  if (!policy.known) return policy;
  return { ...policy, value: policy.value !== 'Delete' };
}

/**
 * A list of subnets: each item a reference, an id or an ARN. When some items
 * are not known (a `Ref` to a parameter without a value), the list is not
 * known either, but how many items it has still is (`listed`), unless an
 * item may be `AWS::NoValue` or the list itself is computed.
 */
function readSubnetList(p: MapNode | undefined, key: string, context: BuildContext): { attr: Attr<readonly ResourceReference[]>; listed?: number } {
  const entry = getEntry(p, key);
  if (!entry) return { attr: { known: true, value: [], origin: 'aws-default', key } };
  const base = { key: entry.key, keyRange: entry.keyRange, valueRange: entry.value.range };
  const items: Evaluated<CfnValue>[] = [];
  if (entry.value.kind === 'seq') {
    for (const item of entry.value.items) items.push(context.template.value(item));
  } else {
    const whole = context.template.value(entry.value);
    if (whole.state !== 'known' || !Array.isArray(whole.value)) {
      const r = resolvedOf(whole);
      return { attr: { known: false, reason: r.known ? `${key} is not a list` : r.reason, ...base } };
    }
    for (const v of whole.value as readonly CfnValue[]) items.push({ state: 'known', value: v, inputs: whole.inputs });
  }
  const refs: ResourceReference[] = [];
  const inputs: InputOrigin[] = [];
  let reason: string | undefined;
  let countKnown = true;
  for (const v of items) {
    if (v.state === 'known' && isNoValue(v.value)) continue;
    if (v.state === 'branches' || (v.state === 'known' && Array.isArray(v.value))) countKnown = false;
    if (v.state === 'known' && isResourceRef(v.value)) { refs.push({ kind: 'reference', target: `${context.idPrefix}${v.value.resource}`, attribute: v.value.attribute }); continue; }
    const r = resolvedOf(v);
    if (r.known && typeof r.value === 'string' && r.value !== '') {
      refs.push(parseNameOrArn(r.value));
      inputs.push(...(r.inputs ?? []));
      continue;
    }
    reason ??= r.known ? 'not a subnet id' : r.reason;
    refs.push({ kind: 'identifier', identifier: '' });
  }
  if (reason !== undefined) return { attr: { known: false, reason, ...base }, ...(countKnown ? { listed: refs.length } : {}) };
  return { attr: { known: true, value: refs, origin: originOfInputs(inputs), ...(inputs.length > 0 ? { inputs } : {}), ...base } };
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

/**
 * Reads properties through the template's evaluation (evaluate/cloudformation):
 * a value known for this deployment keeps the inputs it rests on; one that
 * depends on an undecided condition is unknown, naming the condition (a
 * finding must hold on every branch, and a property whose branches differ
 * holds no single value).
 */
class EvaluatedResolver implements Resolver {
  constructor(private readonly template: CloudFormationTemplate, private readonly idPrefix: string) {}

  reference(node: ValueNode): { target: string; attribute?: string } | undefined {
    if (node.kind !== 'intrinsic') return undefined;
    const v = this.template.value(node);
    return v.state === 'known' && isResourceRef(v.value) ? { target: `${this.idPrefix}${v.value.resource}`, attribute: v.value.attribute } : undefined;
  }

  scalar(node: ValueNode): Resolved {
    return resolvedOf(this.template.value(node));
  }
}

function resolvedOf(v: Evaluated<CfnValue>): Resolved {
  switch (v.state) {
    case 'unknown': return { known: false, reason: v.reason };
    case 'branches': return { known: false, reason: `depends on ${v.condition}`, ...(mayBeNoValue(v) ? { mayBeAbsent: true as const } : {}) };
    case 'known': {
      const x = v.value;
      if (isNoValue(x)) return { known: true, value: null, origin: 'template' };
      if (isResourceRef(x)) return { known: false, reason: `Ref to resource ${x.resource}` };
      if (Array.isArray(x)) return { known: false, reason: 'a list where a single value belongs' };
      return { known: true, value: x as Scalar, origin: originOfInputs(v.inputs), inputs: v.inputs };
    }
  }
}

/** Some branch leaves the property out (`AWS::NoValue`): rules about its mere presence stay silent. */
function mayBeNoValue(v: Evaluated<CfnValue>): boolean {
  if (v.state === 'known') return isNoValue(v.value) || v.value === null;
  if (v.state === 'branches') return v.branches.some(mayBeNoValue);
  return false;
}
