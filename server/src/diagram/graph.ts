/**
 * DiagramInput -> what is drawn: nodes (resources, plus what RDS creates
 * without a resource of its own: the standby of a Multi-AZ instance, the
 * writer and readers of a Multi-AZ DB cluster, the snapshot a database is
 * restored from), groups (region, then availability zone where known),
 * clusters as nodes that contain their members, and edges that say how data
 * moves (sync, async, proxy, restore). Replica fleets beyond a threshold
 * become one "+N replicas" node. No geometry here: layout.ts places things.
 *
 * Facts behind the shapes: /work/shared/RDS-FACTS.md, "Deployment modes".
 */
import type { JsonRange, JsonValue, TopologyJson } from '../model/serialize';
import type { DiagramFinding, DiagramInput, InputValue, RecoveryFailures, ResourceRecovery } from './input';

export type Severity = DiagramFinding['severity'];

export type NodeKind =
  | 'instance'          // a DB instance resource
  | 'standby'           // the synchronous standby of a Multi-AZ instance deployment (no resource of its own)
  | 'cluster'           // a DB cluster resource: contains its members
  | 'cluster-instance'  // writer or reader RDS creates for a Multi-AZ DB cluster
  | 'proxy'
  | 'proxy-endpoint'
  | 'snapshot'          // the snapshot a database is restored from
  | 'fleet'             // "+N replicas": replicas collapsed beyond the threshold
  | 'collapsed';        // a region, AZ or cluster the user collapsed: one node for all it contains

export type EdgeKind =
  | 'sync'              // primary -> standby, writer -> reader: synchronous replication
  | 'async'             // source -> read replica
  | 'proxy'             // proxy -> target
  | 'endpoint'          // proxy -> its endpoint
  | 'readers'           // read-only endpoint -> the cluster whose readers it reaches
  | 'restore'           // PITR source -> restored instance
  | 'snapshot-restore'; // snapshot -> database restored from it

export type BadgeKind = 'backup' | 'pitr' | 'snapshot' | 'encryption' | 'tls' | 'reads' | 'finding';
export type BadgeState = 'on' | 'off' | 'unknown' | Severity;

export interface Badge {
  readonly kind: BadgeKind;
  readonly state: BadgeState;
  /** What the badge shows: "14d backup", "RDS101 +2". */
  readonly text: string;
  /** The same in words, for screen readers and hovers. */
  readonly description: string;
}

export interface DiagramNode {
  /** Unique and stable across edits: built from file and resource id, never from position. */
  readonly key: string;
  readonly kind: NodeKind;
  /** The resource the node belongs to (a standby belongs to its primary); absent for snapshots and fleets. */
  readonly resource?: string;
  readonly file?: string;
  readonly resourceType?: string;
  /** Where "reveal" goes: the resource's logical id / block label. */
  readonly range?: JsonRange;
  /** Group or cluster node that contains it; undefined at the top. */
  readonly parent: string;
  readonly title: string;
  readonly subtitle: string;
  readonly detail: string;
  readonly badges: readonly Badge[];
  readonly findings: readonly DiagramFinding[];
  readonly worst?: Severity;
  /** The resource exists only under a CloudFormation condition. */
  readonly condition?: string;
  readonly recovery?: NodeRecovery;
  /** Values of the resource that come from deployment inputs, naming them ("with Env=prod from prod.json"). */
  readonly inputs?: readonly InputValue[];
  /** Fleet nodes: the source and the replicas they stand for. */
  readonly fleet?: { readonly source: string; readonly replicas: readonly string[] };
  /** Screen-reader label; hover text. */
  readonly ariaLabel: string;
  readonly tooltip: string;
}

/** A node's recovery estimates: its ResourceRecovery with the estimates it points at. */
export type NodeRecovery = Omit<ResourceRecovery, 'failures'> & { readonly failures: RecoveryFailures };

export interface DiagramGroup {
  readonly key: string;
  readonly kind: 'region' | 'az';
  readonly label: string;
  readonly parent?: string;
}

export interface DiagramEdge {
  readonly key: string;
  readonly kind: EdgeKind;
  readonly from: string;
  readonly to: string;
  /** "Orders -> OrdersReplica": what `data-edge` holds. */
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly crossRegion?: boolean;
}

export interface DiagramGraph {
  readonly groups: readonly DiagramGroup[];
  /** Parents before children. */
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Keys of nodes that contain others (clusters). */
  readonly compounds: ReadonlySet<string>;
  /** Replicas hidden in fleet nodes. */
  readonly hiddenReplicas: number;
  /** Nodes that stand for a resource in the files. */
  readonly resourceCount: number;
}

export interface GraphOptions {
  /** More direct replicas than this (per source, per group) collapse to "+N replicas". */
  readonly fleetThreshold?: number;
  /** Fleet node keys the user expanded. */
  readonly expandedFleets?: ReadonlySet<string>;
  /** Keys of groups (regions, AZs) and clusters the user collapsed into one node each. */
  readonly collapsed?: ReadonlySet<string>;
}

