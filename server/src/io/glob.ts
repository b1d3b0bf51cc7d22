/**
 * Glob patterns for configuration include/exclude and command-line globs,
 * matched against a `/`-separated path relative to a base folder: `**` spans
 * folders, `*` and `?` stay inside one, `{a,b}` alternates, `[abc]` / `[!abc]`
 * are classes. A pattern that matches a folder matches everything below it
 * (`legacy` and `legacy/**` both exclude `legacy/a.yaml`), the meaning the
 * editor gives the same settings.
 *
 * Hand-written rather than node's `path.matchesGlob`: that one is
 * experimental (a warning on stderr) and missing before Node 20.17, and the
 * engines field says Node 20.
 */

export interface GlobOptions {
  /** `{a,b}` alternation (globs); off for .gitignore, where braces are literal. */
  readonly braces?: boolean;
  /** A backslash escapes the next character (.gitignore); otherwise it is a path separator (Windows users). */
  readonly backslashEscapes?: boolean;
}

const cache = new Map<string, RegExp>();

/** The pattern as an anchored regular expression over the whole relative path. */
export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  const braces = options.braces ?? true;
  const escapes = options.backslashEscapes ?? false;
  const key = `${braces ? 1 : 0}${escapes ? 1 : 0}${glob}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let pattern = escapes ? glob : glob.trim().replace(/\\/g, '/');
  if (pattern.startsWith('./')) pattern = pattern.slice(2);
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  if (pattern.endsWith('/')) pattern = pattern.slice(0, -1);
  const re = new RegExp(`^${translate(pattern, braces, escapes)}$`);
  if (cache.size > 2000) cache.clear();
  cache.set(key, re);
  return re;
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function translate(p: string, braces: boolean, escapes: boolean): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (escapes && c === '\\' && i + 1 < p.length) {
      out += escapeRegExp(p[++i]);
    } else if (c === '*') {
      if (p[i + 1] === '*') {
        const atStart = i === 0 || p[i - 1] === '/';
        const atEnd = i + 2 === p.length || p[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === p.length) { out += '.*'; i += 1; continue; } // trailing `**`: everything below
          out += '(?:[^/]*/)*'; // `**/`: zero or more folders
          i += 2;
          continue;
        }
        out += '[^/]*';
        i += 1;
        continue;
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close === -1) { out += '\\['; continue; }
      let body = p.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else if (braces && c === '{') {
      out += '(?:';
      depth++;
    } else if (braces && c === '}' && depth > 0) {
      out += ')';
      depth--;
    } else if (braces && c === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeRegExp(c);
    }
  }
  while (depth-- > 0) out += ')';
  return out;
}

/** The path, or one of the folders above it, matches the pattern. */
export function matchesGlob(relativePath: string, glob: string): boolean {
  const re = globToRegExp(glob);
  const path = relativePath.replace(/\\/g, '/');
  if (re.test(path)) return true;
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    if (re.test(path.slice(0, i))) return true;
  }
  return false;
}

export function matchesAnyGlob(relativePath: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchesGlob(relativePath, g));
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
