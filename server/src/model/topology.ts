/**
 * The provider-neutral RDS topology: what rules, the language server, the CLI
 * and the diagram see. CloudFormation, Terraform JSON and plan JSON builders
 * all end here; nothing in this file knows YAML or JSON.
 */
import type { EmbeddedMapping } from '../evaluate/cloudformation/embeddedTemplate';
import type { UnreadSource } from '../evaluate/inputs';
import type { InputOrigin } from '../evaluate/value';
import type { MapNode, Range, ValueNode } from '../parse/tree';

export type Provider = 'cloudformation' | 'terraform' | 'terraform-plan';

/** Where an attribute's value comes from. Rules treat them all as known. */
export type ValueOrigin =
  | 'template'          // written literally in the file
  | 'parameter-default' // a CloudFormation Ref to a parameter with a Default
  | 'variable-default'  // a Terraform ${var.x} with a default
  | 'input'             // a deployment input (tfvars, --var, a module argument...): Attr.inputs names it
  | 'aws-default';      // absent: AWS's documented default (model/defaults.ts)

/**
 * One property of a resource. `key` is the property's name in this provider
 * (`BackupRetentionPeriod` / `backup_retention_period`), so messages can quote
 * the user's own vocabulary. Ranges are absent for AWS defaults.
 */
export type Attr<T> = KnownAttr<T> | UnknownAttr;

export interface KnownAttr<T> {
  readonly known: true;
  readonly value: T;
  readonly origin: ValueOrigin;
  readonly key: string;
  /** The value as written (`"0"`, `'true'`), for messages and for RDS102's "not a whole number". */
  readonly text?: string;
  readonly keyRange?: Range;
  readonly valueRange?: Range;
  /**
   * The deployment inputs the value rests on (a parameter file's value, a
   * tfvars value, a module argument): messages name them (evaluate/value.ts
   * describeInputs). Absent or empty: written in the template itself.
   */
  readonly inputs?: readonly InputOrigin[];
}

export interface UnknownAttr {
  readonly known: false;
  /** Why it cannot be known statically: "Ref to parameter DbRetention (no Default)". */
  readonly reason: string;
  /**
   * The value may be no value at all, so the property may be absent:
   * `!Ref AWS::NoValue`, or an `Fn::If` with such a branch. Rules that fire on
   * a property's mere presence (RDS202) stay silent then.
   */
  readonly mayBeAbsent?: true;
  readonly key: string;
  readonly keyRange?: Range;
  readonly valueRange?: Range;
}

export function isKnown<T>(attr: Attr<T> | undefined): attr is KnownAttr<T> {
  return attr !== undefined && attr.known;
}

/** The attribute's value when it is known, else undefined. */
export function valueOf<T>(attr: Attr<T> | undefined): T | undefined {
  return attr !== undefined && attr.known ? attr.value : undefined;
}

/** Present in the file (as opposed to absent and defaulted). */
export function isWritten(attr: Attr<unknown> | undefined): boolean {
  return attr !== undefined && (!attr.known || attr.origin !== 'aws-default');
}

/**
 * How one resource names another: a Ref/GetAtt or `${aws_x.y.attr}` reference
 * (resolved to the logical id / address), a literal identifier, or an ARN.
 */
export type ResourceReference =
  | { readonly kind: 'reference'; readonly target: string; readonly attribute?: string }
  | { readonly kind: 'identifier'; readonly identifier: string }
  | { readonly kind: 'arn'; readonly arn: string; readonly region: string; readonly account: string; readonly identifier: string };

/** Where a fix may write: opaque to rules, read by fix/edits.ts only. */
export interface EditAnchor {
  /** The resource's own map (CloudFormation: holds Type, Properties, DeletionPolicy). */
  readonly resourceNode: ValueNode;
  /** The map that holds the properties (CloudFormation `Properties`, Terraform block body). */
  readonly propertiesNode?: ValueNode;
}

