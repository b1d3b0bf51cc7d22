/**
 * What the diagram is drawn from: the topology as JSON (model/serialize.ts),
 * the findings on each resource and, when known, recovery estimates. It is
 * plain JSON so the language server can send it to the webview and the CLI
 * can hand it to the same renderer: diagram code never sees model objects.
 */
import { describeInputs, type InputOrigin } from '../evaluate/value';
import type { Finding, LintResult } from '../lint';
import type { LineIndex } from '../parse/lineIndex';
import { topologyToJson, type JsonRange, type TopologyJson } from '../model/serialize';
import type { Topology } from '../model/topology';
import { recoveryProfiles, type FailureKind, type RecoveryProfile, type RecoveryEstimate } from '../rules/recovery';
import { DRILL_FAILURES, DRILL_OUTCOMES, drills, type DrillEntry } from '../rules/drill';
import type { Severity } from '../rules/types';

export const DIAGRAM_INPUT_VERSION = 1;
/** The finding a file that does not parse gets. */
export const PARSE_ERROR_RULE = 'RDS000';

export interface DiagramFinding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  /** Logical id / Terraform address; findings without one are not drawn on a node. */
  readonly resource?: string;
  readonly range: JsonRange;
}

/** rules/recovery.ts `RecoveryProfile` as JSON, for one resource. Every figure is an estimate. */
export interface ResourceRecovery {
  readonly resource: string;
  readonly file: string;
  /** The database the profile describes: the resource itself, or a replica's root source, a member's cluster. */
  readonly database: string;
  /** "Multi-AZ instance, backups 7 days, 1 read replica". */
  readonly summary: string;
  /**
   * Its estimates: an index into DiagramInput.recoveryFailures. The replicas
   * of a chain share their root's; written once, the 1 MB template's input
   * is 5 MB lighter on its way to the webview.
   */
  readonly failures: number;
}

export type RecoveryFailures = readonly {
  readonly failure: FailureKind;
  readonly label: string;
  readonly rpo: Omit<RecoveryEstimate, 'estimate'>;
  readonly rto: Omit<RecoveryEstimate, 'estimate'>;
}[];

export interface DiagramInput {
  readonly version: typeof DIAGRAM_INPUT_VERSION;
  readonly topology: TopologyJson;
  readonly findings: readonly DiagramFinding[];
  /** Recovery estimates per database; absent when none were computed (the side panel says so). */
  readonly recovery?: readonly ResourceRecovery[];
  /** The estimates the entries of `recovery` point at. */
  readonly recoveryFailures?: readonly RecoveryFailures[];
  /** The failure drill (rules/drill.ts): per failure kind, each database's outcome. */
  readonly drill?: Partial<Record<FailureKind, readonly DrillEntry[]>>;
  /** Per resource, the values that come from a deployment input (a parameter file, tfvars, a default), naming it. */
  readonly inputs?: readonly ResourceInputs[];
}

/** The values of one resource that rest on deployment inputs: what the details pane says it shows them "with". */
export interface ResourceInputs {
  readonly resource: string;
  readonly file: string;
  readonly values: readonly InputValue[];
}

export interface InputValue {
  /** The model's attribute: `backupRetention`, `multiAz`. */
  readonly attribute: string;
  /** The value as the diagram uses it: `7`, `true`. */
  readonly value: string;
  /** evaluate/value.ts describeInputs: ` (with Retention=7 from prod.json)`. */
  readonly inputs: string;
}

/** What `rdscope graph` draws: everything one lint run saw. */
export function diagramInputFromLint(result: LintResult): DiagramInput {
  return diagramInput(result.topology, result.findings, (file) => result.documents.get(file)?.lineIndex);
}

/**
 * The payload of the `rdscope/topology` request: a topology (the language
 * server passes the part linked to the active document), the findings on
 * its files, and a recovery profile for each database in it.
 */
export function diagramInput(topology: Topology, findings: readonly Finding[], lineIndexOf: (file: string) => LineIndex | undefined): DiagramInput {
  const files = new Set(topology.files.map((f) => f.file));
  const position = (file: string, offset: number) => lineIndexOf(file)?.positionAt(offset) ?? { line: 0, character: 0 };
  return {
    version: DIAGRAM_INPUT_VERSION,
    topology: topologyToJson(topology, lineIndexOf),
    // A file that does not parse has no topology: its parse error (RDS000) still goes, so the
    // panel can say why the drawing of the file being typed in did not change.
    findings: findings.filter((f) => files.has(f.file) || f.ruleId === PARSE_ERROR_RULE).map((f): DiagramFinding => ({
      ruleId: f.ruleId, ruleName: f.ruleName, severity: f.severity, message: f.message, file: f.file,
      ...(f.resource !== undefined ? { resource: f.resource } : {}),
      range: { start: position(f.file, f.range.start), end: position(f.file, f.range.end) },
    })),
    ...recoveryOf(topology),
    drill: Object.fromEntries(drills(topology, findings).map((r) => [r.failure, r.databases])),
    inputs: inputsOf(topology),
  };
}

/** Every known attribute of every resource whose value rests on a deployment input, with the words that name the inputs. */
function inputsOf(topology: Topology): ResourceInputs[] {
  const out: ResourceInputs[] = [];
  for (const entity of [...topology.instances, ...topology.clusters, ...topology.proxies, ...topology.proxyEndpoints]) {
    const values: InputValue[] = [];
    for (const [attribute, a] of Object.entries(entity)) {
      if (!isObject(a) || a.known !== true || !Array.isArray(a.inputs) || a.inputs.length === 0) continue;
      const v = a.value;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
      values.push({ attribute, value: String(v), inputs: describeInputs(a.inputs as InputOrigin[]) });
    }
    if (values.length > 0) out.push({ resource: entity.id, file: entity.file, values });
  }
  return out;
}

