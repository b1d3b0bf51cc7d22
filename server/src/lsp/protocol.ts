/**
 * rdscope's own messages between the extension and the language server, on
 * top of LSP. Plain names and types only: the client bundle imports this file,
 * so it must not pull in server code.
 */

/** `rdscope/topology`: the workspace model for the diagram (schemas/topology.schema.json). */
export const TOPOLOGY_REQUEST = 'rdscope/topology';
export interface TopologyParams {
  /** A document: its file and every file linked to it. Absent: the whole workspace. */
  readonly uri?: string;
  /**
   * true: answer what the diagram draws (server/src/diagram/input.ts DiagramInput:
   * the topology, the findings on its files and the recovery estimates);
   * absent: the bare topology (schemas/topology.schema.json).
   */
  readonly diagram?: boolean;
}

/** `rdscope/lintWorkspace`: scan the workspace folders again and lint every template. */
export const LINT_WORKSPACE_REQUEST = 'rdscope/lintWorkspace';
export interface LintWorkspaceResult {
  readonly files: number;
  readonly templates: number;
  readonly findings: number;
  /** The scan stopped at the file bound (`MAX_SCANNED_FILES`). */
  readonly truncated: boolean;
  /** Another scan (or a settings change) replaced this one before it finished. */
  readonly cancelled: boolean;
}

/** `rdscope/fixAll`: the edit that applies every fix in a document (as `source.fixAll.rdscope`). */
export const FIX_ALL_REQUEST = 'rdscope/fixAll';
export interface FixAllParams {
  readonly uri: string;
}

/** `rdscope/rules`: the rule catalog, for "Open rule documentation". */
export const RULES_REQUEST = 'rdscope/rules';
export interface RuleInfo {
  readonly id: string;
  readonly name: string;
  readonly defaultSeverity: string;
  readonly summary: string;
  readonly docUrl: string;
}

/**
 * `rdscope/deployments`: the `.rdscope.yaml` deployments of the workspace and
 * which one is linted, for "rdscope: Select deployment". The choice itself is
 * the `rdscope.deployment` setting (a name, DEPLOYMENT_NONE, or unset for each
 * configuration's `deployment:` default): the server reads it like any other
 * setting, so every LSP client can set it and it persists with the workspace.
 */
export const DEPLOYMENTS_REQUEST = 'rdscope/deployments';
/** `rdscope.deployment` for "none (defaults only)": parentheses, so not a name anyone gives a deployment. */
export const DEPLOYMENT_NONE = '(none)';
export interface DeploymentsResult {
  /** rdscope.deployment as the server read it; absent: each configuration's default. */
  readonly choice?: string;
  readonly configurations: readonly DeploymentConfiguration[];
}
export interface DeploymentConfiguration {
  /** The `.rdscope.yaml` path. */
  readonly file: string;
  readonly deployments: readonly DeploymentInfo[];
  /** Its `deployment:` key. */
  readonly defaultDeployment?: string;
  /** The deployment its templates are linted with now; absent: parameter and variable defaults only. */
  readonly active?: string;
}
export interface DeploymentInfo {
  readonly name: string;
  /** Its `templates` globs (empty: every file of the configuration). */
  readonly templates: readonly string[];
  /** Its inputs, short: `params/prod.json, Env=dev`. */
  readonly inputs: string;
}

/** What the status bar shows of the deployments (StatusParams.deployment). */
export interface DeploymentStatus {
  /** The deployments linted now, by name (several configurations may lint different ones); empty: defaults only. */
  readonly active: readonly string[];
  /** rdscope.deployment, when set. */
  readonly choice?: string;
  /** The choice names no deployment of any configuration (their defaults apply). */
  readonly choiceUnknown?: boolean;
}

/** `rdscope/status` (server to client): what the server is doing, for the status bar. */
export const STATUS_NOTIFICATION = 'rdscope/status';
export interface StatusParams {
  readonly state: 'ready' | 'linting' | 'scanning' | 'disabled' | 'error';
  /** Templates in the workspace model. */
  readonly templates: number;
  /** Reported findings over the workspace, by severity. */
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** While scanning: files read so far and found in total. */
  readonly scanned?: number;
  readonly toScan?: number;
  readonly message?: string;
  /**
   * An invalid `.rdscope.yaml` (the editor settings apply meanwhile): its first
   * problem, for the status bar's error state. Absent when every file is valid.
   */
  readonly configProblem?: { readonly uri?: string; readonly file?: string; readonly line?: number; readonly column?: number; readonly message: string };
  /** The `.rdscope.yaml`/`.rdscope.json` files the workspace's templates are linted with (empty: editor settings only). */
  readonly configFiles?: readonly string[];
  /** Present when a configuration defines deployments or one is chosen: for the status bar's deployment item. */
  readonly deployment?: DeploymentStatus;
}

/** The code action kind for "fix everything rdscope can fix" (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.rdscope';

/**
 * What a diagnostic carries for its code actions: which finding it is (never
 * parse the message). The fix stays on the server, made from the current
 * finding when asked for (as eslint's server keeps its fixes): sent in every
 * diagnostic it was over half of each publish (~2.5 of 5.5 MB per keystroke in
 * a 5 MB template), which the editor parses on every keystroke.
 */
export interface DiagnosticData {
  readonly ruleId: string;
  /** Logical id or Terraform address of the resource the finding belongs to. */
  readonly resource?: string;
}

export interface LspRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}
