/**
 * The layering of ../shared/ARCHITECTURE.md, checked on the source: no import
 * cycle in server/src or client/src (type-only imports count: they tie the
 * modules' meaning together all the same), and the pipeline's arrows point one
 * way: parse -> evaluate -> model -> rules -> fix -> lint -> {incremental, lsp,
 * cli, format, diagram}.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { filesUnder, REPO_ROOT } from '../helpers';

/** Every relative import and re-export of every .ts file under `root`, as repository-relative paths. */
function importGraph(root: string): Map<string, string[]> {
  return new Map(filesUnder(root, (name) => name.endsWith('.ts')).map((p) => [relative(REPO_ROOT, p), importsOf(p)]));
}

const IMPORT = /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"](\.[^'"]+)['"]|^\s*import\s*['"](\.[^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    const base = resolve(dirname(file), spec);
    const target = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
    if (target) out.push(relative(REPO_ROOT, target));
  }
  return out;
}

/** One cycle through `graph`, as the list of its files, or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of [...graph.keys()].sort()) {
    if (state.has(file)) continue;
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The engine's stages in pipeline order; a stage may import only from stages before it (and itself). */
const STAGES = ['parse', 'evaluate', 'model', 'rules', 'fix'] as const;

function stageOf(file: string): number {
  const parts = file.split('/');
  return parts[0] === 'server' && parts[1] === 'src' ? STAGES.indexOf(parts[2] as (typeof STAGES)[number]) : -1;
}

describe('architecture: imports', () => {
  const server = importGraph(join(REPO_ROOT, 'server', 'src'));
  const client = importGraph(join(REPO_ROOT, 'client', 'src'));

  it('reads the import graph (sanity: lint.ts imports the model and the rules)', () => {
    const lint = server.get('server/src/lint.ts') ?? [];
    assert.ok(lint.includes('server/src/model/link.ts'), lint.join(', '));
    assert.ok(lint.includes('server/src/rules/engine.ts'), lint.join(', '));
  });

  it('has no import cycle in server/src (type-only imports included)', () => {
    const cycle = findCycle(server);
    assert.equal(cycle, undefined, `cycle: ${cycle?.join(' -> ')}`);
  });

  it('has no import cycle in client/src', () => {
    const cycle = findCycle(client);
    assert.equal(cycle, undefined, `cycle: ${cycle?.join(' -> ')}`);
  });

  it('finds a cycle when there is one (the checker itself)', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    assert.deepEqual(findCycle(graph), ['a', 'b', 'c', 'a']);
  });

  it('points the pipeline one way: parse -> evaluate -> model -> rules -> fix', () => {
    const backwards: string[] = [];
    for (const [file, imports] of server) {
      const from = stageOf(file);
      if (from < 0) continue;
      for (const target of imports) {
        const to = stageOf(target);
        // A stage importing a later stage, or anything outside the engine (lint.ts, front ends).
        if (to > from || (to < 0 && target.startsWith('server/src/') && !target.startsWith('server/src/config/config.ts'))) backwards.push(`${file} -> ${target}`);
      }
    }
    assert.deepEqual(backwards, []);
  });

  it('keeps lint.ts free of the editor\'s incremental state and of the front ends', () => {
    const lint = server.get('server/src/lint.ts') ?? [];
    assert.deepEqual(lint.filter((f) => /\/(incremental|lsp|cli|format|diagram)\//.test(f)), []);
  });
});
