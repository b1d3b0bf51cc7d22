/**
 * Backups, snapshots and recovery in RDS terms, shared by the backup rules
 * (RDS101-RDS108) and by what shows recovery to users (hovers, the diagram,
 * reports): which settings keep data, how they read in the user's own
 * vocabulary, the fixes that turn them on, and a per-database recovery
 * profile of estimated RPO/RTO for four kinds of failure.
 *
 * Facts: RDS-FACTS.md "Backups, snapshots, recovery" and "Recovery estimates".
 */
import { isAurora, isRdsCustom } from '../model/engines';
import { RECOMMENDED_BACKUP_RETENTION_DAYS } from '../model/defaults';
import { isWritten, type Attr, type DbCluster, type DbInstance, type Entity, type KnownAttr, type Topology } from '../model/topology';
import type { Scalar } from '../parse/tree';
import type { FixIntent } from './types';
import { settingText } from './wording';

// ---------------------------------------------------------------------------
// What keeps data

/** Neither a replica nor a member of a cluster: the catalog's standalone instance (a PITR restore is one too). */
export function isStandaloneOrRestored(instance: DbInstance): boolean {
  return instance.role === 'standalone' || instance.role === 'restored';
}

/** The retention attribute when it is known to be 0 (automated backups and PITR off). */
export function backupsOff(db: DbInstance | DbCluster): KnownAttr<number> | undefined {
  const r = db.backupRetention;
  return r.known && r.value === 0 ? r : undefined;
}

/**
 * True / false when the engine is known to be / not to be RDS Custom;
 * undefined when it cannot be told. Clusters are never RDS Custom. A PITR
 * restore without an engine takes its source's. An engine that cannot be
 * resolved (`engine = var.engine` in a wrapper module) is RDS Custom only if
 * the instance also names an instance profile: RDS Custom cannot be created
 * without CustomIAMInstanceProfile / custom_iam_instance_profile
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/custom-creating.html).
 */
export function isRdsCustomDb(db: DbInstance | DbCluster): boolean | undefined {
  if (db.kind === 'cluster') return false;
  let engine: Attr<string> = db.engine;
  if (!engine.known && !db.engineWritten && db.role === 'restored' && db.restoreSource) engine = db.restoreSource.engine;
  if (engine.known) return isRdsCustom(engine.value);
  // Written but unresolvable: in Terraform, RDS Custom only with an instance profile (a wrapper
  // module's `engine = var.engine` is not); a CloudFormation parameter without a value might be.
  if (!db.engineWritten) return false;
  return db.provider !== 'terraform' || db.customIamInstanceProfile ? undefined : false;
}

/**
 * The resources RDS105 (and so RDS106) applies to: clusters, and instances
 * that are neither replicas nor cluster members (their data lives in the
 * source or the cluster); never RDS Custom. Undefined when RDS Custom cannot
 * be ruled out.
 */
export function finalSnapshotMatters(db: DbInstance | DbCluster): boolean | undefined {
  if (db.kind === 'instance' && !isStandaloneOrRestored(db)) return false;
  const custom = isRdsCustomDb(db);
  return custom === undefined ? undefined : !custom;
}

/**
 * RDS105's condition: deleting the database leaves no snapshot. CloudFormation
 * `DeletionPolicy: Delete` written on the resource (the model's default for a
 * member is Delete too, but members are out of scope); Terraform
 * `skip_final_snapshot = true`. Returns the offending attribute.
 */
export function deletionLeavesNoSnapshot(db: DbInstance | DbCluster): KnownAttr<boolean> | undefined {
  if (finalSnapshotMatters(db) !== true) return undefined;
  const s = db.snapshotOnDelete;
  return s.known && !s.value && s.origin !== 'aws-default' ? s : undefined;
}

// ---------------------------------------------------------------------------
// Fixes (intents only; fix/edits.ts writes them)

/**
 * Set `attr` to `value`: replace it when written literally, insert it when
 * absent. A value that comes from a parameter or variable default is not
 * rewritten (the fix would silently drop the parameter): no intent.
 * Plans are Terraform's output, not a source to edit: no intent.
 * A resource a module call creates gets the intent on its written value
 * whatever the value rests on: rules/moduleFindings.ts turns it into the
 * caller's argument when the module takes the setting as a plain variable,
 * and drops it otherwise (a module's body is never edited for one call).
 */
