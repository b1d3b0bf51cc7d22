/**
 * HCL text to the value tree: exact ranges (UTF-16 offsets, also after
 * non-ASCII text and with CRLF line endings), the Terraform JSON shape of
 * blocks and labels, literals, templates, heredocs and computed expressions,
 * and located syntax errors.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeDocument, lintDocuments } from '../../server/src/lint';
import { parseHcl, initHcl } from '../../server/src/parse/hcl';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { MAX_NESTING_DEPTH } from '../../server/src/parse/limits';
import { get, type MapNode, type ScalarNode, type SeqNode, type ValueNode } from '../../server/src/parse/tree';
import { readFixture, slice } from '../helpers';

function rootOf(text: string): MapNode {
  const parsed = parseHcl(text);
  assert.deepEqual(parsed.problems, [], 'parses without problems');
  assert.equal(parsed.format, 'hcl');
  assert.equal(parsed.root?.kind, 'map');
  return parsed.root as MapNode;
}

/** Follows keys (and sequence indexes) down the tree. */
function at(node: ValueNode | undefined, ...path: (string | number)[]): ValueNode {
  let n = node;
  for (const step of path) {
    n = typeof step === 'number' ? (n?.kind === 'seq' ? n.items[step] : undefined) : get(n, step);
    assert.ok(n, `no ${step} in ${path.join('.')}`);
  }
  return n!;
}

const scalar = (node: ValueNode) => { assert.equal(node.kind, 'scalar'); return node as ScalarNode; };
/** The scalar values of some keys of a block body, by key. */
const valuesOf = (body: ValueNode, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, scalar(at(body, k)).value]));
const bodyOf = (root: MapNode, type: string, name: string) => at(root, 'resource', type, name) as MapNode;

describe('HCL parser: ranges', () => {
  before(async () => assert.ok(await initHcl()));

  it('offsets are UTF-16 code units, also after accents, CJK and astral-plane emoji', () => {
    const text = '# é 日本 😀 — commandes\nresource "aws_db_instance" "café😀" {\n  tags = { "日本😀" = "値", after = "ok" }\n  engine = "mysql"\n}\n';
    const root = rootOf(text);
    const resources = at(root, 'resource', 'aws_db_instance') as MapNode;
    const label = resources.entries[0];
    assert.equal(label.key, 'café😀');
    assert.equal(slice(text, label.keyRange), '"café😀"');
    const body = label.value as MapNode;
    const tags = at(body, 'tags') as MapNode;
    assert.equal(slice(text, tags.entries[0].keyRange), '"日本😀"');
    assert.equal(slice(text, tags.entries[0].value.range), '"値"');
    assert.equal(scalar(tags.entries[0].value).value, '値');
    assert.equal(slice(text, tags.entries[1].keyRange), 'after');
    const engine = body.entries.find((e) => e.key === 'engine')!;
    assert.equal(slice(text, engine.keyRange), 'engine');
    assert.equal(slice(text, engine.value.range), '"mysql"');
    // LSP positions: characters count UTF-16 code units too (😀 is two).
    const lines = new LineIndex(text);
    assert.deepEqual(lines.positionAt(tags.entries[1].keyRange.start), { line: 2, character: 25 });
    assert.equal('  tags = { "日本😀" = "値", '.length, 25);
  });

  it('CRLF line endings: ranges, comments and heredocs are read without the \\r', () => {
    const text = readFixture('hcl', 'crlf', 'main.tf');
    assert.ok(text.includes('\r\n'), 'the fixture keeps its CRLF line endings');
    const body = bodyOf(rootOf(text), 'aws_db_instance', 'billing');
    assert.equal(slice(text, at(body, 'identifier').range), '"billing"');
    assert.equal(scalar(at(body, 'backup_retention_period')).value, 0);
    assert.equal(slice(text, (body.entries.find((e) => e.key === 'backup_retention_period')!).keyRange), 'backup_retention_period');
    // A heredoc's lines keep the file's line endings, as Terraform reads them.
    assert.equal(scalar(at(body, 'tags', 'Notes')).value, 'Données 🚀 "quoted" ${var.unknown}\r\n');
    const suppressed = rootOf('# rdscope:ignore RDS201\r\nresource "aws_db_instance" "a" {\r\n  engine = "mysql" # rdscope:ignore RDS105\r\n}\r\n');
    const comments = at(bodyOf(suppressed, 'aws_db_instance', 'a'), '//') as SeqNode;
    assert.deepEqual(comments.items.map((c) => scalar(c).value), ['rdscope:ignore RDS201', 'rdscope:ignore RDS105']);
  });

  it('a byte order mark is not a syntax error, and offsets still count it', () => {
    const text = '\ufeffresource "aws_db_instance" "a" {\n  engine = "mysql"\n}\n';
    const body = bodyOf(rootOf(text), 'aws_db_instance', 'a');
    assert.equal(slice(text, at(body, 'engine').range), '"mysql"');
  });
});

