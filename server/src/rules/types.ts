/**
 * What a rule is and what it reports. A rule sees the topology only; it
 * returns reports that point at model attributes and entities. Fixes are data
 * (intents); fix/edits.ts turns them into text edits against the file.
 */
import type { MapNode, Range, Scalar } from '../parse/tree';
import type { Entity, Topology } from '../model/topology';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface RuleMeta {
  /** Stable id: `RDS201`. */
  readonly id: string;
  /** Stable name: `no-multi-az`. */
  readonly name: string;
  readonly defaultSeverity: Severity;
  /** One line for `rdscope rules`, SARIF shortDescription and the docs index. */
  readonly summary: string;
  /** What its findings offer: a fix, a suggestion (see FixKind), both (by case), or nothing. */
  readonly offers?: readonly FixKind[];
  /** A paragraph for SARIF fullDescription. */
  readonly description: string;
  /** Options and their defaults (`RDS301.maxReplicas`: 5); validated by the config schema. */
  readonly options?: Readonly<Record<string, { readonly type: 'integer' | 'boolean' | 'string'; readonly default: number | boolean | string; readonly description: string; readonly minimum?: number }>>;
}

export interface Rule extends RuleMeta {
  check(topology: Topology, context: RuleContext): RuleReport[];
}

export interface RuleContext {
  /** The rule's options with defaults filled in. */
  readonly options: Readonly<Record<string, number | boolean | string>>;
}

export interface RelatedLocation {
  readonly entity: Entity;
  /** Defaults to the entity's id range. */
  readonly range?: Range;
  readonly message: string;
}

/** One change a fix makes, in model terms. */
export type FixIntent =
  /** Set a property (replace its value if written, insert it if absent). */
  | { readonly kind: 'set'; readonly entity: Entity; readonly key: string; readonly value: Scalar; readonly valueRange?: Range }
  /** Remove a written property, key and value. */
  | { readonly kind: 'remove'; readonly entity: Entity; readonly key: string; readonly keyRange: Range; readonly valueRange: Range }
  /**
   * Set a Terraform module call's argument (`multi_az = true` on `module "db"`)
   * for a finding about `entity`, created by that call: replace the argument's
   * value if written, insert it into the call's block if absent. Made by
   * rules/moduleFindings.ts from a `set` on the resource inside the module.
   */
  | { readonly kind: 'set-argument'; readonly entity: Entity; readonly file: string; readonly call: MapNode; readonly name: string; readonly value: Scalar; readonly valueRange?: Range };

/**
 * eslint's split. A `fix` changes no running database: a deletion or
 * update-replace policy, removing a property RDS rejects, clamping a value RDS
 * rejects into its range (a template RDS rejects never deployed, so nothing
 * running changes). A `suggestion` changes a running database or its cost:
 * Multi-AZ (doubles the bill), backups on (briefly suspends I/O), RequireTLS
 * (breaks clients without TLS), a final snapshot identifier we would invent.
 * Fix-on-save and `--fix` apply fixes only; suggestions stay quick fixes in the
 * editor and need `--fix-suggestions` in the CLI.
 */
export type FixKind = 'fix' | 'suggestion';

export interface FixProposal {
  /** Shown in the editor's light bulb: "Set MultiAZ: true". */
  readonly title: string;
  readonly kind: FixKind;
  readonly intents: readonly FixIntent[];
}

/** One text change in one file (UTF-16 offsets, as the value tree's ranges). */
export interface TextEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

/** A fix proposal turned into text edits against the files (fix/edits.ts makes them). */
export interface MaterializedFix {
  readonly title: string;
  /** A fix changes no running database; a suggestion does (FixKind). */
  readonly kind: FixKind;
  readonly edits: readonly TextEdit[];
}

export interface RuleReport {
  /** The resource the finding belongs to. */
  readonly entity: Entity;
  /** The most specific offending text; defaults to the entity's id range (an absence). */
  readonly range?: Range;
  /**
   * One sentence, at most ~120 characters (the Problems panel shows about
   * 130): the resource, what is wrong, the consequence. Asserted by
   * test/rules/messages.test.ts.
   */
  readonly message: string;
  /** The explanation and the remedy: the finding's hover, JSON `detail`, `--verbose`. */
  readonly detail?: string;
  /** Overrides the configured severity only where the catalog says so (RDS301 above the engine's limit). */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  readonly fix?: FixProposal;
}
