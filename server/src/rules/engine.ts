/**
 * Runs the registered rules over a topology: applies configured severities
 * and options, drops what is suppressed (resource Metadata / `//` comments,
 * template Metadata, configuration `off`) and counts it.
 */
import type { LintConfig } from '../config/config';
import type { Entity, Topology } from '../model/topology';
import type { Range } from '../parse/tree';
import type { FixProposal, Rule, Severity } from './types';

export interface RuleFinding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  readonly detail?: string;
  readonly file: string;
  readonly range: Range;
  readonly entity?: Entity;
  readonly related: readonly { readonly file: string; readonly range: Range; readonly message: string }[];
  readonly fix?: FixProposal;
  /** Set when a suppression matched; such findings are only shown on request. */
  readonly suppressedBy?: 'resource' | 'template';
}

export function runRules(topology: Topology, rules: readonly Rule[], config: LintConfig): RuleFinding[] {
  const templateSuppressions = new Map(topology.files.map((f) => [f.file, f.suppressions]));
  const findings: RuleFinding[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.id];
    if (setting?.severity === 'off') continue;
    const options: Record<string, number | boolean | string> = {};
    for (const [name, spec] of Object.entries(rule.options ?? {})) options[name] = setting?.options?.[name] ?? spec.default;
    for (const report of rule.check(topology, { options })) {
      const entity = report.entity;
      const matches = (ids: ReadonlySet<string> | undefined) => !!ids && (ids.has(rule.id) || ids.has(rule.name));
      const suppressedBy = matches(entity.suppressions) ? 'resource' as const
        : matches(templateSuppressions.get(entity.file)) ? 'template' as const : undefined;
      // A configured severity wins over the default; a rule's own escalation (RDS301) keeps its step.
      const severity = report.severity && report.severity !== rule.defaultSeverity
        ? report.severity
        : (setting?.severity as Severity | undefined) ?? rule.defaultSeverity;
      findings.push({
        ruleId: rule.id,
        ruleName: rule.name,
        severity,
        message: report.message,
        detail: report.detail,
        file: entity.file,
        range: report.range ?? entity.idRange,
        entity,
        related: (report.related ?? []).map((r) => ({ file: r.entity.file, range: r.range ?? r.entity.idRange, message: r.message })),
        fix: report.fix,
        suppressedBy,
      });
    }
  }
  return findings;
}