export function setIntent(entity: Entity, attr: Attr<unknown>, value: Scalar): FixIntent | undefined {
  if (entity.provider === 'terraform-plan') return undefined;
  if (attr.known && attr.origin === 'aws-default') return { kind: 'set', entity, key: attr.key, value };
  if (attr.known && (attr.origin === 'template' || entity.moduleCalls) && attr.valueRange) return { kind: 'set', entity, key: attr.key, value, valueRange: attr.valueRange };
  return undefined;
}

/** Retention to 7 days on `db` (RULES.md: "set retention to 7"). */
export function enableBackupsIntent(db: DbInstance | DbCluster): FixIntent | undefined {
  return setIntent(db, db.backupRetention, RECOMMENDED_BACKUP_RETENTION_DAYS);
}

/**
 * Keep a snapshot on deletion: CloudFormation `DeletionPolicy: Snapshot`;
 * Terraform `skip_final_snapshot = false` plus a `final_snapshot_identifier`
 * when none is written (Terraform requires one once the snapshot is taken).
 */
export function snapshotOnDeleteIntents(db: DbInstance | DbCluster): FixIntent[] | undefined {
  const attr = db.snapshotOnDelete;
  if (db.provider === 'cloudformation') {
    const intent = setIntent(db, attr, 'Snapshot');
    return intent ? [intent] : undefined;
  }
  const skip = setIntent(db, attr, false);
  if (!skip) return undefined;
  const intents: FixIntent[] = [skip];
  const finalKey = db.finalSnapshotIdentifier?.key ?? 'final_snapshot_identifier';
  if (!isWritten(db.finalSnapshotIdentifier)) {
    intents.push({ kind: 'set', entity: db, key: finalKey, value: finalSnapshotIdentifierFor(db) });
  }
  return intents;
}

/**
 * A final snapshot name RDS accepts (a letter first, then letters, digits and
 * single hyphens): `<identifier or resource name>-final`. For `count` /
 * `for_each` instances, which share one block, the index or key is
 * interpolated so each instance gets its own name.
 */
export function finalSnapshotIdentifierFor(db: DbInstance | DbCluster): string {
  // `module.app.aws_db_instance.orders["eu"]`: the block name is `orders`, the instance key `["eu"]`.
  const bracket = db.id.endsWith(']') ? db.id.lastIndexOf('[') : -1;
  const address = bracket > 0 ? db.id.slice(0, bracket) : db.id;
  const instanceKey = bracket > 0 ? db.id.slice(bracket + 1, -1) : undefined;
  const blockName = address.slice(address.lastIndexOf('.') + 1);
  const identifier = db.identifier?.known && db.identifier.origin === 'template' && instanceKey === undefined ? db.identifier.value : blockName;
  let base = identifier.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(base)) base = `db-${base}`.replace(/-+$/, '');
  if (instanceKey === undefined) return `${base}-final`;
  return `${base}-final-\${${instanceKey.startsWith('"') ? 'each.key' : 'count.index'}}`;
}

// ---------------------------------------------------------------------------
// Recovery profile

export type FailureKind = 'instance-failure' | 'az-outage' | 'region-outage' | 'data-corruption';

export const FAILURE_LABELS: Readonly<Record<FailureKind, string>> = {
  'instance-failure': 'Instance failure',
  'az-outage': 'Availability Zone outage',
  'region-outage': 'Region outage',
  'data-corruption': 'Data corruption or accidental deletion',
};

/**
 * One estimated figure. `value` is short text for a table cell (`~0`,
 * `~5 min`, `unbounded`, `unknown`); `reason` says where it comes from.
 * `class` lets a diagram colour it without parsing text.
 */
export interface RecoveryEstimate {
  readonly estimate: true;
  readonly value: string;
  readonly class: 'near-zero' | 'seconds' | 'minutes' | 'tens-of-minutes' | 'hours' | 'unbounded' | 'unknown';
  readonly reason: string;
}

export interface FailureRecovery {
  readonly failure: FailureKind;
  readonly label: string;
  readonly rpo: RecoveryEstimate;
  readonly rto: RecoveryEstimate;
}

export type DeploymentKind =
  | 'single-az-instance' | 'multi-az-instance' | 'instance-multi-az-unknown'
  | 'multi-az-db-cluster' | 'aurora-cluster' | 'other-cluster';

export interface RecoveryProfile {
  /** Every figure is an estimate from RDS-FACTS.md "Recovery estimates", never a guarantee. */
  readonly estimate: true;
  /** The database the profile describes (for a replica or member: its root source or cluster). */
  readonly database: DbInstance | DbCluster;
  readonly deployment: DeploymentKind;
  /** One line: "Multi-AZ instance, backups 7 days, 1 cross-region replica". */
  readonly summary: string;
  readonly failures: readonly FailureRecovery[];
}

