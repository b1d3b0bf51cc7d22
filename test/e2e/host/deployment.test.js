// "rdscope: Select deployment": the command switches the deployment the
// server lints (the workspace's rdscope.deployment setting) and the findings
// and hovers follow. The project (a .rdscope.yaml with prod, the default, and
// dev) is copied into the workspace copy for these tests and removed after.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { TEST_TIMEOUT_MS, activateExtension, codeOf, hoverText, openFile, positionOf, waitFor, waitForDiagnostics } = require('./helpers');

// test/e2e/deployment-project: prod (the default, params/prod.json: Env=prod) and dev (Env=dev).
const PROJECT = 'deploy-project';
const STACK = `${PROJECT}/stacks/deploy-app.yaml`;
const codes = (list) => list.map(codeOf).sort().join(',');

describe('Select deployment', function () {
  this.timeout(TEST_TIMEOUT_MS);
  const root = () => path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, PROJECT);

  before(async () => {
    fs.cpSync(path.join(__dirname, '..', 'deployment-project'), root(), { recursive: true });
    await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('rdscope.selectDeployment', '');
    fs.rmSync(root(), { recursive: true, force: true });
  });

  it('lints the configuration\'s default (prod) first: Multi-AZ and backups on, no findings; the hover names prod.json', async () => {
    const { doc, uri } = await openFile(STACK);
    const position = positionOf(doc, 'AppDb:', { offset: 1 });
    // The hover waits for the server to have read the configuration: it names the parameter file.
    const text = await waitFor('a hover naming prod.json', async () => {
      const t = await hoverText(uri, position);
      return /with Env=prod from prod\.json/.test(t) ? t : undefined;
    }, { describeState: () => hoverText(uri, position) });
    assert.match(text, /\*\*AppDb\*\*/);
    await waitForDiagnostics(uri, 'no findings with prod', (list) => list.length === 0);
  });

  it('"dev" through the command: the server re-lints with Env=dev, and the choice is stored in the workspace', async () => {
    const { doc, uri } = await openFile(STACK);
    assert.strictEqual(await vscode.commands.executeCommand('rdscope.selectDeployment', 'dev'), 'dev');
    assert.strictEqual(vscode.workspace.getConfiguration('rdscope').inspect('deployment').workspaceValue, 'dev');
    const list = await waitForDiagnostics(uri, 'RDS101 and RDS201 with dev', (l) => codes(l) === 'RDS101,RDS201');
    assert.match(list.find((d) => codeOf(d) === 'RDS201').message, /\(a deployment input\)/);
    const position = positionOf(doc, 'AppDb:', { offset: 1 });
    assert.match(await hoverText(uri, position), /with Env=dev from \.rdscope\.yaml/);
  });

  it('"none (defaults only)": the parameter\'s Default, though the configuration names prod', async () => {
    const { uri } = await openFile(STACK);
    await vscode.commands.executeCommand('rdscope.selectDeployment', '(none)');
    await waitForDiagnostics(uri, 'findings resting on the parameter\'s Default',
      (l) => codes(l) === 'RDS101,RDS201' && l.every((d) => /a parameter's Default/.test(d.message)));
  });

  it('back to the configuration\'s default: the setting is removed and prod is linted again', async () => {
    const { uri } = await openFile(STACK);
    await vscode.commands.executeCommand('rdscope.selectDeployment', '');
    assert.strictEqual(vscode.workspace.getConfiguration('rdscope').inspect('deployment').workspaceValue, undefined);
    await waitForDiagnostics(uri, 'no findings with prod again', (l) => l.length === 0);
  });
});
