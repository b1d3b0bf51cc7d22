/**
 * Which files `rdscope lint [paths or globs...]` looks at. Folders are walked
 * in name order; `node_modules`, `.git`, `.terraform` and `cdk.out` are never
 * entered; what .gitignore files ignore is skipped; a configuration's
 * include/exclude globs (relative to that configuration's folder) filter what
 * is left. Only `.yaml`, `.yml`, `.json`, `.template` and `.tf` files found by
 * walking are read; a file named on the command line is read whatever its
 * name. Whether a file is a template is decided later, on its content.
 *
 * Symbolic links: a linked folder is not entered unless --follow-symlinks
 * (and then never twice, so loops end); a linked file is read only when its
 * target lies inside the folder being linted (or with --follow-symlinks), so
 * a link cannot pull files from elsewhere on the machine into the report.
 * The same file reached twice (a link and its target) is linted once.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAMES, repositoryRootOf, type LoadedConfig } from '../config/load';
import { compileGlob, globBase, hasGlobMagic, matchesAnyGlob, MAX_GLOB_LENGTH, MAX_IGNORE_PATTERNS } from './glob';
import { matchIgnore, parseGitignore, type IgnoreRule } from './gitignore';
import { FileRefusedError, readRegularFile } from './regularFile';

export const ALWAYS_SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '.terraform', 'cdk.out']);
const CANDIDATE_NAME = /\.(ya?ml|json|template|tf)$/i;

export interface WalkOptions {
  /** Paths in reports are relative to it. */
  readonly cwd: string;
  readonly followSymlinks: boolean;
  /** The configuration that governs a folder (its include/exclude filter the folder's files). */
  readonly configFor: (directory: string) => LoadedConfig;
}

export interface CollectedFile {
  /** Absolute path. */
  readonly path: string;
  /** How reports name it: relative to the working directory, `/`-separated. */
  readonly uri: string;
  readonly config: LoadedConfig;
  /** Named on the command line (not found by walking): a file rdscope cannot read is then a problem, not a skip. */
  readonly named?: boolean;
}

export interface SkipNote {
  readonly path: string;
  readonly reason: string;
}

export interface Collected {
  /** Sorted by uri. */
  readonly files: CollectedFile[];
  /** For --verbose. */
  readonly skipped: SkipNote[];
  /** Files found by walking whose names are not template-like (counted, not listed). */
  readonly otherNames: number;
  /** Paths that do not exist, globs that match nothing, folders that cannot be read: exit code 2. */
  readonly errors: string[];
}

/** `/`-separated path relative to the working directory (absolute when on another drive). */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return '.';
  if (isAbsolute(rel)) return absolute.split(sep).join('/');
  return rel.split(sep).join('/');
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/** Whether the configuration's include/exclude let this path through; returns the reason when not. */
function configFilter(loaded: LoadedConfig, absolute: string, isDirectory: boolean, show: (p: string) => string): string | undefined {
  const { include, exclude } = loaded.config;
  if (include.length === 0 && exclude.length === 0) return undefined;
  const base = loaded.dir ?? process.cwd();
  const rel = toPosix(relative(base, absolute));
  const outside = rel.startsWith('..') || isAbsolute(rel);
  const where = loaded.file ? ` in ${show(loaded.file)}` : '';
  if (!outside && exclude.length > 0 && matchesAnyGlob(rel, exclude)) return `excluded by exclude${where}`;
  if (!isDirectory && include.length > 0 && (outside || !matchesAnyGlob(rel, include))) return `not matched by include${where}`;
  return undefined;
}

/** A .gitignore is patterns, one a line; past this size it is not read (and says so). */
const MAX_IGNORE_FILE_BYTES = 4 * 1024 * 1024;

/**
 * The rules of one ignore file (.gitignore, .git/info/exclude), at most
 * MAX_IGNORE_PATTERNS of them; what cannot be honoured is a problem for `problems`.
 */
