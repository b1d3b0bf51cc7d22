/**
 * The failure drill: pick a failure (instance failure, AZ outage, region
 * outage, data corruption or accidental delete) and see, per database, what
 * happens. Multi-AZ, read replicas and backups protect against different
 * failures; the drill makes that visible in one word per database (the
 * outcome), with the recovery path and the estimated RPO/RTO.
 *
 * Built on the recovery profiles (recovery.ts) the hovers and the diagram
 * show, so the three agree: the RPO/RTO figures are the profile's. An outcome
 * that depends on a value not known statically (a parameter without default,
 * AZ placement left to AWS) says so in `unknown` and is the worst of the
 * outcomes it could be, never a guess at the better one.
 *
 * Facts: RDS-FACTS.md "Deployment modes", "Read replicas", "Backups,
 * snapshots, recovery" and "Recovery estimates".
 */
import type { DbCluster, DbInstance, Topology } from '../model/topology';
import { FAILURE_LABELS, recoveryFor, recoveryProfiles, replicasBelow, type FailureKind, type RecoveryProfile, type ReplicaBelow } from './recovery';
import { settingText } from './wording';

export const DRILL_FAILURES: readonly FailureKind[] = ['instance-failure', 'az-outage', 'region-outage', 'data-corruption'];

/** Best first: the order a reader ranks them in, and the order "worst of" picks from. */
export const DRILL_OUTCOMES = ['unaffected', 'automatic-failover', 'promote-replica', 'restore-from-backup', 'down-until-recovered', 'data-lost'] as const;
export type DrillOutcome = (typeof DRILL_OUTCOMES)[number];

export interface DrillEntry {
  /** Logical id / Terraform address. */
  readonly resource: string;
  readonly file: string;
  readonly outcome: DrillOutcome;
  /** Estimated recovery point and time, as the hovers show them ("~0", "~1-2 min", "unknown"). */
  readonly rpo: string;
  readonly rto: string;
  /** The recovery path in a sentence. */
  readonly path: string;
  /** Rule ids of findings on this database (or the one it depends on) that would change the outcome. */
  readonly findings: readonly string[];
  /** The outcome depends on a value not known statically: why, and what it could be (`outcome` is the worst). */
  readonly unknown?: { readonly reason: string; readonly outcomes: readonly DrillOutcome[] };
}

export interface DrillReport {
  readonly failure: FailureKind;
  readonly label: string;
  readonly databases: readonly DrillEntry[];
}

/** What a finding must say for the drill: its rule, and the resource it is on. */
export interface DrillFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly resource?: string;
}

/** The rules whose fix changes the outcome of each failure. */
const RELEVANT_RULES: Readonly<Record<FailureKind, ReadonlySet<string>>> = {
  'instance-failure': new Set(['RDS201', 'RDS202', 'RDS204', 'RDS205', 'RDS101', 'RDS102']),
  'az-outage': new Set(['RDS201', 'RDS202', 'RDS204', 'RDS205', 'RDS101', 'RDS102']),
  'region-outage': new Set(['RDS305']),
  'data-corruption': new Set(['RDS101', 'RDS102', 'RDS103', 'RDS104', 'RDS105', 'RDS106', 'RDS108']),
};

export function isDrillFailure(value: string): value is FailureKind {
  return (DRILL_FAILURES as readonly string[]).includes(value);
}

/** Every database of the topology (instances, then clusters) under one failure. */
export function drill(topology: Topology, findings: readonly DrillFinding[], failure: FailureKind): DrillReport {
  return new Drill(topology, findings).report(failure);
}

/** All four failures, sharing the recovery profiles and replica walks (what the diagram sends). */
export function drills(topology: Topology, findings: readonly DrillFinding[]): DrillReport[] {
  const d = new Drill(topology, findings);
  return DRILL_FAILURES.map((f) => d.report(f));
}

type Outcome = Omit<DrillEntry, 'resource' | 'file' | 'findings'>;

