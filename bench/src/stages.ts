/**
 * In-process stage timings of one `rdscope lint FILE --format json`: what the
 * whole-process figure is made of. The stages are the engine's arrows:
 *
 *   read      the file from disk, decoded
 *   parse     text -> value tree with positions (YAML or rdscope's JSON parser)
 *   evaluate  parameters, conditions, variables: none as a step of its own yet
 *             (the model builders resolve what they read), so 0 until
 *             deployment evaluation lands as a stage
 *   model     value tree -> the file's RDS model (detection included), and
 *             the models to link (a Terraform folder built as a deployment)
 *   link      file models -> one topology
 *   rules     every rule over the topology
 *   findings  fix proposals -> text edits, file findings, order
 *   output    the JSON report
 *
 * `node bench/generated/.build/stages.js FILE [RUNS]` prints the median of
 * RUNS (after a warm-up run) as JSON, wall time per stage and, under `cpu`,
 * CPU time per stage; bench/run.mjs calls it for the table.
 * `node bench/generated/.build/stages.js FILE cold` prints the one lint of a
 * fresh process instead (the same JSON), what a whole-process lint is made of.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import { configurableRules } from '../../server/src/config/load';
import { formatReport } from '../../server/src/format/index';
import { modelsOf, resultOf, withFixEdits, type AnalyzedDocument } from '../../server/src/lint';
import { buildCloudFormation } from '../../server/src/model/cloudformation';
import { linkTopology } from '../../server/src/model/link';
import { buildTerraform } from '../../server/src/model/terraform';
import { detectTemplate } from '../../server/src/parse/detect';
import { parseJson } from '../../server/src/parse/json';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { parseYaml } from '../../server/src/parse/yaml';
import { runRules } from '../../server/src/rules/engine';
import { RULES } from '../../server/src/rules/registry';

export const STAGES = ['read', 'parse', 'evaluate', 'model', 'link', 'rules', 'findings', 'output'] as const;
export type Stage = (typeof STAGES)[number];

export function stages(file: string): Record<Stage, number> & { findings_count: number; cpu: Record<Stage, number> } {
  const t = {} as Record<Stage, number>;
  // CPU time too (user + system, all of the process's threads: GC and compiler helpers included): a loaded machine moves it far less than wall time.
  const cpu = {} as Record<Stage, number>;
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const lap = (stage: Stage) => {
    const now = performance.now();
    const c = process.cpuUsage(c0);
    t[stage] = now - t0;
    cpu[stage] = (c.user + c.system) / 1000;
    t0 = now;
    c0 = process.cpuUsage();
  };
  const text = readFileSync(file, 'utf8');
  lap('read');
  const format = text.trimStart().startsWith('{') ? 'json' : 'yaml';
  const lineIndex = new LineIndex(text);
  const parsed = format === 'json' ? parseJson(text) : parseYaml(text);
  lap('parse');
  lap('evaluate');
  const kind = detectTemplate(parsed.root).kind;
  if (kind !== 'cloudformation' && kind !== 'terraform') throw new Error(`${file}: not a CloudFormation or Terraform JSON template (${kind})`);
  // As lint does: each file's model (analyzeDocument), then the models to link (modelsOf: a Terraform folder as a deployment).
  const model = kind === 'terraform' ? buildTerraform(file, parsed.root!) : buildCloudFormation(file, parsed.root!);
  const document: AnalyzedDocument = { uri: file, text, format, lineIndex, kind, root: parsed.root, model };
  const documents = new Map([[file, document]]);
  const models = modelsOf(documents);
  lap('model');
  const topology = linkTopology(models);
  lap('link');
  const ruleFindings = runRules(topology, RULES, DEFAULT_CONFIG);
  lap('rules');
  const result = resultOf(documents, topology, withFixEdits(ruleFindings, documents), DEFAULT_CONFIG);
  lap('findings');
  const report = formatReport('json', result, { toolVersion: 'bench', rules: configurableRules(), filesLinted: 1 });
  lap('output');
  if (report.length === 0) throw new Error('empty report');
  return { ...t, findings_count: result.findings.length, cpu };
}

if (require.main === module) {
  const file = process.argv[2];
  if (process.argv[3] === 'cold') {
    // One lint in this fresh process, as `rdscope lint` does it: each stage pays for compiling its code (no code cache here) and the first collections.
    const cold = stages(file);
    console.log(JSON.stringify({ ...Object.fromEntries(STAGES.map((stage) => [stage, cold[stage]])), findingCount: cold.findings_count, cpu: cold.cpu }));
    process.exit(0);
  }
  const runs = Number(process.argv[3] ?? 5);
  stages(file); // warm-up: the first run also compiles
  const samples = Array.from({ length: runs }, () => stages(file));
  const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  const out: Record<string, number> = {};
  for (const stage of STAGES) out[stage] = median(samples.map((s) => s[stage]));
  out.findingCount = samples[0].findings_count;
  const cpu: Record<string, number> = {};
  for (const stage of STAGES) cpu[stage] = median(samples.map((s) => s.cpu[stage]));
  console.log(JSON.stringify({ ...out, cpu }));
}