/** One ResourceRecovery per database; the replicas of one chain share their root's failures list. */
function recoveryOf(topology: Topology): { recovery: ResourceRecovery[]; recoveryFailures: RecoveryFailures[] } {
  const profiles = recoveryProfiles([...topology.instances, ...topology.clusters], topology);
  const figure = ({ value, class: cls, reason }: RecoveryEstimate) => ({ value, class: cls, reason });
  const indexOf = new Map<RecoveryProfile, number>();
  const recoveryFailures: RecoveryFailures[] = [];
  const recovery: ResourceRecovery[] = [];
  for (const [db, profile] of profiles) {
    let failures = indexOf.get(profile);
    if (failures === undefined) {
      failures = recoveryFailures.push(profile.failures.map((f) => ({ failure: f.failure, label: f.label, rpo: figure(f.rpo), rto: figure(f.rto) }))) - 1;
      indexOf.set(profile, failures);
    }
    recovery.push({ resource: db.id, file: db.file, database: profile.database.id, summary: profile.summary, failures });
  }
  return { recovery, recoveryFailures };
}

/**
 * Accepts what arrives over a message channel: a DiagramInput, or a bare
 * topology (what `rdscope model` prints and an older `rdscope/topology`
 * returned). Anything else is refused with a reason, never half-drawn.
 */
export function toDiagramInput(value: unknown): DiagramInput {
  if (!isObject(value)) throw new Error('the diagram input is not an object');
  if ('topology' in value) {
    const topology = checkTopology(value.topology);
    const findings = Array.isArray(value.findings) ? value.findings.filter(isFinding) : [];
    const recoveryFailures = Array.isArray(value.recoveryFailures) ? value.recoveryFailures.map((f) => (isRecoveryFailures(f) ? f : [])) : [];
    const recovery = Array.isArray(value.recovery) ? value.recovery.filter((r) => isRecovery(r, recoveryFailures.length)) : undefined;
    const drill = checkDrill(value.drill);
    const inputs = Array.isArray(value.inputs) ? value.inputs.filter(isResourceInputs) : undefined;
    return {
      version: DIAGRAM_INPUT_VERSION, topology, findings, ...(recovery ? { recovery, recoveryFailures } : {}), ...(drill ? { drill } : {}), ...(inputs ? { inputs } : {}),
    };
  }
  return { version: DIAGRAM_INPUT_VERSION, topology: checkTopology(value), findings: [] };
}

function checkTopology(value: unknown): TopologyJson {
  if (!isObject(value)) throw new Error('the topology is not an object');
  for (const key of ['files', 'instances', 'clusters', 'proxies', 'proxyTargets', 'proxyEndpoints', 'edges']) {
    if (!Array.isArray(value[key])) throw new Error(`the topology has no "${key}" list`);
  }
  for (const key of ['instances', 'clusters', 'proxies', 'proxyEndpoints']) {
    for (const e of value[key] as unknown[]) {
      if (!isObject(e) || typeof e.id !== 'string' || typeof e.file !== 'string') throw new Error(`an entry of "${key}" has no id or file`);
    }
  }
  return value as unknown as TopologyJson;
}

function isFinding(f: unknown): f is DiagramFinding {
  return isObject(f) && typeof f.ruleId === 'string' && typeof f.message === 'string' && typeof f.file === 'string'
    && (f.severity === 'error' || f.severity === 'warning' || f.severity === 'info') && isObject(f.range);
}

function isRecovery(r: unknown, failuresCount: number): r is ResourceRecovery {
  return isObject(r) && typeof r.resource === 'string' && typeof r.file === 'string' && typeof r.summary === 'string'
    && typeof r.database === 'string' && typeof r.failures === 'number' && Number.isInteger(r.failures) && r.failures >= 0 && r.failures < failuresCount;
}

function isRecoveryFailures(list: unknown): list is RecoveryFailures {
  const figure = (e: unknown) => isObject(e) && typeof e.value === 'string' && typeof e.reason === 'string';
  return Array.isArray(list) && list.every((f) => isObject(f) && typeof f.label === 'string' && figure(f.rpo) && figure(f.rto));
}

function isResourceInputs(r: unknown): r is ResourceInputs {
  return isObject(r) && typeof r.resource === 'string' && typeof r.file === 'string' && Array.isArray(r.values)
    && r.values.every((v) => isObject(v) && typeof v.attribute === 'string' && typeof v.value === 'string' && typeof v.inputs === 'string');
}

function checkDrill(value: unknown): DiagramInput['drill'] {
  if (!isObject(value)) return undefined;
  const out: Partial<Record<FailureKind, DrillEntry[]>> = {};
  for (const failure of DRILL_FAILURES) {
    const list = value[failure];
    if (Array.isArray(list)) out[failure] = list.filter(isDrillEntry);
  }
  return out;
}

function isDrillEntry(d: unknown): d is DrillEntry {
  return isObject(d) && typeof d.resource === 'string' && typeof d.file === 'string' && typeof d.outcome === 'string'
    && (DRILL_OUTCOMES as readonly string[]).includes(d.outcome) && typeof d.rpo === 'string' && typeof d.rto === 'string'
    && typeof d.path === 'string' && Array.isArray(d.findings) && d.findings.every((f) => typeof f === 'string')
    && (d.unknown === undefined || (isObject(d.unknown) && typeof d.unknown.reason === 'string' && Array.isArray(d.unknown.outcomes)));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