class Drill {
  private readonly dbs: readonly (DbInstance | DbCluster)[];
  private readonly profiles: Map<DbInstance | DbCluster, RecoveryProfile>;
  /** Per root of a replication chain: every replica below it, walked once (a chain can be thousands deep). */
  private readonly below = new Map<DbInstance, readonly ReplicaBelow[]>();
  private readonly otherRegion = new Map<DbInstance, boolean | undefined>();

  constructor(topology: Topology, private readonly findings: readonly DrillFinding[]) {
    this.dbs = [...topology.instances, ...topology.clusters];
    this.profiles = recoveryProfiles(this.dbs, topology);
  }

  report(failure: FailureKind): DrillReport {
    const rulesOn = new Map<string, Set<string>>();
    for (const f of this.findings) {
      if (f.resource === undefined || !RELEVANT_RULES[failure].has(f.ruleId)) continue;
      const key = `${f.file}\u0000${f.resource}`;
      let set = rulesOn.get(key);
      if (!set) { set = new Set(); rulesOn.set(key, set); }
      set.add(f.ruleId);
    }
    const on = (e: DbInstance | DbCluster | undefined) => (e ? [...(rulesOn.get(`${e.file}\u0000${e.id}`) ?? [])] : []);
    const databases = this.dbs.map((db): DrillEntry => {
      const profile = this.profiles.get(db);
      const outcome = this.outcomeOf(db, profile, failure);
      const ruleIds = [...new Set([...on(db), ...on(profile?.database), ...(db.kind === 'instance' ? on(db.cluster) : [])])].sort();
      return { resource: db.id, file: db.file, ...outcome, findings: ruleIds };
    });
    return { failure, label: FAILURE_LABELS[failure], databases };
  }

  private replicasOf(root: DbInstance): readonly ReplicaBelow[] {
    let list = this.below.get(root);
    if (!list) {
      list = replicasBelow(root);
      this.below.set(root, list);
      for (const r of list) this.otherRegion.set(r.replica, r.otherRegion);
    }
    return list;
  }

  private outcomeOf(db: DbInstance | DbCluster, profile: RecoveryProfile | undefined, failure: FailureKind): Outcome {
    if (!profile) {
      return uncertain([...DRILL_OUTCOMES], 'its source or cluster is not in the analyzed files', 'unknown', 'unknown',
        'unknown: what this database depends on is not in the analyzed files');
    }
    const figures = recoveryFor(profile, failure);
    const rpo = figures.rpo.value;
    const rto = figures.rto.value;
    const subject = profile.database;
    if (db.kind === 'instance' && db.role === 'replica' && subject.kind === 'instance') {
      this.replicasOf(subject);
      return replicaOutcome(db, subject, failure, this.otherRegion.get(db), rpo, rto);
    }
    if (subject.kind === 'cluster') {
      const outcome = clusterOutcome(subject, failure, rpo, rto);
      return db === subject ? outcome : { ...outcome, path: `member of ${subject.id}: ${outcome.path}` };
    }
    return instanceOutcome(subject, this.replicasOf(subject), failure, rpo, rto);
  }
}

function known(outcome: DrillOutcome, rpo: string, rto: string, path: string): Outcome {
  return { outcome, rpo, rto, path };
}

/** The worst of the outcomes a database could have, and why it is not known which. */
function uncertain(outcomes: readonly DrillOutcome[], reason: string, rpo: string, rto: string, path: string): Outcome {
  const distinct = DRILL_OUTCOMES.filter((o) => outcomes.includes(o));
  return { outcome: distinct[distinct.length - 1], rpo, rto, path, unknown: { reason, outcomes: distinct } };
}

/** Corruption and deletes: only backups (PITR) bring the data back; replicas replicate the mistake. */
function corruption(db: DbInstance | DbCluster, rpo: string, rto: string): Outcome {
  const r = db.backupRetention;
  if (!r.known) {
    return uncertain(['restore-from-backup', 'data-lost'], `the backup retention cannot be known statically (${settingText(r, db.provider)})`, rpo, rto,
      'point-in-time restore if backups are on; otherwise only a manual snapshot, if one exists');
  }
  return r.value > 0
    ? known('restore-from-backup', rpo, rto, `point-in-time restore to just before the mistake, into a new database with a new endpoint (${settingText(r, db.provider)})`)
    : known('data-lost', rpo, rto, `PITR is off (${settingText(r, db.provider)}): only a manual snapshot, if one exists, and whatever changed since is lost`);
}