describe('HCL parser: the Terraform JSON shape', () => {
  before(async () => assert.ok(await initHcl()));

  it('blocks and labels: resource → type → name → body; body ranges span the braces', () => {
    const text = 'resource "aws_db_instance" "primary" {\n  engine = "postgres"\n}\n\nvariable "env" {\n  default = "prod"\n}\n\nlocals {\n  a = 1\n}\n';
    const root = rootOf(text);
    const body = bodyOf(root, 'aws_db_instance', 'primary');
    assert.equal(body.flow, false);
    assert.equal(text[body.range.start], '{');
    assert.equal(text[body.range.end - 1], '}');
    assert.equal(scalar(at(root, 'variable', 'env', 'default')).value, 'prod');
    assert.equal(scalar(at(root, 'locals', 'a')).value, 1);
    assert.equal(slice(text, root.entries[0].keyRange), 'resource');
  });

  it('blocks of one type are one entry: a map for one block, a sequence for several (JSON\'s array form)', () => {
    const text = [
      'resource "aws_db_instance" "a" {}',
      'resource "aws_db_instance" "b" {}',
      'resource "aws_db_proxy" "p" {',
      '  auth {',
      '    secret_arn = "arn:1"',
      '  }',
      '  auth {',
      '    secret_arn = "arn:2"',
      '  }',
      '  dynamic "timeouts" {',
      '    for_each = var.t',
      '    content {',
      '      create = timeouts.value',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const root = rootOf(text);
    const resources = at(root, 'resource') as SeqNode;
    assert.equal(resources.kind, 'seq');
    assert.equal(resources.items.length, 3);
    assert.equal(root.entries.filter((e) => e.key === 'resource').length, 1);
    const proxy = at(resources.items[2], 'aws_db_proxy', 'p') as MapNode;
    const auth = at(proxy, 'auth') as SeqNode;
    assert.equal(auth.kind, 'seq');
    assert.deepEqual(auth.items.map((b) => scalar(at(b, 'secret_arn')).value), ['arn:1', 'arn:2']);
    assert.equal(scalar(at(proxy, 'dynamic', 'timeouts', 'for_each')).value, '${var.t}');
    assert.equal(scalar(at(proxy, 'dynamic', 'timeouts', 'content', 'create')).value, '${timeouts.value}');
  });

  it('literals: numbers, booleans, null, strings with escapes; `$${` stays escaped as in a JSON template', () => {
    const text = [
      'resource "x" "y" {',
      '  n = 42',
      '  f = 1.5e3',
      '  t = true',
      '  no = false',
      '  nothing = null',
      '  s = "line\\nnext \\"q\\" back\\\\slash \\u00e9"',
      '  literal_dollar = "$${not.interpolated}"',
      '}',
      '',
    ].join('\n');
    const body = bodyOf(rootOf(text), 'x', 'y');
    assert.deepEqual(valuesOf(body, ['n', 'f', 't', 'no', 'nothing', 's', 'literal_dollar']), {
      n: 42, f: 1500, t: true, no: false, nothing: null, s: 'line\nnext "q" back\\slash é', literal_dollar: '$${not.interpolated}',
    });
    assert.equal(scalar(at(body, 's')).style, 'double');
  });

  it('templates keep their interpolations as written; everything else becomes "${<source>}" with its range', () => {
    const text = [
      'resource "aws_db_instance" "r" {',
      '  identifier          = "orders-${var.env}-${count.index}"',
      '  legacy              = "${aws_db_instance.primary.id}"',
      '  replicate_source_db = aws_db_instance.primary.identifier',
      '  indexed             = aws_db_instance.replica[0].arn',
      '  conditional         = var.create ? 1 : 0',
      '  call                = merge(var.tags, { Name = "x" })',
      '  negative            = -1',
      '  directive           = "%{ if var.a }yes%{ endif }"',
      '}',
      '',
    ].join('\n');
    const body = bodyOf(rootOf(text), 'aws_db_instance', 'r');
    assert.deepEqual(valuesOf(body, ['identifier', 'legacy', 'replicate_source_db', 'indexed', 'conditional', 'call', 'negative', 'directive']), {
      identifier: 'orders-${var.env}-${count.index}',
      legacy: '${aws_db_instance.primary.id}',
      replicate_source_db: '${aws_db_instance.primary.identifier}',
      indexed: '${aws_db_instance.replica[0].arn}',
      conditional: '${var.create ? 1 : 0}',
      call: '${merge(var.tags, { Name = "x" })}',
      negative: '${-1}',
      directive: '%{ if var.a }yes%{ endif }',
    });
    assert.equal(slice(text, scalar(at(body, 'replicate_source_db')).range), 'aws_db_instance.primary.identifier');
  });

  it('tuples and objects map item by item; an object with a computed key is computed as a whole', () => {
    const text = [
      'resource "x" "y" {',
      '  list     = ["a", var.b, 3]',
      '  tags     = { Name = "n", "with space" = local.v, 1 = true }',
      '  computed = { (var.k) = 1 }',
      '  for      = [for s in var.l : upper(s)]',
      '}',
      '',
    ].join('\n');
    const body = bodyOf(rootOf(text), 'x', 'y');
    const list = at(body, 'list') as SeqNode;
    assert.equal(list.kind, 'seq');
    assert.equal(list.flow, true);
    assert.deepEqual(list.items.map((i) => scalar(i).value), ['a', '${var.b}', 3]);
    const tags = at(body, 'tags') as MapNode;
    assert.equal(tags.flow, true);
    assert.deepEqual(tags.entries.map((e) => [e.key, scalar(e.value).value]), [['Name', 'n'], ['with space', '${local.v}'], ['1', true]]);
    assert.equal(scalar(at(body, 'computed')).value, '${{ (var.k) = 1 }}');
    assert.equal(scalar(at(body, 'for')).value, '${[for s in var.l : upper(s)]}');
  });

  it('heredocs: the lines between the markers with the last newline; `<<-` removes the common indentation; no escapes', () => {
    const text = [
      'resource "x" "y" {',
      '  plain = <<EOF',
      '  {"a": "${var.b}\\n"}',
      'EOF',
      '  flush = <<-EOT',
      '      first',
      '        second',
      '      EOT',
      '}',
      '',
    ].join('\n');
    const body = bodyOf(rootOf(text), 'x', 'y');
    assert.equal(scalar(at(body, 'plain')).value, '  {"a": "${var.b}\\n"}\n');
    assert.equal(scalar(at(body, 'flush')).value, 'first\n  second\n');
    assert.equal(slice(text, at(body, 'flush').range), '<<-EOT\n      first\n        second\n      EOT');
  });

  it('comments holding rdscope:ignore become the block\'s "//" entry, the key Terraform JSON comments use', () => {
    const text = [
      '# rdscope:ignore RDS201',
      'resource "aws_db_instance" "a" {',
      '  engine = "mysql" // rdscope:ignore RDS105',
      '  /* rdscope:ignore RDS101 */',
      '}',
      '# rdscope:ignore RDS202',
      '',
      'resource "aws_db_instance" "b" {',
      '  engine = "mysql" # a comment without the directive',
      '}',
      '',
    ].join('\n');
    const root = rootOf(text);
    const resources = at(root, 'resource') as SeqNode;
    const a = at(resources.items[0], 'aws_db_instance', 'a');
    const comments = at(a, '//') as SeqNode;
    assert.deepEqual(comments.items.map((c) => scalar(c).value), ['rdscope:ignore RDS201', 'rdscope:ignore RDS105', 'rdscope:ignore RDS101']);
    // Separated from b by a blank line: not b's.
    assert.equal(get(at(resources.items[1], 'aws_db_instance', 'b'), '//'), undefined);
  });
});

describe('HCL parser: errors', () => {
  before(async () => assert.ok(await initHcl()));

  it('a syntax error is located where it is and becomes RDS000 on the .tf file', () => {
    const text = readFixture('hcl', 'broken', 'main.tf');
    const parsed = parseHcl(text);
    assert.equal(parsed.root, undefined);
    assert.equal(parsed.problems.length, 1);
    const lines = new LineIndex(text);
    assert.deepEqual(lines.positionAt(parsed.problems[0].range.start), { line: 6, character: 13 });
    assert.match(parsed.problems[0].message, /Syntax error: unexpected "="/);
    const result = lintDocuments([{ uri: 'infra/main.tf', text }]);
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.range]), [['RDS000', parsed.problems[0].range]]);
  });

  it('an unclosed block or string names what is missing', () => {
    assert.match(parseHcl('resource "a" "b" {\n  x = 1\n').problems[0].message, /missing '\}'/);
    assert.match(parseHcl('resource "a" "b" {\n  x = [1, 2\n}\n').problems[0].message, /missing '\]'/);
  });

  it('nesting deeper than the limit is a located problem, not a stack overflow', () => {
    const depth = MAX_NESTING_DEPTH + 10;
    const text = `resource "a" "b" {\n  x = ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`;
    const parsed = parseHcl(text);
    assert.equal(parsed.root, undefined);
    assert.match(parsed.problems[0].message, /Nesting deeper than/);
  });

  it('an empty .tf file, or one with only outputs, is not a template and not an error', () => {
    assert.ok(analyzeDocument({ uri: 'm/empty.tf', text: '\n' }).skipped);
    const outputs = analyzeDocument({ uri: 'm/outputs.tf', text: 'output "id" {\n  value = aws_db_instance.a.id\n}\n' });
    assert.equal(outputs.problem, undefined);
    assert.match(outputs.skipped ?? '', /not a template/);
  });

  it('a .tf file is linted as HCL whatever its content looks like', () => {
    const doc = analyzeDocument({ uri: 'm/main.tf', text: 'resource "aws_db_instance" "a" {\n  engine = "mysql"\n}\n' });
    assert.equal(doc.format, 'hcl');
    assert.equal(doc.kind, 'terraform');
    assert.deepEqual(doc.model?.instances.map((i) => i.id), ['aws_db_instance.a']);
  });
});
