/**
 * `rdscope drill` as a child process on test/fixtures/drill/estate.yaml: one
 * database per protection (Multi-AZ with backups, Single-AZ without, Multi-AZ
 * set by a parameter without default, a replica), every failure, every format.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../helpers';
import { rdscope } from './cliHarness';

const ESTATE = fixture('drill', 'estate.yaml');

interface DrillJson {
  failure: string;
  databases: { resource: string; file: string; outcome: string; rpo: string; rto: string; path: string; findings: string[]; unknown?: { reason: string; outcomes: string[] } }[];
}

function drillJson(failure: string, ...paths: string[]): DrillJson {
  const r = rdscope(['drill', '--failure', failure, '--format', 'json', ...(paths.length ? paths : [ESTATE])]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as DrillJson;
}

const outcomes = (report: DrillJson) => Object.fromEntries(report.databases.map((d) => [d.resource, d.outcome]));
const entry = (report: DrillJson, resource: string) => report.databases.find((d) => d.resource === resource)!;

describe('rdscope drill', () => {
  it('instance failure: Multi-AZ fails over; Single-AZ waits for RDS; an unknown Multi-AZ says so', () => {
    const report = drillJson('instance-failure');
    assert.equal(report.failure, 'instance-failure');
    assert.deepEqual(Object.keys(report.databases[0]).sort(), ['file', 'findings', 'outcome', 'path', 'resource', 'rpo', 'rto']);
    assert.deepEqual(outcomes(report), {
      Ledger: 'automatic-failover', Scratch: 'down-until-recovered', Catalog: 'promote-replica', CatalogReplica: 'down-until-recovered',
    });
    const ledger = entry(report, 'Ledger');
    assert.equal(ledger.rpo, '~0');
    assert.equal(ledger.rto, '~1-2 min');
    assert.match(ledger.file, /estate\.yaml$/);
    // The Multi-AZ setting comes from a parameter without default: the worst it could be, and why.
    const catalog = entry(report, 'Catalog');
    assert.deepEqual(catalog.unknown?.outcomes, ['automatic-failover', 'promote-replica']);
    assert.match(catalog.unknown?.reason ?? '', /Multi-AZ cannot be known statically \(MultiAZ unknown: parameter CatalogMultiAz has no Default\)/);
    assert.deepEqual(entry(report, 'Scratch').findings, ['RDS101', 'RDS201']);
  });

  it('AZ outage: a replica helps only if it runs in another AZ, which the template leaves to AWS', () => {
    const report = drillJson('az-outage');
    const catalog = entry(report, 'Catalog');
    assert.equal(catalog.outcome, 'restore-from-backup', 'the worst of what it could be');
    assert.deepEqual(catalog.unknown?.outcomes, ['automatic-failover', 'promote-replica', 'restore-from-backup']);
    assert.equal(entry(report, 'Scratch').outcome, 'down-until-recovered');
  });

  it('region outage: nothing here survives it; data corruption: only backups bring data back, replicas replicate it', () => {
    assert.ok(Object.values(outcomes(drillJson('region-outage'))).every((o) => o === 'down-until-recovered'));
    const corruption = drillJson('data-corruption');
    assert.deepEqual(outcomes(corruption), {
      Ledger: 'restore-from-backup', Scratch: 'data-lost', Catalog: 'restore-from-backup', CatalogReplica: 'restore-from-backup',
    });
    assert.match(entry(corruption, 'CatalogReplica').path, /replicates the corruption/);
    assert.equal(entry(corruption, 'Scratch').rpo, 'unbounded');
    assert.ok(entry(corruption, 'Scratch').findings.includes('RDS101'));
  });

  it('a replica in another region is untouched by its source\'s region outage (Terraform, provider regions)', () => {
    const report = drillJson('region-outage', fixture('drill', 'two-regions'));
    assert.deepEqual(outcomes(report), { 'aws_db_instance.orders': 'promote-replica', 'aws_db_instance.orders_west': 'unaffected' });
  });

  it('prints text for a terminal and markdown for a pull request comment', () => {
    const text = rdscope(['drill', '--failure', 'data-corruption', ESTATE]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^Failure drill: Data corruption or accidental deletion \(data-corruption\), 4 databases/);
    assert.match(text.stdout, /Scratch .*\n {2}data-lost {3}RPO unbounded {3}RTO unbounded\n/);
    assert.match(text.stdout, /3 restore-from-backup, 1 data-lost\./);
    const md = rdscope(['drill', '--failure', 'instance-failure', '--format', 'markdown', ESTATE]);
    assert.equal(md.status, 0, md.stderr);
    assert.match(md.stdout, /^### Failure drill: Instance failure\n\n\| Database \| Outcome \| RPO \| RTO \| Recovery path \| Would change with \|\n/);
    assert.match(md.stdout, /\n\| Catalog \| promote-replica at worst \(automatic-failover or promote-replica\) \| /);
    // One row per database, every row with six cells.
    const rows = md.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Database'));
    assert.equal(rows.length, 4);
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length - 2, 6, row);
  });

  it('refuses a missing or unknown failure and an unknown format, with usage errors', () => {
    for (const args of [['drill', ESTATE], ['drill', '--failure', 'meteor', ESTATE], ['drill', '--failure', 'az-outage', '--format', 'sarif', ESTATE]]) {
      const r = rdscope(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /drill needs --failure|unknown failure "meteor"|unknown format "sarif"/);
    }
    assert.match(rdscope(['drill', '--help']).stdout, /instance-failure, az-outage, region-outage, data-corruption/);
  });
});
