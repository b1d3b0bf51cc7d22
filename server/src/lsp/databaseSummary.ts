/**
 * A database's recovery at a glance, one line: `Multi-AZ · PITR 5 min ·
 * 2 replicas · RTO 1-2 min`. The code lens above each database shows it and
 * the hover starts with it. Built from rules/recovery.ts's profile, so the
 * figures are the same estimates the hover table and the diagram show.
 */
import type { DbCluster, DbInstance } from '../model/topology';
import { recoveryFor, type RecoveryProfile } from '../rules/recovery';

export type Database = DbInstance | DbCluster;

/** `profile`: the database's recovery profile (rules/recovery.ts), computed once by the caller. */
export function databaseSummary(db: Database, profile: RecoveryProfile | undefined): string {
  const of = (profile && profile.database !== db) ? profile.database.id : undefined;
  const role = db.kind === 'instance' && db.role === 'replica' ? `Read replica${of ? ` of ${of}` : ''}`
    : db.kind === 'instance' && (db.role === 'aurora-member' || db.role === 'cluster-member') ? `Member of ${db.cluster?.id ?? 'a cluster'}`
      : undefined;
  if (!profile) return [role ?? deploymentOf(db), 'recovery not estimated'].join(' · ');
  const parts = [...(role ? [role] : []), deployment(profile)];
  const rpo = recoveryFor(profile, 'data-corruption').rpo;
  parts.push(rpo.class === 'unbounded' ? 'no PITR' : rpo.class === 'unknown' ? 'PITR unknown' : `PITR ${bare(rpo.value)}`);
  const subject = profile.database;
  if (subject.kind === 'instance' && subject.replicas.length > 0) parts.push(`${subject.replicas.length} replica${subject.replicas.length === 1 ? '' : 's'}`);
  const rto = recoveryFor(profile, 'instance-failure').rto;
  parts.push(`RTO ${bare(rto.value)}`);
  return parts.join(' · ');
}

function deployment(profile: RecoveryProfile): string {
  const db = profile.database;
  switch (profile.deployment) {
    case 'single-az-instance': return 'Single-AZ';
    case 'multi-az-instance': return 'Multi-AZ';
    case 'instance-multi-az-unknown': return 'Multi-AZ unknown';
    case 'multi-az-db-cluster': return 'Multi-AZ DB cluster';
    case 'aurora-cluster': {
      const n = db.kind === 'cluster' ? db.members.length : 0;
      return `Aurora, ${n} instance${n === 1 ? '' : 's'}`;
    }
    default: return 'DB cluster';
  }
}

function deploymentOf(db: Database): string {
  if (db.kind === 'cluster') return db.clusterKind === 'aurora' ? 'Aurora cluster' : db.clusterKind === 'multi-az' ? 'Multi-AZ DB cluster' : 'DB cluster';
  return db.multiAz.known ? (db.multiAz.value ? 'Multi-AZ' : 'Single-AZ') : 'Multi-AZ unknown';
}

/** `~5 min` -> `5 min`: the lens is a glance; the hover says these are estimates. */
function bare(value: string): string {
  return value.replace(/^~\s*/, '');
}