/** At most a few names in a reason: a cascade of thousands would repeat them in every figure. */
const NAMES_SHOWN = 5;
const nameList = (dbs: readonly DbInstance[]): string => dbs.length <= NAMES_SHOWN ? dbs.map((d) => d.id).join(', ')
  : `${dbs.slice(0, NAMES_SHOWN).map((d) => d.id).join(', ')} and ${dbs.length - NAMES_SHOWN} more`;
const days = (retention: Attr<number>): string => (retention.known ? `${retention.value} day${retention.value === 1 ? '' : 's'}` : '? days');
const est = (value: string, cls: RecoveryEstimate['class'], reason: string): RecoveryEstimate => ({ estimate: true, value, class: cls, reason });
const unknownEst = (reason: string): RecoveryEstimate => est('unknown', 'unknown', reason);

/**
 * The recovery profile of a database: a standalone (or PITR-restored)
 * instance, Single- or Multi-AZ, a Multi-AZ DB cluster or an Aurora cluster.
 *
 * Replicas and members are not databases of their own for recovery: a
 * replica gets the profile of the root of its replication chain (its
 * promotion is part of that profile), an instance in a cluster the profile of
 * its cluster, with `database` saying which one is described. Undefined when
 * that database is not in the analyzed files (or the chain is a cycle).
 */
export function recoveryProfile(db: DbInstance | DbCluster, topology: Topology): RecoveryProfile | undefined {
  const subject = profileSubject(db);
  if (!subject) return undefined;
  return subject.kind === 'cluster' ? clusterProfile(subject) : instanceProfile(subject, topology);
}

/**
 * The profiles of many databases at once, one per described database: every
 * replica of a chain shares its root's profile, so a cascade thousands deep is
 * walked once instead of once per replica (which made `rdscope graph` on a
 * 5,000-deep chain quadratic). Databases without a profile are absent.
 */
export function recoveryProfiles(dbs: Iterable<DbInstance | DbCluster>, topology: Topology): Map<DbInstance | DbCluster, RecoveryProfile> {
  const subjects = new Map<DbInstance, DbInstance | DbCluster | null>();
  const profiles = new Map<DbInstance | DbCluster, RecoveryProfile>();
  const out = new Map<DbInstance | DbCluster, RecoveryProfile>();
  for (const db of dbs) {
    const subject = memoizedSubject(db, subjects);
    if (!subject) continue;
    let profile = profiles.get(subject);
    if (!profile) {
      profile = subject.kind === 'cluster' ? clusterProfile(subject) : instanceProfile(subject, topology);
      profiles.set(subject, profile);
    }
    out.set(db, profile);
  }
  return out;
}

/** profileSubject, remembering the answer for every replica on the way up (null: none). */
function memoizedSubject(db: DbInstance | DbCluster, memo: Map<DbInstance, DbInstance | DbCluster | null>): DbInstance | DbCluster | undefined {
  if (db.kind === 'cluster' || db.role !== 'replica') return profileSubject(db);
  const path: DbInstance[] = [];
  const onPath = new Set<DbInstance>();
  let current: DbInstance | undefined = db;
  let answer: DbInstance | DbCluster | null = null;
  while (current) {
    if (current.role !== 'replica') {
      // The root of the chain; a cluster member as a source has no profile of its own to lend.
      answer = current.role === 'aurora-member' || current.role === 'cluster-member' ? null : current;
      break;
    }
    const known = memo.get(current);
    if (known !== undefined) { answer = known; break; }
    if (onPath.has(current)) break; // a replication cycle: no profile
    onPath.add(current);
    path.push(current);
    current = current.replicationSource;
  }
  for (const p of path) memo.set(p, answer);
  return answer ?? undefined;
}

function profileSubject(db: DbInstance | DbCluster): DbInstance | DbCluster | undefined {
  if (db.kind === 'cluster') return db;
  if (db.role === 'aurora-member' || db.role === 'cluster-member') return db.cluster;
  if (db.role !== 'replica') return db;
  const seen = new Set<DbInstance>([db]);
  let source = db.replicationSource;
  while (source) {
    if (seen.has(source)) return undefined;
    if (source.role !== 'replica') return source.role === 'aurora-member' || source.role === 'cluster-member' ? undefined : source;
    seen.add(source);
    source = source.replicationSource;
  }
  return undefined;
}

