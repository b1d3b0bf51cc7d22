/**
 * Reads `.rdscope.yaml` / `.rdscope.yml` / `.rdscope.json`: found from a
 * linted file's folder upward (the nearest wins), or named with `--config`.
 * The text is parsed with the `yaml` package (JSON is YAML too), validated
 * with ajv against the schema built from the rule registry (config/schema.ts),
 * and every problem is located: file, line, column and what is allowed.
 * Rule names map to ids here, so the engine only ever sees ids.
 *
 * Pure apart from `loadConfigFile` / `ConfigResolver`, which read the disk;
 * the language server can call `parseConfigText` on an open editor buffer.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { globListProblem } from '../io/glob';
import { FileRefusedError, readRegularText } from '../io/regularFile';
import { LineIndex } from '../parse/lineIndex';
import { DEFAULT_MAX_FILE_BYTES } from '../parse/limits';
import { FILE_RULES, RULES } from '../rules/registry';
import type { RuleMeta, SeveritySetting } from '../rules/types';
import type { NamedInput } from '../evaluate/inputs';
import { DEFAULT_CONFIG, type DeploymentSpec, type LintConfig, type RuleSetting } from './config';
import { buildConfigSchema, CONFIG_KEYS, SEVERITY_SETTINGS } from './schema';

/** A configuration is a few lines; anything larger is not one (and is not read into memory). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** In the order they are looked for; the first one present in a folder wins. */
export const CONFIG_FILE_NAMES = ['.rdscope.yaml', '.rdscope.yml', '.rdscope.json'] as const;

export interface ConfigProblem {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly message: string;
}

