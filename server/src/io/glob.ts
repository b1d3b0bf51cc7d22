/**
 * Glob patterns for configuration include/exclude, .gitignore and
 * command-line globs, matched against a `/`-separated path relative to a
 * base folder: `**` spans folders, `*` and `?` stay inside one, `{a,b}`
 * alternates, `[abc]` / `[!abc]` / `[a-z]` / `[[:digit:]]` are classes (never
 * matching `/`). A pattern that matches a folder matches everything below it
 * (`legacy` and `legacy/**` both exclude `legacy/a.yaml`), the meaning the
 * editor gives the same settings.
 *
 * Matching takes time linear in the path for a given pattern, whatever the
 * pattern: each one compiles to a Thompson automaton (one state per pattern
 * element) that is simulated over the path with a set of current states, so
 * there is no backtracking. A translation to a JavaScript RegExp (as before,
 * and as picomatch/minimatch do) backtracks: `*a*a*a*a*a*b` or
 * `**\/**\/**\/x` took tens of seconds on a long path and froze the language
 * server. Nothing here throws on a pattern either: a reversed range `[z-a]`
 * matches nothing (git's wildmatch does the same), an unclosed `[` or `{` is
 * literal.
 *
 * Not node's `path.matchesGlob`: it is experimental (a warning on stderr),
 * missing before Node 20.17 (the engines field says Node 20), and regex-based.
 */

export interface GlobOptions {
  /** `{a,b}` alternation (globs); off for .gitignore, where braces are literal. */
  readonly braces?: boolean;
  /** A backslash escapes the next character (.gitignore); otherwise it is a path separator (Windows users). */
  readonly backslashEscapes?: boolean;
}

/** Longest pattern a configuration or the command line may give (the automaton grows with it). */
export const MAX_GLOB_LENGTH = 4096;
/** Most patterns in one include or exclude list: every path is matched against each. */
export const MAX_GLOB_PATTERNS = 1000;
/** Most patterns rdscope reads from one .gitignore (or .git/info/exclude). */
export const MAX_IGNORE_PATTERNS = 10_000;

/** Where a compiled glob matched a path. */
export type GlobMatch = 'path' | 'folder';

export interface CompiledGlob {
  /** The whole path matches. */
  test(path: string): boolean;
  /** The whole path matches ('path'), or one of the folders above it does ('folder'). */
  match(path: string): GlobMatch | undefined;
}

// ---- Parsing ---------------------------------------------------------------

type Item =
  | { readonly t: 'char'; readonly code: number }
  /** `?`: one character, not `/`. */
  | { readonly t: 'one' }
  /** `*`: any run of characters without `/`. */
  | { readonly t: 'star' }
  /** `**` followed by `/`: zero or more whole folders. */
  | { readonly t: 'folders' }
  /** A trailing `**`: anything, `/` included. */
  | { readonly t: 'rest' }
  | { readonly t: 'class'; readonly ranges: readonly number[]; readonly negated: boolean }
  | { readonly t: 'alt'; readonly options: readonly Item[][] };

const SLASH = 0x2f;

/** POSIX character classes git's wildmatch knows, as code-unit ranges. */
const POSIX_CLASSES: Readonly<Record<string, readonly number[]>> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  blank: [0x09, 0x09, 0x20, 0x20],
  digit: [0x30, 0x39],
  lower: [0x61, 0x7a],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
};

class Parser {
  private i = 0;
  constructor(private readonly p: string, private readonly braces: boolean, private readonly escapes: boolean) {}

  /** A sequence up to the end, or (inside braces) up to `,` or `}`. */
  sequence(inBraces: boolean): Item[] {
    const items: Item[] = [];
    const p = this.p;
    while (this.i < p.length) {
      const c = p[this.i];
      if (inBraces && (c === ',' || c === '}')) break;
      if (this.escapes && c === '\\' && this.i + 1 < p.length) {
        items.push({ t: 'char', code: p.charCodeAt(this.i + 1) });
        this.i += 2;
      } else if (c === '*') {
        let end = this.i;
        while (p[end] === '*') end++;
        const atStart = this.i === 0 || p[this.i - 1] === '/';
        if (end - this.i === 2 && atStart && end === p.length) {
          items.push({ t: 'rest' });
        } else if (end - this.i === 2 && atStart && p[end] === '/') {
          items.push({ t: 'folders' });
          end++; // the `/` belongs to `**/`
        } else if (items[items.length - 1]?.t !== 'star') {
          items.push({ t: 'star' });
        }
        this.i = end;
      } else if (c === '?') {
        items.push({ t: 'one' });
        this.i++;
      } else if (c === '[') {
        const cls = this.characterClass();
        if (cls) items.push(cls);
        else { items.push({ t: 'char', code: 0x5b }); this.i++; }
      } else if (this.braces && c === '{' && this.hasClosingBrace()) {
        this.i++;
        const options: Item[][] = [];
        for (;;) {
          options.push(this.sequence(true));
          if (p[this.i] === ',') { this.i++; continue; }
          this.i++; // `}`
          break;
        }
        items.push({ t: 'alt', options });
      } else {
        items.push({ t: 'char', code: p.charCodeAt(this.i) });
        this.i++;
      }
    }
    return items;
  }