/** A replica below the profiled database, and whether it runs in another region than that database. */
export interface ReplicaBelow {
  readonly replica: DbInstance;
  /** True when some link on the way down crosses regions; undefined when a link cannot be known. */
  readonly otherRegion: boolean | undefined;
}

/**
 * Every replica below `db`, at any depth (cycles guarded), depth first. The
 * walk keeps its own stack: a chain of cascading replicas in a generated
 * template can be tens of thousands long, deeper than the call stack.
 */
export function replicasBelow(db: DbInstance): ReplicaBelow[] {
  const out: ReplicaBelow[] = [];
  const seen = new Set<DbInstance>([db]);
  const stack: { readonly instance: DbInstance; readonly above: boolean | undefined; next: number }[] = [{ instance: db, above: false, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.instance.replicas.length) { stack.pop(); continue; }
    const r = top.instance.replicas[top.next++];
    if (seen.has(r)) continue;
    seen.add(r);
    const link = inOtherRegion(r);
    const above = top.above;
    // Crossing once is enough (a region outage takes out the source's region only); unknown taints "no".
    const otherRegion = above === true || link === true ? true : above === undefined || link === undefined ? undefined : false;
    out.push({ replica: r, otherRegion });
    stack.push({ instance: r, above: otherRegion, next: 0 });
  }
  return out;
}

const PROMOTION_RPO = 'seconds to minutes: the replica is asynchronous, so the replication lag at the moment of failure is lost';
const PROMOTION_RTO = 'minutes: promote the replica, then repoint clients to its endpoint';
const RESTORE_RTO = 'tens of minutes and more with size: a restore creates a new database with a new endpoint, and clients must be repointed';

function corruptionRecovery(db: DbInstance | DbCluster): FailureRecovery {
  const retention = db.backupRetention;
  const provider = db.provider;
  const label = FAILURE_LABELS['data-corruption'];
  const replicasNote = db.kind === 'instance' && db.replicas.length > 0 ? ' Read replicas do not help: they replicate the corruption or the delete within seconds.' : '';
  const onDelete = db.snapshotOnDelete;
  const deletionNote = !onDelete.known ? ` Whether deleting the database keeps a final snapshot is unknown (${settingText(onDelete, provider)}).`
    : onDelete.value ? ' Deleting the database keeps a final snapshot.'
      : ` Deleting the database leaves no final snapshot (${settingText(onDelete, provider)}), and its automated backups go with it by default.`;
  if (!retention.known) {
    return {
      failure: 'data-corruption', label,
      rpo: unknownEst(`unknown: the backup retention cannot be known statically (${settingText(retention, provider)}).${deletionNote}`),
      rto: unknownEst('unknown: depends on whether backups are on'),
    };
  }
  if (retention.value > 0) {
    return {
      failure: 'data-corruption', label,
      rpo: est('~5 min', 'minutes', `~5 minutes: point-in-time recovery is on (${settingText(retention, provider)}) and transaction logs reach S3 every 5 minutes; restore to just before the mistake.${replicasNote}${deletionNote}`),
      rto: est('tens of minutes+', 'tens-of-minutes', `~${RESTORE_RTO}`),
    };
  }
  return {
    failure: 'data-corruption', label,
    rpo: est('unbounded', 'unbounded', `RPO unbounded: PITR off (${settingText(retention, provider)}), so the newest restorable copy is the last manual snapshot, however old it is.${replicasNote}${deletionNote}`),
    rto: est('unbounded', 'unbounded', `only if a manual snapshot exists (none is visible in the template), then ~${RESTORE_RTO}`),
  };
}

/**
 * Whether a replica is in another region than its source: the linker's answer,
 * else "no" for a CloudFormation Ref/GetAtt (one template is one stack, one region).
 */
function inOtherRegion(replica: DbInstance): boolean | undefined {
  if (replica.crossRegion !== undefined) return replica.crossRegion;
  const ref = replica.replicationSourceRef;
  if (replica.provider === 'cloudformation' && ref?.known && ref.value.kind === 'reference') return false;
  return undefined;
}