export interface Entity {
  /** Logical id (CloudFormation) or address as Terraform prints it (`aws_db_instance.replica[0]`). */
  readonly id: string;
  /** URI or path of the file that defines it. */
  readonly file: string;
  readonly provider: Provider;
  /** `AWS::RDS::DBInstance`, `aws_db_instance`, ... */
  readonly resourceType: string;
  /** The whole resource. */
  readonly range: Range;
  /** The logical id key / block label: where findings about an absence point. */
  readonly idRange: Range;
  readonly region: Attr<string>;
  /** AWS identifier (`DBInstanceIdentifier` / `identifier`), when set. */
  readonly identifier?: Attr<string>;
  readonly tags: ReadonlyMap<string, string>;
  /** Rule ids and names this resource suppresses (Metadata / `//` comments). */
  readonly suppressions: ReadonlySet<string>;
  /** CloudFormation `Condition`: the resource may not exist. */
  readonly condition?: string;
  /**
   * Terraform: the block's `count` / `for_each` is not known statically, so this
   * one entity stands for any number of resources, zero included. Rules that
   * count resources (RDS204, RDS301) cannot count it.
   */
  readonly unexpanded?: 'count' | 'for_each';
  /**
   * Terraform: the module calls that create this resource, outermost (in the
   * root module) first; absent for a root module's own resources. A finding
   * about it points at the caller (rules/moduleFindings.ts).
   */
  readonly moduleCalls?: readonly ModuleCall[];
  /**
   * CloudFormation: the resource is in a StackSet's `TemplateBody`, a string
   * in `file`, and its ranges point into that string
   * (evaluate/cloudformation/embeddedTemplate.ts says how exactly). Fixes
   * edit only a block literal (`|`), and only by replacing a value.
   */
  readonly embedded?: EmbeddedMapping;
  readonly anchor: EditAnchor;
}

/** A `module "db" {...}` block, as one instance of it (`module.db[0]`). */
export interface ModuleCall {
  readonly address: string;
  readonly file: string;
  /** The call's label (`"db"`). */
  readonly range: Range;
  /** The call's block body as written (its arguments): a fix sets an argument there (rules/moduleFindings.ts). */
  readonly body: MapNode;
}

export type InstanceRole =
  | 'standalone'     // neither replica, Aurora member, Multi-AZ DB cluster member nor restore
  | 'replica'        // replicates from `replicationSource`
  | 'aurora-member'  // names an Aurora cluster
  | 'cluster-member' // names a Multi-AZ DB cluster (not allowed: RDS205)
  | 'restored';      // a point-in-time restore of `restoreSource`

/**
 * What keeps a database's data beyond the running database: automated
 * backups, snapshots on delete and on replacement, deletion protection,
 * encryption, and the snapshot it was restored from. Instances and clusters
 * share it; each provider reads it in one place (readDataProtection in its
 * builder). Facts: ../shared/RDS-FACTS.md "Backups, snapshots, recovery".
 */
export interface DataProtection {
  /** Days of automated backups; 0 disables them (and PITR). */
  readonly backupRetention: Attr<number>;
  /** Deleting it leaves a final snapshot (CloudFormation DeletionPolicy / Terraform skip_final_snapshot). */
  readonly snapshotOnDelete: Attr<boolean>;
  /** CloudFormation only: a replacing update keeps a snapshot of the old database (UpdateReplacePolicy). */
  readonly snapshotOnReplace?: Attr<boolean>;
  readonly finalSnapshotIdentifier?: Attr<string>;
  readonly deletionProtection?: Attr<boolean>;
  readonly storageEncrypted?: Attr<boolean>;
  readonly kmsKeyId?: Attr<string>;
  /** Restored from a snapshot (`DBSnapshotIdentifier` / `SnapshotIdentifier` / `snapshot_identifier`). */
  readonly snapshotIdentifier?: Attr<string>;
}

/**
 * An entity of one kind: the kind's own fields (a fresh object literal), its
 * data protection for an instance or cluster, and the Entity fields every
 * builder reads first (`base`), copied in by name. Why not
 * `{ ...base, ...fields }`: V8 does not pre-size a literal that starts with a
 * spread, moves it through a new shape for each later property, and an
 * instance's ~36 properties added that way (or by Object.assign onto `base`)
 * leave it a slow dictionary-mode object, which every rule then reads. Named
 * stores onto the pre-sized literal keep one fast shape per kind, ~11 kB less
 * garbage per entity on a 4,000-resource template (bench/src/allocation.ts).
 * The keys and values are the spread's; only the Entity fields come after the
 * kind's (rules/moduleFindings.ts, the one reader of the order, looks for the
 * attribute whose range holds a finding, and the Entity fields' attributes,
 * region and identifier, share no range with the kind's).
 */
