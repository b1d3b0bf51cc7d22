/**
 * parse/yamlBlock.ts reads block-style YAML straight from the characters; for
 * anything outside its subset it answers undefined and yaml reads the text.
 * Whenever it answers, the tree must be exactly yaml's (parseYamlExact: yaml's
 * composer and the converter): same values, same ranges, no problems. Checked
 * on hand-made cases, every fixture, the corpus, the benchmark's templates and
 * random mutations of them. The fast reader must also actually be taken on
 * real templates, not only be compared.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseYaml, parseYamlExact, YAML_FAST_PARSE_OPTIONS } from '../../server/src/parse/yaml';
import { readYamlBlock } from '../../server/src/parse/yamlBlock';
import { random } from '../incremental/support';
import { CORPUS, CORPUS_PRESENT, FIXTURES, yamlFilesUnder } from '../helpers';

/** When the block reader answers, its tree is yaml's and yaml finds nothing wrong. Returns whether it answered. */
function agrees(text: string, where: string): boolean {
  const mine = readYamlBlock(text, YAML_FAST_PARSE_OPTIONS);
  if (mine === undefined) return false;
  const exact = parseYamlExact(text);
  assert.deepEqual(exact.problems, [], `${where}: the block reader read text yaml reports problems in`);
  assert.equal(exact.aliased, undefined, where);
  assert.deepStrictEqual(mine, exact.root, where);
  return true;
}

/** Cases the block reader must read, and equal yaml on. */
const READ: Record<string, string> = {
  'block map and sequence': 'A: 1\nB:\n  - x\n  - y\nC:\n  D: true\n',
  'sequence at the key\'s column': 'Tags:\n- Key: a\n  Value: b\n- Key: c\n  Value: d\nNext: 1\n',
  'compact nested sequences': 'A:\n  - - a\n    - b\n  - - c\n',
  'comments everywhere': '# top\nA: 1 # one\n\n  # indented\nB:   # before\n  - x   # x\n# between\n  - y\n',
  'document start': '---\nA: 1\n',
  'document start with a comment': '# c\n--- # here\nA: 1\n',
  'scalars the schema resolves': 'a: ~\nb: null\nc: True\nd: 0x1F\ne: 0o17\nf: -12\ng: 1.5e3\nh: .inf\ni: -.INF\nj: .nan\nk: 012\nl: +3\nm: 1_000\nn: 2001-01-01\n',
  'keys the schema resolves': '1: a\ntrue: b\n1.5: c\nnull: d\n0x10: e\n',
  'quoted scalars and keys': 'A: \'it\'\'s\'\n"B": "a \\"q\\" \\n \\u00e9 \\x41"\n\'C\': ""\nD: \'\'\n',
  'plain scalars with indicators inside': 'A: a:b\nB: a#b\nC: -1\nD: x - y\nE: "a: b"\nF: http://x.y/z?q=1#f\nG: a [b] {c}, d\n',
  'empty values': 'A:\nB:   # nothing\nC:\n  - \n  -\nD: 1\n',
  'short tags': 'A: !Ref X\nB: !GetAtt Db.Endpoint.Address\nC: !Sub "${A}-x"\nD: !If [C, !Ref A, !Ref "AWS::NoValue"]\nE: !Select [0, !GetAZs ""]\nF: !Base64 |\n  #!/bin/sh\n  echo hi\n',
  'short tags before block collections': 'A: !Sub\n  - "${x}"\n  - x: !Ref Y\nB: !Join\n  - ""\n  - - a\n    - !Ref b\n\nC: 1\n',
  'a tagged block collection at the end': 'A:\n  B: !If\n    - Cond\n    - 1\n    - 2',
  'long-form functions': 'A:\n  Fn::If: [C, 1, 2]\nB: {Ref: X}\nC:\n  Fn::GetAtt: Db.Port\nD: !If [C, {Condition: X}, 2]\n',
  'flow collections over several lines': 'A: [\n    a, b,\n    c\n  ]\nB: { x: 1,\n  y: [2, 3] }\nC: [a, b,]\nD: []\nE: {}\n',
  'literal and folded block scalars': 'A: |\n  one\n  two\n\nB: >\n  folded\n  text\n\n  para\n    more\n  end\nC: |-\n  strip\n\n\nD: |+\n  keep\n\n\nE: >-\n  x\n',
  'block scalars in sequences': 'A:\n  - |\n    x\n  - >\n    y\n  - k: |\n      z\n',
  'deep nesting': `${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n')} leaf\n`,
  'a root map indented, after ---': '---\n# c\n  A: 1\n  B:\n    - x\n',
  'spaces before the colon': 'A :  1\n"B" : 2\nC:\n  \'d\'   : x\n',
  'a short tag with nothing after it': 'A: !GetAZs\nB:\n  - !GetAZs   # c\n  - !GetAtt\n  - x\nC: !Ref',
  'empty values last in tagged block collections': 'A: !Sub\n  k: v\n  j:\nB: !Select\n  - "0"\n  - !GetAZs\nC: !Select\n  - 1\n  - !GetAZs   # c\nD: !Join\n  - x\n  -   # c\nE: 1\n',
  'a tagged sequence at the key\'s column': 'A: !If\n- C\n- - x: 1\n- !Ref B\nB: 2\n',
  'JSON-style flow maps': 'Tags: [{"Key":"a","Value":"b"}, {"k": 1}]\n',
  'no newline at the end': 'A:\n  - 1\n  - [a, b]',
  'multi-line plain scalars': 'A: one\n  two\n\n  three\nB:\n  - x\n    y   # c\nC: 1\n',
  'multi-line quoted scalars': 'A: "one\n  two \\\n  three"\nB: \'a\n\n   b \'\'c\'\'\'\n',
  'values on the line below': 'A:\n  !Not [!Ref B]\nB:\n  [a, b]\nC:\n  text\nD:\n  - !If\n    - x\n    - y\n',
};

