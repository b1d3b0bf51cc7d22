/** `rdscope rules`, `rdscope model`, the default command, --help and --version everywhere. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers';
import { rdscope } from './cliHarness';

const VERSION = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

describe('--help and --version', () => {
  it('work at the top level and for every command', () => {
    for (const prefix of [[], ['lint'], ['rules'], ['model'], ['graph']]) {
      const v = rdscope([...prefix, '--version']);
      assert.equal(v.status, 0, prefix.join(' '));
      assert.equal(v.stdout, `${VERSION}\n`);
      const h = rdscope([...prefix, '--help']);
      assert.equal(h.status, 0, prefix.join(' '));
      assert.match(h.stdout, /^(usage: rdscope|rdscope \d)/i);
      assert.equal(rdscope([...prefix, '-h']).stdout, h.stdout);
    }
  });

  it('lint --help documents every option and the exit codes', () => {
    const h = rdscope(['lint', '--help']).stdout;
    for (const option of ['--format', '--output', '--fail-level', '--config', '--fix', '--fix-dry-run', '--shard', '--jobs', '--show-suppressed', '--max-file-size', '--follow-symlinks', '--verbose', '--debug']) {
      assert.match(h, new RegExp(`${option}\\b`), option);
    }
    assert.match(h, /Exit codes: 0 .* 1 .* 2 /s);
  });

  it('help <command> prints that command\'s help', () => {
    assert.equal(rdscope(['help', 'rules']).stdout, rdscope(['rules', '--help']).stdout);
  });
});

describe('default command', () => {
  it('rdscope PATH and rdscope --format X PATH lint', () => {
    const a = rdscope(['project']);
    const b = rdscope(['lint', 'project']);
    assert.equal(a.stdout, b.stdout);
    assert.equal(a.status, 1);
    assert.equal(rdscope(['--format', 'json', 'project']).stdout, rdscope(['lint', '--format', 'json', 'project']).stdout);
  });
});

describe('rdscope rules', () => {
  it('lists every rule with its severity and documentation link', () => {
    const r = rdscope(['rules']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^RDS000 {2}parse-error +error +https:\/\/github\.com\/rdscope\/rdscope\/blob\/main\/docs\/rules\/RDS000\.md$/m);
    assert.match(r.stdout, /^RDS201 {2}no-multi-az +warning +https:\/\/\S+\/RDS201\.md$/m);
    assert.match(r.stdout, /option maxReplicas \(integer, default 5\)/);
  });

  it('--format json gives the metadata as data', () => {
    const rules = JSON.parse(rdscope(['rules', '--format', 'json']).stdout);
    const ids = rules.map((r: { id: string }) => r.id);
    assert.equal(ids[0], 'RDS000');
    assert.ok(ids.includes('RDS201'));
    assert.deepEqual(new Set(ids).size, ids.length);
    for (const r of rules) {
      assert.match(r.helpUri, new RegExp(`${r.id}\\.md$`));
      assert.ok(['error', 'warning', 'info'].includes(r.defaultSeverity));
      assert.ok(r.summary.length > 0);
    }
  });
});

describe('rdscope model', () => {
  it('prints the linked topology of the given files as JSON, across files', () => {
    const r = rdscope(['model', 'project/cfn/orders.yaml', 'project/cfn/reporting.json']);
    assert.equal(r.status, 0, r.stderr);
    const model = JSON.parse(r.stdout);
    assert.equal(model.version, 1);
    const ids = model.instances.map((i: { id: string }) => i.id).sort();
    assert.deepEqual(ids, ['OrdersDb', 'ReportingReplica']);
    const replica = model.instances.find((i: { id: string }) => i.id === 'ReportingReplica');
    assert.deepEqual(replica.replicationSource, { id: 'OrdersDb', file: 'project/cfn/orders.yaml' });
  });

  it('accepts folders and writes --output', () => {
    const r = rdscope(['model', 'project/tf']);
    assert.equal(JSON.parse(r.stdout).instances[0].id, 'aws_db_instance.inventory');
  });
});

describe('rdscope graph', () => {
  it('draws the topology of the files lint would read (SVG by default, JSON on request)', () => {
    const svg = rdscope(['graph', 'project/cfn']);
    assert.equal(svg.status, 0, svg.stderr);
    assert.match(svg.stdout, /<svg[\s\S]*OrdersDb[\s\S]*<\/svg>/);
    const json = rdscope(['graph', 'project', '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    assert.doesNotMatch(json.stdout, /legacy|generated/, 'excluded and ignored files stay out');
  });

  it('exits 2 for an unknown format or a missing path', () => {
    assert.equal(rdscope(['graph', 'project', '--format', 'png']).status, 2);
    assert.equal(rdscope(['graph', 'no/such/path']).status, 2);
  });
});
