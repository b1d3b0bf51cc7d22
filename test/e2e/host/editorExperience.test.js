// Issue 16 in the real editor: short messages, the rule link to the bundled
// page, the hover order, the code lens and the `openFiles` diagnostics scope.
'use strict';
const assert = require('assert');
const fs = require('fs');
const vscode = require('vscode');
const { ORDERS_YAML, TEMPLATES } = require('./fixtures');
const { TEST_TIMEOUT_MS, activateExtension, codeOf, hoverText, openFile, positionOf, rdscopeDiagnostics, waitFor, waitForCodes, setWorkspaceSetting } = require('./helpers');

const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
const describeTabs = () => allTabs().map((t) => t.label).join(', ');

describe('editor experience (issue 16)', function () {
  this.timeout(TEST_TIMEOUT_MS);

  before(async () => {
    await activateExtension();
  });

  it('every message is one short sentence (at most 120 characters), in every template', async () => {
    for (const t of TEMPLATES) {
      const { uri } = await openFile(t.file);
      const list = await waitForCodes(uri, t.codes);
      for (const d of list) assert.ok(d.message.length <= 120 && !d.message.includes('\n'), `${t.file} ${codeOf(d)}: ${d.message}`);
    }
  });

  it('the rule code links to the bundled page: a command link that opens it in a Markdown preview', async () => {
    const { uri } = await openFile(ORDERS_YAML.file);
    await waitForCodes(uri, ['RDS201']);
    const d = rdscopeDiagnostics(uri).find((x) => codeOf(x) === 'RDS201');
    assert.strictEqual(d.code.target.scheme, 'command');
    assert.strictEqual(d.code.target.path, 'rdscope.openRuleDocumentation');
    assert.deepStrictEqual(JSON.parse(d.code.target.query), ['RDS201']);
    // What the link runs, with the link's own arguments.
    await vscode.commands.executeCommand(d.code.target.path, ...JSON.parse(d.code.target.query));
    const tab = await waitFor('a Markdown preview of RDS201.md', () => allTabs().find((t) => /RDS201\.md/.test(t.label) && /Preview/.test(t.label)), { describeState: describeTabs });
    await vscode.window.tabGroups.close(tab);
  });

  it('the hover on a database: summary and recovery first, findings after (each short, then its explanation), settings last', async () => {
    const { doc, uri } = await openFile(ORDERS_YAML.file);
    await waitForCodes(uri, ['RDS201']);
    const position = positionOf(doc, 'PaymentsDb:', { offset: 2 });
    const text = await waitFor('the hover with findings', async () => {
      const t = await hoverText(uri, position);
      return /\*\*Findings\*\*/.test(t) ? t : undefined;
    }, { describeState: () => hoverText(uri, position) });
    const at = (re) => { const m = re.exec(text); assert.ok(m, `${re} in:\n${text}`); return m.index; };
    const title = at(/\*\*PaymentsDb\*\* · AWS::RDS::DBInstance/);
    const summary = at(/\nSingle-AZ · (no PITR|PITR [^·]+) · RTO /);
    const recovery = at(/\*\*Recovery estimates\*\*/);
    const findings = at(/\*\*Findings\*\*/);
    const rds201 = at(/RDS201\*\*\]\(command:rdscope\.openRuleDocumentation[^)]*\) PaymentsDb is Single-AZ/);
    const explanation = at(/PaymentsDb is a Single-AZ DB instance .*Set MultiAZ: true/);
    const settings = at(/\*\*Settings\*\*/);
    assert.ok(title < summary && summary < recovery && recovery < findings && findings < rds201 && rds201 < explanation && explanation < settings, text);
  });

  it('code lens (rdscope.codeLens.enable): off by default; on, a recovery summary above each database that opens the diagram', async () => {
    const { uri } = await openFile(ORDERS_YAML.file);
    await waitForCodes(uri, ['RDS201']);
    const lenses = () => vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri);
    assert.deepStrictEqual(await lenses(), []);
    await setWorkspaceSetting('codeLens.enable', true);
    try {
      const list = await waitFor('code lenses', async () => { const l = await lenses(); return l && l.length ? l : undefined; });
      const titles = list.map((l) => l.command.title);
      assert.ok(titles.some((t) => /^(Single|Multi)-AZ · (no PITR|PITR [^·]+)( · \d+ replicas?)? · RTO /.test(t)), titles.join('\n'));
      const lens = list.find((l) => l.command.arguments && l.command.arguments[0].focus === 'OrdersDb');
      assert.ok(lens, titles.join('\n'));
      assert.strictEqual(lens.command.command, 'rdscope.showTopology');
      await vscode.commands.executeCommand(lens.command.command, ...lens.command.arguments);
      const tab = await waitFor('the topology panel', () => allTabs().find((t) => t.input instanceof vscode.TabInputWebview && /rdscope\.topology$/.test(t.input.viewType)), { describeState: describeTabs });
      await vscode.window.tabGroups.close(tab);
    } finally {
      await setWorkspaceSetting('codeLens.enable', undefined);
    }
  });

  it('rdscope.diagnostics.scope openFiles: a template nobody opened loses its diagnostics, the open one keeps them', async () => {
    const { uri: open } = await openFile(ORDERS_YAML.file);
    await waitForCodes(open, ['RDS201']);
    // A template written now, never opened: a workspace scan lints it (the command, not the file watcher's timing).
    const folder = vscode.workspace.workspaceFolders[0].uri;
    const unopened = vscode.Uri.joinPath(folder, 'scope-check', 'unopened.yaml');
    fs.mkdirSync(vscode.Uri.joinPath(folder, 'scope-check').fsPath, { recursive: true });
    fs.writeFileSync(unopened.fsPath, fs.readFileSync(open.fsPath, 'utf8'));
    try {
      await vscode.commands.executeCommand('rdscope.lintWorkspace');
      await waitForCodes(unopened, ['RDS201']);
      await setWorkspaceSetting('diagnostics.scope', 'openFiles');
      await waitFor('no diagnostics on the unopened template', () => rdscopeDiagnostics(unopened).length === 0);
      assert.ok(rdscopeDiagnostics(open).some((d) => codeOf(d) === 'RDS201'), 'the open file keeps its diagnostics');
      await setWorkspaceSetting('diagnostics.scope', undefined);
      await waitForCodes(unopened, ['RDS201']);
    } finally {
      await setWorkspaceSetting('diagnostics.scope', undefined);
      fs.rmSync(vscode.Uri.joinPath(folder, 'scope-check').fsPath, { recursive: true, force: true });
    }
  });
});