export const DEFAULT_FLEET_THRESHOLD = 6;
/** Replicas drawn down one replication chain (the source is depth 0); RDS allows 3. */
export const DEFAULT_CHAIN_DEPTH = 6;

const UNKNOWN_REGION = 'g:region:?';

type EntityJson = InstanceJson | ClusterJson | TopologyJson['proxies'][number]
  | TopologyJson['proxyEndpoints'][number];
type InstanceJson = TopologyJson['instances'][number];
type ClusterJson = TopologyJson['clusters'][number];

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
/**
 * replica_2 before replica_10; `orders_read[1]` before `orders_read[12]`. Made on first use: a collator
 * loads ICU's collation data (~9 ms), which `rdscope lint` never needs but paid at start-up for this module.
 */
let natural: Intl.Collator | undefined;
const naturalOrder = (a: string, b: string): number => (natural ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' })).compare(a, b);

export function buildDiagram(input: DiagramInput, options: GraphOptions = {}): DiagramGraph {
  return new GraphBuilder(input, options).build();
}

/** The key of a resource's node; synthesized parts (standby, writer) add a suffix. */
export function nodeKey(fileIndex: number, id: string, part?: string): string {
  return JSON.stringify(part === undefined ? [fileIndex, id] : [fileIndex, id, part]);
}

class GraphBuilder {
  private readonly t: TopologyJson;
  private readonly groups = new Map<string, DiagramGroup>();
  private readonly nodes = new Map<string, DiagramNode>();
  private readonly edges = new Map<string, DiagramEdge>();
  private readonly compounds = new Set<string>();
  private readonly fileIndex = new Map<string, number>();
  private readonly findingsOf = new Map<string, DiagramFinding[]>();
  private readonly recoveryOf = new Map<string, NodeRecovery>();
  private readonly inputsOf = new Map<string, readonly InputValue[]>();
  private readonly instanceByRef = new Map<string, InstanceJson>();
  private readonly regionKeyCache = new Map<string, DiagramGroup | null>();

  constructor(input: DiagramInput, private readonly options: GraphOptions) {
    this.t = input.topology;
    for (const f of this.t.files) this.indexOf(f.file);
    for (const f of input.findings) {
      if (f.resource === undefined) continue;
      const k = refKey(f.file, f.resource);
      const list = this.findingsOf.get(k) ?? [];
      list.push(f);
      this.findingsOf.set(k, list);
    }
    for (const list of this.findingsOf.values()) list.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
    for (const r of input.recovery ?? []) {
      const failures = input.recoveryFailures?.[r.failures];
      if (failures) this.recoveryOf.set(refKey(r.file, r.resource), { ...r, failures });
    }
    for (const r of input.inputs ?? []) this.inputsOf.set(refKey(r.file, r.resource), r.values);
    for (const i of this.t.instances) this.instanceByRef.set(refKey(i.file, i.id), i);
  }

  build(): DiagramGraph {
    const clusterKeys = new Map<string, string>();
    for (const c of this.t.clusters) clusterKeys.set(refKey(c.file, c.id), this.addCluster(c));
    for (const i of this.t.instances) this.addInstance(i, clusterKeys);
    for (const p of this.t.proxies) this.addProxy(p);
    for (const e of this.t.proxyEndpoints) this.addEndpoint(e);
    this.addEdges();
    const hiddenReplicas = this.collapseFleets();
    this.collapseContainers();
    return this.result(hiddenReplicas);
  }

  // --- resources --------------------------------------------------------------------------

  private addCluster(c: ClusterJson): string {
    const key = this.keyOf(c.file, c.id);
    const kind = str(c.clusterKind);
    const engine = text(c.engine) ?? 'engine ?';
    const instanceClass = text(c.dbClusterInstanceClass);
    const subtitle = kind === 'aurora' ? `Aurora · ${engine}`
      : kind === 'multi-az' ? `Multi-AZ DB cluster · ${engine}${instanceClass ? ` · ${instanceClass}` : ''}`
        : `DB cluster · ${engine}`;
    const detail = kind === 'aurora' ? `${arr(c.members).length} member instance${arr(c.members).length === 1 ? '' : 's'}`
      : kind === 'multi-az' ? 'one writer, two readable standbys in three AZs' : 'cluster';
    this.compounds.add(key);
    this.addResourceNode(c, {
      key, kind: 'cluster', parent: this.regionGroupOf(c).key, title: c.id, subtitle, detail,
      badges: [...storageBadges(c, false)],
    });
    if (kind === 'multi-az') {
      const cls = instanceClass ?? 'class ?';
      const writer = nodeKey(this.indexOf(c.file), c.id, 'writer');
      this.addSynthesized({ key: writer, kind: 'cluster-instance', resource: c.id, file: c.file, resourceType: c.resourceType,
        range: c.idRange, parent: key, title: `${c.id} writer`, subtitle: `${engine} · ${cls}`, detail: 'writer · AZ 1',
        badges: [], noun: 'writer instance of' });
      for (const n of [2, 3]) {
        const reader = nodeKey(this.indexOf(c.file), c.id, `reader${n - 1}`);
        this.addSynthesized({ key: reader, kind: 'cluster-instance', resource: c.id, file: c.file, resourceType: c.resourceType,
          range: c.idRange, parent: key, title: `${c.id} reader ${n - 1}`, subtitle: `${engine} · ${cls}`,
          detail: `reader · AZ ${n} · serves reads`, badges: [{ kind: 'reads', state: 'on', text: 'reads', description: 'serves reads' }],
          noun: 'reader instance of' });
        this.addEdge('sync', writer, reader, `${c.id} writer -> ${c.id} reader ${n - 1}`, 'sync',
          'synchronous replication: the reader can take over as writer (typically under 35 seconds)');
      }
    }
    if (c.snapshotIdentifier !== null && c.snapshotIdentifier !== undefined) {
      this.addSnapshot(c, key, this.nodes.get(key)!.parent, 'DB cluster snapshot');
    }
    return key;
  }

  private addInstance(i: InstanceJson, clusterKeys: Map<string, string>): void {
    const role = str(i.role);
    const clusterRef = refOf(i.cluster);
    const clusterKey = clusterRef ? clusterKeys.get(refKey(clusterRef.file, clusterRef.id)) : undefined;
    const key = this.keyOf(i.file, i.id);
    const engine = text(i.engine) ?? 'engine ?';
    const cls = text(i.instanceClass) ?? 'class ?';
    const az = str(i.availabilityZone);
    const multiAz = i.multiAz === true;
    const isMember = clusterKey !== undefined;
    const snapshotRestore = !isMember && i.snapshotIdentifier !== null && i.snapshotIdentifier !== undefined;

    const roleText: string[] = [];
    if (role === 'aurora-member') roleText.push('Aurora member');
    else if (role === 'cluster-member') roleText.push('joins a Multi-AZ DB cluster (not allowed)');
    else if (role === 'replica') {
      roleText.push(i.crossRegion === true ? 'cross-region read replica' : 'read replica');
      if (!refOf(i.replicationSource)) roleText.push('source outside these files');
    } else if (role === 'restored') roleText.push('point-in-time restore');
    else if (snapshotRestore) roleText.push('restored from a snapshot');
    if (!isMember) {
      if (multiAz) roleText.push(role === 'replica' ? 'Multi-AZ' : 'Multi-AZ primary · AZ 1');
      else if (isUnknown(i.multiAz)) roleText.push('Multi-AZ unknown');
      else if (role !== 'replica') roleText.push('Single-AZ');
    }
    if (az) roleText.push(az);

    const parent = clusterKey ?? (az && !multiAz ? this.azGroup(this.regionGroupOf(i), az).key : this.regionGroupOf(i).key);
    this.addResourceNode(i, {
      key, kind: 'instance', parent, title: i.id, subtitle: `${engine} · ${cls}`, detail: roleText.join(' · '),
      badges: isMember ? [] : storageBadges(i, role === 'replica'),
    });

    if (multiAz && !isMember) {
      const standby = nodeKey(this.indexOf(i.file), i.id, 'standby');
      this.addSynthesized({ key: standby, kind: 'standby', resource: i.id, file: i.file, resourceType: i.resourceType, range: i.idRange,
        parent, title: `${i.id} standby`, subtitle: `${engine} · ${cls}`, detail: 'standby · AZ 2 · no reads',
        badges: [{ kind: 'reads', state: 'off', text: 'no reads', description: 'serves no reads: it exists for failover only' }],
        noun: 'synchronous standby of' });
      this.addEdge('sync', key, standby, `${i.id} -> ${i.id} (standby)`, 'sync',
        'synchronous replication to the standby in another AZ: failover typically takes 1-2 minutes');
    }
    if (snapshotRestore) this.addSnapshot(i, key, parent, 'DB snapshot');
  }

  private addProxy(p: TopologyJson['proxies'][number]): void {
    const family = text(p.engineFamily) ?? 'engine family ?';
    const tls = p.requireTls;
    const badges: Badge[] = [tls === true ? { kind: 'tls', state: 'on', text: 'TLS', description: 'requires TLS' }
      : tls === false ? { kind: 'tls', state: 'off', text: 'no TLS', description: 'does not require TLS' }
        : { kind: 'tls', state: 'unknown', text: 'TLS ?', description: `TLS requirement unknown${reasonOf(tls)}` }];
    this.addResourceNode(p, {
      key: this.keyOf(p.file, p.id), kind: 'proxy', parent: this.regionGroupOf(p).key, title: p.id, subtitle: `RDS Proxy · ${family}`,
      detail: `${arr(p.targets).length} target${arr(p.targets).length === 1 ? '' : 's'} · ${arr(p.endpoints).length} endpoint${arr(p.endpoints).length === 1 ? '' : 's'}`,
      badges,
    });
  }

  private addEndpoint(e: TopologyJson['proxyEndpoints'][number]): void {
    const proxy = refOf(e.proxy);
    const proxyKey = proxy ? this.keyOf(proxy.file, proxy.id) : undefined;
    const parent = proxyKey && this.nodes.has(proxyKey) ? this.nodes.get(proxyKey)!.parent : this.regionGroupOf(e).key;
    const role = text(e.targetRole) ?? 'READ_WRITE';
    this.addResourceNode(e, {
      key: this.keyOf(e.file, e.id), kind: 'proxy-endpoint', parent, title: e.id, subtitle: 'proxy endpoint',
      detail: role === 'READ_ONLY' ? 'read-only: routes to readers' : role.toLowerCase().replace('_', '/'), badges: [],
    });
  }

  private addSnapshot(db: InstanceJson | ClusterJson, dbKey: string, parent: string, noun: string): void {
    const id = str(db.snapshotIdentifier);
    const title = id ?? 'snapshot set at deploy time';
    const key = JSON.stringify(['snapshot', parent, id ?? `?${dbKey}`]);
    if (!this.nodes.has(key)) {
      this.nodes.set(key, {
        key, kind: 'snapshot', parent, title, subtitle: noun, detail: 'restoring creates a new database',
        badges: [], findings: [], ariaLabel: `${noun} ${title}`, tooltip: `${noun}: ${title}${id ? '' : reasonOf(db.snapshotIdentifier)}`,
      });
    }
    this.addEdge('snapshot-restore', key, dbKey, `${title} -> ${db.id}`, 'restore',
      'restored from a snapshot: a new database with a new endpoint');
  }

  private addResourceNode(e: EntityJson, n: { key: string; kind: NodeKind; parent: string; title: string; subtitle: string; detail: string; badges: Badge[] }): void {
    const findings = this.findingsOf.get(refKey(e.file, e.id)) ?? [];
    const worst = findings[0]?.severity;
    const badges = findings.length > 0 ? [...n.badges, findingBadge(findings)] : n.badges;
    const condition = typeof e.condition === 'string' ? e.condition : undefined;
    const detail = condition ? `${n.detail} · if ${condition}` : n.detail;
    const noun = NOUN[n.kind];
    this.nodes.set(n.key, {
      ...n, detail, badges, resource: e.id, file: e.file, resourceType: e.resourceType, range: e.idRange, findings,
      ...(worst ? { worst } : {}), ...(condition ? { condition } : {}),
      ...(this.recoveryOf.has(refKey(e.file, e.id)) ? { recovery: this.recoveryOf.get(refKey(e.file, e.id)) } : {}),
      ...(this.inputsOf.has(refKey(e.file, e.id)) ? { inputs: this.inputsOf.get(refKey(e.file, e.id)) } : {}),
      ariaLabel: ariaLabel(noun, n.title, n.subtitle, detail, badges),
      tooltip: tooltip(`${n.title} (${e.resourceType})`, n.subtitle, detail, findings),
    });
  }

  private addSynthesized(n: Omit<DiagramNode, 'findings' | 'ariaLabel' | 'tooltip'> & { noun: string }): void {
    const { noun, ...node } = n;
    this.nodes.set(n.key, {
      ...node, findings: [],
      ariaLabel: ariaLabel(`${noun} ${n.resource}:`, n.title, n.subtitle, n.detail, n.badges),
      tooltip: tooltip(n.title, n.subtitle, n.detail, []),
    });
  }

  // --- edges ---------------------------------------------------------------------------------

  private addEdges(): void {
    for (const e of this.t.edges) {
      const from = this.keyOf(e.fromFile, e.from);
      const to = this.keyOf(e.toFile, e.to);
      if (!this.nodes.has(from) || !this.nodes.has(to)) continue;
      if (e.kind === 'replication') {
        const cross = e.crossRegion === true;
        this.addEdge('async', from, to, `${e.from} -> ${e.to}`, 'async',
          `asynchronous replication${cross ? ' to another region' : ''}: replicates corruption and deletion too`, cross);
      } else if (e.kind === 'restore') {
        this.addEdge('restore', from, to, `${e.from} -> ${e.to}`, 'restore',
          'point-in-time restore: a new instance with a new endpoint');
      } else if (e.kind === 'proxy-target') {
        this.addEdge('proxy', from, to, `${e.from} -> ${e.to}`, 'proxy', 'proxy target: connections are pooled and ride through failovers');
      }
      // 'membership' is drawn as containment: members sit inside their cluster.
    }
    for (const ep of this.t.proxyEndpoints) {
      const proxy = refOf(ep.proxy);
      if (!proxy) continue;
      const proxyKey = this.keyOf(proxy.file, proxy.id);
      const key = this.keyOf(ep.file, ep.id);
      if (!this.nodes.has(proxyKey)) continue;
      const readOnly = text(ep.targetRole) === 'READ_ONLY';
      this.addEdge('endpoint', proxyKey, key, `${proxy.id} -> ${ep.id}`, readOnly ? 'read-only' : 'endpoint',
        readOnly ? 'read-only proxy endpoint' : 'proxy endpoint');
      if (!readOnly) continue;
      // Readers exist for Aurora and Multi-AZ DB clusters; a Multi-AZ instance's standby serves none.
      const p = this.t.proxies.find((x) => x.id === proxy.id && x.file === proxy.file);
      for (const target of arr(p?.targets)) {
        const ref = refOf(target);
        if (!ref) continue;
        const targetKey = this.keyOf(ref.file, ref.id);
        if (this.compounds.has(targetKey)) {
          this.addEdge('readers', key, targetKey, `${ep.id} -> ${ref.id}`, 'reads', 'read-only endpoint: reaches the cluster\'s readers');
        }
      }
    }
  }

  private addEdge(kind: EdgeKind, from: string, to: string, name: string, label: string, description: string, crossRegion?: boolean): void {
    const key = JSON.stringify([kind, from, to]);
    if (!this.edges.has(key)) this.edges.set(key, { key, kind, from, to, name, label, description, ...(crossRegion ? { crossRegion } : {}) });
  }

  // --- fleets --------------------------------------------------------------------------------

  /**
   * Collapses direct replicas of one source in one group beyond the threshold,
   * and replication chains below DEFAULT_CHAIN_DEPTH; returns how many were hidden.
   */
  private collapseFleets(): number {
    const threshold = Math.max(1, this.options.fleetThreshold ?? DEFAULT_FLEET_THRESHOLD);
    const replicasOf = new Map<string, Map<string, string[]>>();
    const isReplica = new Set<string>();
    for (const e of this.edges.values()) {
      if (e.kind !== 'async') continue;
      isReplica.add(e.to);
      const parent = this.nodes.get(e.to)!.parent;
      let byParent = replicasOf.get(e.from);
      if (!byParent) { byParent = new Map(); replicasOf.set(e.from, byParent); }
      const list = byParent.get(parent);
      if (list) list.push(e.to); else byParent.set(parent, [e.to]);
    }
    const hasReplicas = (key: string) => replicasOf.has(key);
    const hiddenBy = this.collapseChains(replicasOf, isReplica);
    for (const [source, byParent] of replicasOf) {
      if (hiddenBy.has(source)) continue;
      for (const [parent, all] of byParent) {
        const replicas = all.filter((k) => !hiddenBy.has(k));
        if (replicas.length <= threshold) continue;
        const fleetKey = JSON.stringify(['fleet', source, parent]);
        if (this.options.expandedFleets?.has(fleetKey)) continue;
        // Keep what the reader needs to see: replicas with replicas of their own, then the worst findings.
        const ranked = replicas.map((key, order) => ({ key, order, node: this.nodes.get(key)! })).sort((a, b) =>
          Number(hasReplicas(b.key)) - Number(hasReplicas(a.key))
          || rank(a.node.worst) - rank(b.node.worst)
          || a.order - b.order);
        const keep = new Set(ranked.slice(0, threshold - 1).map((r) => r.key));
        const hidden = replicas.filter((k) => !keep.has(k));
        for (const h of hidden) hiddenBy.set(h, fleetKey);
        this.nodes.set(fleetKey, this.fleetNode(fleetKey, source, parent, hidden.map((k) => this.nodes.get(k)!)));
      }
    }
    if (hiddenBy.size === 0) return 0;
    // The standby of a hidden replica goes with it.
    for (const e of this.edges.values()) if (e.kind === 'sync' && hiddenBy.has(e.from)) this.nodes.delete(e.to);
    this.hide(hiddenBy);
    return hiddenBy.size;
  }

  /** Removes hidden nodes; their edges go to the node that stands for them (between two hidden in one: dropped). */
  private hide(hiddenBy: ReadonlyMap<string, string>): void {
    for (const h of hiddenBy.keys()) this.nodes.delete(h);
    const edges = [...this.edges.values()];
    this.edges.clear();
    for (const e of edges) {
      const from = hiddenBy.get(e.from) ?? e.from;
      const to = hiddenBy.get(e.to) ?? e.to;
      if (!this.nodes.has(from) || !this.nodes.has(to) || from === to) continue;
      if (from === e.from && to === e.to) { this.edges.set(e.key, e); continue; }
      const fromName = this.nodes.get(from)!.resource ?? this.nodes.get(from)!.title;
      const toName = this.nodes.get(to)!.resource ?? this.nodes.get(to)!.title;
      this.addEdge(e.kind, from, to, `${fromName} -> ${toName}`, e.label, e.description, e.crossRegion);
    }
  }

  /**
   * Regions, AZs and clusters the user collapsed: everything inside becomes
   * one node (a cluster keeps its own node, drawn without its members), with
   * the findings of all it holds and the edges of all it holds.
   */
  private collapseContainers(): void {
    const collapsed = this.options.collapsed;
    if (!collapsed || collapsed.size === 0) return;
    const parentOf = (key: string): string | undefined => this.nodes.get(key)?.parent || this.groups.get(key)?.parent;
    const hiddenBy = new Map<string, string>();
    const inside = new Map<string, DiagramNode[]>();
    for (const n of [...this.nodes.values()]) {
      let outermost: string | undefined;
      for (let p: string | undefined = n.parent; p; p = parentOf(p)) if (collapsed.has(p) && (this.groups.has(p) || this.nodes.has(p))) outermost = p;
      if (!outermost) continue;
      const list = inside.get(outermost) ?? [];
      list.push(n);
      inside.set(outermost, list);
    }
    for (const [container, members] of inside) {
      const cluster = this.nodes.get(container);
      const key = cluster ? container : JSON.stringify(['collapsed', container]);
      for (const m of members) hiddenBy.set(m.key, key);
      const findings = [...(cluster?.findings ?? []), ...members.flatMap((m) => m.findings)].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
      const databases = members.filter((m) => m.kind === 'instance' || m.kind === 'cluster').length;
      const proxies = members.filter((m) => m.kind === 'proxy').length;
      const subtitle = [`${databases} database${databases === 1 ? '' : 's'}`, proxies ? `${proxies} prox${proxies === 1 ? 'y' : 'ies'}` : ''].filter(Boolean).join(', ');
      if (cluster) {
        this.compounds.delete(container);
        this.nodes.set(container, {
          ...cluster, findings, detail: `${members.length} member${members.length === 1 ? '' : 's'} collapsed: open to expand`,
          ...(findings[0] ? { worst: findings[0].severity } : {}),
          badges: [...cluster.badges.filter((b) => b.kind !== 'finding'), ...(findings.length ? [findingBadge(findings)] : [])],
        });
        continue;
      }
      const group = this.groups.get(container)!;
      const detail = 'collapsed: open to expand';
      const badges = findings.length > 0 ? [findingBadge(findings)] : [];
      this.nodes.set(key, {
        key, kind: 'collapsed', parent: group.parent ?? '', title: group.label, subtitle, detail, badges, findings,
        ...(findings[0] ? { worst: findings[0].severity } : {}),
        ariaLabel: ariaLabel('collapsed', group.label, subtitle, detail, badges), tooltip: tooltip(group.label, subtitle, detail, findings),
      });
    }
    this.hide(hiddenBy);
  }

  /**
   * RDS allows at most 3 replicas in a chain below the source (RDS303 reports
   * deeper ones), so a chain deeper than DEFAULT_CHAIN_DEPTH is a generated or
   * broken template: what lies below that depth becomes one "+N replicas"
   * node (expandable like a fleet). Breadth first from each root, so a
   * cascade thousands deep costs linear time and ELK lays out a few nodes.
   */
  private collapseChains(replicasOf: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>, isReplica: ReadonlySet<string>): Map<string, string> {
    const hiddenBy = new Map<string, string>();
    const childrenOf = (key: string) => [...(replicasOf.get(key)?.values() ?? [])].flat();
    const seen = new Set<string>();
    for (const root of replicasOf.keys()) {
      if (isReplica.has(root)) continue;
      let level = [root];
      seen.add(root);
      for (let depth = 0; level.length > 0; depth++) {
        const next: string[] = [];
        for (const key of level) {
          for (const child of childrenOf(key)) {
            if (seen.has(child)) continue;
            seen.add(child);
            next.push(child);
          }
        }
        if (depth < DEFAULT_CHAIN_DEPTH) { level = next; continue; }
        // `level` is at the deepest drawn depth: everything below each of its nodes folds into one node.
        for (const top of level) {
          const chainKey = JSON.stringify(['chain', top]);
          if (this.options.expandedFleets?.has(chainKey)) continue;
          const below: string[] = [];
          for (let i = 0, queue = childrenOf(top).filter((c) => !hiddenBy.has(c)); i < queue.length; i++) {
            const k = queue[i];
            if (hiddenBy.has(k) || k === top) continue;
            hiddenBy.set(k, chainKey);
            seen.add(k);
            below.push(k);
            for (const c of childrenOf(k)) if (!hiddenBy.has(c)) queue.push(c);
          }
          if (below.length === 0) continue;
          const topNode = this.nodes.get(top)!;
          this.nodes.set(chainKey, this.fleetNode(chainKey, top, topNode.parent, below.map((k) => this.nodes.get(k)!),
            `replicas further down the chain below ${topNode.resource ?? topNode.title} (RDS allows 3 below the source)`));
        }
        break;
      }
    }
    return hiddenBy;
  }

  private fleetNode(key: string, source: string, parent: string, hidden: DiagramNode[], what?: string): DiagramNode {
    const sourceNode = this.nodes.get(source)!;
    const findings = hidden.flatMap((n) => n.findings).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
    const common = mostCommon(hidden.map((n) => n.subtitle));
    const title = `+${hidden.length} replicas`;
    const detail = what ?? `read replicas of ${sourceNode.resource ?? sourceNode.title}`;
    const names = hidden.map((n) => n.resource ?? n.title);
    const listed = names.length <= 20 ? names.join(', ') : `${names.slice(0, 20).join(', ')} and ${names.length - 20} more`;
    const badges = findings.length > 0 ? [findingBadge(findings)] : [];
    return {
      key, kind: 'fleet', parent, title, subtitle: common, detail, badges, findings,
      ...(findings[0] ? { worst: findings[0].severity } : {}),
      fleet: { source: sourceNode.resource ?? sourceNode.title, replicas: hidden.map((n) => n.resource ?? n.title) },
      ariaLabel: ariaLabel('collapsed', title, common, detail, badges),
      tooltip: tooltip(title, common, `${detail}: ${listed}`, findings),
    };
  }

  // --- groups --------------------------------------------------------------------------------

  private regionGroupOf(e: EntityJson): DiagramGroup {
    const cacheKey = refKey(e.file, e.id);
    const cached = this.regionKeyCache.get(cacheKey);
    if (cached) return cached;
    if (cached === null) return this.group(UNKNOWN_REGION, 'region', 'Region set at deploy time'); // a replication cycle
    this.regionKeyCache.set(cacheKey, null);
    let group: DiagramGroup;
    const region = str(e.region);
    if (region) group = this.group(`g:region:${region}`, 'region', `Region ${region}`);
    else {
      // A cross-region replica whose own region is not written: its own group, apart from its source's.
      const source = 'crossRegion' in e && e.crossRegion === true ? refOf(e.replicationSource) : undefined;
      const sourceEntity = source ? this.instanceByRef.get(refKey(source.file, source.id)) : undefined;
      if (sourceEntity) {
        const from = this.regionGroupOf(sourceEntity);
        const known = from.key.startsWith('g:region:') && from.key !== UNKNOWN_REGION ? from.key.slice('g:region:'.length) : undefined;
        group = this.group(`g:elsewhere:${from.key}`, 'region', known ? `Another region than ${known}` : 'Another region (cross-region replicas)');
      } else group = this.group(UNKNOWN_REGION, 'region', 'Region set at deploy time');
    }
    this.regionKeyCache.set(cacheKey, group);
    return group;
  }

  private azGroup(region: DiagramGroup, az: string): DiagramGroup {
    return this.group(`g:az:${region.key}:${az}`, 'az', `AZ ${az}`, region.key);
  }

  private group(key: string, kind: DiagramGroup['kind'], label: string, parent?: string): DiagramGroup {
    let g = this.groups.get(key);
    if (!g) { g = { key, kind, label, ...(parent ? { parent } : {}) }; this.groups.set(key, g); }
    return g;
  }

  // --- result --------------------------------------------------------------------------------

  private result(hiddenReplicas: number): DiagramGraph {
    const used = new Set<string>();
    for (const n of this.nodes.values()) {
      for (let p: string | undefined = n.parent; p && !used.has(p); p = this.groups.get(p)?.parent ?? this.nodes.get(p)?.parent) used.add(p);
    }
    const groups = [...this.groups.values()].filter((g) => used.has(g.key)).sort((a, b) =>
      Number(a.kind === 'az') - Number(b.kind === 'az') || regionOrder(a.key) - regionOrder(b.key) || a.label.localeCompare(b.label));
    // Parents before children: clusters (compounds) first, then the rest in file order, except that the
    // replicas of one source sit together, in natural name order (replica_2 before replica_10), where
    // the first of them is in the file: that is the order ELK stacks them in.
    const all = [...this.nodes.values()];
    const order = new Map(all.map((n, i) => [n.key, i]));
    const sourceOf = new Map<string, string>();
    for (const e of this.edges.values()) if (e.kind === 'async' && this.nodes.get(e.to)?.kind === 'instance') sourceOf.set(e.to, e.from);
    const firstReplica = new Map<string, number>();
    for (const [replica, source] of sourceOf) firstReplica.set(source, Math.min(firstReplica.get(source) ?? Infinity, order.get(replica)!));
    const slot = (n: DiagramNode) => { const s = sourceOf.get(n.key); return s === undefined ? order.get(n.key)! : firstReplica.get(s)!; };
    const nodes = all.sort((a, b) => Number(!this.compounds.has(a.key)) - Number(!this.compounds.has(b.key))
      || slot(a) - slot(b)
      || (sourceOf.has(a.key) && sourceOf.get(a.key) === sourceOf.get(b.key) ? naturalOrder(a.title, b.title) : 0)
      || order.get(a.key)! - order.get(b.key)!);
    const resourceCount = nodes.filter((n) => n.kind === 'instance' || n.kind === 'cluster' || n.kind === 'proxy' || n.kind === 'proxy-endpoint').length;
    return { groups, nodes, edges: [...this.edges.values()], compounds: new Set([...this.compounds].filter((k) => this.nodes.has(k))), hiddenReplicas, resourceCount };
  }

  private indexOf(file: string): number {
    let i = this.fileIndex.get(file);
    if (i === undefined) { i = this.fileIndex.size; this.fileIndex.set(file, i); }
    return i;
  }

  private keyOf(file: string, id: string): string {
    return nodeKey(this.indexOf(file), id);
  }
}

const NOUN: Record<NodeKind, string> = {
  instance: 'DB instance', standby: 'standby', cluster: 'DB cluster', 'cluster-instance': 'cluster instance', proxy: 'RDS Proxy',
  'proxy-endpoint': 'proxy endpoint', snapshot: 'snapshot', fleet: 'collapsed', collapsed: 'collapsed',
};

function storageBadges(e: InstanceJson | ClusterJson, isReplica: boolean): Badge[] {
  const badges: Badge[] = [];
  const retention = e.backupRetention;
  if (typeof retention === 'number' && retention > 0) {
    badges.push({ kind: 'backup', state: 'on', text: `${retention}d backup`, description: `automated backups kept ${retention} day${retention === 1 ? '' : 's'}` });
    badges.push({ kind: 'pitr', state: 'on', text: 'PITR', description: 'point-in-time recovery (recovery point about 5 minutes)' });
  } else if (retention === 0) {
    badges.push({ kind: 'backup', state: 'off', text: 'no backups', description: 'automated backups off (retention 0): no point-in-time recovery' });
  } else {
    badges.push({ kind: 'backup', state: 'unknown', text: 'backup ?', description: `backup retention unknown${reasonOf(retention)}` });
  }
  const snap = e.snapshotOnDelete;
  if (snap === true) badges.push({ kind: 'snapshot', state: 'on', text: 'final snap', description: 'a final snapshot is kept on deletion' });
  else if (snap === false) badges.push({ kind: 'snapshot', state: 'off', text: 'no final snap', description: 'deleting it keeps no final snapshot' });
  else if (snap !== null && snap !== undefined) badges.push({ kind: 'snapshot', state: 'unknown', text: 'final snap ?', description: `final snapshot on deletion unknown${reasonOf(snap)}` });
  const enc = e.storageEncrypted;
  if (enc === true) badges.push({ kind: 'encryption', state: 'on', text: 'encrypted', description: 'storage encrypted' });
  else if (enc === false || ((enc === null || enc === undefined) && !isReplica)) {
    badges.push({ kind: 'encryption', state: 'off', text: 'unencrypted', description: 'storage not encrypted' });
  } else if (enc !== null && enc !== undefined) badges.push({ kind: 'encryption', state: 'unknown', text: 'enc ?', description: `storage encryption unknown${reasonOf(enc)}` });
  return badges;
}

function findingBadge(findings: readonly DiagramFinding[]): Badge {
  const worst = findings[0];
  const more = findings.length - 1;
  return {
    kind: 'finding', state: worst.severity, text: `${worst.ruleId}${more > 0 ? ` +${more}` : ''}`,
    description: `${findings.length} finding${findings.length === 1 ? '' : 's'}, worst: ${worst.severity} ${worst.ruleId} ${worst.message}`,
  };
}

function ariaLabel(noun: string, title: string, subtitle: string, detail: string, badges: readonly Badge[]): string {
  return [`${noun} ${title}`, subtitle, detail, ...badges.map((b) => b.description)].filter(Boolean).join(', ');
}

function tooltip(title: string, subtitle: string, detail: string, findings: readonly DiagramFinding[]): string {
  const lines = [title, subtitle, detail];
  if (findings.length === 0) lines.push('No findings');
  else {
    for (const f of findings.slice(0, TOOLTIP_FINDINGS)) lines.push(`${f.severity} ${f.ruleId}: ${f.message}`);
    if (findings.length > TOOLTIP_FINDINGS) lines.push(`… and ${findings.length - TOOLTIP_FINDINGS} more findings`);
  }
  return lines.filter(Boolean).join('\n');
}

/** Findings listed in a hover; a collapsed fleet can carry thousands (the details panel lists them all). */
const TOOLTIP_FINDINGS = 20;

function rank(s: Severity | undefined): number {
  return s === undefined ? 3 : SEVERITY_RANK[s];
}

function regionOrder(key: string): number {
  return key === UNKNOWN_REGION ? 2 : key.startsWith('g:elsewhere:') ? 1 : 0;
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? '';
  for (const [v, n] of counts) if (n > (counts.get(best) ?? 0)) best = v;
  return best;
}

function refKey(file: string, id: string): string {
  return `${file}\u0000${id}`;
}

// --- reading JSON values ---------------------------------------------------------------------

function str(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A known scalar as text: strings and numbers ("abc" kept by the serializer for invalid numbers). */
function text(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function isUnknown(v: JsonValue | undefined): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'unknown' in v;
}

function reasonOf(v: unknown): string {
  return typeof v === 'object' && v !== null && 'unknown' in v && typeof (v as { unknown: unknown }).unknown === 'string'
    ? ` (${(v as { unknown: string }).unknown})` : '';
}

function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

function refOf(v: unknown): { id: string; file: string } | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as { id?: unknown; file?: unknown };
  return typeof r.id === 'string' && typeof r.file === 'string' ? { id: r.id, file: r.file } : undefined;
}

/** The container tree: groups and cluster nodes contain; '' is the top. */
export interface Hierarchy {
  parentOf(key: string): string;
  childrenOf(key: string): readonly string[];
}

export function hierarchy(graph: DiagramGraph): Hierarchy {
  const parent = new Map<string, string>();
  for (const g of graph.groups) parent.set(g.key, g.parent ?? '');
  for (const n of graph.nodes) parent.set(n.key, n.parent ?? '');
  const children = new Map<string, string[]>();
  for (const key of [...graph.groups.map((g) => g.key), ...graph.nodes.map((n) => n.key)]) {
    const p = parent.get(key)!;
    const list = children.get(p) ?? [];
    list.push(key);
    children.set(p, list);
  }
  return { parentOf: (key) => parent.get(key) ?? '', childrenOf: (key) => children.get(key) ?? [] };
}