function regionRecovery(db: DbInstance | DbCluster, replicas: readonly ReplicaBelow[]): FailureRecovery {
  const label = FAILURE_LABELS['region-outage'];
  const crossRegion = replicas.filter((r) => r.otherRegion === true).map((r) => r.replica);
  const undetermined = replicas.filter((r) => r.otherRegion === undefined).map((r) => r.replica);
  if (crossRegion.length > 0) {
    const names = nameList(crossRegion);
    return {
      failure: 'region-outage', label,
      rpo: est('~seconds-minutes', 'seconds', `~${PROMOTION_RPO} (cross-region replica ${names})`),
      rto: est('~minutes', 'minutes', `~${PROMOTION_RTO} (${names} in another region)`),
    };
  }
  if (undetermined.length > 0) {
    const names = nameList(undetermined);
    return {
      failure: 'region-outage', label,
      rpo: unknownEst(`unknown: whether replica ${names} is in another region cannot be known statically (the stack's or provider's region is chosen at deploy time)`),
      rto: unknownEst(`unknown: with a replica in another region, ~${PROMOTION_RTO}; otherwise hours or more`),
    };
  }
  const what = db.kind === 'cluster' && db.clusterKind === 'aurora' ? 'no Aurora global database or cross-region replica is defined' : 'no cross-region read replica is defined';
  return {
    failure: 'region-outage', label,
    rpo: est('unbounded', 'unbounded', `unbounded/hours: ${what}, and automated backups and snapshots stay in the region unless copied to another one (cross-region backup replication or snapshot copies are not visible here)`),
    rto: est('hours+', 'hours', 'hours or more: only a restore in another region from copied backups or snapshots, if any exist, into a new database with a new endpoint'),
  };
}

function instanceProfile(db: DbInstance, _topology: Topology): RecoveryProfile {
  const provider = db.provider;
  const multiAz = db.multiAz;
  const deployment: DeploymentKind = !multiAz.known ? 'instance-multi-az-unknown' : multiAz.value ? 'multi-az-instance' : 'single-az-instance';
  const replicas = replicasBelow(db);
  const sameRegion = replicas.filter((r) => r.otherRegion !== true).map((r) => r.replica);
  const retention = db.backupRetention;
  const backupsOn = retention.known ? retention.value > 0 : undefined;
  const failures: FailureRecovery[] = [];

  // Instance failure and AZ outage.
  for (const failure of ['instance-failure', 'az-outage'] as const) {
    const label = FAILURE_LABELS[failure];
    if (deployment === 'multi-az-instance') {
      failures.push({
        failure, label,
        rpo: est('~0', 'near-zero', `~0: the Multi-AZ standby in another AZ is replicated synchronously (${settingText(multiAz, provider)})`),
        rto: est('~1-2 min', 'minutes', '~1-2 minutes: automatic failover to the standby; the endpoint stays the same'),
      });
    } else if (deployment === 'instance-multi-az-unknown') {
      failures.push({
        failure, label,
        rpo: unknownEst(`unknown: whether the instance is Multi-AZ cannot be known statically (${settingText(multiAz, provider)})`),
        rto: unknownEst('unknown: ~1-2 minutes with a Multi-AZ standby, much longer without'),
      });
    } else {
      failures.push(singleAzFailure(failure, db, sameRegion, backupsOn));
    }
  }
  failures.push(regionRecovery(db, replicas));
  failures.push(corruptionRecovery(db));

  const parts = [
    deployment === 'multi-az-instance' ? 'Multi-AZ instance' : deployment === 'single-az-instance' ? 'Single-AZ instance' : 'instance (Multi-AZ unknown)',
    backupsOn === undefined ? 'backups unknown' : backupsOn ? `backups ${days(retention)}` : 'backups off',
  ];
  if (replicas.length > 0) parts.push(`${replicas.length} read replica${replicas.length === 1 ? '' : 's'}`);
  if (db.role === 'restored') parts.unshift('point-in-time restore:');
  return { estimate: true, database: db, deployment, summary: parts.join(', ').replace(':,', ':'), failures };
}