export function entityOf<T extends Entity>(base: Entity & EveryFieldCopied, fields: Omit<T, keyof Entity | keyof DataProtection> & Partial<Pick<T, 'identifier' | 'range'>> & Partial<DataProtection>, protection?: DataProtection): T {
  const e = fields as unknown as { -readonly [K in keyof Entity]: Entity[K] };
  if (protection) Object.assign(e, protection);
  e.id = base.id;
  e.file = base.file;
  e.provider = base.provider;
  e.resourceType = base.resourceType;
  e.range ??= base.range;
  e.idRange = base.idRange;
  e.region = base.region;
  if (!('identifier' in fields)) e.identifier = base.identifier;
  e.tags = base.tags;
  e.suppressions = base.suppressions;
  if ('condition' in base) e.condition = base.condition;
  if ('unexpanded' in base) e.unexpanded = base.unexpanded;
  if ('moduleCalls' in base) e.moduleCalls = base.moduleCalls;
  if ('embedded' in base) e.embedded = base.embedded;
  e.anchor = base.anchor;
  return e as unknown as T;
}

/** The Entity fields entityOf copies by name. */
type CopiedEntityField =
  | 'id' | 'file' | 'provider' | 'resourceType' | 'range' | 'idRange' | 'region' | 'identifier' | 'tags' | 'suppressions'
  | 'condition' | 'unexpanded' | 'moduleCalls' | 'embedded' | 'anchor';

/**
 * Nothing while entityOf copies every Entity field. A field added to Entity
 * and not to CopiedEntityField becomes a required `never` here, so no base
 * can be passed and every call fails to compile, until entityOf copies it:
 * checked when compiling, not by a loop over each base's keys per entity.
 */
type EveryFieldCopied = Record<Exclude<keyof Entity, CopiedEntityField>, never>;

export interface DbInstance extends Entity, DataProtection {
  readonly kind: 'instance';
  role: InstanceRole;
  /** The engine in effect: written, or inherited from the replication source. */
  engine: Attr<string>;
  /** The engine exactly as written on this resource (RDS306 compares it with the source's). */
  readonly engineWritten?: Attr<string>;
  readonly engineVersion?: Attr<string>;
  readonly instanceClass?: Attr<string>;
  readonly multiAz: Attr<boolean>;
  readonly availabilityZone?: Attr<string>;
  readonly masterUsername?: Attr<string>;
  readonly masterPassword?: Attr<string>;
  readonly customIamInstanceProfile?: Attr<string>;
  readonly autoMinorVersionUpgrade: Attr<boolean>;
  readonly sourceRegion?: Attr<string>;
  /** For a replica: how it names its source. */
  readonly replicationSourceRef?: Attr<ResourceReference>;
  /** For a PITR restore: how it names its source. */
  readonly restoreSourceRef?: Attr<ResourceReference>;
  /** Aurora member or Multi-AZ DB cluster member: the cluster it names. */
  readonly clusterRef?: Attr<ResourceReference>;
  /** Resolved by the linker (model/link.ts). */
  replicationSource?: DbInstance;
  restoreSource?: DbInstance;
  cluster?: DbCluster;
  replicas: DbInstance[];
  /** A replica in another region than its source; undefined when that cannot be known. */
  crossRegion?: boolean;
}

export type ClusterKind = 'aurora' | 'multi-az' | 'other';

export interface DbCluster extends Entity, DataProtection {
  readonly kind: 'cluster';
  readonly clusterKind: ClusterKind;
  readonly engine: Attr<string>;
  readonly engineMode?: Attr<string>;
  readonly engineVersion?: Attr<string>;
  /** Multi-AZ DB cluster settings. */
  readonly dbClusterInstanceClass?: Attr<string>;
  readonly allocatedStorage?: Attr<number>;
  readonly iops?: Attr<number>;
  readonly storageType?: Attr<string>;
  readonly availabilityZones?: Attr<string[]>;
  /** Resolved by the linker. */
  members: DbInstance[];
}

export interface DbProxy extends Entity {
  readonly kind: 'proxy';
  readonly engineFamily: Attr<string>;
  readonly requireTls: Attr<boolean>;
  /** Auth entries; `hasSecret` when an entry names a Secrets Manager secret. */
  readonly auth?: Attr<{ readonly entries: number; readonly withSecret: number }>;
  readonly defaultAuthScheme?: Attr<string>;
  /** Subnets, each as written (id or reference); unknown when the list is computed. */
  readonly subnets: Attr<readonly ResourceReference[]>;
  /**
   * How many subnets the list names when `subnets` is unknown only because
   * some items are (a `Ref` to a parameter without a value): one item is one
   * subnet, whatever it is. Absent when the count is not known either.
   */
  readonly subnetsListed?: number;
  /** Resolved by the linker: the subnets defined in the analyzed files, in `subnets` order. */
  resolvedSubnets: (Subnet | undefined)[];
  targetGroups: ProxyTargetGroup[];
  targets: ProxyTarget[];
  endpoints: ProxyEndpoint[];
}

