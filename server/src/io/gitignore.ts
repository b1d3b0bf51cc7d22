/**
 * The common subset of .gitignore, enough to keep `rdscope lint .` off build
 * output and vendored trees: blank lines and `#` comments, `!` negation,
 * trailing `/` (folders only), anchoring (a leading or inner `/` ties the
 * pattern to the .gitignore's folder, otherwise it matches a name at any
 * depth), `*`, `?`, `[...]`, `**`, backslash escapes and trailing spaces.
 * The last matching rule wins. Not covered: `core.excludesFile` and the index
 * (tracked files that an ignore pattern names are still ignored here).
 *
 * The walker never descends into an ignored folder, which gives git's rule
 * that a file cannot be re-included when a parent folder is excluded.
 */
import { compileGlob, type CompiledGlob } from './glob';

export interface IgnoreRule {
  /** Absolute folder of the .gitignore (patterns are relative to it), with `/` separators and no trailing `/`. */
  readonly base: string;
  readonly negate: boolean;
  readonly dirOnly: boolean;
  /** Matches a path relative to `base` (anchored) or a single name (unanchored), in linear time. */
  readonly pattern: CompiledGlob;
  readonly anchored: boolean;
  /** The line as written, for --verbose. */
  readonly source: string;
}

export function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  const normalizedBase = base.replace(/\\/g, '/').replace(/\/+$/, '');
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine;
    if (line === '' || line.startsWith('#')) continue;
    // Trailing spaces are ignored unless escaped.
    line = line.replace(/(?<!\\)\s+$/, '');
    if (line === '') continue;
    let negate = false;
    if (line.startsWith('!')) { negate = true; line = line.slice(1); }
    else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    let dirOnly = false;
    if (line.endsWith('/') && !line.endsWith('\\/')) { dirOnly = true; line = line.replace(/\/+$/, ''); }
    if (line === '') continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({
      base: normalizedBase,
      negate,
      dirOnly,
      anchored,
      pattern: compileGlob(line, { braces: false, backslashEscapes: true }),
      source: rawLine,
    });
  }
  return rules;
}

/** The decisive rule for a path, or undefined when no rule matches (then it is not ignored). */
export function matchIgnore(rules: readonly IgnoreRule[], absolutePath: string, isDirectory: boolean): IgnoreRule | undefined {
  const path = absolutePath.replace(/\\/g, '/');
  let decisive: IgnoreRule | undefined;
  for (const rule of rules) {
    if (rule.dirOnly && !isDirectory) continue;
    const prefix = rule.base === '' || rule.base === '/' ? '/' : `${rule.base}/`;
    if (!path.startsWith(prefix)) continue;
    const relative = path.slice(prefix.length);
    if (relative === '') continue;
    const subject = rule.anchored ? relative : relative.slice(relative.lastIndexOf('/') + 1);
    if (rule.pattern.test(subject)) decisive = rule;
  }
  return decisive;
}

export function isIgnored(rules: readonly IgnoreRule[], absolutePath: string, isDirectory: boolean): boolean {
  const rule = matchIgnore(rules, absolutePath, isDirectory);
  return rule !== undefined && !rule.negate;
}
