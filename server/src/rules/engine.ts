/**
 * Runs the registered rules over a topology: applies configured severities
 * and options, drops what is suppressed (resource Metadata / `//` comments,
 * template Metadata, configuration `off`) and counts it.
 */
import type { LintConfig } from '../config/config';
import type { Entity, Topology } from '../model/topology';
import type { Range } from '../parse/tree';
import type { FixProposal, MaterializedFix, Rule, Severity } from './types';

/**
 * One finding, from the rule that reported it to every front end: the same
 * shape for rule findings and for file findings (RDS000, RDS001), before and
 * after lint.ts turns the rule's fix proposal into text edits.
 */
export interface Finding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  readonly detail?: string;
  readonly file: string;
  readonly range: Range;
  /** The resource the finding belongs to; absent for findings about a file (RDS000, RDS001). */
  readonly entity?: Entity;
  /** The entity's logical id or Terraform address, and its type, as plain strings for output and LSP data. */
  readonly resource?: string;
  readonly resourceType?: string;
  readonly related: readonly { readonly file: string; readonly range: Range; readonly message: string }[];
  /** The rule's fix, in model terms (intents). */
  readonly proposal?: FixProposal;
  /** The fix as text edits; set by lint.ts, never on a suppressed finding. */
  readonly fix?: MaterializedFix;
  /** A suppression (resource or template Metadata, a Terraform comment) matched: shown only on request. */
  readonly suppressed?: boolean;
}

/** The findings of `rules` over `topology`, rule by rule in `rules` order, each rule's in its own order; no fix edits yet. */
export function runRules(topology: Topology, rules: readonly Rule[], config: LintConfig): Finding[] {
  const templateSuppressions = new Map(topology.files.map((f) => [f.file, f.suppressions]));
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.id];
    if (setting?.severity === 'off') continue;
    const options: Record<string, number | boolean | string> = {};
    for (const [name, spec] of Object.entries(rule.options ?? {})) options[name] = setting?.options?.[name] ?? spec.default;
    for (const report of rule.check(topology, { options })) {
      const entity = report.entity;
      const suppressed = names(entity.suppressions, rule) || names(templateSuppressions.get(entity.file), rule);
      // A configured severity wins over the default; a rule's own escalation (RDS301) keeps its step.
      const severity = report.severity && report.severity !== rule.defaultSeverity
        ? report.severity
        : (setting?.severity as Severity | undefined) ?? rule.defaultSeverity;
      const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
        ruleId: rule.id,
        ruleName: rule.name,
        severity,
        message: report.message,
        detail: report.detail,
        file: entity.file,
        range: report.range ?? entity.idRange,
        entity,
        resource: entity.id,
        resourceType: entity.resourceType,
        related: report.related === undefined || report.related.length === 0
          ? []
          : report.related.map((r) => ({ file: r.entity.file, range: r.range ?? r.entity.idRange, message: r.message })),
      };
      // Assigned, not spread (`...(fix ? { proposal } : {})`): a spread is a runtime call per finding, in cold code. Same key order.
      if (report.fix) finding.proposal = report.fix;
      if (suppressed) finding.suppressed = true;
      findings.push(finding);
    }
  }
  return findings;
}

/** Whether a suppression list names the rule, by id or by name. */
function names(ids: ReadonlySet<string> | undefined, rule: Rule): boolean {
  return !!ids && (ids.has(rule.id) || ids.has(rule.name));
}
