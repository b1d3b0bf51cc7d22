/** Paths and small utilities shared by the tests. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above the running test with rdscope's package.json. */
export const REPO_ROOT = (() => {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'rdscope') return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('cannot find the rdscope repository root');
})();

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/** ../shared/corpus beside the repository (read in place, never copied). */
export const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');
export const CORPUS_PRESENT = existsSync(join(CORPUS, 'PROVENANCE.tsv'));
export const CORPUS_MISSING_MESSAGE = `../shared/corpus is absent (looked in ${CORPUS}): corpus tests skipped`;

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixture(...parts), 'utf8');
}

/** The text a range covers. */
export function slice(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}

/** Every file below `dir` whose name passes `include`, as absolute paths, in sorted walk order. */
export function filesUnder(dir: string, include: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const p = join(folder, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (include(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Every YAML or `.template` file below `dir`, sorted; none when `dir` is absent (bench/generated before a bench run). */
export function yamlFilesUnder(dir: string): string[] {
  return existsSync(dir) ? filesUnder(dir, (name) => /\.(ya?ml|template)$/i.test(name)) : [];
}
