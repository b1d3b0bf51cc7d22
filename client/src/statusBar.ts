/**
 * The status bar item: what the server is doing (starting, scanning the
 * workspace, linting, ready with its counts, disabled, stopped). A click
 * opens the "rdscope" output channel.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';

export const SHOW_OUTPUT_COMMAND = 'rdscope.showOutput';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.item = vscode.window.createStatusBarItem('rdscope.status', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'rdscope';
    this.item.command = SHOW_OUTPUT_COMMAND;
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
    const counts = `${p.templates} template${p.templates === 1 ? '' : 's'}: ${p.errors} error${p.errors === 1 ? '' : 's'}, ${p.warnings} warning${p.warnings === 1 ? '' : 's'}, ${p.infos} info`;
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

  private set(text: string, tooltip: string, error = false): void {
    this.item.text = text;
    this.item.tooltip = `${tooltip}\nClick to show the rdscope output.`;
    this.item.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
