// Quick fixes through the editor's own code-action API, applied like the light bulb does.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { TEMPLATES, ORDERS_YAML } = require('./fixtures');
const {
  TEST_TIMEOUT_MS, activateExtension, codeActions, codeOf, openFile, revert, summarize, textChange, waitForCodes, waitForDiagnostics,
} = require('./helpers');

describe('quick fixes', function () {
  this.timeout(TEST_TIMEOUT_MS);

  before(async () => {
    await activateExtension();
  });

  for (const t of TEMPLATES.filter((x) => x.fix)) {
    it(`${t.format}: RDS201's quick fix "${t.fix.source.slice(1, -1)}" removes the finding and only inserts the setting`, async () => {
      const { doc, uri } = await openFile(t.file);
      try {
        const before = doc.getText();
        const list = await waitForCodes(uri, ['RDS201']);
        const finding = list.find((d) => codeOf(d) === 'RDS201');

        const actions = await codeActions(uri, finding.range, vscode.CodeActionKind.QuickFix.value);
        const titles = actions.map((a) => a.title);
        const fix = actions.find((a) => t.fix.test(a.title));
        assert.ok(fix, `a quick fix matching ${t.fix} among ${JSON.stringify(titles)}`);
        assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind quickfix, got ${fix.kind && fix.kind.value}`);
        assert.strictEqual(fix.isPreferred, false, 'Multi-AZ is a suggestion (it changes the running database): offered, never preferred (auto fix)');
        assert.ok(fix.edit, 'the fix carries its edit');
        // The suppression is offered too, after the fix.
        assert.ok(titles.indexOf('Suppress RDS201 for ' + resourceName(finding)) > titles.indexOf(fix.title), JSON.stringify(titles));

        assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit succeeded');
        const change = textChange(before, doc.getText());
        assert.strictEqual(change.removed, '', 'nothing of the original text is removed or rewritten');
        assert.match(change.inserted, t.inserted);

        // The server lints the edited text: this RDS201 goes away, the file's other findings stay.
        const others = list.filter((d) => codeOf(d) !== 'RDS201').map(codeOf).sort();
        await waitForDiagnostics(uri, 'RDS201 to be gone after the fix', (now) => !now.some((d) => codeOf(d) === 'RDS201')
          && JSON.stringify(now.map(codeOf).sort()) === JSON.stringify(others));
        if (t.file === ORDERS_YAML.file) assert.ok(doc.getText().includes(ORDERS_YAML.comment), 'comments are kept');
      } finally {
        await revert(doc);
      }
      // Back to the file on disk: the finding returns.
      await waitForCodes(uri, ['RDS201']);
    });
  }

  for (const t of TEMPLATES.filter((x) => !x.fix)) {
    it(`${t.format}: RDS201 offers no edit of the generated file`, async () => {
      const { uri } = await openFile(t.file);
      const list = await waitForCodes(uri, ['RDS201']);
      const finding = list.find((d) => codeOf(d) === 'RDS201');
      const actions = await codeActions(uri, finding.range, vscode.CodeActionKind.QuickFix.value);
      assert.ok(!actions.some((a) => /^Set /.test(a.title)), `no "Set ..." fix for a plan: ${JSON.stringify(actions.map((a) => a.title))} (${summarize(uri)})`);
    });
  }
});

/** The resource a diagnostic is about, as the server recorded it (the suppression's title names it). */
function resourceName(diagnostic) {
  const m = /^(\S+) is a Single-AZ DB instance/.exec(diagnostic.message);
  return m ? m[1] : '?';
}
