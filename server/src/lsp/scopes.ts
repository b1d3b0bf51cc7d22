/**
 * Which configuration applies to a file: the settings of its workspace
 * folder, overridden by the `.rdscope.yaml` found from the file's folder
 * upward (as the CLI finds it), and whether include/exclude let it in.
 */
import { dirname } from 'node:path';
import type { DeploymentSpec, LintConfig } from '../config/config';
import { configWithDeployment, deploymentNameFor } from '../config/deployments';
import { withDeploymentPathsFrom } from '../config/load';
import { matchesAnyGlob } from '../io/glob';
import { DEPLOYMENT_NONE } from './protocol';
import { DEFAULT_SETTINGS, mergeConfigs, settingsToConfig, type EditorSettings } from './settings';
import { relativeInside, uriToPath } from './uris';
import type { FileScope } from './workspace';

export interface WorkspaceFolderInfo {
  readonly uri: string;
  readonly path: string;
  readonly name: string;
}

/** A configuration file as the CLI's loader reads it. */
export interface LoadedConfigFile {
  readonly path: string;
  /** The folder its include/exclude globs are relative to. */
  readonly dir: string;
  readonly config: LintConfig;
}

/** A problem in a configuration file: 1-based line and column, as config/load.ts reports them. */
export interface ConfigFileProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Finds and reads the configuration file for a folder (upward search); an error names the file and line. */
export type ConfigFileLoader = (folder: string) => {
  readonly file?: LoadedConfigFile;
  readonly error?: string;
  readonly problems?: readonly ConfigFileProblem[];
};

/** The deployments of the configurations in use and which one is linted (lsp/protocol.ts DeploymentsResult, with paths). */
export interface DeploymentsInUse {
  /** rdscope.deployment when every folder agrees on it (undefined: each configuration's default). */
  readonly choice?: string;
  readonly configurations: readonly {
    readonly file: string;
    readonly dir: string;
    readonly deployments: Readonly<Record<string, DeploymentSpec>>;
    readonly defaultDeployment?: string;
    /** The deployment its templates are linted with; undefined: defaults only. */
    readonly active?: string;
  }[];
}

/** The editor's choice when this configuration defines it; elsewhere the configuration's default applies (the CLI refuses such a name). */
function chosenIn(config: LintConfig, choice: string | undefined): string | undefined {
  return choice !== undefined && choice !== DEPLOYMENT_NONE && Object.hasOwn(config.deployments ?? {}, choice) ? choice : undefined;
}

export class Scopes {
  private folders: WorkspaceFolderInfo[] = [];
  private settingsByFolder = new Map<string, EditorSettings>();
  private globalSettings: EditorSettings = DEFAULT_SETTINGS;
  private readonly configByDir = new Map<string, ReturnType<ConfigFileLoader>>();
  private loadConfig: ConfigFileLoader | undefined;
  private readonly scopeByUri = new Map<string, FileScope>();
  /** Configuration file errors already reported, so each is logged once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly newConfigLoader: (() => ConfigFileLoader) | undefined,
    private readonly onConfigError: (message: string, problems: readonly ConfigFileProblem[]) => void,
  ) {
    this.loadConfig = newConfigLoader?.();
  }

  setFolders(folders: readonly WorkspaceFolderInfo[]): void {
    // Longest path first, so a nested folder wins over its parent.
    this.folders = [...folders].sort((a, b) => b.path.length - a.path.length);
    this.scopeByUri.clear();
  }

  get workspaceFolders(): readonly WorkspaceFolderInfo[] {
    return this.folders;
  }

  setSettings(global: EditorSettings, byFolder: ReadonlyMap<string, EditorSettings>): void {
    this.globalSettings = global;
    this.settingsByFolder = new Map(byFolder);
    this.scopeByUri.clear();
  }

  /** A configuration file changed somewhere: read them again. */
  configFilesChanged(): void {
    this.loadConfig = this.newConfigLoader?.();
    this.configByDir.clear();
    this.scopeByUri.clear();
    this.reported.clear();
  }

  folderOf(path: string): WorkspaceFolderInfo | undefined {
    return this.folders.find((f) => relativeInside(f.path, path) !== undefined);
  }

  settingsFor(uri: string): EditorSettings {
    const path = uriToPath(uri);
    const folder = path ? this.folderOf(path) : undefined;
    return (folder && this.settingsByFolder.get(folder.uri)) ?? this.globalSettings;
  }

  /** True when any folder (or the global settings) publishes the findings of open documents only. */
  get anyOpenFilesOnly(): boolean {
    return this.globalSettings.diagnosticsScope === 'openFiles' || [...this.settingsByFolder.values()].some((s) => s.diagnosticsScope === 'openFiles');
  }

