/**
 * Memory per resource of the CloudFormation model: what building the model of
 * one template allocates (garbage included) and what the model keeps alive.
 *
 *   node --expose-gc --max-semi-space-size=512 bench/generated/.build/allocation.js FILE
 *
 * Allocated: heap growth across buildCloudFormation with the young generation
 * large enough that no collection runs meanwhile (checked: the run says so if
 * one did). Retained: heap growth after a full collection, the model alive.
 * Also counts the model's Attr objects and their Range objects per resource.
 * With --by-function: where the bytes are allocated (V8's sampling heap
 * profiler, collected objects included), the top functions by bytes.
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
import { buildCloudFormation } from '../../server/src/model/cloudformation';
import type { FileModel } from '../../server/src/model/topology';
import { parseYaml } from '../../server/src/parse/yaml';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const parsed = parseYaml(text);
buildCloudFormation(file, parsed.root!); // warm-up: compiled code, shapes and strings exist before measuring

let collections = 0;
const observer = new PerformanceObserver((list) => { collections += list.getEntries().length; });
observer.observe({ entryTypes: ['gc'] });

gc();
const before = process.memoryUsage().heapUsed;
const model: FileModel = buildCloudFormation(file, parsed.root!);
const allocated = process.memoryUsage().heapUsed - before;
const collectionsDuring = collections;
gc();
const retained = process.memoryUsage().heapUsed - before;

/** Objects reachable from the model's entities (not the value tree they point into): attrs, ranges, others. */
function census(m: FileModel) {
  const seen = new Set<object>();
  const counts = { attrs: 0, ranges: 0, objects: 0, arrays: 0, maps: 0 };
  const NODE_KINDS = new Set(['map', 'seq', 'scalar', 'intrinsic', 'tagged']);
  const isValueNode = (o: object) => 'range' in o && NODE_KINDS.has((o as { kind?: string }).kind ?? '');
  const visit = (v: unknown) => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (isValueNode(v)) return; // the parsed tree belongs to the parse stage
    if (v instanceof Map) { counts.maps++; for (const [k, x] of v) { visit(k); visit(x); } return; }
    if (v instanceof Set) { counts.maps++; for (const x of v) visit(x); return; }
    if (Array.isArray(v)) { counts.arrays++; for (const x of v) visit(x); return; }
    const o = v as Record<string, unknown>;
    if ('known' in o && 'key' in o) counts.attrs++;
    else if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) counts.ranges++;
    else counts.objects++;
    for (const x of Object.values(o)) visit(x);
  };
  const entities = [...Object.values(m).filter((x) => Array.isArray(x)).flat()];
  for (const e of entities) visit(e);
  return { entities: entities.length, ...counts };
}

const c = census(model);
const perEntity = (n: number) => (n / c.entities).toFixed(1);
console.log(JSON.stringify({
  file, bytes: text.length, entities: c.entities,
  allocatedBytes: allocated, allocatedPerEntity: Math.round(allocated / c.entities), collectionsDuringBuild: collectionsDuring,
  retainedBytes: retained, retainedPerEntity: Math.round(retained / c.entities),
  perEntity: { attrs: perEntity(c.attrs), ranges: perEntity(c.ranges), otherObjects: perEntity(c.objects), arrays: perEntity(c.arrays), mapsAndSets: perEntity(c.maps) },
}, null, 2));
observer.disconnect();

if (process.argv.includes('--by-function')) {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  void (async () => {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    buildCloudFormation(file, parsed.root!);
    const { profile } = await post('HeapProfiler.stopSampling');
    const bytes = new Map<string, number>();
    const walk = (node: any) => {
      const self = node.selfSize as number;
      const key = `${node.callFrame.functionName || '(anonymous)'} ${String(node.callFrame.url).replace(/.*\//, '')}:${node.callFrame.lineNumber + 1}`;
      if (self > 0) bytes.set(key, (bytes.get(key) ?? 0) + self);
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    console.log(`sampled ${(total / 1e6).toFixed(1)} MB; top functions by bytes allocated (self):`);
    for (const [k, v] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${(v / 1e6).toFixed(2).padStart(7)} MB ${((100 * v) / total).toFixed(0).padStart(3)}%  ${k}`);
  })();
}