function instanceOutcome(db: DbInstance, below: readonly ReplicaBelow[], failure: FailureKind, rpo: string, rto: string): Outcome {
  if (failure === 'data-corruption') return corruption(db, rpo, rto);
  if (failure === 'region-outage') {
    if (below.some((r) => r.otherRegion === true)) {
      return known('promote-replica', rpo, rto, `promote the cross-region replica ${below.find((r) => r.otherRegion === true)!.replica.id} and repoint clients to it`);
    }
    if (below.some((r) => r.otherRegion === undefined)) {
      return uncertain(['promote-replica', 'down-until-recovered'], 'whether a replica is in another region is chosen at deploy time', rpo, rto,
        'promote a replica if one runs in another region; otherwise down until the region recovers');
    }
    return known('down-until-recovered', rpo, rto, 'no replica in another region, and backups stay in the region: down until the region recovers (or a restore from copied snapshots, if any)');
  }
  // Instance failure or AZ outage.
  const multiAz = db.multiAz;
  const failover = known('automatic-failover', rpo, rto, 'automatic failover to the synchronous standby in another AZ; the endpoint stays the same');
  if (multiAz.known && multiAz.value) return failover;
  const single = singleAzOutcome(db, failure, below.filter((r) => r.otherRegion !== true).map((r) => r.replica), rpo, rto);
  if (multiAz.known) return single;
  const options = [failover, single];
  return uncertain(options.flatMap((o) => o.unknown?.outcomes ?? [o.outcome]), `whether it is Multi-AZ cannot be known statically (${settingText(multiAz, db.provider)})`, rpo, rto,
    `${failover.path} if Multi-AZ; otherwise ${single.path}`);
}

function singleAzOutcome(db: DbInstance, failure: 'instance-failure' | 'az-outage', sameRegion: readonly DbInstance[], rpo: string, rto: string): Outcome {
  const noStandby = `no Multi-AZ standby (${settingText(db.multiAz, db.provider)})`;
  const fallback: Outcome = failure === 'instance-failure'
    ? known('down-until-recovered', rpo, rto, `${noStandby}: down until RDS replaces the host; the storage usually survives`)
    : backupsFallback(db, noStandby, rpo, rto);
  if (sameRegion.length === 0) return fallback;
  if (failure === 'instance-failure') {
    return known('promote-replica', rpo, rto, `${noStandby}: promote replica ${sameRegion[0].id} (or wait for RDS to replace the host)`);
  }
  // An AZ outage takes out the replicas in the same AZ too: only one known to run elsewhere saves the day.
  const az = knownString(db.availabilityZone);
  const elsewhere = sameRegion.find((r) => az !== undefined && knownString(r.availabilityZone) !== undefined && knownString(r.availabilityZone) !== az);
  if (elsewhere) return known('promote-replica', rpo, rto, `${noStandby}: promote replica ${elsewhere.id}, in another AZ`);
  return uncertain(['promote-replica', ...(fallback.unknown?.outcomes ?? [fallback.outcome])],
    'the AZs of the instance and its replicas are left to AWS (or not known statically)', rpo, rto,
    `promote replica ${sameRegion[0].id} if it runs in another AZ; otherwise ${fallback.path}`);
}

function backupsFallback(db: DbInstance | DbCluster, noStandby: string, rpo: string, rto: string): Outcome {
  const r = db.backupRetention;
  if (!r.known) {
    return uncertain(['restore-from-backup', 'down-until-recovered'], `the backup retention cannot be known statically (${settingText(r, db.provider)})`, rpo, rto,
      `${noStandby}: a point-in-time restore into another AZ if backups are on; otherwise down until the AZ recovers`);
  }
  return r.value > 0
    ? known('restore-from-backup', rpo, rto, `${noStandby}: point-in-time restore into another AZ, a new database with a new endpoint`)
    : known('down-until-recovered', rpo, rto, `${noStandby} and PITR off: down until the AZ recovers`);
}

