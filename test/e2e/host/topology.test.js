// "rdscope: Show RDS topology" opens the diagram's webview panel beside the template.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { ORDERS_YAML } = require('./fixtures');
const { TEST_TIMEOUT_MS, activateExtension, openFile, waitFor, waitForCodes } = require('./helpers');

/** Tabs showing the topology webview (view type `rdscope.topology`, prefixed by the workbench). */
function topologyTabs() {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && /rdscope\.topology$/.test(tab.input.viewType));
}

const describeTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .map((t) => `${t.label} [${t.input && t.input.constructor ? t.input.constructor.name : typeof t.input}${t.input && t.input.viewType ? ` ${t.input.viewType}` : ''}]`).join(', ');

describe('topology command', function () {
  this.timeout(TEST_TIMEOUT_MS);

  before(async () => {
    await activateExtension();
  });

  after(async () => {
    const tabs = topologyTabs();
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  });

  it('contributes the palette commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['rdscope.lintWorkspace', 'rdscope.showTopology', 'rdscope.fixAllInFile', 'rdscope.openRuleDocumentation']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('rdscope.showTopology opens one webview panel titled after the template, beside it; running it again reuses it', async () => {
    const { editor, uri } = await openFile(ORDERS_YAML.file);
    await waitForCodes(uri, ['RDS201']);
    await vscode.commands.executeCommand('rdscope.showTopology');
    const [tab] = await waitFor('a topology webview tab', () => (topologyTabs().length ? topologyTabs() : undefined), { describeState: describeTabs });
    assert.strictEqual(tab.label, 'RDS topology: orders.yaml');
    assert.notStrictEqual(tab.group.viewColumn, editor.viewColumn, 'opened beside the editor, not over it');
    // The editor keeps the focus (preserveFocus) so typing goes on in the template.
    assert.strictEqual(vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.toString(), uri.toString());

    await vscode.commands.executeCommand('rdscope.showTopology');
    assert.strictEqual(topologyTabs().length, 1, `one panel: ${describeTabs()}`);
  });
});
