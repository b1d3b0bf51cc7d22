/**
 * "rdscope: Select deployment" as the language server sees it: the
 * `rdscope.deployment` setting. The server lints the chosen deployment of the
 * workspace's `.rdscope.yaml` exactly as `rdscope lint --deployment NAME`
 * does (the real CLI, JSON report, compared one for one), re-lints when the
 * choice changes, tells the status bar which deployment is active, lists the
 * deployments for the picker, and its hovers name the inputs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { DEPLOYMENT_NONE, type DeploymentsResult, type DeploymentStatus } from '../../server/src/lsp/protocol';
import { FIXTURES, REPO_ROOT } from '../helpers';
import { TestClient, toUri } from './client';
import { assertSameFindings, cliFindings, collect, openAndCollect, type Expected } from './parity';

// deployment: prod is the configuration's default; dev sets Env=dev inline; both cover stacks/** only.
const PROJECT = join(FIXTURES, 'cloudformation', 'deployment', 'project');
const STACK = join(PROJECT, 'stacks', 'app.yaml');
const OTHER = join(PROJECT, 'other', 'app.yaml');
const FILES = [STACK, OTHER];
const codes = (list: Diagnostic[]) => list.map((d) => String(d.code)).sort();

/**
 * A server on the project folder whose `rdscope.deployment` setting is
 * `choice()`, with FILES open, and their first diagnostics: published by a
 * request sent at once, which waits for the settings (answered with the
 * defaults, it would publish the configuration's default deployment).
 */
async function startWith(choice: () => string | undefined, folder = PROJECT, files = FILES): Promise<{ client: TestClient; first: Expected[] }> {
  const client = await TestClient.start({
    workspaceFolders: [folder],
    settings: (section) => (section === 'rdscope' ? { deployment: choice() ?? '' } : null),
  });
  return { client, first: await openAndCollect(client, files) };
}

// A parent stack whose deployment (prod: Env=prod, dev: Env=dev; no default) decides what it passes to its nested stack.
const NESTED_PROJECT = join(FIXTURES, 'lsp', 'deployment-nested');
const NESTED_FILES = [join(NESTED_PROJECT, 'parent.yaml'), join(NESTED_PROJECT, 'database.yaml')];

const CASES: { title: string; folder: string; files: string[]; choice: string; cliArgs: string[]; stackCodes: string[] }[] = [
  // The deployment covers stacks/** only: other/app.yaml keeps its defaults (Single-AZ, no backups) in both.
  { title: 'prod', folder: PROJECT, files: FILES, choice: 'prod', cliArgs: ['--deployment', 'prod'], stackCodes: [] },
  { title: 'dev', folder: PROJECT, files: FILES, choice: 'dev', cliArgs: ['--deployment', 'dev'], stackCodes: ['RDS101', 'RDS201'] },
  // The nested stack's findings come from the parent's expansion with the chosen deployment's parameters.
  { title: 'prod, nested stack', folder: NESTED_PROJECT, files: NESTED_FILES, choice: 'prod', cliArgs: ['--deployment', 'prod'], stackCodes: [] },
  { title: 'dev, nested stack', folder: NESTED_PROJECT, files: NESTED_FILES, choice: 'dev', cliArgs: ['--deployment', 'dev'], stackCodes: ['RDS101', 'RDS201'] },
  // No default deployment in this configuration: "none" is what the CLI lints without --deployment.
  { title: '(none), nested stack', folder: NESTED_PROJECT, files: NESTED_FILES, choice: DEPLOYMENT_NONE, cliArgs: [], stackCodes: ['RDS101', 'RDS201'] },
];

for (const c of CASES) {
  describe(`LSP with rdscope.deployment "${c.choice}" = rdscope lint ${c.cliArgs.join(' ')} (${c.title})`, () => {
    let client: TestClient;
    let fromServer: Expected[];
    before(async () => { ({ client, first: fromServer } = await startWith(() => c.choice, c.folder, c.files)); });
    after(async () => { await client.stop(); });

    it('the same findings, one for one (rule, severity, range, message, related, fix)', () => {
      const expected = cliFindings([...c.cliArgs, relative(REPO_ROOT, c.folder)]);
      assert.ok(expected, 'the CLI gave a JSON report');
      assertSameFindings(fromServer, expected);
      // What the deployment's inputs make of the database: prod passes Env=prod (Multi-AZ, backups on).
      const [stack, other] = c.files;
      const onStack = c.folder === NESTED_PROJECT ? other : stack;
      assert.deepEqual(codes(client.diagnostics.get(toUri(onStack))!.diagnostics), c.stackCodes);
      if (c.folder === PROJECT) assert.deepEqual(codes(client.diagnostics.get(toUri(other))!.diagnostics), ['RDS101', 'RDS201']);
    });
  });
}

