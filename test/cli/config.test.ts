/**
 * Configuration files: found from the linted path upward or named with
 * --config, validated against schemas/config.schema.json (generated from the
 * rule registry), and located errors with exit code 2.
 */
import Ajv from 'ajv';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfigText, configurableRules } from '../../server/src/config/load';
import { configSchemaText } from '../../server/src/config/schema';
import { REPO_ROOT } from '../helpers';
import { CLI_FIXTURES, copyFixture, findingLines, rdscope, tempDir } from './cliHarness';

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Db:',
  '    Type: AWS::RDS::DBInstance',
  '    DeletionPolicy: Snapshot',
  '    UpdateReplacePolicy: Snapshot',
  '    Properties:',
  '      Engine: mysql',
  '      DBInstanceClass: db.t3.micro',
  '      BackupRetentionPeriod: 0',
  '',
].join('\n');

describe('invalid configuration: exit 2, each problem located', () => {
  /** A folder holding a template and, as its .rdscope.yaml / .rdscope.json, one of the invalid fixtures (test/fixtures/cli/configs/). */
  function projectWith(fixture: string, name: string): string {
    const dir = tempDir();
    mkdirSync(join(dir, 'stacks'));
    writeFileSync(join(dir, 'stacks', 'db.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'stacks', name), readFileSync(join(CLI_FIXTURES, 'configs', fixture)));
    return dir;
  }

  it('names the file, the line, the column and what is allowed (a .rdscope.yaml found upward)', () => {
    const r = rdscope(['lint', '.'], { cwd: projectWith('invalid.yaml', '.rdscope.yaml') });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines[0], 'rdscope: invalid configuration');
    assert.deepEqual(lines.slice(1), [
      'stacks/.rdscope.yaml:3:11: rules.RDS201: "of" is not a severity; expected one of off, info, warning, error',
      lines[2],
      'stacks/.rdscope.yaml:7:5: rules.RDS301: unknown option "maxReplica" for RDS301 (replica-count) (did you mean "maxReplicas"?); allowed: severity, maxReplicas',
      'stacks/.rdscope.yaml:9:15: rules.replica-chain-depth.severity: "fatal" is not a severity; expected one of off, info, warning, error',
      'stacks/.rdscope.yaml:10:11: rules.RDS101: expected a severity (off, info, warning, error) or an object with severity; got 3',
      'stacks/.rdscope.yaml:11:10: include: expected a list of glob patterns; got "infra/**"',
    ]);
    assert.match(lines[2], /^stacks\/\.rdscope\.yaml:4:3: rules: unknown rule "no-such-rule"; allowed: a rule id \(RDS000, RDS001, RDS101, .*RDS201.*\) or its name/);
  });

  it('locates problems in .rdscope.json too, and in a file named with --config', () => {
    const r = rdscope(['lint', '.'], { cwd: projectWith('invalid.json', '.rdscope.json') });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^stacks\/\.rdscope\.json:3:32: rules\.RDS301\.maxReplicas: must be at least 1; got 0$/m);
    assert.match(r.stderr, /^stacks\/\.rdscope\.json:6:3: unknown key "colour"; allowed: rules, include, exclude, maxFileBytes, deployments, deployment$/m);
    const named = rdscope(['lint', 'project', '--config', 'configs/invalid.yaml']);
    assert.equal(named.status, 2);
    assert.match(named.stderr, /^configs\/invalid\.yaml:3:11: rules\.RDS201: /m);
  });

  it('only matters for the files it governs: a folder outside the linted paths is not read', () => {
    const dir = projectWith('invalid.yaml', '.rdscope.yaml');
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'db.yaml'), TEMPLATE);
    assert.equal(rdscope(['lint', 'other'], { cwd: dir }).status, 0);
  });

  it('reports YAML and JSON syntax errors with their position', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  RDS201: [off\n');
    writeFileSync(join(dir, 'bad.json'), '{\n  "rules": { "RDS201": "off", }\n}\n');
    writeFileSync(join(dir, 'dup.yaml'), 'rules:\n  RDS201: off\n  RDS201: warning\n');
    writeFileSync(join(dir, 'twice.yaml'), 'rules:\n  RDS201: off\n  no-multi-az: warning\n');
    writeFileSync(join(dir, 'db.yaml'), TEMPLATE);
    const yaml = rdscope(['lint', 'db.yaml', '--config', 'bad.yaml'], { cwd: dir });
    assert.equal(yaml.status, 2);
    assert.match(yaml.stderr, /^bad\.yaml:\d+:\d+: not valid YAML: /m);
    const json = rdscope(['lint', 'db.yaml', '-c', 'bad.json'], { cwd: dir });
    assert.equal(json.status, 2);
    assert.match(json.stderr, /^bad\.json:2:31: not valid JSON: /m);
    assert.match(rdscope(['lint', 'db.yaml', '-c', 'dup.yaml'], { cwd: dir }).stderr, /^dup\.yaml:3:3: not valid YAML: Map keys must be unique/m);
    assert.match(rdscope(['lint', 'db.yaml', '-c', 'twice.yaml'], { cwd: dir }).stderr, /^twice\.yaml:3:3: rules: no-multi-az configures RDS201 again/m);
    const missing = rdscope(['lint', 'db.yaml', '-c', 'nope.yaml'], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^nope\.yaml:1:1: no such file$/m);
  });
});