  /** Whether the `{` at the cursor has its `}` (nested pairs counted); if not it is literal. */
  private hasClosingBrace(): boolean {
    let depth = 0;
    for (let k = this.i; k < this.p.length; k++) {
      const c = this.p[k];
      if (this.escapes && c === '\\') { k++; continue; }
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return true;
    }
    return false;
  }

  /** `[...]` at the cursor, or undefined (cursor unmoved) when it is not closed. */
  private characterClass(): Item | undefined {
    const p = this.p;
    let k = this.i + 1;
    let negated = false;
    if (p[k] === '!' || p[k] === '^') { negated = true; k++; }
    const ranges: number[] = [];
    let first = true;
    while (k < p.length) {
      let c = p[k];
      if (c === ']' && !first) {
        this.i = k + 1;
        return { t: 'class', ranges, negated };
      }
      first = false;
      if (c === '[' && p[k + 1] === ':') {
        const close = p.indexOf(':]', k + 2);
        const named = close === -1 ? undefined : POSIX_CLASSES[p.slice(k + 2, close)];
        if (named) { for (const bound of named) ranges.push(bound); k = close + 2; continue; }
      }
      if (this.escapes && c === '\\' && k + 1 < p.length) c = p[++k];
      const low = c.charCodeAt(0);
      let high = low;
      k++;
      if (p[k] === '-' && k + 1 < p.length && p[k + 1] !== ']') {
        let h = p[k + 1];
        k += 2;
        if (this.escapes && h === '\\' && k < p.length) h = p[k++];
        high = h.charCodeAt(0);
      }
      // A reversed range (`[z-a]`) holds nothing, as in git.
      if (low <= high) ranges.push(low, high);
    }
    return undefined;
  }
}

// ---- The automaton ---------------------------------------------------------

const enum Op { Char, One, Any, Class, Split, Match }

/**
 * A Thompson automaton in flat arrays: node n has an op, an argument (the
 * character, or the class index) and up to two successors.
 */
class Automaton implements CompiledGlob {
  private readonly op: number[] = [];
  private readonly arg: number[] = [];
  private readonly next: number[] = [];
  private readonly alt: number[] = [];
  private readonly classes: { ranges: readonly number[]; negated: boolean }[] = [];
  private readonly start: number;
  /** Generation stamps for the state sets: a node is in the current set when its stamp equals the generation. */
  private stamp: Int32Array = new Int32Array(0);
  private generation = 0;

  constructor(items: readonly Item[]) {
    const match = this.node(Op.Match, 0, -1, -1);
    this.start = this.sequence(items, match);
    this.stamp = new Int32Array(this.op.length);
  }

  private node(op: Op, arg: number, next: number, alt: number): number {
    this.op.push(op);
    this.arg.push(arg);
    this.next.push(next);
    this.alt.push(alt);
    return this.op.length - 1;
  }

  /** Builds a sequence back to front, each element leading to `next`; returns its first node. */
  private sequence(items: readonly Item[], next: number): number {
    let at = next;
    for (let k = items.length - 1; k >= 0; k--) at = this.item(items[k], at);
    return at;
  }

  private item(item: Item, next: number): number {
    switch (item.t) {
      case 'char': return this.node(Op.Char, item.code, next, -1);
      case 'one': return this.node(Op.One, 0, next, -1);
      case 'class':
        this.classes.push({ ranges: item.ranges, negated: item.negated });
        return this.node(Op.Class, this.classes.length - 1, next, -1);
      case 'star': {
        // loop: either one more non-`/` character (and back), or on.
        const loop = this.node(Op.Split, 0, -1, next);
        this.next[loop] = this.node(Op.One, 0, loop, -1);
        return loop;
      }
      case 'rest': {
        const loop = this.node(Op.Split, 0, -1, next);
        this.next[loop] = this.node(Op.Any, 0, loop, -1);
        return loop;
      }
      case 'folders': {
        // (name/)*: outer loop per folder, inner loop over the name's characters, then `/`.
        const outer = this.node(Op.Split, 0, -1, next);
        const inner = this.node(Op.Split, 0, -1, -1);
        this.next[inner] = this.node(Op.One, 0, inner, -1);
        this.alt[inner] = this.node(Op.Char, SLASH, outer, -1);
        this.next[outer] = inner;
        return outer;
      }
      case 'alt': {
        let at = this.sequence(item.options[item.options.length - 1], next);
        for (let k = item.options.length - 2; k >= 0; k--) at = this.node(Op.Split, 0, this.sequence(item.options[k], next), at);
        return at;
      }
    }
  }