/** Cases the block reader must leave to yaml (undefined), whatever yaml then makes of them. */
const LEFT: Record<string, string> = {
  'anchors and aliases': 'A: &a 1\nB: *a\n',
  'duplicate keys': 'A: 1\nA: 2\n',
  'duplicate keys in a flow map': 'A: {x: 1, x: 2}\n',
  'a second document': 'A: 1\n---\nB: 2\n',
  'document end': 'A: 1\n...\n',
  'directives': '%YAML 1.2\n---\nA: 1\n',
  'tabs': 'A:\n\t- 1\n',
  'CR line ends': 'A: 1\r\nB: 2\r\n',
  'other tags': 'A: !!str 1\nB: !Custom x\n',
  'explicit keys': '? A\n: 1\n',
  'a multi-line plain scalar with a comment between its lines': 'A: one\n  # c\n  two\n',
  'comments in flow collections': 'A: [a, # c\n  b]\n',
  'under-indented flow collections': 'A:\n  B: [\n  a]\n',
  'indentation indicators': 'A: |2\n    x\n',
  'a root that is not a block map': '- a\n- b\n',
  'a key without a value on one line': 'A: 1\nB\n',
  'a comment right after a tagged block collection': 'A: !Sub\n  - a\n  - b\n\n    # c\nB: 1\n',
  'a comment line after an empty value that ends a tagged block collection': 'A:\n  B: !If\n    - x\n    - k:\n\n# c\n  C: 1\n',
  'a comment line before a scalar on the line below its key': 'A:\n# c\n  text\n',
  'a syntax error': 'A: [unclosed\n',
  'a quoted key over two lines by an escaped line break': '"a\\\n  b": 1\nC:\n  "d\\\n    e": 2\n',
  'an escaped line break before a closing quote at the key\'s column': 'A: "a\\\n"\n',
  'a quoted scalar in a flow collection over two lines by an escaped line break': 'A: ["a\\\nb"]\n',
  'empty text': '',
};

