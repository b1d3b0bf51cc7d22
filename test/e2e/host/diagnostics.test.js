// Diagnostics from the real language server, for each kind of template.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { TEMPLATES, NOT_A_TEMPLATE, ORDERS_YAML } = require('./fixtures');
const {
  TEST_TIMEOUT_MS, activateExtension, codeOf, openFile, positionOf, rdscopeDiagnostics, serverSettled, summarize, waitForCodes,
} = require('./helpers');

describe('diagnostics', function () {
  this.timeout(TEST_TIMEOUT_MS);

  before(async () => {
    await activateExtension();
  });

  for (const t of TEMPLATES) {
    it(`${t.format} (${t.file}): ${t.codes.join(', ')} from source rdscope`, async () => {
      const { doc, uri } = await openFile(t.file);
      const list = await waitForCodes(uri, t.codes);
      for (const d of list) {
        assert.strictEqual(d.source, 'rdscope');
        assert.match(codeOf(d), /^RDS\d{3}$/);
        assert.ok(d.message.length > 20, `a real message: ${d.message}`);
        // The rule's documentation is one click away: the code links to the command that opens the bundled page.
        assert.ok(typeof d.code === 'object' && d.code.target.scheme === 'command' && d.code.target.path === 'rdscope.openRuleDocumentation'
          && JSON.parse(d.code.target.query)[0] === codeOf(d), `code links to its rule page: ${JSON.stringify(d.code)}`);
      }
      const rds201 = list.filter((d) => codeOf(d) === 'RDS201');
      assert.strictEqual(rds201.length, 1, `one RDS201 in ${t.file}: ${summarize(uri)}`);
      assert.strictEqual(rds201[0].severity, vscode.DiagnosticSeverity.Warning);
      // On the resource it is about.
      const at = positionOf(doc, t.idText);
      assert.deepStrictEqual([rds201[0].range.start.line, rds201[0].range.start.character], [at.line, at.character],
        `RDS201 starts at ${t.idText}`);
    });
  }

  it('CloudFormation YAML: the primary without backups gets RDS104, each of its replicas an RDS103 error', async () => {
    const { doc, uri } = await openFile(ORDERS_YAML.file);
    const list = await waitForCodes(uri, ['RDS103', 'RDS104']);
    const rds103 = list.filter((d) => codeOf(d) === 'RDS103');
    assert.strictEqual(rds103.length, 2, summarize(uri));
    for (const d of rds103) assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    const lineOf = (needle) => positionOf(doc, needle).line;
    assert.deepStrictEqual(rds103.map((d) => d.range.start.line).sort((a, b) => a - b),
      [lineOf('OrdersReplicaA:') + 3, lineOf('OrdersReplicaB:') + 3], 'on each replica\'s SourceDBInstanceIdentifier');
    const rds104 = list.find((d) => codeOf(d) === 'RDS104');
    assert.match(rds104.message, /OrdersDb has 2 read replicas/);
    assert.strictEqual(rds104.range.start.line, lineOf('BackupRetentionPeriod: 0'));
  });

  it(`YAML that is not a template (${NOT_A_TEMPLATE}) gets no rdscope diagnostics`, async () => {
    const { uri } = await openFile(NOT_A_TEMPLATE);
    // A template opened at the same time gets its findings ...
    const other = await openFile(ORDERS_YAML.file);
    await waitForCodes(other.uri, ['RDS201']);
    // ... and once the server has answered a request after both opens, it has linted them.
    await serverSettled(uri);
    assert.deepStrictEqual(rdscopeDiagnostics(uri), [], summarize(uri));
  });
});