function singleAzFailure(failure: 'instance-failure' | 'az-outage', db: DbInstance, sameRegion: readonly DbInstance[], backupsOn: boolean | undefined): FailureRecovery {
  const label = FAILURE_LABELS[failure];
  const provider = db.provider;
  const noStandby = `no Multi-AZ standby (${settingText(db.multiAz, provider)})`;
  if (sameRegion.length > 0) {
    const names = nameList(sameRegion);
    return {
      failure, label,
      rpo: est('~seconds-minutes', 'seconds', `~${PROMOTION_RPO} (${noStandby}; replica ${names})`),
      rto: est('~minutes', 'minutes', `~${PROMOTION_RTO} (${names}); or wait for RDS to recover the instance`),
    };
  }
  const storageNote = failure === 'instance-failure' ? '; often ~0 when RDS recovers the instance with its storage intact' : '';
  if (backupsOn === undefined) {
    return {
      failure, label,
      rpo: unknownEst(`unknown: ${noStandby}, and whether backups are on cannot be known statically (${settingText(db.backupRetention, provider)})`),
      rto: unknownEst(`unknown: with backups, ~${RESTORE_RTO}`),
    };
  }
  if (backupsOn) {
    return {
      failure, label,
      rpo: est('~5 min', 'minutes', `~5 minutes: ${noStandby}; a point-in-time restore reaches the last transaction log shipped to S3${storageNote}`),
      rto: est('tens of minutes+', 'tens-of-minutes', `~${RESTORE_RTO}${failure === 'az-outage' ? ' (restore into another AZ)' : ' (or wait until RDS replaces the instance)'}`),
    };
  }
  return {
    failure, label,
    rpo: est('unbounded', 'unbounded', `unbounded: ${noStandby} and PITR off (${settingText(db.backupRetention, provider)}): only the last manual snapshot${storageNote}`),
    rto: est('unbounded', 'unbounded', `${failure === 'az-outage' ? 'down until the AZ recovers' : 'down until RDS recovers the instance'}; otherwise only a restore from a manual snapshot, if one exists, then ~${RESTORE_RTO}`),
  };
}

function clusterProfile(cluster: DbCluster): RecoveryProfile {
  const provider = cluster.provider;
  const engine = cluster.engine;
  const aurora = cluster.clusterKind === 'aurora' || (engine.known && isAurora(engine.value));
  const deployment: DeploymentKind = cluster.clusterKind === 'multi-az' ? 'multi-az-db-cluster' : aurora ? 'aurora-cluster' : 'other-cluster';
  const failures: FailureRecovery[] = [];
  const members = cluster.members.length;

  for (const failure of ['instance-failure', 'az-outage'] as const) {
    const label = FAILURE_LABELS[failure];
    if (deployment === 'multi-az-db-cluster') {
      failures.push({
        failure, label,
        rpo: est('~0', 'near-zero', '~0: a Multi-AZ DB cluster keeps two readable standbys in two other AZs in sync with the writer'),
        rto: est('~35 s', 'seconds', '~under 35 seconds: automatic failover to a readable standby; the cluster endpoint follows it'),
      });
    } else if (deployment === 'aurora-cluster') {
      const storage = 'the cluster volume keeps six copies across three AZs, so committed data survives';
      if (members >= 2) {
        failures.push({
          failure, label,
          rpo: est('~0', 'near-zero', `~0: ${storage}`),
          rto: est('~1 min', 'minutes', `~1 minute or less: automatic failover promotes one of the ${members} instances (Aurora typically completes it within 60 seconds${failure === 'az-outage' ? ', provided the instances are in different AZs' : ''}); the cluster endpoint follows it`),
        });
      } else {
        failures.push({
          failure, label,
          rpo: est('~0', 'near-zero', `~0: ${storage}`),
          rto: members === 1
            ? est('~10 min', 'tens-of-minutes', '~10 minutes or more: the cluster has a single instance in the analyzed files, so there is no failover target and Aurora must create a new instance')
            : unknownEst('unknown: no instance of this cluster is in the analyzed files'),
        });
      }
    } else {
      failures.push({
        failure, label,
        rpo: unknownEst(`unknown: a non-Aurora cluster without DBClusterInstanceClass is neither an Aurora nor a Multi-AZ DB cluster (${settingText(engine, provider)})`),
        rto: unknownEst('unknown: the deployment mode cannot be determined'),
      });
    }
  }
  failures.push(regionRecovery(cluster, []));
  failures.push(corruptionRecovery(cluster));

  const retention = cluster.backupRetention;
  const parts = [
    deployment === 'multi-az-db-cluster' ? 'Multi-AZ DB cluster' : deployment === 'aurora-cluster' ? `Aurora cluster, ${members} instance${members === 1 ? '' : 's'}` : 'cluster',
    retention.known ? (retention.value > 0 ? `backups ${days(retention)}` : 'backups off') : 'backups unknown',
  ];
  return { estimate: true, database: cluster, deployment, summary: parts.join(', '), failures };
}

/** The estimate for one failure kind. */
export function recoveryFor(profile: RecoveryProfile, failure: FailureKind): FailureRecovery {
  return profile.failures.find((f) => f.failure === failure)!;
}
