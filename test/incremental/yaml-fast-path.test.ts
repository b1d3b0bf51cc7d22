/**
 * parse/yaml.ts reads a document straight from yaml's syntax tree
 * (yamlCst.ts), or composes it without yaml's quadratic duplicate-key check
 * and finds duplicates itself; anything unusual is parsed again the exact
 * way; a text likely to have a syntax error is composed without trying the
 * fast readers first. The ways must never differ: same tree, same ranges,
 * same problems, on every fixture, the corpus, and random mutations of them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseYaml, parseYamlExact, parseYamlLikelyBroken, YAML_FAST_PARSE_OPTIONS } from '../../server/src/parse/yaml';
import { readYamlFast } from '../../server/src/parse/yamlCst';
import { random } from './support';
import { CORPUS, CORPUS_PRESENT, FIXTURES, yamlFilesUnder } from '../helpers';

const CASES: Record<string, string> = {
  'block duplicate': 'Resources:\n  A:\n    Type: x\n  B:\n    Type: y\n  A:\n    Type: z\n',
  'nested duplicate': 'Resources:\n  A:\n    Properties:\n      Engine: mysql\n      Engine: postgres\n',
  'flow duplicate': 'A: {x: 1, y: 2, x: 3}\n',
  'number and string keys differ': '1: a\n"1": b\n',
  'bool and string keys differ': 'true: a\n"true": b\n',
  'null keys': '~: a\nnull: b\n',
  'empty keys': ': a\n: b\n',
  'NaN keys are never equal': '.nan: a\n.NaN: b\n',
  'zero and minus zero': '0: a\n-0: b\n',
  'alias keys': 'base: &k key\n*k : 1\nother: 2\n',
  'complex keys': '? [a, b]\n: 1\n? {x: 1, x: 2}\n: 2\n',
  'duplicate in an anchored map, used twice': 'base: &b {a: 1, a: 2}\nuse: *b\nagain: *b\n',
  'duplicate and a syntax error': 'A: 1\nA: 2\nB: [unclosed\n',
  'syntax error before a duplicate': 'B: [unclosed\nA: 1\nA: 2\n',
  'duplicate in a second document': 'A: 1\n---\nA: 1\nA: 2\n',
  // Errors without a duplicate: the fast composition's problems are reported, without composing again.
  'an unclosed quote': 'Resources:\n  A:\n    Properties:\n      Name: "open\n  B:\n    Type: x\n',
  'a second document, no duplicate': 'A: 1\n---\nB: 2\n',
  'an error, keys equal only as text': '1: a\n"1": b\ntrue: c\n"true": d\nB: [unclosed\n',
  'an error, NaN keys': '.nan: a\n.NaN: b\nB: "open\n',
  'an error, equal complex keys': '? [a]\n: 1\n? [a]\n: 2\nB: [unclosed\n',
  'an error, a duplicate in a key': '? {x: 1, x: 2}\n: 1\nB: [unclosed\n',
  'an error, a duplicate in a flow map': 'A: {x: 1, x: 2}\nB: "open\n',
  'an error, empty keys': ': a\n: b\nB: "open\n',
  'duplicate inside a tag': 'X: !Sub\n  - "${a}"\n  - {a: 1, a: 2}\n',
  'duplicate under an under-indented flow collection': 'Resources:\n  A:\n    Properties:\n      List: [\n      !Ref X,\n      ]\n      List: 2\n',
  'many keys': `${Array.from({ length: 500 }, (_, i) => `K${i}: ${i}`).join('\n')}\nK250: again\n`,
  'many distinct keys': `${Array.from({ length: 500 }, (_, i) => `K${i}: ${i}`).join('\n')}\n`,
  'empty document': '',
  'comment only': '# nothing\n',
  'deep alias expansion': 'a: &a [1, 2]\nb: &b [*a, *a]\nc: [*b, *b, *b]\n',
};

describe('YAML fast path: same result as yaml with uniqueKeys', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(name, () => {
      const exact = parseYamlExact(text);
      assert.deepStrictEqual(parseYaml(text), exact);
      assert.deepStrictEqual(parseYamlLikelyBroken(text), exact, 'read as a text likely to be broken');
    });
  }

  it('every YAML fixture', () => {
    const files = yamlFilesUnder(FIXTURES);
    assert.ok(files.length > 20);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      assert.deepStrictEqual(parseYaml(text), parseYamlExact(text), f);
    }
  });

  it('every YAML file of the corpus', { skip: !CORPUS_PRESENT }, () => {
    for (const f of yamlFilesUnder(CORPUS)) {
      const text = readFileSync(f, 'utf8');
      assert.deepStrictEqual(parseYaml(text), parseYamlExact(text), f);
    }
  });

  it('reads most templates straight from the syntax tree (the fast way is taken, not only compared)', () => {
    const files = yamlFilesUnder(join(FIXTURES, 'cloudformation')).concat(yamlFilesUnder(join(FIXTURES, 'rules')));
    const read = files.filter((f) => readYamlFast(readFileSync(f, 'utf8'), YAML_FAST_PARSE_OPTIONS) !== undefined);
    assert.ok(read.length > files.length * 0.8, `${read.length} of ${files.length}`);
  });

  it('random mutations of fixtures and corpus files (YAML-significant characters inserted, deleted, replaced)', () => {
    const files = yamlFilesUnder(FIXTURES).concat(CORPUS_PRESENT ? yamlFilesUnder(CORPUS) : []).sort();
    // RDSCOPE_FUZZ_RUNS=20000 RDSCOPE_FUZZ_SEED=7 for a deeper run; the default is bounded for CI.
    const runs = Number(process.env.RDSCOPE_FUZZ_RUNS ?? 600);
    const rnd = random(Number(process.env.RDSCOPE_FUZZ_SEED ?? 2024));
    const alphabet = [' ', '\n', ':', '-', '#', '[', ']', '{', '}', ',', '"', "'", '!', '&', '*', '|', '>', '\t', '?', 'a', '0', '  ', '- ', ': ', '!Ref ', '\n  '];
    let compared = 0;
    for (let n = 0; n < runs; n++) {
      const file = rnd.pick(files);
      let text = readFileSync(file, 'utf8');
      if (text.length > 20000) text = text.slice(0, 20000);
      for (let k = 0, edits = 1 + rnd.int(3); k < edits; k++) {
        const at = rnd.int(text.length + 1);
        const del = rnd.int(3) === 0 ? rnd.int(3) : 0;
        text = text.slice(0, at) + (rnd.int(4) === 0 ? '' : rnd.pick(alphabet)) + text.slice(at + del);
      }
      const exact = parseYamlExact(text);
      assert.deepStrictEqual(parseYaml(text), exact, `${file} mutation ${n}: ${JSON.stringify(text.slice(0, 200))}`);
      assert.deepStrictEqual(parseYamlLikelyBroken(text), exact, `${file} mutation ${n}, read as likely broken`);
      compared++;
    }
    assert.equal(compared, runs);
  });

  it('reports a duplicate logical id where yaml does', () => {
    const r = parseYaml(CASES['block duplicate']);
    assert.equal(r.root, undefined);
    assert.equal(r.problems[0].message, 'Map keys must be unique');
    assert.equal(CASES['block duplicate'].slice(r.problems[0].range.start, r.problems[0].range.start + 1), 'A');
  });
});