  /** True when any folder (or the global settings) enables rdscope. */
  get anyEnabled(): boolean {
    return this.globalSettings.enable || [...this.settingsByFolder.values()].some((s) => s.enable);
  }

  resolve = (uri: string): FileScope => {
    const cached = this.scopeByUri.get(uri);
    if (cached) return cached;
    const scope = this.compute(uri);
    this.scopeByUri.set(uri, scope);
    return scope;
  };

  private compute(uri: string): FileScope {
    const path = uriToPath(uri);
    const folder = path ? this.folderOf(path) : undefined;
    const settings = (folder && this.settingsByFolder.get(folder.uri)) ?? this.globalSettings;
    const fromSettings = settingsToConfig(settings);
    if (!settings.enable) return { included: false, config: fromSettings, configKey: 'disabled' };
    const file = path && this.loadConfig ? this.configFileFor(dirname(path)) : undefined;
    const config = file ? mergeConfigs(fromSettings, file.config) : fromSettings;
    const configKey = `${folder?.uri ?? ''}\u0000${file?.path ?? ''}`;
    if (!path) return { included: true, config, configKey };
    // The deployment chosen in the editor (rdscope.deployment) or the configuration's default, when its
    // templates cover the file: as `rdscope lint [--deployment NAME]` does.
    if (file) {
      const loaded = { file: file.path, dir: file.dir, config: withDeploymentPathsFrom(file.config, file.path) };
      const name = settings.deployment === DEPLOYMENT_NONE ? undefined : deploymentNameFor(loaded, path, chosenIn(file.config, settings.deployment));
      if (name !== undefined) return this.scopeWith(configWithDeployment({ ...config, deployments: loaded.config.deployments }, name), `${configKey}\u0000${name}`, path, folder, file);
    }
    return this.scopeWith(config, configKey, path, folder, file);
  }

  private scopeWith(config: LintConfig, configKey: string, path: string, folder: WorkspaceFolderInfo | undefined, file: LoadedConfigFile | undefined): FileScope {
    // Globs are relative to where they were written: the configuration file's folder, or the workspace folder.
    const globsFromFile = file && (file.config.include.length > 0 || file.config.exclude.length > 0);
    const base = globsFromFile ? file.dir : folder?.path;
    // A file outside any folder (a single file opened on its own) is matched by its whole path: `**/x.yaml` still works.
    const rel = base !== undefined ? relativeInside(base, path) : path.replace(/\\/g, '/').replace(/^\/+/, '');
    let included = true;
    if (rel === undefined) included = config.include.length === 0;
    else included = (config.include.length === 0 || matchesAnyGlob(rel, config.include)) && !matchesAnyGlob(rel, config.exclude);
    return { included, config, configKey, ...(file ? { configFile: file.path } : {}) };
  }

  /**
   * The configuration files read so far (the workspace folders' and those
   * above its templates) that define deployments, with what the editor's
   * choice makes of each: "rdscope: Select deployment" lists them, the status
   * bar shows the active one.
   */
  deploymentsInUse(): DeploymentsInUse {
    // The workspace folders' own configurations, even before any template was read.
    for (const f of this.folders) if (this.loadConfig && this.settingsFor(f.uri).enable) this.configFileFor(f.path);
    const choices = new Set<string | undefined>([this.globalSettings.deployment, ...[...this.settingsByFolder.values()].map((s) => s.deployment)]);
    const choice = choices.size === 1 ? [...choices][0] : undefined;
    const files = new Map<string, LoadedConfigFile>();
    for (const entry of this.configByDir.values()) if (entry.file?.config.deployments) files.set(entry.file.path, entry.file);
    const configurations = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => {
      const chosen = chosenIn(f.config, choice);
      const active = choice === DEPLOYMENT_NONE ? undefined : chosen ?? f.config.defaultDeployment;
      return { file: f.path, dir: f.dir, deployments: f.config.deployments!, defaultDeployment: f.config.defaultDeployment, active };
    });
    return { choice, configurations };
  }

  private configFileFor(dir: string): LoadedConfigFile | undefined {
    let entry = this.configByDir.get(dir);
    if (!entry) {
      try {
        entry = this.loadConfig!(dir);
      } catch (error) {
        entry = { error: `cannot read the rdscope configuration for ${dir}: ${error instanceof Error ? error.message : String(error)}` };
      }
      this.configByDir.set(dir, entry);
    }
    if (entry.error && !this.reported.has(entry.error)) {
      this.reported.add(entry.error);
      this.onConfigError(entry.error, entry.problems ?? []);
    }
    return entry.file;
  }
}