export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** An invalid configuration file: the CLI prints the problems and exits with 2. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration\n${problems.map((p) => `  ${formatConfigProblem(p)}`).join('\n')}`);
  }
}

/** A configuration and where it came from; include/exclude globs are relative to `dir`. */
export interface LoadedConfig {
  /** Absolute path of the file; undefined for the defaults (no file found). */
  readonly file?: string;
  /** Absolute folder the globs are relative to. */
  readonly dir?: string;
  readonly config: LintConfig;
}

export const NO_CONFIG: LoadedConfig = { config: DEFAULT_CONFIG };

/** Every rule a configuration may name: RDS000, RDS001 and the registry. */
export function configurableRules(): readonly RuleMeta[] {
  return [...FILE_RULES, ...RULES];
}

let validator: { rules: readonly RuleMeta[]; validate: ValidateFunction } | undefined;

function validatorFor(rules: readonly RuleMeta[]): ValidateFunction {
  if (validator?.rules !== rules) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validator = { rules, validate: ajv.compile(buildConfigSchema(rules)) };
  }
  return validator.validate;
}

export interface ParsedConfig {
  readonly config: LintConfig;
  /** Empty when the file is valid; otherwise `config` is the defaults. */
  readonly problems: readonly ConfigProblem[];
}

/**
 * Parses and validates a configuration text. `file` names the file in
 * problems (as the user should read it: relative to the working directory).
 */
export function parseConfigText(text: string, file: string, rules: readonly RuleMeta[] = configurableRules()): ParsedConfig {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const offset = text.length - body.length;
  const lines = new LineIndex(text);
  const at = (pos: number, message: string): ConfigProblem => {
    const p = lines.positionAt(pos + offset);
    return { file, line: p.line + 1, column: p.character + 1, message };
  };
  const fail = (problems: ConfigProblem[]): ParsedConfig => ({ config: DEFAULT_CONFIG, problems });

  if (/\.json$/i.test(file) && body.trim() !== '') {
    // Strict JSON first: YAML would accept things JSON editors flag (comments, single quotes).
    try { JSON.parse(body); } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /position (\d+)/.exec(message);
      return fail([at(position ? Number(position[1]) : 0, `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`)]);
    }
  }
  const doc = parseDocument(body, { uniqueKeys: true, prettyErrors: false, strict: false });
  if (doc.errors.length > 0) {
    return fail(doc.errors.map((e) => at(e.pos[0], `not valid YAML: ${e.message.split('\n')[0]}`)));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return fail([at(0, `cannot be read: ${error instanceof Error ? error.message : String(error)}`)]);
  }
  if (value === null || value === undefined) value = {}; // an empty file: the defaults
  const validate = validatorFor(rules);
  if (!validate(value)) {
    const problems = describeErrors(validate.errors ?? [], value, rules).map((d) => {
      const located = locate(doc.contents, d.path, d.key);
      return at(located, d.message);
    });
    return fail(dedupe(problems).sort((a, b) => a.line - b.line || a.column - b.column));
  }
  const config = value as {
    rules?: Record<string, unknown>; include?: string[]; exclude?: string[]; maxFileBytes?: number;
    deployments?: Record<string, RawDeployment>; deployment?: string;
  };
  // Every path is matched against every pattern: bound their number and length (io/glob.ts).
  for (const key of ['include', 'exclude'] as const) {
    const problem = globListProblem(config[key] ?? []);
    if (problem) return fail([at(locate(doc.contents, [key]), `${key}: ${problem}`)]);
  }
  const settings: Record<string, RuleSetting> = {};
  const namedBy = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const [key, setting] of Object.entries(config.rules ?? {})) {
    const rule = rules.find((r) => r.id === key || r.name === key)!;
    const earlier = namedBy.get(rule.id);
    if (earlier !== undefined) {
      problems.push(at(locate(doc.contents, ['rules'], key), `rules: ${key} configures ${rule.id} again (already configured as ${earlier}); keep one of them`));
      continue;
    }
    namedBy.set(rule.id, key);
    if (typeof setting === 'string') {
      settings[rule.id] = { severity: setting as SeveritySetting };
    } else if (setting && typeof setting === 'object') {
      const { severity, ...options } = setting as Record<string, unknown>;
      settings[rule.id] = {
        ...(severity !== undefined ? { severity: severity as SeveritySetting } : {}),
        ...(Object.keys(options).length > 0 ? { options: options as Record<string, number | boolean | string> } : {}),
      };
    }
  }
  const deploymentNames = Object.keys(config.deployments ?? {});
  if (config.deployment !== undefined && !deploymentNames.includes(config.deployment)) {
    problems.push(at(locate(doc.contents, ['deployment']), `deployment: "${config.deployment}" is not one of deployments (${deploymentNames.join(', ') || 'none defined'})`));
  }
  if (problems.length > 0) return fail(problems);
  return {
    config: {
      rules: settings,
      include: config.include ?? [],
      exclude: config.exclude ?? [],
      maxFileBytes: config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      ...(config.deployments ? { deployments: deploymentSpecs(config.deployments) } : {}),
      ...(config.deployment !== undefined ? { defaultDeployment: config.deployment } : {}),
    },
    problems: [],
  };
}

/** `deployments:` as written (validated by the schema). */
interface RawDeployment {
  templates?: string[];
  parameters?: string[];
  parameterValues?: Record<string, string | number | boolean>;
  varFiles?: string[];
  vars?: Record<string, string | number | boolean>;
}

function deploymentSpecs(raw: Record<string, RawDeployment>): Record<string, DeploymentSpec> {
  const named = (values: Record<string, string | number | boolean> | undefined) => Object.entries(values ?? {}).map(([name, value]) => ({ name, value: String(value) }));
  const specs: Record<string, DeploymentSpec> = {};
  for (const [name, d] of Object.entries(raw)) {
    specs[name] = {
      templates: d.templates ?? [],
      inputs: { name, parameterFiles: d.parameters ?? [], parameters: named(d.parameterValues), varFiles: d.varFiles ?? [], vars: named(d.vars) },
    };
  }
  return specs;
}

interface Described {
  readonly path: string[];
  /** An unknown key: point at the key itself. */
  readonly key?: string;
  readonly message: string;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

function dotted(path: readonly string[]): string {
  return path.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

const SEVERITY_LIST = SEVERITY_SETTINGS.join(', ');

/** One message per offending place: the deepest errors win over the `anyOf` wrappers above them. */
function describeErrors(errors: readonly ErrorObject[], value: unknown, rules: readonly RuleMeta[]): Described[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const list = groups.get(e.instancePath) ?? [];
    list.push(e);
    groups.set(e.instancePath, list);
  }
  const paths = [...groups.keys()];
  const out: Described[] = [];
  for (const pointer of paths.sort()) {
    const group = groups.get(pointer)!;
    const deeper = paths.some((p) => p !== pointer && p.startsWith(`${pointer}/`));
    const unknownKeys = group.filter((e) => e.keyword === 'additionalProperties');
    const path = pointerSegments(pointer);
    if (unknownKeys.length > 0) {
      for (const e of unknownKeys) {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        out.push({ path, key, message: unknownKeyMessage(path, key, rules) });
      }
      continue;
    }
    if (deeper) continue;
    out.push({ path, message: `${dotted(path)}: ${valueMessage(path, group, valueAt(value, path), rules)}` });
  }
  return out;
}

function ruleFor(key: string | undefined, rules: readonly RuleMeta[]): RuleMeta | undefined {
  return key === undefined ? undefined : rules.find((r) => r.id === key || r.name === key);
}

function optionNames(rule: RuleMeta | undefined): string[] {
  return ['severity', ...Object.keys(rule?.options ?? {})];
}

function unknownKeyMessage(path: readonly string[], key: string, rules: readonly RuleMeta[]): string {
  if (path.length === 0) {
    return `unknown key "${key}"; allowed: ${CONFIG_KEYS.join(', ')}${suggest(key, [...CONFIG_KEYS])}`;
  }
  if (path.length === 1 && path[0] === 'rules') {
    const names = rules.flatMap((r) => [r.id, r.name]);
    return `rules: unknown rule "${key}"${suggest(key, names)}; allowed: a rule id (${rules.map((r) => r.id).join(', ')}) or its name (run \`rdscope rules\` for the list)`;
  }
  if (path.length === 2 && path[0] === 'rules') {
    const rule = ruleFor(path[1], rules);
    const allowed = optionNames(rule);
    return `${dotted(path)}: unknown option "${key}" for ${rule ? `${rule.id} (${rule.name})` : path[1]}${suggest(key, allowed)}; allowed: ${allowed.join(', ')}`;
  }
  return `${dotted(path)}: unknown key "${key}"`;
}

