/**
 * The topology as plain JSON (schemas/topology.schema.json): what
 * `rdscope model`, the `rdscope/topology` request and the diagram receive.
 * Known values are written as they are, unknown ones as `{"unknown": reason}`;
 * `origins` lists the attributes whose value is not written in the file.
 */
import type { LineIndex } from '../parse/lineIndex';
import type { Range } from '../parse/tree';
import type { Attr, DataProtection, DbCluster, DbInstance, DbProxy, Entity, ProxyEndpoint, ProxyTarget, Topology } from './topology';

export interface JsonRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

export const TOPOLOGY_JSON_VERSION = 1;

export function topologyToJson(t: Topology, lineIndexOf: (file: string) => LineIndex | undefined) {
  const range = (file: string, r: Range): JsonRange => {
    const index = lineIndexOf(file);
    if (!index) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: index.positionAt(r.start), end: index.positionAt(r.end) };
  };
  const base = (e: Entity) => ({
    id: e.id,
    file: e.file,
    resourceType: e.resourceType,
    range: range(e.file, e.range),
    idRange: range(e.file, e.idRange),
    region: attr(e.region),
    identifier: attr(e.identifier),
    ...(e.condition ? { condition: e.condition } : {}),
  });
  const origins = (attrs: Record<string, Attr<unknown> | undefined>) => {
    const out: Record<string, string> = {};
    for (const [name, a] of Object.entries(attrs)) if (a?.known && a.origin !== 'template') out[name] = a.origin;
    return out;
  };
  // The schema's data-protection attributes (finalSnapshotIdentifier stays internal: RDS304 reads it).
  const dataProtection = (d: DataProtection) => ({
    backupRetention: d.backupRetention, snapshotOnDelete: d.snapshotOnDelete, snapshotOnReplace: d.snapshotOnReplace,
    deletionProtection: d.deletionProtection, storageEncrypted: d.storageEncrypted, kmsKeyId: d.kmsKeyId, snapshotIdentifier: d.snapshotIdentifier,
  });
  const ref = (e: Entity | undefined) => (e ? { id: e.id, file: e.file } : null);

  const instance = (i: DbInstance) => {
    const attrs = {
      engine: i.engine, engineVersion: i.engineVersion, instanceClass: i.instanceClass, multiAz: i.multiAz,
      availabilityZone: i.availabilityZone, ...dataProtection(i), autoMinorVersionUpgrade: i.autoMinorVersionUpgrade,
      customIamInstanceProfile: i.customIamInstanceProfile,
    };
    return {
      ...base(i),
      role: i.role,
      ...mapAttrs(attrs),
      origins: origins(attrs),
      replicationSource: ref(i.replicationSource),
      restoreSource: ref(i.restoreSource),
      cluster: ref(i.cluster),
      replicas: i.replicas.map((r) => r.id),
      crossRegion: i.crossRegion ?? null,
    };
  };
  const cluster = (c: DbCluster) => {
    const attrs = {
      engine: c.engine, engineMode: c.engineMode, engineVersion: c.engineVersion, ...dataProtection(c),
      dbClusterInstanceClass: c.dbClusterInstanceClass, allocatedStorage: c.allocatedStorage, iops: c.iops, storageType: c.storageType,
    };
    return { ...base(c), clusterKind: c.clusterKind, ...mapAttrs(attrs), origins: origins(attrs), members: c.members.map((m) => m.id) };
  };
  const proxy = (p: DbProxy) => ({
    ...base(p),
    engineFamily: attr(p.engineFamily),
    requireTls: attr(p.requireTls),
    subnets: p.subnets.known ? p.subnets.value.length : attr(p.subnets),
    targets: p.targets.map((t) => (t.target ? { id: t.target.id, file: t.target.file } : null)).filter((t) => t !== null),
    endpoints: p.endpoints.map((e) => e.id),
  });
  const target = (t: ProxyTarget) => ({ ...base(t), targetKind: t.targetKind, proxy: ref(t.proxy), target: ref(t.target) });
  const endpoint = (e: ProxyEndpoint) => ({ ...base(e), targetRole: attr(e.targetRole), proxy: ref(e.proxy) });

  return {
    version: TOPOLOGY_JSON_VERSION,
    files: t.files.map((f) => ({ file: f.file, provider: f.provider })),
    instances: t.instances.map(instance),
    clusters: t.clusters.map(cluster),
    proxies: t.proxies.map(proxy),
    proxyTargets: t.proxyTargets.map(target),
    proxyEndpoints: t.proxyEndpoints.map(endpoint),
    edges: t.edges.map((e) => ({
      kind: e.kind, from: e.from.id, to: e.to.id, fromFile: e.from.file, toFile: e.to.file,
      ...(e.kind === 'replication' ? { crossRegion: e.crossRegion ?? null } : {}),
    })),
  };
}

export type TopologyJson = ReturnType<typeof topologyToJson>;

function attr(a: Attr<unknown> | undefined): JsonValue {
  if (a === undefined) return null;
  if (!a.known) return { unknown: a.reason };
  const v = a.value;
  if (typeof v === 'number' && !Number.isFinite(v)) return a.text ?? null; // RDS102's "abc" stays visible
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v as JsonValue[];
  return JSON.parse(JSON.stringify(v)) as JsonValue;
}

function mapAttrs<K extends string>(attrs: Record<K, Attr<unknown> | undefined>): Record<K, JsonValue> {
  const out = {} as Record<K, JsonValue>;
  for (const name of Object.keys(attrs) as K[]) out[name] = attr(attrs[name]);
  return out;
}
