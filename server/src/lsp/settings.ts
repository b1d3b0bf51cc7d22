/**
 * Editor settings (`rdscope.*`, package.json `contributes.configuration`) and
 * how they become the engine's LintConfig: the same meaning as the CLI's
 * `.rdscope.yaml`, which wins over them where both say something (as with
 * eslint). Reading is forgiving: a client that answers `null`, or a setting
 * of the wrong type, gives the defaults plus a problem to log, never a throw.
 */
import { DEFAULT_CONFIG, type LintConfig, type RuleSetting } from '../config/config';
import { FILE_RULES, ruleById } from '../rules/registry';
import type { SeveritySetting } from '../rules/types';

export interface EditorSettings {
  readonly enable: boolean;
  /** By rule id or name: a severity, or `{ severity?, ...options }`. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** RDS301's warning threshold; undefined leaves the rule's default. */
  readonly maxReplicas?: number;
  /** Globs relative to the workspace folder. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Lint every template of the workspace in the background on start. */
  readonly scanWorkspace: boolean;
  /**
   * `rdscope.diagnostics.scope`: `workspace` publishes the findings of every
   * template; `openFiles` only those of open documents (the workspace is
   * still read, so a replica in an open file still finds its source).
   */
  readonly diagnosticsScope: DiagnosticsScope;
  /** `rdscope.codeLens.enable`: the recovery summary above each database. */
  readonly codeLens: boolean;
  /**
   * `rdscope.deployment` ("rdscope: Select deployment"): the `.rdscope.yaml`
   * deployment to lint, as `rdscope lint --deployment NAME`; `(none)`
   * (protocol.ts DEPLOYMENT_NONE) for parameter and variable defaults only;
   * undefined for the configuration's own `deployment:` default.
   */
  readonly deployment?: string;
}

export type DiagnosticsScope = 'workspace' | 'openFiles';

export const DEFAULT_SETTINGS: EditorSettings = { enable: true, rules: {}, include: [], exclude: [], scanWorkspace: true, diagnosticsScope: 'workspace', codeLens: false };

const SEVERITIES: ReadonlySet<string> = new Set(['off', 'info', 'warning', 'error']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `rdscope` section as the client sent it (anything, including null). */
export function readSettings(raw: unknown): { settings: EditorSettings; problems: string[] } {
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { settings: DEFAULT_SETTINGS, problems };
  if (!isObject(raw)) return { settings: DEFAULT_SETTINGS, problems: [`rdscope settings: expected an object, got ${typeof raw}`] };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    problems.push(`rdscope.${key}: expected true or false`);
    return fallback;
  };
  const globs = (key: string): string[] => {
    const v = raw[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v) && v.every((g) => typeof g === 'string')) return v.filter((g) => g.trim() !== '');
    problems.push(`rdscope.${key}: expected a list of glob patterns`);
    return [];
  };
  // Nested sections: VS Code sends `diagnostics.scope` as { diagnostics: { scope } }; a flat key is accepted too.
  const nested = (section: string, key: string): unknown => {
    const s = raw[section];
    return isObject(s) && s[key] !== undefined ? s[key] : raw[`${section}.${key}`];
  };
  let diagnosticsScope: DiagnosticsScope = 'workspace';
  const scope = nested('diagnostics', 'scope');
  if (scope === 'openFiles' || scope === 'workspace') diagnosticsScope = scope;
  else if (scope !== undefined && scope !== null) problems.push('rdscope.diagnostics.scope: expected "workspace" or "openFiles"');
  let codeLens = false;
  const lens = nested('codeLens', 'enable');
  if (typeof lens === 'boolean') codeLens = lens;
  else if (lens !== undefined && lens !== null) problems.push('rdscope.codeLens.enable: expected true or false');
  let deployment: string | undefined;
  if (typeof raw.deployment === 'string') deployment = raw.deployment.trim() || undefined;
  else if (raw.deployment !== undefined && raw.deployment !== null) problems.push('rdscope.deployment: expected the name of a deployment');
  let maxReplicas: number | undefined;
  if (raw.maxReplicas !== undefined && raw.maxReplicas !== null) {
    if (typeof raw.maxReplicas === 'number' && Number.isInteger(raw.maxReplicas) && raw.maxReplicas >= 1) maxReplicas = raw.maxReplicas;
    else problems.push('rdscope.maxReplicas: expected a whole number of at least 1');
  }
  return {
    settings: {
      enable: bool('enable', true),
      rules: readRuleSettings(raw.rules, problems),
      maxReplicas,
      include: globs('include'),
      exclude: globs('exclude'),
      scanWorkspace: bool('scanWorkspace', true),
      diagnosticsScope,
      codeLens,
      ...(deployment !== undefined ? { deployment } : {}),
    },
    problems,
  };
}