describe('configuration in effect', () => {
  it('is found from the linted file upward; the nearest wins', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'team', 'db'), { recursive: true });
    writeFileSync(join(dir, '.rdscope.yaml'), 'rules:\n  RDS101: error\n');
    writeFileSync(join(dir, 'team', '.rdscope.yml'), 'rules:\n  backup-disabled: off\n');
    writeFileSync(join(dir, 'top.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'team', 'db', 'nested.yaml'), TEMPLATE);
    const r = rdscope(['lint', '.'], { cwd: dir });
    const lines = findingLines(r.stdout);
    assert.ok(lines.some((l) => /^top\.yaml:.* error {2}RDS101 /.test(l)), r.stdout);
    assert.ok(!lines.some((l) => /^team\/db\/nested\.yaml:.*RDS101/.test(l)), 'RDS101 is off under team/');
    assert.ok(lines.some((l) => /^team\/db\/nested\.yaml:.*RDS201/.test(l)));
    assert.equal(r.status, 1);
    // Linting the nested folder alone still finds team/.rdscope.yml above it.
    assert.ok(!findingLines(rdscope(['lint', 'team/db'], { cwd: dir }).stdout).some((l) => /RDS101/.test(l)));
  });

  it('--config applies one file to everything; rule names, severities and options work', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'db.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'ci.json'), JSON.stringify({ rules: { 'no-multi-az': 'off', RDS101: { severity: 'info' } } }));
    const r = rdscope(['lint', '.', '--config', 'ci.json'], { cwd: dir });
    assert.deepEqual(findingLines(r.stdout).map((l) => l.split('  ').slice(1, 3).join(' ')), ['info RDS101']);
    assert.equal(r.status, 0);
  });

  it('include and exclude are globs relative to the configuration file', () => {
    const dir = copyFixture('many');
    writeFileSync(join(dir, '.rdscope.yaml'), 'include: ["svc-0*/**"]\nexclude: ["svc-01", "**/svc-04/*.yaml"]\n');
    const r = rdscope(['lint', '.', '--verbose'], { cwd: dir });
    const files = new Set(findingLines(r.stdout).map((l) => l.split(':')[0]));
    assert.deepEqual([...files].sort(), ['svc-03/stack.yaml', 'svc-06/stack.yaml', 'svc-07/stack.yaml']);
    assert.match(r.stderr, /skipped svc-01: excluded by exclude in \.rdscope\.yaml/);
    assert.match(r.stderr, /skipped svc-04\/stack\.yaml: excluded by exclude in \.rdscope\.yaml/);
    assert.match(r.stderr, /skipped accounts\/ledger\.yaml: not matched by include in \.rdscope\.yaml/);
  });

  it('maxFileBytes in the configuration and --max-file-size (which wins)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'db.yaml'), TEMPLATE);
    writeFileSync(join(dir, '.rdscope.yaml'), 'maxFileBytes: 100\n');
    const r = rdscope(['lint', '.'], { cwd: dir });
    assert.match(r.stdout, /^db\.yaml:1:1 {2}error {2}RDS000 {2}The file is \d+ bytes, over the 100-byte limit/m);
    const bigger = rdscope(['lint', '.', '--max-file-size', '1m'], { cwd: dir });
    assert.doesNotMatch(bigger.stdout, /RDS000/);
  });
});