function readIgnoreFile(path: string, base: string, show: (p: string) => string, problems: string[]): IgnoreRule[] {
  let text: string;
  try {
    text = readRegularFile(path, MAX_IGNORE_FILE_BYTES).toString('utf8');
  } catch (error) {
    if (error instanceof FileRefusedError) problems.push(`cannot read ${show(path)}: ${error.message}; its patterns are not applied`);
    return []; // absent or unreadable: git ignores it too
  }
  const rules = parseGitignore(text, toPosix(base));
  if (rules.length <= MAX_IGNORE_PATTERNS) return rules;
  problems.push(`${show(path)} holds ${rules.length} patterns; rdscope applies the first ${MAX_IGNORE_PATTERNS} only`);
  return rules.slice(0, MAX_IGNORE_PATTERNS);
}

/** .gitignore rules that apply above `dir`: from the repository root (the folder holding `.git`) down to dir's parent. */
function ancestorIgnoreRules(dir: string, show: (p: string) => string, problems: string[]): IgnoreRule[] {
  const repoRoot = repositoryRootOf(dir);
  if (!repoRoot) return [];
  // Ancestors only, from dir's parent up to the root: `dir`'s own .gitignore is read when the walk enters it.
  const ancestors: string[] = [];
  for (let d = dir; d !== repoRoot; ) { d = dirname(d); ancestors.push(d); }
  let rules = readIgnoreFile(join(repoRoot, '.git', 'info', 'exclude'), repoRoot, show, problems);
  for (const d of ancestors.reverse()) rules = rules.concat(readIgnoreFile(join(d, '.gitignore'), d, show, problems));
  return rules;
}

/**
 * Why a path the walk met cannot be used, for an error the file system gave
 * (a link loop, a path longer than the system allows, a folder it may not
 * enter), or undefined for anything else (a bug: let it surface).
 */
function fileSystemProblem(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ELOOP': return 'a symbolic link loop (or a link to itself)';
    case 'ENAMETOOLONG': return 'its path is longer than the system allows (ENAMETOOLONG)';
    case 'EACCES': case 'EPERM': return `rdscope may not read it (${code})`;
    case 'ENOENT': case 'ENOTDIR': return `it vanished or a link points nowhere (${code})`;
    default: return undefined;
  }
}

