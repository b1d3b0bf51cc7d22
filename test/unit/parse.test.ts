import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJson } from '../../server/src/parse/json';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { get, type ValueNode } from '../../server/src/parse/tree';
import { parseYaml } from '../../server/src/parse/yaml';

import { readFixture } from '../helpers';

const read = (name: string) => readFixture('cloudformation', name);

function properties(root: ValueNode | undefined): ValueNode {
  const p = get(get(get(root, 'Resources'), 'Db'), 'Properties');
  assert.ok(p && p.kind === 'map', 'Properties map');
  return p;
}

function fn(node: ValueNode | undefined): { name: string; arg: ValueNode } {
  assert.ok(node && node.kind === 'intrinsic', `expected an intrinsic, got ${node?.kind}`);
  return node;
}

describe('YAML parser: CloudFormation short forms', () => {
  const text = read('intrinsics.yaml');
  const parsed = parseYaml(text);
  const p = properties(parsed.root);
  const slice = (n: ValueNode) => text.slice(n.range.start, n.range.end);

  it('parses without problems', () => assert.deepEqual(parsed.problems, []));

  it('maps every short tag to its long name', () => {
    const expected: Record<string, string> = {
      Ref1: 'Ref', Att1: 'Fn::GetAtt', Att2: 'Fn::GetAtt', Sub1: 'Fn::Sub', Sub2: 'Fn::Sub', Join1: 'Fn::Join',
      Select1: 'Fn::Select', Split1: 'Fn::Split', If1: 'Fn::If', FindInMap1: 'Fn::FindInMap', Import1: 'Fn::ImportValue',
      Base641: 'Fn::Base64', Cidr1: 'Fn::Cidr', Transform1: 'Fn::Transform', Long1: 'Ref', Long2: 'Fn::GetAtt',
    };
    for (const [key, name] of Object.entries(expected)) assert.equal(fn(get(p, key)).name, name, key);
  });

  it('gives the short form the range of the tag and its value', () => {
    assert.equal(slice(get(p, 'Ref1')!), '!Ref Retention');
    assert.equal(slice(get(p, 'Join1')!), '!Join ["-", [a, b]]');
  });

  it('splits a dotted !GetAtt at the first dot, with exact sub-ranges, like the list form', () => {
    const dotted = fn(get(p, 'Att1')).arg;
    const list = fn(get(p, 'Att2')).arg;
    assert.equal(dotted.kind, 'seq');
    assert.equal(list.kind, 'seq');
    if (dotted.kind !== 'seq' || list.kind !== 'seq') return;
    assert.deepEqual(dotted.items.map((i) => (i.kind === 'scalar' ? i.value : null)), ['Db', 'Endpoint.Address']);
    assert.deepEqual(dotted.items.map(slice), ['Db', 'Endpoint.Address']);
    assert.deepEqual(list.items.map((i) => (i.kind === 'scalar' ? i.value : null)), ['Db', 'Endpoint.Port']);
  });

  it('reads !Sub in both forms', () => {
    const one = fn(get(p, 'Sub1')).arg;
    assert.equal(one.kind === 'scalar' && one.value, 'db-${AWS::Region}');
    const two = fn(get(p, 'Sub2')).arg;
    assert.equal(two.kind, 'seq');
    if (two.kind === 'seq') assert.equal(fn(get(two.items[1], 'Name')).name, 'Ref');
  });

  it('reads !Condition inside condition functions as the Condition function', () => {
    const conditions = get(parsed.root, 'Conditions');
    const not = fn(get(conditions, 'NotProd'));
    assert.equal(not.name, 'Fn::Not');
    assert.ok(not.arg.kind === 'seq');
    if (not.arg.kind === 'seq') assert.equal(fn(not.arg.items[0]).name, 'Condition');
  });

  it('reads the mapping form (!Transform {...}) and nested short forms', () => {
    const t = fn(get(p, 'Transform1'));
    assert.equal(t.arg.kind, 'map');
    const select = fn(get(p, 'Select1')).arg;
    assert.ok(select.kind === 'seq' && fn(select.items[1]).name === 'Fn::GetAZs');
  });

  it('keeps unknown tags without failing', () => {
    const u = get(p, 'Unknown1');
    assert.equal(u?.kind, 'tagged');
    if (u?.kind === 'tagged') assert.equal(u.tag, '!Bogus');
  });

  it('gives keys exact ranges', () => {
    const entry = (p.kind === 'map' ? p.entries : []).find((e) => e.key === 'If1')!;
    assert.equal(text.slice(entry.keyRange.start, entry.keyRange.end), 'If1');
    const pos = new LineIndex(text).positionAt(entry.keyRange.start);
    assert.deepEqual(pos, { line: 24, character: 6 }); // line 25 in an editor
  });
});

