/**
 * The one entry point the CLI and the language server share:
 * text -> parse -> model -> link -> rules -> findings (with fixes as edits).
 * A pure function of the documents, the configuration and the files it may
 * read: it remembers nothing between calls. The language server's
 * incremental re-analysis (server/src/incremental/) is state the server owns
 * and builds on the steps exported here; this module never imports it.
 */
import { DEFAULT_CONFIG, type LintConfig } from './config/config';
import { materializeFix } from './fix/edits';
import { buildCloudFormation } from './model/cloudformation';
import { linkTopology } from './model/link';
import { buildTerraformPlan } from './model/plan';
import { buildTerraform } from './model/terraform';
import { buildTerraformDeployment } from './model/terraformDeployment';
import type { FileModel, Topology } from './model/topology';
import { detectTemplate, formatOf, looksLikeTemplate, templateShapeProblem, topLevelProblem, type TemplateKind } from './parse/detect';
import { hclUnavailable, parseHcl } from './parse/hcl';
import { parseJson } from './parse/json';
import { LineIndex } from './parse/lineIndex';
import type { ParsedText, Range, SourceFormat, ValueNode } from './parse/tree';
import { parseYaml } from './parse/yaml';
import { runRules, type Finding } from './rules/engine';
import { MODULE_NOT_READ_RULE, PARSE_ERROR_RULE, RULES } from './rules/registry';
import type { Rule } from './rules/types';
import { NO_FILES, type DeploymentInputs, type FileSource } from './evaluate/inputs';
import { deploymentParameters } from './evaluate/cloudformation/parameters';
import { intoModuleCaller } from './rules/moduleFindings';

export interface SourceDocument {
  /** A path or URI; findings and the model name files by it. */
  readonly uri: string;
  readonly text: string;
}

export interface AnalyzedDocument {
  readonly uri: string;
  readonly text: string;
  readonly format: SourceFormat;
  readonly lineIndex: LineIndex;
  /** Set for templates. */
  readonly kind?: TemplateKind;
  /** The parsed value tree (kept so a Terraform module can be rebuilt with its sibling files). */
  readonly root?: ValueNode;
  readonly model?: FileModel;
  /** Why the file is not linted (not a template); absent for templates and broken templates. */
  readonly skipped?: string;
  /** Why a template could not be read: becomes RDS000. */
  readonly problem?: { readonly message: string; readonly range: Range };
  /** YAML anchored text that aliases repeat (ParsedText.aliased): fixes do not edit it. */
  readonly aliased?: readonly Range[];
}

export type { Finding } from './rules/engine';

export interface LintResult {
  readonly documents: ReadonlyMap<string, AnalyzedDocument>;
  readonly topology: Topology;
  /** Reported findings, in file order then position. */
  readonly findings: Finding[];
  /** Findings a suppression removed (shown with --show-suppressed). */
  readonly suppressed: Finding[];
}

export interface LintOptions {
  readonly config?: LintConfig;
  readonly rules?: readonly Rule[];
  /** Reads modules, tfvars and nested stack templates the documents refer to; absent: only the documents given. */
  readonly files?: FileSource;
}

/**
 * How the incremental analysis (server/src/incremental/) reuses this one:
 * `lineIndex` and `parse` supply what it updated from the previous version,
 * `model` the file model it spliced (or undefined: build it), `readYaml`
 * reads a text that is YAML here (the same result as parseYaml, when the
 * editor knows the text is likely broken). Everything else is decided here,
 * for both.
 */
export interface AnalysisSteps {
  readonly lineIndex?: (text: string) => LineIndex;
  readonly parse?: (text: string) => ParsedText;
  readonly readYaml?: (text: string) => ParsedText;
  readonly model?: (kind: TemplateKind, uri: string, parsed: ParsedText) => FileModel | undefined;
}

