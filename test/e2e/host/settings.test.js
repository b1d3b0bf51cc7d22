// `rdscope.*` settings (package.json contributes.configuration) take effect without a reload.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { ORDERS_YAML } = require('./fixtures');
const { TEST_TIMEOUT_MS, activateExtension, codeOf, openFile, waitForCodes, waitForDiagnostics, setWorkspaceSetting } = require('./helpers');

const has = (list, code) => list.some((d) => codeOf(d) === code);

describe('settings', function () {
  this.timeout(TEST_TIMEOUT_MS);

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    for (const key of ['rules', 'enable']) await setWorkspaceSetting(key, undefined);
  });

  it('rdscope.rules { RDS201: "off" } drops RDS201 and keeps the other rules; removing it brings RDS201 back', async () => {
    const { uri } = await openFile(ORDERS_YAML.file);
    await waitForCodes(uri, ['RDS201', 'RDS104']);
    await setWorkspaceSetting('rules', { RDS201: 'off' });
    await waitForDiagnostics(uri, 'RDS201 off, RDS104 still on', (list) => !has(list, 'RDS201') && has(list, 'RDS104') && has(list, 'RDS103'));
    await setWorkspaceSetting('rules', undefined);
    await waitForCodes(uri, ['RDS201', 'RDS104']);
  });

  it('rdscope.rules by rule name: { "no-multi-az": "error" } raises RDS201 to an error', async () => {
    const { uri } = await openFile(ORDERS_YAML.file);
    await waitForCodes(uri, ['RDS201']);
    await setWorkspaceSetting('rules', { 'no-multi-az': 'error' });
    const list = await waitForDiagnostics(uri, 'RDS201 as an error',
      (now) => now.some((d) => codeOf(d) === 'RDS201' && d.severity === vscode.DiagnosticSeverity.Error));
    // The other warnings keep their severity.
    const rds104 = list.find((d) => codeOf(d) === 'RDS104');
    assert.strictEqual(rds104 && rds104.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('rdscope.enable false clears every finding; true brings them back', async () => {
    const { uri } = await openFile(ORDERS_YAML.file);
    await waitForCodes(uri, ['RDS201']);
    await setWorkspaceSetting('enable', false);
    await waitForDiagnostics(uri, 'no findings with rdscope disabled', (list) => list.length === 0);
    await setWorkspaceSetting('enable', undefined);
    await waitForCodes(uri, ['RDS201', 'RDS104', 'RDS103']);
  });
});
