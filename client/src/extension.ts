/**
 * The rdscope extension: starts the language server (dist/server.js), shows
 * its state in the status bar, logs to the "rdscope" output channel and
 * registers the commands. No linting here: the server does all of it.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { RdscopeInitializationOptions } from '../../server/src/lsp/ruleDocLinks';
import { COMMANDS, registerCommands } from './commands';
import { StatusBar } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('rdscope', { log: true });
  context.subscriptions.push(output);
  const status = new StatusBar(output);
  context.subscriptions.push(status);

  const serverModule = context.asAbsolutePath('dist/server.js');
  // stdio, as every other editor starts it: the server writes its diagnostics' JSON once and keeps it across edits
  // (lsp/stdioTransport.ts); over node IPC, process.send would stringify each ~1 MB message again.
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // Templates are YAML or JSON: the server decides by content which ones are templates.
  const schemes = ['file', 'untitled', 'vscode-vfs'];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...schemes.flatMap((scheme) => ['yaml', 'json', 'jsonc'].map((language) => ({ scheme, language }))),
      // Terraform HCL (the language id HashiCorp's extension gives `.tf`).
      ...schemes.map((scheme) => ({ scheme, language: 'terraform' })),
      // CloudFormation `.template` files and Terraform, whatever language another extension gives them (or none).
      { scheme: 'file', pattern: '**/*.{template,tf,tf.json}' },
    ],
    synchronize: {
      // Templates that change on disk (a replica's source in an unopened file) and configuration files.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,template,tf}'),
        vscode.workspace.createFileSystemWatcher('**/.rdscope.{yaml,yml,json}'),
      ],
    },
    // The server asks for its settings (workspace/configuration, per folder); a change only needs to tell it so.
    // Sending the sections' values instead would read resource-scoped settings without a resource.
    middleware: { workspace: { didChangeConfiguration: (_sections, next) => next(undefined) } },
    outputChannel: output,
    diagnosticCollectionName: 'rdscope',
    // Rule codes link to `command:rdscope.openRuleDocumentation?["RDS201"]`: the page shipped in the extension, in a Markdown preview, offline.
    initializationOptions: { ruleDocLinks: 'command' } satisfies RdscopeInitializationOptions,
    // The hover's rule links are the same command links; no other command may run from a hover.
    markdown: { isTrusted: { enabledCommands: [COMMANDS.openRuleDocumentation] } },
    // A crash restarts the server (the client's default policy); the status bar says so.
    initializationFailedHandler: (error) => {
      output.error(`rdscope server failed to start: ${error instanceof Error ? error.message : String(error)}`);
      status.stopped('failed to start');
      return false;
    },
  };

  client = new LanguageClient('rdscope', 'rdscope', serverOptions, clientOptions);
  context.subscriptions.push(client.onDidChangeState((e) => {
    if (e.newState === State.Running) status.running();
    else if (e.newState === State.Starting) status.starting();
    else status.stopped('stopped');
  }));
  registerCommands(context, () => client, output);
  status.starting();
  try {
    await client.start();
    context.subscriptions.push(status.listen(client));
  } catch (error) {
    output.error(`rdscope server could not start: ${error instanceof Error ? error.message : String(error)}`);
    status.stopped('failed to start');
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.isRunning()) await c.stop();
}
