/**
 * A generated replication tangle: thousands of DB instances whose sources
 * point at random other instances (trees, chains, cycles, self-references,
 * a long chain, a wide star), written as CloudFormation YAML or Terraform
 * JSON, with the findings an independent count expects. Seeded: the same
 * seed gives the same template.
 */
import { seededRandom } from './support';

export interface Tangle {
  /** source[i]: the instance i replicates from, or -1 for a standalone root. */
  readonly source: readonly number[];
  /** The last instance of the long chain (the deepest replica). */
  readonly chainEnd: number;
  readonly expected: { readonly instances: number; readonly rds301: number; readonly rds302: number; readonly rds303: number; readonly replicationEdges: number };
}

/** MySQL: at most 3 levels of cascading replicas, 15 replicas per source; RDS301 warns above 5. */
const CHAIN_LIMIT = 3;
const WARN_REPLICAS = 5;

export function generateTangle(n: number, seed: number): Tangle {
  const random = seededRandom(seed);
  const pick = (k: number) => Math.floor(random() * k);
  const source = new Array<number>(n).fill(-1);
  const longChain = Math.floor(n / 3); // instances [a, a + longChain) form one chain
  const chainStart = pick(n - longChain);
  const star = Math.min(2000, Math.floor(n / 15));
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.3) source[i] = -1;
    else if (r < 0.8) source[i] = i === 0 ? -1 : pick(i); // an earlier instance: trees and chains
    else source[i] = pick(n); // anywhere: cycles, self-references
  }
  // One long chain (deep walks), its head a root.
  source[chainStart] = -1;
  for (let i = chainStart + 1; i < chainStart + longChain; i++) source[i] = i - 1;
  // A star: many direct replicas of one root outside the chain.
  const hub = chainStart === 0 ? n - 1 : 0;
  source[hub] = -1;
  for (let k = 0, i = 0; k < star && i < n; i++) {
    if (i !== hub && (i < chainStart || i >= chainStart + longChain)) { source[i] = hub; k++; }
  }
  // Cycles, for certain: a self-reference, a big ring, and small rings of 2-10 instances with tails into them.
  const free = [...Array(n).keys()].filter((i) => i !== hub && source[i] !== hub && (i < chainStart || i >= chainStart + longChain));
  let next = 0;
  const take = () => free[next++];
  const ring = (size: number) => {
    const members = Array.from({ length: size }, take).filter((i) => i !== undefined);
    members.forEach((m, k) => { source[m] = members[(k + 1) % members.length]; });
    return members;
  };
  const narcissus = take();
  source[narcissus] = narcissus;
  ring(Math.min(3000, Math.floor(free.length / 4)));
  for (let k = 0; k < 100 && next < free.length - 20; k++) {
    const members = ring(2 + pick(9));
    const tail = take();
    if (tail !== undefined && members.length) source[tail] = members[0];
  }
  return { source, chainEnd: chainStart + longChain - 1, expected: expectations(source) };
}

function expectations(source: readonly number[]): Tangle['expected'] {
  const n = source.length;
  // Nodes on cycles: walk each path once with three states (iteratively: chains are long).
  const state = new Uint8Array(n); // 0 new, 1 on the current path, 2 done
  const onCycle = new Uint8Array(n);
  for (let start = 0; start < n; start++) {
    if (state[start]) continue;
    const path: number[] = [];
    let v = start;
    while (v >= 0 && state[v] === 0) { state[v] = 1; path.push(v); v = source[v]; }
    if (v >= 0 && state[v] === 1) for (let k = path.indexOf(v); k < path.length; k++) onCycle[path[k]] = 1;
    for (const p of path) state[p] = 2;
  }
  // Depth below the root for nodes whose chain ends at a root; -1 for cycles and the chains that run into one.
  const UNSET = -2;
  const depth = new Int32Array(n).fill(UNSET);
  for (let i = 0; i < n; i++) if (source[i] < 0) depth[i] = 0; else if (onCycle[i]) depth[i] = -1;
  for (let start = 0; start < n; start++) {
    const path: number[] = [];
    let v = start;
    while (depth[v] === UNSET) { path.push(v); v = source[v]; }
    let d = depth[v];
    for (let k = path.length - 1; k >= 0; k--) { d = d < 0 ? -1 : d + 1; depth[path[k]] = d; }
  }
  const inDegree = new Int32Array(n);
  for (let i = 0; i < n; i++) if (source[i] >= 0) inDegree[source[i]]++;
  let rds301 = 0;
  let rds302 = 0;
  let rds303 = 0;
  let replicationEdges = 0;
  for (let i = 0; i < n; i++) {
    if (onCycle[i]) rds302++;
    if (depth[i] > CHAIN_LIMIT) rds303++;
    if (inDegree[i] > WARN_REPLICAS) rds301++;
    if (source[i] >= 0) replicationEdges++;
  }
  return { instances: n, rds301, rds302, rds303, replicationEdges };
}

export const tangleIds = {
  cloudformation: (i: number) => `Db${i}`,
  terraform: (i: number) => `aws_db_instance.db${i}`,
};
const name = tangleIds.cloudformation;

export function tangleAsCloudFormation(t: Tangle): string {
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  t.source.forEach((s, i) => {
    out.push(`  ${name(i)}:`, '    Type: AWS::RDS::DBInstance', '    UpdateReplacePolicy: Snapshot', '    Properties:');
    if (s < 0) out.push('      Engine: mysql', '      MultiAZ: true');
    else out.push(i % 2 ? `      SourceDBInstanceIdentifier: !Ref ${name(s)}` : `      SourceDBInstanceIdentifier: !GetAtt ${name(s)}.DBInstanceArn`);
  });
  return `${out.join('\n')}\n`;
}

export function tangleAsTerraform(t: Tangle): string {
  const resources: Record<string, unknown> = {};
  t.source.forEach((s, i) => {
    resources[`db${i}`] = s < 0
      ? { engine: 'mysql', multi_az: true, instance_class: 'db.t3.micro' }
      : { replicate_source_db: `\${aws_db_instance.db${s}.${i % 2 ? 'identifier' : 'arn'}}`, instance_class: 'db.t3.micro' };
  });
  return JSON.stringify({ provider: { aws: { region: 'us-east-1' } }, resource: { aws_db_instance: resources } }, null, 1);
}
