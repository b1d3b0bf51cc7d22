/**
 * `rdscope lint --parameters FILE --parameter NAME=VALUE` through the real
 * CLI on the deployment fixtures: both parameter file formats change the
 * findings as a deploy would, the command line wins, and a missing or
 * malformed parameter file stops the run (exit 2) naming file:line:column.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../helpers';
import { rdscope } from './cliHarness';

const cwd = fixture('cloudformation', 'deployment');

interface JsonFinding { readonly ruleId: string; readonly resource?: string; readonly message: string; readonly detail?: string }

function lintJson(...args: string[]): { status: number | null; findings: JsonFinding[]; stderr: string } {
  const r = rdscope(['lint', 'conditions.yaml', '--format', 'json', ...args], { cwd });
  const findings = r.stdout ? (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings : [];
  return { status: r.status, findings, stderr: r.stderr };
}

const keys = (findings: JsonFinding[]) => findings.filter((f) => f.ruleId !== 'RDS106').map((f) => `${f.ruleId} ${f.resource}`);

describe('rdscope lint with CloudFormation parameters', () => {
  it('without parameters: the defaults (Env=dev) decide the conditions', () => {
    const r = lintJson();
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(keys(r.findings), ['RDS201 AppDb', 'RDS101 RegionalDb', 'RDS101 SameBothWays']);
    assert.match(r.findings.find((f) => f.ruleId === 'RDS201')!.detail ?? '', /Deployed with Env=dev, the parameter's default\.$/);
  });

  it('--parameters with the AWS CLI list: the prod deployment', () => {
    const r = lintJson('--parameters', 'params/prod.json');
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(keys(r.findings), ['RDS101 ProdOnlyDb', 'RDS202 AppDb', 'RDS101 RegionalDb', 'RDS101 SameBothWays']);
    assert.match(r.findings.find((f) => f.ruleId === 'RDS202')!.detail ?? '', /Deployed with Env=prod from prod\.json\.$/);
  });

  it('--parameters with a template configuration file gives the same deployment', () => {
    const list = lintJson('--parameters', 'params/prod.json');
    const configuration = lintJson('--parameters', 'params/prod-configuration.json');
    assert.deepEqual(keys(configuration.findings), keys(list.findings));
    assert.match(configuration.findings.find((f) => f.ruleId === 'RDS202')!.detail ?? '', /Deployed with Env=prod from prod-configuration\.json\.$/);
  });

  it('--parameter wins over --parameters, and gives pseudo parameters', () => {
    const back = lintJson('--parameters', 'params/prod.json', '--parameter', 'Env=dev');
    assert.deepEqual(keys(back.findings), ['RDS201 AppDb', 'RDS101 RegionalDb', 'RDS101 SameBothWays']);
    assert.match(back.findings.find((f) => f.ruleId === 'RDS201')!.detail ?? '', /Deployed with Env=dev from the command line\.$/);
    const region = lintJson('--parameter', 'AWS::Region=eu-west-1');
    // InUsEast is false: RegionalDb is not deployed; DiffersByRegion gets retention 0 and Single-AZ.
    assert.deepEqual(keys(region.findings), ['RDS201 AppDb', 'RDS101 SameBothWays', 'RDS201 DiffersByRegion', 'RDS101 DiffersByRegion']);
  });

  it('a malformed or missing parameter file: exit 2 with file:line:column, nothing linted', () => {
    const broken = rdscope(['lint', 'conditions.yaml', '--parameters', 'params/broken.json'], { cwd });
    assert.equal(broken.status, 2);
    assert.equal(broken.stdout, '');
    assert.match(broken.stderr, /^rdscope: params\/broken\.json:3:3: parameter Team has no ParameterValue/);
    const notJson = rdscope(['lint', 'conditions.yaml', '--parameters', 'params/not-json.json'], { cwd });
    assert.equal(notJson.status, 2);
    assert.match(notJson.stderr, /params\/not-json\.json:4:\d+: not valid JSON/);
    const missing = rdscope(['lint', 'conditions.yaml', '--parameters', 'params/absent.json'], { cwd });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /params\/absent\.json:1:1: no such parameter file/);
    const malformedFlag = rdscope(['lint', 'conditions.yaml', '--parameter', 'Env'], { cwd });
    assert.equal(malformedFlag.status, 2);
    assert.match(malformedFlag.stderr, /--parameter expects NAME=VALUE, got "Env"/);
  });
});

describe('.rdscope.yaml deployments:', () => {
  const lintProject = (...args: string[]) => {
    const r = rdscope(['lint', 'project', '--format', 'json', ...args], { cwd });
    return { status: r.status, stderr: r.stderr, findings: r.stdout ? (JSON.parse(r.stdout) as { findings: (JsonFinding & { file: string })[] }).findings : [] };
  };
  const where = (findings: readonly (JsonFinding & { file: string })[]) => findings.map((f) => `${f.file} ${f.ruleId}`);

  it('the default deployment (prod) applies to the templates its globs cover, the others keep their defaults', () => {
    const r = lintProject();
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(where(r.findings), ['project/other/app.yaml RDS201', 'project/other/app.yaml RDS101']);
  });

  it('--deployment dev: its values, named as written in .rdscope.yaml', () => {
    const r = lintProject('--deployment', 'dev');
    assert.deepEqual(where(r.findings), [
      'project/other/app.yaml RDS201', 'project/other/app.yaml RDS101', 'project/stacks/app.yaml RDS201', 'project/stacks/app.yaml RDS101',
    ]);
    assert.match(r.findings[2].detail ?? '', /Deployed with Env=dev from \.rdscope\.yaml\.$/);
  });

  it('--no-deployment: the parameters\' defaults even where the configuration sets deployment: prod', () => {
    const r = lintProject('--no-deployment');
    assert.deepEqual(where(r.findings), [
      'project/other/app.yaml RDS201', 'project/other/app.yaml RDS101', 'project/stacks/app.yaml RDS201', 'project/stacks/app.yaml RDS101',
    ]);
    for (const f of r.findings) assert.match(f.detail ?? '', /Deployed with Env=dev, the parameter's default\.$/);
    const both = rdscope(['lint', 'project', '--no-deployment', '--deployment', 'dev'], { cwd });
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--deployment and --no-deployment contradict each other/);
  });

  it('the same command line parameters win over the deployment\'s', () => {
    const r = lintProject('--parameter', 'Env=dev');
    assert.deepEqual(where(r.findings).filter((w) => w.startsWith('project/stacks')), ['project/stacks/app.yaml RDS201', 'project/stacks/app.yaml RDS101']);
  });

  it('an unknown deployment name is exit 2, listing the ones defined', () => {
    const r = rdscope(['lint', 'project', '--deployment', 'staging'], { cwd });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--deployment staging: project\/\.rdscope\.yaml defines the deployments prod, dev/);
  });
});

describe('nested stack templates', () => {
  it('a nested template written as one YAML flow mapping is read as YAML, as the same file linted alone (formatOf)', () => {
    const r = rdscope(['lint', 'nested-flow', '--format', 'json', '--fail-level', 'none'], { cwd });
    assert.equal(r.status, 0, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    assert.ok(!findings.some((f) => f.ruleId === 'RDS001'), findings.map((f) => f.message).join('\n'));
    const expanded = findings.find((f) => f.ruleId === 'RDS101' && f.resource === 'Orders/Db');
    assert.ok(expanded, 'Orders passes Retention: 0 to the flow-mapping template');
    assert.match(expanded.detail ?? '', /Deployed with Retention=0 from the module call in .*parent\.yaml\.$/);
  });
});
