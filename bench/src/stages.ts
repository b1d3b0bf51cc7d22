/**
 * In-process stage timings of the engine on one file (parse, model, link,
 * rules, fixes): what the whole-process figure is made of. Used by
 * bench/run.mjs for the breakdown and by `node bench/generated/.build/stages.js FILE`.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import { analyzeDocument, lintAnalyzed } from '../../server/src/lint';
import { parseYaml } from '../../server/src/parse/yaml';
import { parseJson } from '../../server/src/parse/json';
import { detectTemplate } from '../../server/src/parse/detect';
import { buildCloudFormation } from '../../server/src/model/cloudformation';
import { buildTerraform } from '../../server/src/model/terraform';
import { linkTopology } from '../../server/src/model/link';
import { runRules } from '../../server/src/rules/engine';
import { RULES } from '../../server/src/rules/registry';

export function stages(uri: string, text: string): Record<string, number> {
  const t: Record<string, number> = {};
  let t0 = performance.now();
  const parsed = uri.endsWith('.json') ? parseJson(text) : parseYaml(text);
  t.parse = performance.now() - t0;
  t0 = performance.now();
  const kind = detectTemplate(parsed.root).kind;
  const model = kind === 'terraform' ? buildTerraform(uri, parsed.root!) : buildCloudFormation(uri, parsed.root!);
  t.model = performance.now() - t0;
  t0 = performance.now();
  const topology = linkTopology([model]);
  t.link = performance.now() - t0;
  t0 = performance.now();
  const findings = runRules(topology, RULES, DEFAULT_CONFIG);
  t.rules = performance.now() - t0;
  t.findings = findings.length;
  t0 = performance.now();
  const doc = analyzeDocument({ uri, text });
  t.analyze = performance.now() - t0;
  t0 = performance.now();
  lintAnalyzed(new Map([[uri, doc]]));
  t.lintAnalyzed = performance.now() - t0;
  t0 = performance.now();
  for (const rule of RULES) {
    const s = performance.now();
    rule.check(topology, { options: Object.fromEntries(Object.entries(rule.options ?? {}).map(([k, v]) => [k, v.default])) });
    const ms = performance.now() - s;
    if (ms > 2) t[`rule ${rule.id}`] = ms;
  }
  return t;
}

if (require.main === module) {
  const file = process.argv[2];
  const text = readFileSync(file, 'utf8');
  const runs = Number(process.argv[3] ?? 5);
  const best: Record<string, number> = {};
  for (let i = 0; i < runs; i++) {
    for (const [k, v] of Object.entries(stages(file, text))) best[k] = Math.min(best[k] ?? Infinity, v);
  }
  console.log(`min of ${runs}: ${Object.entries(best).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
}
