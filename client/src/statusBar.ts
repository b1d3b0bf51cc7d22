/**
 * The status bar items: what the server is doing (starting, scanning the
 * workspace, linting, ready with its counts, disabled, stopped; a click
 * opens the "rdscope" output channel), and, when the workspace's
 * `.rdscope.yaml` defines deployments, the one linted ("rdscope: prod"; a
 * click opens "rdscope: Select deployment").
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS } from './commands';
import { DEPLOYMENT_NONE, STATUS_NOTIFICATION, type DeploymentStatus, type StatusParams } from '../../server/src/lsp/protocol';

export const SHOW_OUTPUT_COMMAND = 'rdscope.showOutput';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly deploymentItem: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.item = vscode.window.createStatusBarItem('rdscope.status', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'rdscope';
    this.item.command = SHOW_OUTPUT_COMMAND;
    // Just right of the state item.
    this.deploymentItem = vscode.window.createStatusBarItem('rdscope.deployment', vscode.StatusBarAlignment.Left, -1);
    this.deploymentItem.name = 'rdscope deployment';
    this.deploymentItem.command = COMMANDS.selectDeployment;
    this.disposables.push(vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => this.output.show(true)));
    this.item.show();
  }

  listen(client: LanguageClient): vscode.Disposable {
    return client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => this.update(p));
  }

  starting(): void {
    this.set('$(sync~spin) rdscope', 'rdscope: starting the language server');
  }

  running(): void {
    this.set('$(shield) rdscope', 'rdscope: ready');
  }

  stopped(why: string): void {
    this.set('$(error) rdscope', `rdscope: the language server ${why}; see the output`, true);
  }

  update(p: StatusParams): void {
    this.showDeployment(p.deployment);
    this.item.command = SHOW_OUTPUT_COMMAND;
    if (p.configProblem && p.state !== 'scanning' && p.state !== 'linting') {
      // An invalid .rdscope.yaml: an error state naming the file and line; a click opens it there.
      const c = p.configProblem;
      const where = c.file ? `${c.file.split(/[\\/]/).pop()}${c.line ? `:${c.line}` : ''}` : 'configuration';
      this.set(`$(error) rdscope: ${where}`, `rdscope: invalid configuration ${c.file ?? ''}${c.line ? `:${c.line}${c.column ? `:${c.column}` : ''}` : ''}: ${c.message}\nThe editor settings apply until it is fixed.`, true);
      if (c.uri && c.line) {
        const position = new vscode.Position(c.line - 1, Math.max(0, (c.column ?? 1) - 1));
        this.item.command = { command: 'vscode.open', title: 'Open the configuration', arguments: [vscode.Uri.parse(c.uri), { selection: new vscode.Range(position, position) }] };
        this.item.tooltip = `${this.item.tooltip}`.replace('Click to show the rdscope output.', 'Click to open it.');
      }
      return;
    }
    const counts = `${p.templates} template${p.templates === 1 ? '' : 's'}: ${p.errors} error${p.errors === 1 ? '' : 's'}, ${p.warnings} warning${p.warnings === 1 ? '' : 's'}, ${p.infos} info`
      + (p.configFiles === undefined ? '' : `\nConfiguration: ${p.configFiles.length > 0 ? p.configFiles.join(', ') : 'editor settings (no .rdscope.yaml)'}`);
    switch (p.state) {
      case 'scanning':
        this.set(`$(sync~spin) rdscope ${p.scanned ?? 0}/${p.toScan ?? '?'}`, `rdscope: linting the workspace in the background (${p.scanned ?? 0} of ${p.toScan ?? '?'} files)`);
        break;
      case 'linting':
        this.set('$(sync~spin) rdscope', `rdscope: linting (${counts})`);
        break;
      case 'disabled':
        this.set('$(circle-slash) rdscope', 'rdscope: disabled (rdscope.enable)');
        break;
      case 'error':
        this.set('$(error) rdscope', `rdscope: ${p.message ?? 'a lint pass failed'}; see the output`, true);
        break;
      default: {
        const problems = p.errors + p.warnings;
        this.set(problems ? `$(shield) rdscope $(error) ${p.errors} $(warning) ${p.warnings}` : '$(shield) rdscope', `rdscope: ${counts}`);
      }
    }
  }

  /** "rdscope: prod", "rdscope: no deployment"; hidden when the workspace has no deployments. */
  private showDeployment(d: DeploymentStatus | undefined): void {
    if (!d) { this.deploymentItem.hide(); return; }
    const name = d.active.length > 0 ? d.active.join(', ') : 'no deployment';
    this.deploymentItem.text = `$(layers) rdscope: ${name}`;
    const how = d.choice === undefined ? "the .rdscope.yaml's deployment: default"
      : d.choice === DEPLOYMENT_NONE ? 'chosen: none (parameter and variable defaults)'
        : d.choiceUnknown ? `chosen: ${d.choice}, which no .rdscope.yaml defines (their defaults apply)` : `chosen: ${d.choice}`;
    this.deploymentItem.tooltip = `rdscope lints the deployment ${d.active.length > 0 ? name : 'with defaults only'} (${how}).\nClick to select another deployment.`;
    this.deploymentItem.backgroundColor = d.choiceUnknown ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.deploymentItem.show();
  }

  private set(text: string, tooltip: string, error = false): void {
    this.item.text = text;
    this.item.tooltip = `${tooltip}\nClick to show the rdscope output.`;
    this.item.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
    this.deploymentItem.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