describe('LSP: switching the deployment', () => {
  let choice: string | undefined;
  let client: TestClient;
  const stack = toUri(STACK);
  const lastDeploymentStatus = () => (client.statuses.at(-1) as { deployment?: DeploymentStatus } | undefined)?.deployment;
  before(async () => { ({ client } = await startWith(() => choice)); });
  after(async () => { await client.stop(); });

  const choose = async (next: string | undefined, accept: (list: Diagnostic[]) => boolean) => {
    choice = next;
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    return client.waitForDiagnostics(stack, accept);
  };

  it('unset: the configuration\'s default (prod), and the status says so', async () => {
    assert.deepEqual(await collect(client, [STACK]), []);
    await client.waitFor('a status with the active deployment', () => lastDeploymentStatus()?.active.join() === 'prod');
    assert.equal(lastDeploymentStatus()?.choice, undefined);
  });

  it('lists the deployments for the picker, with their inputs and which is active', async () => {
    const result = await client.request<DeploymentsResult>('rdscope/deployments');
    assert.equal(result.configurations.length, 1);
    const [c] = result.configurations;
    assert.equal(c.file, join(PROJECT, '.rdscope.yaml'));
    assert.equal(c.defaultDeployment, 'prod');
    assert.equal(c.active, 'prod');
    assert.deepEqual(c.deployments, [
      { name: 'prod', templates: ['stacks/**'], inputs: 'params/prod.json' },
      { name: 'dev', templates: ['stacks/**'], inputs: 'Env=dev' },
    ]);
  });

  it('"dev": re-lints with Env=dev and the findings say it rests on a deployment input', async () => {
    const list = await choose('dev', (l) => l.some((d) => d.code === 'RDS201'));
    assert.deepEqual(codes(list), ['RDS101', 'RDS201']);
    assert.match(list.find((d) => d.code === 'RDS201')!.message, /\(a deployment input\)/);
    await client.waitFor('the status naming dev', () => lastDeploymentStatus()?.active.join() === 'dev' && lastDeploymentStatus()?.choice === 'dev');
  });

  it('"(none)": parameter defaults only, even though the configuration names a default', async () => {
    const list = await choose(DEPLOYMENT_NONE, (l) => l.some((d) => d.code === 'RDS201' && /a parameter's Default/.test(d.message)));
    assert.deepEqual(codes(list), ['RDS101', 'RDS201']);
    await client.waitFor('the status with no active deployment', () => lastDeploymentStatus()?.active.length === 0 && lastDeploymentStatus()?.choice === DEPLOYMENT_NONE);
    const result = await client.request<DeploymentsResult>('rdscope/deployments');
    assert.equal(result.choice, DEPLOYMENT_NONE);
    assert.equal(result.configurations[0].active, undefined);
  });

  it('a name no configuration defines: each configuration\'s default applies, and the status says the choice is unknown', async () => {
    await choose('staging', (l) => l.length === 0);
    await client.waitFor('the status flagging staging', () => lastDeploymentStatus()?.choiceUnknown === true && lastDeploymentStatus()?.active.join() === 'prod');
  });

  it('"prod" again: back to no findings on the stack', async () => {
    await choose('prod', (l) => l.length === 0);
  });
});

describe('LSP: hovers name the deployment inputs behind a value', () => {
  let choice: string | undefined = 'prod';
  let client: TestClient;
  const stack = toUri(STACK);
  const line = readFileSync(STACK, 'utf8').split('\n').findIndex((l) => l.startsWith('  AppDb:'));
  const hoverText = async () => ((await client.hover(stack, { line, character: 3 }))?.contents as { value: string } | undefined)?.value ?? '';
  before(async () => { ({ client } = await startWith(() => choice)); });
  after(async () => { await client.stop(); });

  it('prod selected: Multi-AZ and the retention come "with Env=prod from prod.json"', async () => {
    const md = await hoverText();
    assert.match(md, /\*\*AppDb\*\*/);
    assert.match(md, /with Env=prod from prod\.json/);
  });

  it('dev selected: "with Env=dev from .rdscope.yaml"; none: the parameter\'s default, no deployment file', async () => {
    choice = 'dev';
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(stack, (l) => l.some((d) => d.code === 'RDS201'));
    const dev = await hoverText();
    assert.match(dev, /with Env=dev from \.rdscope\.yaml/);
    assert.doesNotMatch(dev, /prod\.json/);
    choice = DEPLOYMENT_NONE;
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(stack, (l) => l.some((d) => /a parameter's Default/.test(d.message)));
    const none = await hoverText();
    assert.doesNotMatch(none, /prod\.json|\.rdscope\.yaml/);
  });
});
