// Benchmark inputs, written into bench/generated/ (git-ignored).
//
// CloudFormation YAML with N RDS resources in the shapes real estates have
// (per group of ten: a Multi-AZ primary with two read replicas, an RDS Proxy
// with its target group, an Aurora cluster with a writer and a reader, a
// Single-AZ instance with backups off now and then, and a Multi-AZ DB cluster
// or a proxy endpoint), with comments, parameters and !Ref/!GetAtt/!Sub; the
// same topology as Terraform JSON; 1 MB and 5 MB templates; 200 small
// templates for the memory figure; replica chains for the graph figure.
//
// `node bench/generate.mjs [--quick]` writes them; bench/run.mjs imports it.
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudFormationYaml, cloudFormationYamlOfSize, replicaChainYaml, smallTemplate, terraformJson, tinyTemplate } from './templates.mjs';

export { cloudFormationYaml, cloudFormationYamlOfSize, terraformJson } from './templates.mjs';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const GENERATED = join(BENCH_DIR, 'generated');

export const RESOURCE_COUNTS = [100, 1000, 4000, 10000];
// --quick keeps the sizes the goals are about (CloudFormation 4,000, Terraform JSON 1,000) and one below each.
export const QUICK_RESOURCE_COUNTS = { cloudformation: [1000, 4000], terraform: [100, 1000] };
/** `graph` on replica chains this deep: the goal is at 5,000; 1,000 shows how the time grows. */
export const REPLICA_CHAIN_LENGTHS = [1000, 5000];

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  // Generating 10,000 resources takes a moment; keep files whose content is already right.
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return path;
  writeFileSync(path, text);
  return path;
}

/** Writes every input; returns their paths. */
export function generateAll({ quick = false } = {}) {
  const cfn = {};
  const tf = {};
  for (const n of quick ? QUICK_RESOURCE_COUNTS.cloudformation : RESOURCE_COUNTS) cfn[n] = write(join(GENERATED, `cfn-${n}.yaml`), cloudFormationYaml(n));
  for (const n of quick ? QUICK_RESOURCE_COUNTS.terraform : RESOURCE_COUNTS) tf[n] = write(join(GENERATED, `tf-${n}`, 'main.tf.json'), terraformJson(n));
  const sized = {};
  for (const [label, bytes] of quick ? [['1MB', 1_000_000]] : [['1MB', 1_000_000], ['5MB', 5_000_000]]) {
    sized[label] = write(join(GENERATED, `cfn-${label}.yaml`), cloudFormationYamlOfSize(bytes));
  }
  const small = [];
  for (let i = 0; i < 200; i++) small.push(write(join(GENERATED, 'small', `stack-${String(i).padStart(3, '0')}.yaml`), smallTemplate(i)));
  const tiny = write(join(GENERATED, 'tiny.yaml'), tinyTemplate());
  const chains = {};
  for (const n of REPLICA_CHAIN_LENGTHS) chains[n] = write(join(GENERATED, `replica-chain-${n}.yaml`), replicaChainYaml(n));
  return { cfn, tf, sized, small, tiny, chains };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = generateAll({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(out, (k, v) => (k === 'small' ? `${v.length} files` : v), 2));
}