  private accepts(node: number, code: number): boolean {
    switch (this.op[node]) {
      case Op.Char: return this.arg[node] === code;
      case Op.One: return code !== SLASH;
      case Op.Any: return true;
      case Op.Class: {
        if (code === SLASH) return false;
        const { ranges, negated } = this.classes[this.arg[node]];
        let inside = false;
        for (let r = 0; r < ranges.length; r += 2) if (code >= ranges[r] && code <= ranges[r + 1]) { inside = true; break; }
        return inside !== negated;
      }
      default: return false;
    }
  }

  /** Adds `from` and every node reachable from it without consuming a character (iteratively: no deep recursion). */
  private close(from: number, into: number[], work: number[]): void {
    work.push(from);
    while (work.length > 0) {
      const n = work.pop()!;
      if (this.stamp[n] === this.generation) continue;
      this.stamp[n] = this.generation;
      if (this.op[n] === Op.Split) {
        work.push(this.alt[n], this.next[n]);
      } else {
        into.push(n);
      }
    }
  }

  /** A fresh, empty state set (the stamps are reset long before the generation counter could wrap). */
  private nextGeneration(): void {
    if (++this.generation >= 0x3fffffff) { this.stamp.fill(0); this.generation = 1; }
  }

  private run(path: string, folders: boolean): GlobMatch | undefined {
    const work: number[] = [];
    let current: number[] = [];
    let following: number[] = [];
    this.nextGeneration();
    this.close(this.start, current, work);
    let folder = false;
    for (let i = 0; i < path.length && current.length > 0; i++) {
      const code = path.charCodeAt(i);
      if (folders && code === SLASH && i > 0 && !folder && current.some((n) => this.op[n] === Op.Match)) folder = true;
      this.nextGeneration();
      following.length = 0;
      for (const n of current) if (this.accepts(n, code)) this.close(this.next[n], following, work);
      [current, following] = [following, current];
    }
    if (current.some((n) => this.op[n] === Op.Match)) return 'path';
    return folder ? 'folder' : undefined;
  }

  test(path: string): boolean {
    return this.run(path, false) === 'path';
  }

  match(path: string): GlobMatch | undefined {
    return this.run(path, true);
  }
}

const cache = new Map<string, CompiledGlob>();

/** The pattern compiled to a linear-time matcher over whole relative paths. Never throws. */
export function compileGlob(glob: string, options: GlobOptions = {}): CompiledGlob {
  const braces = options.braces ?? true;
  const escapes = options.backslashEscapes ?? false;
  const key = `${braces ? 1 : 0}${escapes ? 1 : 0}${glob}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let pattern = escapes ? glob : glob.trim().replace(/\\/g, '/');
  if (pattern.startsWith('./')) pattern = pattern.slice(2);
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  if (pattern.endsWith('/')) pattern = pattern.slice(0, -1);
  const compiled = new Automaton(new Parser(pattern, braces, escapes).sequence(false));
  if (cache.size > 2000) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** The path, or one of the folders above it, matches the pattern. */
export function matchesGlob(relativePath: string, glob: string): boolean {
  return compileGlob(glob).match(relativePath.replace(/\\/g, '/')) !== undefined;
}

export function matchesAnyGlob(relativePath: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchesGlob(relativePath, g));
}

/** Why a list of patterns is too much to match every path against, or undefined when it is fine. */
export function globListProblem(globs: readonly string[]): string | undefined {
  if (globs.length > MAX_GLOB_PATTERNS) return `${globs.length} patterns; rdscope matches at most ${MAX_GLOB_PATTERNS} (each path is checked against every one)`;
  const long = globs.findIndex((g) => g.length > MAX_GLOB_LENGTH);
  if (long !== -1) return `pattern ${long + 1} is ${globs[long].length} characters long; at most ${MAX_GLOB_LENGTH}`;
  return undefined;
}

/** Whether a command-line argument is a glob rather than a plain path. */
export function hasGlobMagic(arg: string): boolean {
  return /[*?[{]/.test(arg);
}

/**
 * The folder a glob can only match below: the segments before the first one
 * with a wildcard (`infra/**\/*.yaml` -> `infra`, `*.json` -> `.`).
 */
export function globBase(glob: string): string {
  const segments = glob.replace(/\\/g, '/').split('/');
  const fixed: string[] = [];
  for (const s of segments) {
    if (hasGlobMagic(s)) break;
    fixed.push(s);
  }
  if (fixed.length === segments.length) fixed.pop(); // no magic at all: its folder
  const base = fixed.join('/');
  return base === '' ? (glob.startsWith('/') ? '/' : '.') : base;
}
