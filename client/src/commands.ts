/**
 * The palette commands: each asks the server, then shows or applies what it
 * answers. "rdscope: Show RDS topology" belongs to the diagram (topologyPanel.ts).
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  DEPLOYMENT_NONE, DEPLOYMENTS_REQUEST, FIX_ALL_REQUEST, LINT_WORKSPACE_REQUEST, RULES_REQUEST,
  type DeploymentsResult, type FixAllParams, type LintWorkspaceResult, type RuleInfo,
} from '../../server/src/lsp/protocol';
import { ruleDocUrl } from '../../server/src/projectLinks';
import { DRILL_FAILURES, isDrillFailure } from '../../server/src/rules/drill';
import { FAILURE_LABELS, type FailureKind } from '../../server/src/rules/recovery';
import { topologyTargetOf } from './topologyMessages';
import { showTopology } from './topologyPanel';

export const COMMANDS = {
  lintWorkspace: 'rdscope.lintWorkspace',
  showTopology: 'rdscope.showTopology',
  failureDrill: 'rdscope.failureDrill',
  fixAllInFile: 'rdscope.fixAllInFile',
  openRuleDocumentation: 'rdscope.openRuleDocumentation',
  selectDeployment: 'rdscope.selectDeployment',
} as const;

export function registerCommands(context: vscode.ExtensionContext, clientOf: () => LanguageClient | undefined, output: vscode.LogOutputChannel): void {
  /** The running client, or a message saying why there is none. */
  const running = (): LanguageClient | undefined => {
    const client = clientOf();
    if (client?.isRunning()) return client;
    void vscode.window.showWarningMessage('rdscope: the language server is not running; see the rdscope output.');
    return undefined;
  };
  const guarded = (name: string, run: (...args: unknown[]) => Promise<unknown>) => async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (error) {
      output.error(`${name}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      void vscode.window.showErrorMessage(`rdscope: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.lintWorkspace, guarded('Lint workspace', async () => {
      const client = running();
      if (!client) return undefined;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'rdscope: linting the workspace' },
        () => client.sendRequest<LintWorkspaceResult>(LINT_WORKSPACE_REQUEST),
      );
      if (!result || result.cancelled) return result;
      const more = result.truncated ? ' (stopped at the file limit: open a file to lint it)' : '';
      void vscode.window.showInformationMessage(
        `rdscope: ${result.templates} template${result.templates === 1 ? '' : 's'} in ${result.files} files, ${result.findings} finding${result.findings === 1 ? '' : 's'}${more}.`,
      );
      return result;
    })),

    vscode.commands.registerCommand(COMMANDS.showTopology, guarded('Show RDS topology', async (arg?: unknown) => {
      const client = running();
      if (!client) return;
      // A code lens passes the database it sits on ({ uri, focus }: ShowTopologyArgs): the diagram selects and centres it.
      await showTopology(context, client, topologyTargetOf(arg));
    })),

    vscode.commands.registerCommand(COMMANDS.failureDrill, guarded('Failure drill', async (arg?: unknown) => {
      const client = running();
      if (!client) return;
      const failure = typeof arg === 'string' && isDrillFailure(arg) ? arg : await pickFailure();
      if (!failure) return;
      await showTopology(context, client, { drill: failure });
    })),

    vscode.commands.registerCommand(COMMANDS.fixAllInFile, guarded('Fix all in file', async (uriArg?: unknown) => {
      const client = running();
      const uri = uriArg instanceof vscode.Uri ? uriArg : vscode.window.activeTextEditor?.document.uri;
      if (!client || !uri) return false;
      const edit = await client.sendRequest(FIX_ALL_REQUEST, { uri: client.code2ProtocolConverter.asUri(uri) } satisfies FixAllParams);
      if (!edit) {
        void vscode.window.showInformationMessage('rdscope: nothing to fix in this file.');
        return false;
      }
      const converted = await client.protocol2CodeConverter.asWorkspaceEdit(edit as Parameters<typeof client.protocol2CodeConverter.asWorkspaceEdit>[0]);
      return converted ? vscode.workspace.applyEdit(converted) : false;
    })),

    // The choice is the rdscope.deployment setting, in the workspace: the server re-lints when it changes.
    // An argument (a name, DEPLOYMENT_NONE, or '' for the configuration's default) skips the picker.
    vscode.commands.registerCommand(COMMANDS.selectDeployment, guarded('Select deployment', async (arg?: unknown) => {
      let choice: string | undefined = typeof arg === 'string' ? arg : undefined;
      if (choice === undefined) {
        const client = running();
        if (!client) return undefined;
        choice = await pickDeployment(await client.sendRequest<DeploymentsResult>(DEPLOYMENTS_REQUEST));
        if (choice === undefined) return undefined;
      }
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('rdscope').update('deployment', choice === '' ? undefined : choice, target);
      return choice;
    })),

    vscode.commands.registerCommand(COMMANDS.openRuleDocumentation, guarded('Open rule documentation', async (arg?: unknown) => {
      const client = clientOf();
      const rules: RuleInfo[] = client?.isRunning() ? await client.sendRequest<RuleInfo[]>(RULES_REQUEST) : [];
      let id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && 'ruleId' in arg ? String((arg as { ruleId: unknown }).ruleId) : undefined;
      if (!id) id = await pickRule(rules);
      if (!id) return undefined;
      return openRuleDoc(context, id, rules.find((r) => r.id === id || r.name === id));
    })),
  );
}

