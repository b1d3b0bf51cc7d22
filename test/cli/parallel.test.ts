/**
 * Worker threads and shards change where files are linted, never what is
 * found: parallel runs print exactly what sequential runs print, and the
 * shards of a file set are disjoint, cover it, are the same on every run,
 * and together report exactly the findings of one run over everything
 * (replicas in one folder, sources in another included).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CORPUS, CORPUS_MISSING_MESSAGE, CORPUS_PRESENT, fixture } from '../helpers';
import { defaultJobs } from '../../server/src/cli/lintCommand';
import { findingLines, rdscope } from './cliHarness';

describe('parallel == sequential', () => {
  for (const fixture of ['project', 'many']) {
    it(`${fixture}: identical text, JSON and SARIF with 1, 2 and 4 threads`, () => {
      for (const format of ['text', 'json', 'sarif']) {
        const sequential = rdscope(['lint', fixture, '--jobs', '1', '--format', format, '--show-suppressed']);
        for (const jobs of ['2', '4']) {
          const parallel = rdscope(['lint', fixture, '--jobs', jobs, '--format', format, '--show-suppressed']);
          assert.equal(parallel.stdout, sequential.stdout, `${format}, ${jobs} jobs`);
          assert.equal(parallel.status, sequential.status);
        }
      }
    });
  }

  it('without --jobs: one thread on two cores or fewer, and below 200 files; else a worker per ~100 files, at most one per core and 8', () => {
    assert.equal(defaultJobs(5000, 1), 1);
    assert.equal(defaultJobs(5000, 2), 1);
    assert.equal(defaultJobs(199, 16), 1);
    assert.equal(defaultJobs(200, 4), 2);
    assert.equal(defaultJobs(295, 4), 2);
    assert.equal(defaultJobs(1000, 4), 4);
    assert.equal(defaultJobs(5000, 16), 8);
  });

  it('--debug says how many workers ran', () => {
    assert.match(rdscope(['lint', 'many', '--jobs', '3', '--debug']).stderr, /3 workers/);
    assert.match(rdscope(['lint', 'many', '--jobs', '1', '--debug']).stderr, /1 thread/);
  });

  it('the corpus: identical findings with and without workers', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE, timeout: 300_000 }, () => {
    const sequential = rdscope(['lint', CORPUS, '--jobs', '1', '--format', 'json']);
    const parallel = rdscope(['lint', CORPUS, '--jobs', '3', '--format', 'json']);
    assert.ok(JSON.parse(sequential.stdout).findings.length > 100);
    assert.equal(parallel.stdout, sequential.stdout);
  });
});

describe('--shard i/n', () => {
  const FIXTURE = 'many';
  const full = rdscope(['lint', FIXTURE, '--format', 'json']);
  const fullFindings: string[] = JSON.parse(full.stdout).findings.map((f: object) => JSON.stringify(f));
  const templates = (args: string[]) => Number(/(\d+) files, (\d+) templates/.exec(rdscope([...args, '--debug']).stderr)![1]);

  for (const count of [1, 2, 3, 5]) {
    it(`${count} shard(s): disjoint, covering, deterministic, and together the full run's findings`, () => {
      const union: string[] = [];
      let files = 0;
      for (let i = 1; i <= count; i++) {
        const args = ['lint', FIXTURE, '--shard', `${i}/${count}`];
        const once = rdscope([...args, '--format', 'json']);
        const twice = rdscope([...args, '--format', 'json']);
        assert.equal(twice.stdout, once.stdout, `shard ${i}/${count} is deterministic`);
        union.push(...JSON.parse(once.stdout).findings.map((f: object) => JSON.stringify(f)));
        files += templates(args);
      }
      assert.equal(files, templates(['lint', FIXTURE]), 'each file in exactly one shard');
      assert.deepEqual([...union].sort(), [...fullFindings].sort(), 'the union of the shards is the full run');
      assert.equal(new Set(union).size, union.length, 'no finding reported twice');
    });
  }

  it('keeps cross-folder links: the replica of a replica finds its Oracle source in another shard', () => {
    // Also RDS103 there: the middle replica has no retention (RDS's replica default: backups off).
    const archive = fullFindings.map((f) => JSON.parse(f)).find((f) => f.file === 'many/archive/replica.json' && f.ruleId === 'RDS303');
    assert.ok(archive);
    for (let i = 1; i <= 5; i++) {
      const r = JSON.parse(rdscope(['lint', FIXTURE, '--shard', `${i}/5`, '--format', 'json']).stdout);
      const found = r.findings.find((f: { file: string; ruleId: string }) => f.file === 'many/archive/replica.json' && f.ruleId === 'RDS303');
      if (found) assert.deepEqual(found, archive);
    }
  });

  it('shards in worker threads give the same as sequential shards', () => {
    for (let i = 1; i <= 3; i++) {
      const a = rdscope(['lint', FIXTURE, '--shard', `${i}/3`, '--jobs', '1']);
      const b = rdscope(['lint', FIXTURE, '--shard', `${i}/3`, '--jobs', '3']);
      assert.equal(b.stdout, a.stdout);
    }
  });

  it('the corpus: three shards together report exactly the full run', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE, timeout: 300_000 }, () => {
    const whole = JSON.parse(rdscope(['lint', CORPUS, '--format', 'json']).stdout).findings.map((f: object) => JSON.stringify(f));
    const union: string[] = [];
    for (let i = 1; i <= 3; i++) union.push(...JSON.parse(rdscope(['lint', CORPUS, '--shard', `${i}/3`, '--format', 'json']).stdout).findings.map((f: object) => JSON.stringify(f)));
    assert.deepEqual([...union].sort(), [...whole].sort());
  });

  it('a shard with nothing to lint is clean', () => {
    const r = rdscope(['lint', 'project/cfn', '--shard', '7/9']);
    assert.equal(r.status, 0);
    assert.equal(findingLines(r.stdout).length, 0);
  });

});

// A nested template linted in another shard than its parent lost the findings of the parent's
// expansion (and got its defaults' instead); a called module likewise. Shards keep them together.
describe('--shard keeps a template with what it nests and a root with the modules it calls', () => {
  const cases = [
    { name: 'nested stacks', cwd: fixture('cloudformation', 'deployment'), path: 'nested' },
    { name: 'a module repository\'s example calling source = "../../"', cwd: fixture('terraform-modules', 'examples-layout'), path: '.' },
  ];
  for (const { name, cwd, path } of cases) {
    it(`${name}: the shards together report exactly the full run`, () => {
      const findingsOf = (args: string[]) => (JSON.parse(rdscope(['lint', path, '--format', 'json', '--fail-level', 'none', ...args], { cwd }).stdout).findings as object[]).map((f) => JSON.stringify(f));
      const full = findingsOf([]);
      assert.ok(full.length > 0);
      for (const count of [2, 3]) {
        const union: string[] = [];
        for (let i = 1; i <= count; i++) union.push(...findingsOf(['--shard', `${i}/${count}`]));
        assert.deepEqual([...union].sort(), [...full].sort(), `${count} shards`);
      }
    });
  }
});