/**
 * One target of a proxy. In CloudFormation it is an item of a target group's
 * DBInstanceIdentifiers / DBClusterIdentifiers (owner: the target group); in
 * Terraform an `aws_db_proxy_target` resource (owner: itself).
 */
export interface ProxyTarget extends Entity {
  readonly kind: 'proxy-target';
  readonly proxyRef: Attr<ResourceReference>;
  readonly targetKind: 'instance' | 'cluster';
  readonly targetRef: Attr<ResourceReference>;
  proxy?: DbProxy;
  target?: DbInstance | DbCluster;
}

/** A target group: proves a proxy is referenced even when its target lists are computed. */
export interface ProxyTargetGroup extends Entity {
  readonly kind: 'proxy-target-group';
  readonly proxyRef: Attr<ResourceReference>;
  proxy?: DbProxy;
}

export interface ProxyEndpoint extends Entity {
  readonly kind: 'proxy-endpoint';
  readonly proxyRef: Attr<ResourceReference>;
  readonly targetRole: Attr<string>;
  proxy?: DbProxy;
}

export interface Subnet extends Entity {
  readonly kind: 'subnet';
  readonly availabilityZone?: Attr<string>;
}

export type Node = DbInstance | DbCluster | DbProxy | ProxyTargetGroup | ProxyTarget | ProxyEndpoint | Subnet;

export type EdgeKind = 'replication' | 'membership' | 'proxy-target' | 'restore';

export interface Edge {
  readonly kind: EdgeKind;
  readonly from: Node;
  readonly to: Node;
  /** Replication to another region (known from ARNs or provider regions). */
  readonly crossRegion?: boolean;
}

/** A file that could not be read: becomes RDS000. */
export interface FileProblem {
  readonly file: string;
  readonly message: string;
  readonly range: Range;
}

export interface FileSummary {
  readonly file: string;
  readonly provider: Provider;
  /** Template-level suppressions (CloudFormation template Metadata). */
  readonly suppressions: ReadonlySet<string>;
}

/** What one provider builder extracts from one file, before cross-file linking. */
export interface FileModel {
  readonly summary: FileSummary;
  /**
   * Names resolve by reference inside a scope: a CloudFormation template, a
   * Terraform module (a folder), a plan file.
   */
  readonly scope: string;
  readonly instances: DbInstance[];
  readonly clusters: DbCluster[];
  readonly proxies: DbProxy[];
  readonly proxyTargetGroups: ProxyTargetGroup[];
  readonly proxyTargets: ProxyTarget[];
  readonly proxyEndpoints: ProxyEndpoint[];
  readonly subnets: Subnet[];
  /** Module calls and nested stacks whose source could not be read: RDS001. */
  readonly unread?: readonly UnreadSource[];
  /** Terraform: the local module folders this file's module calls (the CLI lints them in one group). */
  readonly moduleFolders?: readonly string[];
  /**
   * CloudFormation: the local templates this one expands as nested stacks, at
   * any depth, named as findings name them. Such a template is deployed only
   * as a child, so a run holding the parent does not also lint it on its own
   * (lint.ts modelsOf), as a Terraform folder called as a module is not a root.
   */
  readonly nestedTemplates?: readonly string[];
}

export interface Topology {
  readonly files: FileSummary[];
  readonly instances: DbInstance[];
  readonly clusters: DbCluster[];
  readonly proxies: DbProxy[];
  readonly proxyTargetGroups: ProxyTargetGroup[];
  readonly proxyTargets: ProxyTarget[];
  readonly proxyEndpoints: ProxyEndpoint[];
  readonly subnets: Subnet[];
  readonly edges: Edge[];
  /** What the analyzed configurations create but could not be read (RDS001). */
  readonly unread: readonly UnreadSource[];
}

export function emptyTopology(): Topology {
  return { files: [], instances: [], clusters: [], proxies: [], proxyTargetGroups: [], proxyTargets: [], proxyEndpoints: [], subnets: [], edges: [], unread: [] };
}