describe('YAML block reader: yaml\'s tree or nothing', () => {
  for (const [name, text] of Object.entries(READ)) {
    it(`reads: ${name}`, () => {
      assert.ok(agrees(text, name), `${name}: not read by the block reader`);
      assert.deepStrictEqual(parseYaml(text), parseYamlExact(text));
    });
  }
  for (const [name, text] of Object.entries(LEFT)) {
    it(`leaves to yaml: ${name}`, () => {
      assert.equal(readYamlBlock(text, YAML_FAST_PARSE_OPTIONS), undefined);
      assert.deepStrictEqual(parseYaml(text), parseYamlExact(text));
    });
  }

  it('every YAML fixture and benchmark template: yaml\'s tree, and most are read the fast way', () => {
    const files = yamlFilesUnder(FIXTURES).concat(yamlFilesUnder(join(FIXTURES, '..', '..', 'bench', 'generated')));
    const read = files.filter((f) => agrees(readFileSync(f, 'utf8'), f));
    assert.ok(read.length > files.length * 0.7, `${read.length} of ${files.length}`);
  });

  it('every YAML file of the corpus: yaml\'s tree, and most are read the fast way', { skip: !CORPUS_PRESENT && `${CORPUS} is absent` }, () => {
    const files = yamlFilesUnder(CORPUS);
    const read = files.filter((f) => agrees(readFileSync(f, 'utf8'), f));
    assert.ok(read.length > files.length * 0.7, `${read.length} of ${files.length}`);
  });

  it('random mutations of fixtures and corpus files', () => {
    const texts = yamlFilesUnder(FIXTURES).concat(CORPUS_PRESENT ? yamlFilesUnder(CORPUS) : []).sort()
      .map((f) => readFileSync(f, 'utf8'))
      .filter((t) => readYamlBlock(t, YAML_FAST_PARSE_OPTIONS) !== undefined);
    // RDSCOPE_FUZZ_RUNS=50000 RDSCOPE_FUZZ_SEED=7 for a deeper run; the default is bounded for CI.
    const runs = Number(process.env.RDSCOPE_FUZZ_RUNS ?? 1500);
    const rnd = random(Number(process.env.RDSCOPE_FUZZ_SEED ?? 2026));
    const alphabet = [' ', '\n', ':', '-', '#', '[', ']', '{', '}', ',', '"', "'", '!', '&', '*', '|', '>', '\t', '?', 'a', '0', '1', '.',
      '  ', '- ', ': ', ' #', '!Ref ', '!Sub\n  - ', '\n  ', '\n    ', '\n\n', '|-', '>+', '"\\n', "''", 'x: ', '[\n', '\n ]', '---\n',
      '\n  # c\n', '\n# c\n', ' :', '\n      more words', '\n        ', "'\n  ", '"\n   ', '\t# c', ':\n\n# c\n', '  :  \n', ' !GetAZs\n',
      // An escaped line break in a double-quoted scalar (a key must stay on one line; the next line's indentation counts).
      '\\\n', '"a\\\n', '\\\n  ', '\\\n"'];
    let read = 0;
    for (let n = 0; n < runs; n++) {
      let text = rnd.pick(texts);
      if (text.length > 8000) {
        const at = rnd.int(text.length - 8000);
        text = text.slice(at, at + 8000);
      }
      for (let k = 0, edits = 1 + rnd.int(3); k < edits; k++) {
        const at = rnd.int(text.length + 1);
        const del = rnd.int(3) === 0 ? rnd.int(3) : 0;
        text = text.slice(0, at) + (rnd.int(4) === 0 ? '' : rnd.pick(alphabet)) + text.slice(at + del);
      }
      if (agrees(text, `mutation ${n}: ${JSON.stringify(text.slice(0, 300))}`)) read++;
    }
    // Mutations are compared, not only skipped: a fair share stays inside the subset.
    assert.ok(read > runs / 5, `${read} of ${runs} mutations read by the block reader`);
  });
});