function valueMessage(path: readonly string[], group: readonly ErrorObject[], value: unknown, rules: readonly RuleMeta[]): string {
  const shown = value === undefined ? 'nothing' : JSON.stringify(value);
  // rules.<rule>: a severity or an object.
  if (path.length === 2 && path[0] === 'rules') {
    const rule = ruleFor(path[1], rules);
    if (typeof value === 'string') return `${shown} is not a severity; expected one of ${SEVERITY_LIST}`;
    return `expected a severity (${SEVERITY_LIST}) or an object with ${optionNames(rule).join(', ')}; got ${shown}`;
  }
  if (path.length === 3 && path[0] === 'rules' && path[2] === 'severity') {
    return `${shown} is not a severity; expected one of ${SEVERITY_LIST}`;
  }
  const e = group.find((x) => x.keyword !== 'anyOf') ?? group[0];
  switch (e.keyword) {
    case 'type': {
      const type = String((e.params as { type: string }).type);
      const rule = path[0] === 'rules' ? ruleFor(path[1], rules) : undefined;
      const what = path[0] === 'include' || path[0] === 'exclude'
        ? (path.length === 1 ? 'a list of glob patterns' : 'a glob pattern (a string)')
        : type === 'integer' ? 'a whole number' : type === 'array' ? 'a list' : type === 'object' ? 'a map' : `a ${type}`;
      const option = rule && path.length === 3 ? rule.options?.[path[2]] : undefined;
      return `expected ${what}${option?.minimum !== undefined ? ` of at least ${option.minimum}` : ''}; got ${shown}`;
    }
    case 'minimum':
      return `must be at least ${(e.params as { limit: number }).limit}; got ${shown}`;
    case 'enum':
      return `expected one of ${((e.params as { allowedValues: unknown[] }).allowedValues).join(', ')}; got ${shown}`;
    default:
      return `${e.message ?? 'is not allowed'}; got ${shown}`;
  }
}