export function analyzeDocument(doc: SourceDocument, config: LintConfig = DEFAULT_CONFIG, steps: AnalysisSteps = {}, files: FileSource = NO_FILES): AnalyzedDocument {
  const { uri, text } = doc;
  const format = formatOf(uri, text);
  const base = { uri, text, format, lineIndex: steps.lineIndex?.(text) ?? new LineIndex(text) };
  const broken = (message: string, range: Range): AnalyzedDocument =>
    looksLikeTemplate(text, uri) ? { ...base, problem: { message, range } } : { ...base, skipped: `not a template it can read (${message})` };

  const size = utf8Length(text, config.maxFileBytes);
  if (size > config.maxFileBytes) {
    return broken(`The file is ${size} bytes, over the ${config.maxFileBytes}-byte limit (maxFileBytes); it is not linted`, { start: 0, end: 0 });
  }
  // An empty .tf file is an ordinary part of a Terraform module (outputs.tf); an empty template is broken.
  if (text.trim() === '') return format === 'hcl' ? { ...base, skipped: 'empty .tf file' } : broken('The file is empty', { start: 0, end: 0 });
  const hclSkip = format === 'hcl' ? hclUnavailable() : undefined;
  if (hclSkip) return { ...base, skipped: hclSkip };
  let parsed: ParsedText;
  try {
    parsed = steps.parse ? steps.parse(text) : format === 'json' ? parseJson(text) : format === 'hcl' ? parseHcl(text) : (steps.readYaml ?? parseYaml)(text);
  } catch (error) {
    return broken(`The file could not be read: ${error instanceof Error ? error.message : String(error)}`, { start: 0, end: 0 });
  }
  if (parsed.problems.length > 0) {
    // A `.tf` file is Terraform by its name: one that does not parse is a broken configuration (RDS000).
    if (format === 'hcl') return { ...base, problem: parsed.problems[0] };
    return broken(parsed.problems[0].message, parsed.problems[0].range);
  }
  const detection = detectTemplate(parsed.root, uri);
  if (!detection.kind) {
    const topLevel = topLevelProblem(parsed.root, uri);
    return topLevel ? { ...base, problem: topLevel } : { ...base, skipped: `not a template: ${detection.reason}` };
  }
  const shape = templateShapeProblem(detection.kind, parsed.root!);
  if (shape) return { ...base, problem: shape };
  const model = steps.model?.(detection.kind, uri, parsed) ?? buildModel(detection.kind, uri, parsed, config, files, text);
  return { ...base, kind: detection.kind, root: parsed.root, model, ...(parsed.aliased ? { aliased: parsed.aliased } : {}) };
}

/**
 * The text's size in UTF-8 bytes, as the file on disk has it, so the editor
 * and the CLI (which checks the file's size) apply the same limit. Counted
 * only when the UTF-16 length alone does not settle it (a unit is 1-3 bytes):
 * below a third of the limit the length stands in.
 */
function utf8Length(text: string, limit: number): number {
  return text.length * 3 <= limit ? text.length : Buffer.byteLength(text, 'utf8');
}

function buildModel(kind: TemplateKind, uri: string, parsed: ParsedText, config: LintConfig, files: FileSource, text: string): FileModel {
  const root = parsed.root!;
  switch (kind) {
    case 'cloudformation': return buildCloudFormation(uri, root, { parameters: deploymentParameters(config.deployment, files).given, files, text });
    case 'terraform': return buildTerraform(uri, root);
    case 'terraform-plan': return buildTerraformPlan(uri, root);
  }
}

/**
 * The file models to link. Terraform documents are built together
 * (model/terraformDeployment.ts): a module is a folder, and a root module
 * expands the modules it calls, with the deployment's inputs.
 */
export function modelsOf(documents: ReadonlyMap<string, AnalyzedDocument>, files?: FileSource, inputs?: DeploymentInputs): FileModel[] {
  const terraform = [...documents.values()].filter((d) => d.kind === 'terraform' && d.root && d.model);
  const built = new Map<string, FileModel[]>();
  const others: FileModel[] = [];
  for (const m of buildTerraformDeployment(terraform.map((d) => ({ uri: d.uri, root: d.root!, alone: d.model })), files, inputs)) {
    if (documents.get(m.summary.file)?.kind === 'terraform') built.set(m.summary.file, [...(built.get(m.summary.file) ?? []), m]);
    else others.push(m);
  }
  const nested = nestedElsewhere(documents);
  const models: FileModel[] = [];
  for (const d of documents.values()) {
    if (!d.model || nested.has(d.uri)) continue;
    models.push(...(d.kind === 'terraform' ? built.get(d.uri) ?? [] : [d.model]));
  }
  return [...models, ...others];
}

/**
 * The templates another template of the run nests: each is deployed only as
 * that child, with the parameters the parent passes, and its entities are in
 * the parent's model, so it is not also linted on its own with its defaults.
 * Templates that nest each other (a loop, RDS001 on the parents) both stay.
 */
function nestedElsewhere(documents: ReadonlyMap<string, AnalyzedDocument>): Set<string> {
  const nestedBy = new Map<string, string[]>();
  for (const d of documents.values()) {
    if (d.kind !== 'cloudformation') continue;
    for (const file of d.model?.nestedTemplates ?? []) if (file !== d.uri) nestedBy.set(file, [...(nestedBy.get(file) ?? []), d.uri]);
  }
  const out = new Set<string>();
  for (const [file, parents] of nestedBy) {
    const child = documents.get(file);
    if (child?.kind !== 'cloudformation') continue;
    if (parents.some((p) => !child.model?.nestedTemplates?.includes(p))) out.add(file);
  }
  return out;
}

