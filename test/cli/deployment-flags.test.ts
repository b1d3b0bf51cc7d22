/**
 * `rdscope model`, `graph` and `drill` take the deployment inputs `lint`
 * takes (`--var`, `--var-file`, `--parameters`, `--parameter`,
 * `--deployment`), through the one mechanism in cli/deploymentFlags.ts: the
 * real CLI on the deployment fixtures, each command's output changing as the
 * inputs change, and the same usage errors (exit 2) for bad inputs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../helpers';
import { rdscope } from './cliHarness';

const CFN = fixture('cloudformation', 'deployment');
const TF = fixture('terraform-modules');

interface DrillJson { databases: { resource: string; outcome: string }[] }
interface ModelJson { instances: { id: string; multiAz?: unknown }[] }
interface GraphJson { nodes: { title?: string; detail?: string }[] }

function json<T>(args: readonly string[], cwd: string): T {
  const r = rdscope(args, { cwd });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const outcomes = (d: DrillJson) => Object.fromEntries(d.databases.map((x) => [x.resource, x.outcome]));

describe('model, graph and drill take the deployment inputs lint takes', () => {
  it('--parameters and --parameter: the conditions decide which databases exist', () => {
    const ids = (args: string[]) => json<ModelJson>(['model', 'conditions.yaml', ...args], CFN).instances.map((i) => i.id);
    assert.ok(!ids([]).includes('ProdOnlyDb'), 'Env=dev by default');
    assert.ok(ids(['--parameters', 'params/prod.json']).includes('ProdOnlyDb'));
    assert.ok(ids(['--parameter', 'Env=prod']).includes('ProdOnlyDb'));

    const titles = (args: string[]) => json<GraphJson>(['graph', 'conditions.yaml', '-f', 'json', ...args], CFN).nodes.map((n) => n.title);
    assert.ok(!titles([]).includes('ProdOnlyDb'));
    assert.ok(titles(['--parameters', 'params/prod.json']).includes('ProdOnlyDb'));

    const drill = (args: string[]) => outcomes(json<DrillJson>(['drill', 'conditions.yaml', '--failure', 'az-outage', '-f', 'json', ...args], CFN));
    assert.deepEqual([drill([]).AppDb, drill([]).ProdOnlyDb], ['restore-from-backup', undefined]);
    assert.deepEqual([drill(['--parameter', 'Env=prod']).AppDb, drill(['--parameter', 'Env=prod']).ProdOnlyDb], ['automatic-failover', 'automatic-failover']);
  });

  it('--var and --var-file: Terraform variables as terraform plan takes them', () => {
    const drill = (args: string[]) => outcomes(json<DrillJson>(['drill', 'root', '--failure', 'az-outage', '-f', 'json', ...args], TF));
    const db = 'module.db[0].aws_db_instance.this[0]';
    assert.equal(drill([])[db], 'restore-from-backup', '10-ha.auto.tfvars: multi_az = false');
    assert.equal(drill(['--var-file', 'root/prod.tfvars'])[db], 'automatic-failover');
    assert.equal(drill(['--var-file', 'root/prod.tfvars', '--var', 'multi_az=false'])[db], 'restore-from-backup', '--var wins');

    const detail = (args: string[]) => json<GraphJson>(['graph', 'root', '-f', 'json', ...args], TF).nodes.find((n) => n.title === db)?.detail;
    assert.equal(detail([]), 'Single-AZ');
    assert.notEqual(detail(['--var', 'multi_az=true']), 'Single-AZ');
  });

  it('--deployment picks a deployment of .rdscope.yaml, as for lint', () => {
    const multiAz = (args: string[]) => json<ModelJson>(['model', 'project/stacks', ...args], CFN).instances.find((i) => i.id === 'AppDb')?.multiAz;
    assert.equal(multiAz([]), true, 'the default deployment: prod, Env=prod from params/prod.json');
    assert.equal(multiAz(['--deployment', 'dev']), false);
    assert.equal(multiAz(['--deployment', 'dev', '--parameter', 'Env=prod']), true, 'the command line wins over the deployment');
  });

  it('a bad input is the same usage error (exit 2) in every command', () => {
    for (const command of [['model'], ['graph'], ['drill', '--failure', 'az-outage']]) {
      const missing = rdscope([...command, 'root', '--var-file', 'nowhere.tfvars'], { cwd: TF });
      assert.equal(missing.status, 2, command[0]);
      assert.match(missing.stderr, /--var-file nowhere\.tfvars: no such file/);
      const broken = rdscope([...command, 'conditions.yaml', '--parameters', 'params/broken.json'], { cwd: CFN });
      assert.equal(broken.status, 2, command[0]);
      assert.match(broken.stderr, /params\/broken\.json:\d+:\d+: /);
      const unknown = rdscope([...command, 'project', '--deployment', 'staging'], { cwd: CFN });
      assert.equal(unknown.status, 2, command[0]);
      assert.match(unknown.stderr, /--deployment staging: project\/\.rdscope\.yaml defines the deployments prod, dev/);
    }
  });

  it('every command lists the same deployment options in its help', () => {
    for (const command of ['lint', 'model', 'graph', 'drill']) {
      const r = rdscope([command, '--help']);
      assert.equal(r.status, 0);
      for (const flag of ['--deployment NAME', '--parameters FILE', '--parameter NAME=VALUE', '--var NAME=VALUE', '--var-file FILE']) {
        assert.ok(r.stdout.includes(flag), `${command} --help lists ${flag}`);
      }
    }
  });
});