describe('JSON parser', () => {
  const text = read('intrinsics.json');
  const parsed = parseJson(text);
  const p = properties(parsed.root);
  const slice = (n: ValueNode) => text.slice(n.range.start, n.range.end);

  it('reads long-form intrinsics into the same representation as YAML', () => {
    assert.deepEqual(parsed.problems, []);
    assert.equal(fn(get(p, 'Ref1')).name, 'Ref');
    const att = fn(get(p, 'Att1')).arg;
    assert.ok(att.kind === 'seq' && att.items.length === 2);
    assert.equal(fn(get(p, 'If1')).name, 'Fn::If');
    const not = fn(get(get(parsed.root, 'Conditions'), 'NotProd')).arg;
    assert.ok(not.kind === 'seq' && fn(not.items[0]).name === 'Condition');
  });

  it('decodes escapes and numbers, with ranges covering the quotes', () => {
    const s = get(p, 'Str')!;
    assert.equal(s.kind === 'scalar' && s.value, 'café "q"');
    assert.equal(slice(s), '"caf\\u00e9 \\"q\\""');
    const n = get(p, 'Num')!;
    assert.equal(n.kind === 'scalar' && n.value, -150);
  });

  it('locates syntax errors instead of throwing', () => {
    const cases: [string, string, number][] = [
      ['{"a": 1,}', 'property name', 8],
      ['{"a": [1, 2}', "','", 11],
      ['{"a": tru}', 'Unexpected character', 6],
      ['{"a": "x', 'Unterminated string', 6],
      ['', 'empty', 0],
      ['{"a": 1} x', 'after the end', 9],
    ];
    for (const [input, words, offset] of cases) {
      const r = parseJson(input);
      assert.equal(r.root, undefined, input);
      assert.match(r.problems[0].message, new RegExp(words.replace(/[()[\]]/g, '\\$&')), input);
      assert.equal(r.problems[0].range.start, offset, input);
    }
  });

  it('ends 100,000 levels of nesting in a located error, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = parseJson(deep);
    assert.match(r.problems[0].message, /Nesting deeper than/);
    assert.ok(r.problems[0].range.start > 0);
  });

  it('skips a byte order mark', () => {
    const r = parseJson('\ufeff{"a": 1}');
    assert.deepEqual(r.problems, []);
  });
});

describe('YAML parser: hostile and broken input', () => {
  it('reports malformed YAML with a location', () => {
    const r = parseYaml('Resources:\n  Db:\n    Type: [unclosed\n');
    assert.equal(r.root, undefined);
    assert.ok(r.problems.length > 0);
    assert.ok(r.problems[0].range.start > 0);
  });

  it('stops an alias bomb with a clear message', () => {
    let doc = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) doc += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const r = parseYaml(doc);
    assert.equal(r.root, undefined);
    assert.match(r.problems[0].message, /alias/i);
  });

  it('ends deep nesting in a located error, not a stack overflow', () => {
    const deep = 'a: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n';
    const r = parseYaml(deep);
    assert.equal(r.root, undefined);
    assert.match(r.problems[0].message, /nest|deep/i);
  });

  it('reports a duplicate key', () => {
    const r = parseYaml('Resources:\n  Db: {}\n  Db: {}\n');
    assert.equal(r.root, undefined);
    assert.match(r.problems[0].message, /unique/i);
  });
});

describe('YAML parser: CloudFormation leniency', () => {
  it('reads a flow sequence indented no deeper than its key, with ranges in the original text', () => {
    const text = [
      'Resources:',
      '  Policy:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      Resource: [',
      '      !Sub "arn:${AWS::Partition}:rds:db:a",',
      '      "b"',
      '      ]',
      '      After: 1',
      '',
    ].join('\n');
    const r = parseYaml(text);
    assert.deepEqual(r.problems, []);
    const props = get(get(get(r.root, 'Resources'), 'Policy'), 'Properties');
    const list = get(props, 'Resource');
    assert.ok(list?.kind === 'seq');
    if (list?.kind !== 'seq') return;
    assert.equal(list.items.length, 2);
    assert.equal(text.slice(list.items[0].range.start, list.items[0].range.end), '!Sub "arn:${AWS::Partition}:rds:db:a"');
    assert.equal(text.slice(list.items[1].range.start, list.items[1].range.end), '"b"');
    const after = (props?.kind === 'map' ? props.entries : []).find((e) => e.key === 'After')!;
    assert.equal(text.slice(after.keyRange.start, after.keyRange.end), 'After');
  });

  it('still reports a genuinely broken flow sequence', () => {
    const r = parseYaml('Resources:\n  A: [\n  b,\nc: d\n');
    assert.equal(r.root, undefined);
    assert.ok(r.problems.length > 0);
  });
});

describe('YAML parser: block collection ranges', () => {
  it('end at the last item, not after the line break', () => {
    const text = 'A:\n  - one\n  - two\nB:\n  x: 1\n  y: 2\n\nC: 3\n';
    const r = parseYaml(text);
    assert.equal(text.slice(get(r.root, 'A')!.range.start, get(r.root, 'A')!.range.end), '- one\n  - two');
    assert.equal(text.slice(get(r.root, 'B')!.range.start, get(r.root, 'B')!.range.end), 'x: 1\n  y: 2');
  });
});