export function collectFiles(args: readonly string[], options: WalkOptions): Collected {
  const { cwd } = options;
  const byUri = new Map<string, CollectedFile>();
  const byRealPath = new Map<string, string>();
  const skipped: SkipNote[] = [];
  const errors: string[] = [];
  let otherNames = 0;
  const show = (p: string) => displayPath(cwd, p);

  const add = (absolute: string, real: string, named = false) => {
    const uri = show(absolute);
    const first = byRealPath.get(real);
    if (first !== undefined && first !== uri) { skipped.push({ path: uri, reason: `the same file as ${first}` }); return; }
    const config = options.configFor(dirname(absolute));
    const filtered = configFilter(config, absolute, false, show);
    if (filtered) { skipped.push({ path: uri, reason: filtered }); return; }
    byRealPath.set(real, uri);
    byUri.set(uri, { path: absolute, uri, config, ...(named ? { named } : {}) });
  };

  /** Walks a folder; `accept` decides on files found by walking (the name filter, or a glob). */
  const walk = (root: string, accept: (absolute: string) => boolean) => {
    let rootReal: string;
    try { rootReal = realpathSync(root); } catch { errors.push(`cannot read ${show(root)}`); return; }
    const visited = new Set<string>([rootReal]);
    const visit = (dir: string, inherited: readonly IgnoreRule[]) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        errors.push(`cannot read folder ${show(dir)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      let rules = inherited;
      if (entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
        rules = inherited.concat(readIgnoreFile(join(dir, '.gitignore'), dir, show, errors));
      }
      for (const entry of entries) {
        const absolute = join(dir, entry.name);
        try {
          visitEntry(entry, absolute, rules);
        } catch (error) {
          // Like git: a link loop, an over-long path or a link into a folder rdscope may not read is skipped, with a note.
          const problem = fileSystemProblem(error);
          if (problem === undefined) throw error;
          skipped.push({ path: show(absolute), reason: problem });
        }
      }
    };
    const visitEntry = (entry: Dirent, absolute: string, rules: readonly IgnoreRule[]) => {
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let real = absolute;
      if (entry.isSymbolicLink()) {
        const target = statSync(absolute, { throwIfNoEntry: false });
        if (!target) { skipped.push({ path: show(absolute), reason: 'a broken symbolic link' }); return; }
        real = realpathSync(absolute);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
        if (isDirectory && !options.followSymlinks) {
          skipped.push({ path: show(absolute), reason: 'a symbolic link to a folder (not followed without --follow-symlinks)' });
          return;
        }
        if (isFile && !options.followSymlinks && !inside(real, rootReal)) {
          skipped.push({ path: show(absolute), reason: 'a symbolic link to a file outside the linted folder (not followed without --follow-symlinks)' });
          return;
        }
      }
      if (isDirectory && ALWAYS_SKIPPED_FOLDERS.has(entry.name)) {
        skipped.push({ path: show(absolute), reason: `${entry.name} is never linted` });
        return;
      }
      if (!isDirectory && !isFile) {
        // A FIFO would block the read, a device never end: only regular files are read.
        skipped.push({ path: show(absolute), reason: 'not a regular file (a FIFO, socket or device)' });
        return;
      }
      const rule = matchIgnore(rules, absolute, isDirectory);
      if (rule && !rule.negate) {
        skipped.push({ path: show(absolute), reason: `ignored by ${show(join(rule.base, '.gitignore'))} (${rule.source.trim()})` });
        return;
      }
      if (isDirectory) {
        const filtered = configFilter(options.configFor(absolute), absolute, true, show);
        if (filtered) { skipped.push({ path: show(absolute), reason: filtered }); return; }
        if (entry.isSymbolicLink()) {
          if (visited.has(real)) { skipped.push({ path: show(absolute), reason: 'a symbolic link to a folder already walked' }); return; }
          visited.add(real);
        }
        visit(absolute, rules);
      } else if (CONFIG_FILE_NAMES.includes(entry.name as (typeof CONFIG_FILE_NAMES)[number])) {
        skipped.push({ path: show(absolute), reason: 'an rdscope configuration file' });
      } else if (accept(absolute)) {
        if (!entry.isSymbolicLink()) {
          try { real = realpathSync(absolute); } catch { /* keep the logical path */ }
        }
        add(absolute, real);
      }
    };
    visit(root, ancestorIgnoreRules(root, show, errors));
  };

  for (const arg of args.length > 0 ? args : ['.']) {
    const absolute = resolve(cwd, arg);
    let st;
    try {
      st = statSync(absolute, { throwIfNoEntry: false });
    } catch (error) {
      const problem = fileSystemProblem(error);
      if (problem === undefined) throw error;
      errors.push(`cannot read ${arg}: ${problem}`);
      continue;
    }
    if (st?.isDirectory()) {
      walk(absolute, (file) => {
        if (CANDIDATE_NAME.test(file)) return true;
        otherNames++;
        return false;
      });
    } else if (st?.isFile()) {
      let real = absolute;
      try { real = realpathSync(absolute); } catch { /* keep */ }
      add(absolute, real, true);
    } else if (st) {
      errors.push(`${arg} is neither a file nor a folder`);
    } else if (hasGlobMagic(arg)) {
      if (arg.length > MAX_GLOB_LENGTH) { errors.push(`a glob of ${arg.length} characters; rdscope takes at most ${MAX_GLOB_LENGTH}`); continue; }
      const base = resolve(cwd, globBase(arg));
      const pattern = compileGlob(isAbsolute(arg) ? toPosix(arg).replace(/^[A-Za-z]:/, '') : arg);
      const subject = (file: string) => (isAbsolute(arg) ? toPosix(file).replace(/^[A-Za-z]:/, '').replace(/^\//, '') : toPosix(relative(cwd, file)));
      const before = byUri.size;
      // A glob names files, or folders whose template-like files are all meant (`stacks/*` takes stacks/a/db.yaml).
      const accept = (file: string) => {
        const match = pattern.match(subject(file));
        return match === 'path' || (match === 'folder' && CANDIDATE_NAME.test(file));
      };
      if (statSync(base, { throwIfNoEntry: false })?.isDirectory()) walk(base, accept);
      if (byUri.size === before) errors.push(`no files match ${arg}`);
    } else {
      errors.push(`cannot read ${arg}: no such file or folder`);
    }
  }
  const files = [...byUri.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  return { files, skipped, otherNames, errors };
}