/** Lints documents together, so a replica in one file finds its source in another. */
export function lintDocuments(docs: readonly SourceDocument[], options: LintOptions = {}): LintResult {
  const config = options.config ?? DEFAULT_CONFIG;
  const documents = new Map<string, AnalyzedDocument>();
  for (const doc of docs) documents.set(doc.uri, analyzeDocument(doc, config, {}, options.files));
  return lintAnalyzed(documents, options);
}

export function lintAnalyzed(documents: ReadonlyMap<string, AnalyzedDocument>, options: LintOptions = {}): LintResult {
  return lintInRuleOrder(documents, options).result;
}

/**
 * The lint, plus every finding (suppressed ones too) in the order the rules
 * produced them: the order the incremental lint keeps its findings in.
 */
export function lintInRuleOrder(documents: ReadonlyMap<string, AnalyzedDocument>, options: LintOptions = {}): { result: LintResult; inRuleOrder: Finding[] } {
  const config = options.config ?? DEFAULT_CONFIG;
  const rules = options.rules ?? RULES;
  const topology = linkTopology(modelsOf(documents, options.files, config.deployment));
  const inRuleOrder = withFixEdits(runRules(topology, rules, config).map((f) => intoModuleCaller(f, (file) => documents.has(file))), documents);
  return { result: resultOf(documents, topology, inRuleOrder, config), inRuleOrder };
}

/** The result of a lint: file findings (RDS000, RDS001) and rule findings, split into reported and suppressed, in file order. */
export function resultOf(documents: ReadonlyMap<string, AnalyzedDocument>, topology: Topology, ruleFindings: readonly Finding[], config: LintConfig): LintResult {
  const findings = fileFindings(documents, topology, config);
  const suppressed: Finding[] = [];
  for (const f of ruleFindings) (f.suppressed ? suppressed : findings).push(f);
  findings.sort(findingOrder);
  suppressed.sort(findingOrder);
  return { documents, topology, findings, suppressed };
}

/** RDS000 for every template that could not be read, RDS001 for every module or nested stack that could not be. */
function fileFindings(documents: ReadonlyMap<string, AnalyzedDocument>, topology: Topology, config: LintConfig): Finding[] {
  const findings: Finding[] = [];
  const parseSetting = config.rules[PARSE_ERROR_RULE.id]?.severity;
  if (parseSetting !== 'off') {
    for (const d of documents.values()) {
      if (!d.problem) continue;
      findings.push({
        ruleId: PARSE_ERROR_RULE.id, ruleName: PARSE_ERROR_RULE.name, severity: parseSetting ?? PARSE_ERROR_RULE.defaultSeverity,
        message: d.problem.message, file: d.uri, range: d.problem.range, related: [],
      });
    }
  }
  const unreadSetting = config.rules[MODULE_NOT_READ_RULE.id]?.severity;
  for (const u of topology.unread) {
    // A broken configuration (a module calling itself) is an error like a template that does not parse.
    const rule = u.broken ? PARSE_ERROR_RULE : MODULE_NOT_READ_RULE;
    const setting = u.broken ? parseSetting : unreadSetting;
    if (setting === 'off') continue;
    findings.push({
      ruleId: rule.id, ruleName: rule.name, severity: setting ?? rule.defaultSeverity,
      message: u.message, file: u.file, range: u.range, related: [],
    });
  }
  return findings;
}

/** Rule findings with their fix proposals turned into text edits against the documents (none on a suppressed finding). */
export function withFixEdits(ruleFindings: readonly Finding[], documents: ReadonlyMap<string, AnalyzedDocument>): Finding[] {
  const fixDocument = (file: string) => {
    const d = documents.get(file);
    return d ? { text: d.text, format: d.format, aliased: d.aliased } : undefined;
  };
  const out: Finding[] = [];
  for (const f of ruleFindings) {
    const fix = f.proposal && !f.suppressed ? materializeFix(f.proposal, fixDocument) : undefined;
    out.push(fix ? { ...f, fix } : f);
  }
  return out;
}

/**
 * File, then offset, then rule id. Rule ids are `RDS` and three digits, so comparing code units gives
 * localeCompare's order without loading ICU's collation data (~9 ms at the first call of a process).
 */
export function findingOrder(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