describe('schemas/config.schema.json', () => {
  it('is what `npm run schemas` generates from the rule registry (run it after adding a rule)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'schemas', 'config.schema.json'), 'utf8');
    assert.equal(committed, configSchemaText(configurableRules()), 'schemas/config.schema.json is stale: run npm run schemas');
  });

  it('names every rule by id and by name, with its options, for editor completion', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'config.schema.json'), 'utf8'));
    for (const rule of configurableRules()) {
      assert.ok(schema.properties.rules.properties[rule.id], rule.id);
      assert.ok(schema.properties.rules.properties[rule.name], rule.name);
      for (const option of Object.keys(rule.options ?? {})) {
        assert.ok(schema.definitions[rule.id].anyOf[1].properties[option], `${rule.id}.${option}`);
      }
    }
  });

  it('accepts the documented example and rejects mistakes (as a plain draft-07 validator sees it)', () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'config.schema.json'), 'utf8')));
    assert.ok(validate({ rules: { RDS201: 'off', 'no-multi-az': 'warning', RDS301: { severity: 'warning', maxReplicas: 15 } }, include: ['infra/**'], exclude: ['legacy/**'] }));
    assert.ok(!validate({ rules: { RDS999: 'off' } }));
    assert.ok(!validate({ rules: { RDS301: { maxReplicas: 'many' } } }));
    assert.ok(!validate({ includes: [] }));
  });

  it('parseConfigText maps names to ids and keeps options (the API the editor shares)', () => {
    const parsed = parseConfigText('rules:\n  no-multi-az: off\n  replica-count:\n    maxReplicas: 9\n', '.rdscope.yaml');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.config.rules, { RDS201: { severity: 'off' }, RDS301: { options: { maxReplicas: 9 } } });
    assert.deepEqual(parseConfigText('', '.rdscope.yaml').problems, []);
  });
});

describe('configuration: deployments', () => {
  it('a default deployment that is not defined is located; the schema covers deployments', () => {
    const parsed = parseConfigText('deployment: staging\ndeployments:\n  prod:\n    parameters: [params/prod.json]\n', '.rdscope.yaml');
    assert.deepEqual(parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`), ['1:13 deployment: "staging" is not one of deployments (prod)']);
    const wrong = parseConfigText('deployments:\n  prod:\n    parameter: [params/prod.json]\n', '.rdscope.yaml');
    assert.deepEqual(wrong.problems.map((p) => `${p.line}:${p.column} ${p.message}`), ['3:5 deployments.prod: unknown key "parameter"']);
    const ok = parseConfigText('deployment: prod\ndeployments:\n  prod:\n    templates: ["stacks/**"]\n    parameters: [params/prod.json]\n    parameterValues: {Env: prod, Count: 2}\n', '.rdscope.yaml');
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.config.defaultDeployment, 'prod');
    assert.deepEqual(ok.config.deployments?.prod.inputs.parameters, [{ name: 'Env', value: 'prod' }, { name: 'Count', value: '2' }]);
  });
});