/** ` (did you mean "x"?)` when one candidate is close enough. */
function suggest(key: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(key.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** Offset of the node at `path` (or of the key `key` inside it) in the YAML document. */
function locate(root: unknown, path: readonly string[], key?: string): number {
  let node = root as YamlNode | null | undefined;
  let fallback = 0;
  const segments = key === undefined ? path : [...path, key];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) break;
      const keyNode = pair.key as YamlNode;
      fallback = keyNode.range?.[0] ?? fallback;
      if (last && key !== undefined) return fallback;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as YamlNode | undefined;
      if (!item) break;
      node = item;
    } else {
      break;
    }
    if (node && node.range) fallback = node.range[0];
  }
  if (node && node.range && key === undefined) return node.range[0];
  return fallback;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = formatConfigProblem(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Reads and validates one configuration file; throws ConfigError when it is unreadable or invalid. */
export function loadConfigFile(path: string, displayName: string = path): LoadedConfig {
  const absolute = resolve(path);
  let text: string;
  try {
    // A regular file of reasonable size only: `--config /dev/zero` or a FIFO must not hang or exhaust memory.
    text = readRegularText(absolute, MAX_CONFIG_BYTES, `the ${MAX_CONFIG_BYTES}-byte limit of a configuration file`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = error instanceof FileRefusedError ? error.message : code ?? String(error);
    throw new ConfigError([{ file: displayName, line: 1, column: 1, message: code === 'ENOENT' ? 'no such file' : `cannot be read (${why})` }]);
  }
  const parsed = parseConfigText(text, displayName);
  if (parsed.problems.length > 0) throw new ConfigError(parsed.problems);
  return { file: absolute, dir: dirname(absolute), config: withDeploymentPathsFrom(parsed.config, absolute) };
}

/**
 * The deployments' parameter and var files as absolute paths (they are
 * written relative to the configuration's folder), and their inline values
 * marked as written in the configuration file (messages name it).
 */
export function withDeploymentPathsFrom(config: LintConfig, configFile: string): LintConfig {
  if (!config.deployments) return config;
  const dir = dirname(configFile);
  const inFile = (values: readonly NamedInput[]) => values.map((v) => ({ ...v, file: configFile }));
  const deployments: Record<string, DeploymentSpec> = {};
  for (const [name, d] of Object.entries(config.deployments)) {
    deployments[name] = {
      templates: d.templates,
      inputs: {
        ...d.inputs,
        parameterFiles: d.inputs.parameterFiles.map((p) => resolve(dir, p)),
        parameters: inFile(d.inputs.parameters),
        varFiles: d.inputs.varFiles.map((p) => resolve(dir, p)),
        vars: inFile(d.inputs.vars),
      },
    };
  }
  return { ...config, deployments };
}

/** The configuration file in `dir` itself, if any. */
export function configFileIn(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(dir, name);
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return undefined;
}

/** Whether the folder is a repository's root: it holds `.git` (a folder, or a file in a worktree or submodule). */
export function isRepositoryRoot(dir: string): boolean {
  return statSync(join(dir, '.git'), { throwIfNoEntry: false }) !== undefined;
}

/** The nearest folder at or above `dir` that is a repository's root (isRepositoryRoot), if any. */
export function repositoryRootOf(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (isRepositoryRoot(d)) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Which configuration governs a folder: the `--config` file for everything,
 * or the nearest configuration file from the folder upward, up to the
 * repository root (isRepositoryRoot) and no further. Loads each file
 * once; an invalid one throws ConfigError when first needed.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly byFile = new Map<string, LoadedConfig>();

  constructor(
    private readonly explicit: LoadedConfig | undefined,
    private readonly displayName: (absolutePath: string) => string = (p) => p,
  ) {}

  forDirectory(dir: string): LoadedConfig {
    if (this.explicit) return this.explicit;
    const absolute = resolve(dir);
    const cached = this.byDir.get(absolute);
    if (cached) return cached;
    const file = configFileIn(absolute);
    let found: LoadedConfig;
    if (file) {
      found = this.byFile.get(file) ?? loadConfigFile(file, this.displayName(file));
      this.byFile.set(file, found);
    } else {
      // The search stops at the repository root (the folder holding `.git`, a folder or a worktree's
      // file): a configuration above it belongs to someone else's project (a home folder, /tmp).
      const parent = dirname(absolute);
      found = parent === absolute || isRepositoryRoot(absolute) ? NO_CONFIG : this.forDirectory(parent);
    }
    this.byDir.set(absolute, found);
    return found;
  }

  forFile(path: string): LoadedConfig {
    return this.forDirectory(dirname(resolve(path)));
  }
}