/** `other`: some link between the replica and its root crosses regions (undefined: cannot be known). */
function replicaOutcome(replica: DbInstance, root: DbInstance, failure: FailureKind, other: boolean | undefined, rpo: string, rto: string): Outcome {
  if (failure === 'data-corruption') {
    const fromRoot = corruption(root, rpo, rto);
    return { ...fromRoot, path: `replicates the corruption or the delete within seconds; recover ${root.id}: ${fromRoot.path}` };
  }
  if (failure === 'region-outage') {
    // The source's region fails: a replica in another region keeps running (and is what gets promoted).
    if (other === true) return known('unaffected', '—', '—', `runs in another region than ${root.id}: keeps serving reads, and can be promoted`);
    if (other === undefined) {
      return uncertain(['unaffected', 'down-until-recovered'], 'whether it runs in another region than its source is chosen at deploy time', '—', '—',
        `unaffected if it runs in another region than ${root.id}; otherwise down until the region recovers`);
    }
    return known('down-until-recovered', '—', '—', `in the region of ${root.id}: down until the region recovers`);
  }
  // The replica's own instance or AZ fails: its reads move elsewhere; RDS recovers it (a Multi-AZ replica fails over).
  const own = replica.multiAz;
  const rebuilt = 'its reads go to the source or another replica; down until RDS recovers it (no data of its own to lose: it copies the source)';
  if (own.known && own.value) return known('automatic-failover', '~0', '~1-2 min', 'a Multi-AZ replica fails over to its standby');
  if (own.known) return known('down-until-recovered', '~0', 'minutes+', rebuilt);
  return uncertain(['automatic-failover', 'down-until-recovered'], `whether the replica is Multi-AZ cannot be known statically (${settingText(own, replica.provider)})`, '~0', 'unknown', rebuilt);
}

function clusterOutcome(cluster: DbCluster, failure: FailureKind, rpo: string, rto: string): Outcome {
  if (failure === 'data-corruption') return corruption(cluster, rpo, rto);
  if (failure === 'region-outage') {
    return known('down-until-recovered', rpo, rto, 'no Aurora global database or cross-region replica here: down until the region recovers');
  }
  if (cluster.clusterKind === 'multi-az') {
    return known('automatic-failover', rpo, rto, 'automatic failover to one of the two readable standbys in other AZs; the cluster endpoint follows');
  }
  if (cluster.clusterKind !== 'aurora') {
    return uncertain(['automatic-failover', 'down-until-recovered'], 'the deployment mode of this cluster cannot be determined', rpo, rto, 'unknown');
  }
  const members = cluster.members.length;
  if (members === 0) {
    return uncertain(['automatic-failover', 'down-until-recovered'], 'no instance of this cluster is in the analyzed files', rpo, rto,
      'failover if the cluster has two or more instances; otherwise Aurora creates a new one');
  }
  if (members === 1) {
    return known('down-until-recovered', rpo, rto, 'a single instance: no failover target, so Aurora must create a new instance (the cluster volume keeps the data)');
  }
  if (failure === 'instance-failure') {
    return known('automatic-failover', rpo, rto, `automatic failover to ${members === 2 ? 'the other instance' : `one of the other ${members - 1} instances`}; the cluster endpoint follows`);
  }
  const azs = cluster.members.map((m) => knownString(m.availabilityZone));
  if (azs.every((a) => a !== undefined) && new Set(azs).size >= 2) {
    return known('automatic-failover', rpo, rto, 'automatic failover to an instance in another AZ; the cluster endpoint follows');
  }
  return uncertain(['automatic-failover', 'down-until-recovered'], 'the AZs of the cluster\'s instances are left to AWS (or not known statically)', rpo, rto,
    'automatic failover if an instance runs in another AZ; otherwise down until Aurora creates one (the cluster volume spans three AZs and keeps the data)');
}

function knownString(attr: { readonly known: boolean; readonly value?: unknown } | undefined): string | undefined {
  return attr?.known && typeof attr.value === 'string' ? attr.value : undefined;
}