function readRuleSettings(raw: unknown, problems: string[]): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  if (raw === undefined || raw === null) return out;
  if (!isObject(raw)) {
    problems.push('rdscope.rules: expected an object of rule ids to severities');
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    const rule = ruleById(key);
    const id = rule?.id ?? FILE_RULES.find((r) => key === r.id || key === r.name)?.id;
    if (!id) {
      problems.push(`rdscope.rules: unknown rule ${key}`);
      continue;
    }
    if (typeof value === 'string') {
      if (SEVERITIES.has(value)) out[id] = { severity: value as SeveritySetting };
      else problems.push(`rdscope.rules.${key}: unknown severity ${value} (off, info, warning, error)`);
      continue;
    }
    if (!isObject(value)) {
      problems.push(`rdscope.rules.${key}: expected a severity or an object`);
      continue;
    }
    let severity: SeveritySetting | undefined;
    const options: Record<string, number | boolean | string> = {};
    for (const [name, v] of Object.entries(value)) {
      if (name === 'severity') {
        if (typeof v === 'string' && SEVERITIES.has(v)) severity = v as SeveritySetting;
        else problems.push(`rdscope.rules.${key}.severity: unknown severity ${String(v)}`);
        continue;
      }
      const spec = rule?.options?.[name];
      if (!spec) { problems.push(`rdscope.rules.${key}: unknown option ${name}`); continue; }
      const ok = spec.type === 'integer' ? typeof v === 'number' && Number.isInteger(v) && (spec.minimum === undefined || v >= spec.minimum)
        : typeof v === spec.type;
      if (ok) options[name] = v as number | boolean | string;
      else problems.push(`rdscope.rules.${key}.${name}: expected ${spec.type === 'integer' ? 'a whole number' : `a ${spec.type}`}`);
    }
    out[id] = { ...(severity ? { severity } : {}), ...(Object.keys(options).length ? { options } : {}) };
  }
  return out;
}

/** The engine configuration the settings describe (globs stay relative to the workspace folder). */
export function settingsToConfig(settings: EditorSettings): LintConfig {
  const rules: Record<string, RuleSetting> = { ...settings.rules };
  if (settings.maxReplicas !== undefined) {
    const current = rules.RDS301;
    // An explicit per-rule option wins over the shortcut.
    if (current?.options?.maxReplicas === undefined) {
      rules.RDS301 = { ...current, options: { ...current?.options, maxReplicas: settings.maxReplicas } };
    }
  }
  return { ...DEFAULT_CONFIG, rules, include: settings.include, exclude: settings.exclude };
}

/**
 * A `.rdscope.yaml` wins over the settings: per rule, its severity and options
 * replace the settings' ones; its include/exclude, when it has any, replace
 * the settings' lists (and are relative to the file's folder: the caller
 * keeps track of each list's base).
 */
export function mergeConfigs(fromSettings: LintConfig, fromFile: LintConfig): LintConfig {
  const rules: Record<string, RuleSetting> = { ...fromSettings.rules };
  for (const [id, setting] of Object.entries(fromFile.rules)) {
    const base = rules[id];
    rules[id] = {
      severity: setting.severity ?? base?.severity,
      options: { ...base?.options, ...setting.options },
    };
  }
  return {
    rules,
    include: fromFile.include.length ? fromFile.include : fromSettings.include,
    exclude: fromFile.exclude.length ? fromFile.exclude : fromSettings.exclude,
    maxFileBytes: fromFile.maxFileBytes,
  };
}