/**
 * The deployments of the workspace's configurations, "none (defaults only)",
 * and (once one is chosen) the configurations' own default. Undefined: dismissed.
 */
async function pickDeployment(result: DeploymentsResult): Promise<string | undefined> {
  if (result.configurations.length === 0 && result.choice === undefined) {
    void vscode.window.showInformationMessage('rdscope: no .rdscope.yaml in the workspace defines deployments, so templates are linted with their defaults.');
    return undefined;
  }
  type Item = vscode.QuickPickItem & { choice: string };
  const active = new Set(result.configurations.flatMap((c) => (c.active !== undefined ? [c.active] : [])));
  const several = result.configurations.length > 1;
  const where = (file: string) => vscode.workspace.asRelativePath(file, false);
  const items: Item[] = [];
  const seen = new Set<string>();
  for (const c of result.configurations) {
    for (const d of c.deployments) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      items.push({
        label: `${active.has(d.name) ? '$(check) ' : ''}${d.name}`,
        description: `${d.inputs}${d.name === c.defaultDeployment ? '  (default)' : ''}`,
        detail: `${d.templates.length > 0 ? d.templates.join(', ') : 'every template'}${several ? ` · ${where(c.file)}` : ''}`,
        choice: d.name,
      });
    }
  }
  const none = active.size === 0 && result.configurations.length > 0;
  items.push({ label: `${none ? '$(check) ' : ''}none (defaults only)`, description: 'parameter and variable defaults', choice: DEPLOYMENT_NONE });
  const defaults = [...new Set(result.configurations.flatMap((c) => (c.defaultDeployment !== undefined ? [c.defaultDeployment] : [])))];
  if (result.choice !== undefined) {
    items.push({ label: `the configuration's default${defaults.length > 0 ? ` (${defaults.join(', ')})` : ''}`, description: 'deployment: in .rdscope.yaml', choice: '' });
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'The deployment rdscope lints (its parameters and variables)', matchOnDescription: true });
  return picked?.choice;
}

/** Which failure to drill: the diagram then shows what each database does when it strikes. */
async function pickFailure(): Promise<FailureKind | undefined> {
  const detail: Record<FailureKind, string> = {
    'instance-failure': 'The database instance fails: Multi-AZ fails over, Single-AZ waits for recovery',
    'az-outage': 'One Availability Zone goes down',
    'region-outage': 'The whole region goes down: only cross-region copies survive',
    'data-corruption': 'Bad data or a delete: replicas copy it, only backups and PITR go back',
  };
  const picked = await vscode.window.showQuickPick(
    DRILL_FAILURES.map((f) => ({ label: FAILURE_LABELS[f], detail: detail[f], failure: f })),
    { placeHolder: 'Which failure? The diagram shows what each database does', matchOnDetail: true },
  );
  return picked?.failure;
}

/** Rules at the cursor first (the diagnostics under it), then the catalog. */
async function pickRule(rules: readonly RuleInfo[]): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const here = new Set<string>();
  if (editor) {
    for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
      if (d.source === 'rdscope' && d.range.contains(editor.selection.active)) here.add(typeof d.code === 'object' ? String(d.code.value) : String(d.code));
    }
  }
  const items = [...rules]
    .sort((a, b) => Number(here.has(b.id)) - Number(here.has(a.id)))
    .map((r) => ({ label: r.id, description: `${r.name}${here.has(r.id) ? '  (at the cursor)' : ''}`, detail: r.summary }));
  if (items.length === 0) {
    return vscode.window.showInputBox({ prompt: 'Rule id (RDS201) or name (no-multi-az)', validateInput: (v) => (v.trim() ? undefined : 'a rule id') });
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Open the documentation of an rdscope rule', matchOnDescription: true, matchOnDetail: true });
  return picked?.label;
}

/** The page shipped with the extension (docs/rules/), rendered; the online page when it is not there. */
async function openRuleDoc(context: vscode.ExtensionContext, id: string, rule: RuleInfo | undefined): Promise<unknown> {
  const ruleId = rule?.id ?? id.toUpperCase();
  const local = context.asAbsolutePath(`docs/rules/${ruleId}.md`);
  if (/^RDS\d{3}$/.test(ruleId) && existsSync(local)) {
    return vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(local));
  }
  const url = rule?.docUrl ?? ruleDocUrl(ruleId);
  return vscode.env.openExternal(vscode.Uri.parse(url));
}
