import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, type Scope } from '../../server/src/evaluate/terraform/evaluator';
import { HclSyntaxError, parseExpressionText, parseTemplateText } from '../../server/src/evaluate/terraform/syntax';
import { fromJson, Pending, type TfValue } from '../../server/src/evaluate/terraform/values';
import { known, unknown, type Evaluated, type InputOrigin } from '../../server/src/evaluate/value';

/** var.* from `vars` (a name absent there is unknown), resources pending with their address. */
function scope(vars: Record<string, unknown>, origin?: InputOrigin['kind']): Scope {
  return {
    lookup(root, attribute) {
      if (root === 'var' && attribute !== undefined) {
        if (!(attribute in vars)) return unknown(`variable ${attribute} has no value`);
        const inputs: InputOrigin[] = origin ? [{ kind: origin, name: `var.${attribute}`, display: String(vars[attribute]) }] : [];
        return known(fromJson(vars[attribute]), inputs);
      }
      if (root === 'aws_db_instance' && attribute === 'zero') return known([]);
      if (root === 'aws_db_instance' && attribute === 'one') return known([new Pending('arn after apply', { address: 'aws_db_instance.one[0]' })]);
      if (root.startsWith('aws_')) return known(new Pending(`${root}.${attribute} after apply`, { address: `${root}.${attribute}` }));
      return unknown(`${root} is not known`);
    },
  };
}

function run(text: string, vars: Record<string, unknown> = {}, origin?: InputOrigin['kind']): Evaluated<TfValue> {
  return evaluate(parseExpressionText(text), scope(vars, origin), text);
}

function value(text: string, vars: Record<string, unknown> = {}): unknown {
  const r = run(text, vars);
  assert.equal(r.state, 'known', `${text}: ${JSON.stringify(r)}`);
  return plain((r as { value: TfValue }).value);
}

function plain(v: TfValue): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (v instanceof Pending) return { pending: v.ref ?? v.reason };
  return v;
}

describe('Terraform expressions: operators, conditionals, templates', () => {
  it('evaluates operators by precedence', () => {
    assert.equal(value('1 + 2 * 3'), 7);
    assert.equal(value('(1 + 2) * 3'), 9);
    assert.equal(value('10 % 4 - -1'), 3);
    assert.equal(value('!true || 1 < 2 && 3 >= 3'), true);
    assert.equal(value('"a" == "a" && [1, 2] != [1]'), true);
    assert.equal(value('"7" + 1'), 8); // Terraform converts numeric strings
  });

  it('picks the branch of a known condition, keeping the input it rests on', () => {
    const r = run('var.replica ? null : "mysql"', { replica: false }, 'tfvars');
    assert.deepEqual(r, known('mysql', [{ kind: 'tfvars', name: 'var.replica', display: 'false' }]));
    assert.deepEqual(run('var.replica ? null : "mysql"', { replica: true }), known(null));
  });

  it('gives branches for an unknown condition, collapsing equal ones', () => {
    const r = run('var.prod ? 7 : 1');
    assert.equal(r.state, 'branches');
    assert.deepEqual((r as { branches: unknown[] }).branches, [known(7), known(1)]);
    assert.deepEqual(run('var.prod ? 7 : 7'), known(7));
    // Operators distribute over branches: 7+1 and 1+1.
    const sum = run('(var.prod ? 7 : 1) + 1');
    assert.deepEqual((sum as { branches: unknown[] }).branches, [known(8), known(2)]);
    assert.deepEqual(run('(var.prod ? 7 : 1) > 0'), known(true));
    // 2^30 combinations are never enumerated: past 16 the value is unknown at once.
    const many = `[${Array.from({ length: 30 }, (_, i) => `var.c${i} ? ${i} : -${i}`).join(', ')}]`;
    assert.equal(run(many).state, 'unknown');
  });

  it('evaluates templates with interpolations and %{if}/%{for} directives', () => {
    assert.equal(value('"db-${var.env}-${1 + 1}"', { env: 'prod' }), 'db-prod-2');
    const t = parseTemplateText('%{ if var.on }on%{ else }off%{ endif }:%{ for x in var.l ~} ${x}, %{~ endfor }');
    const r = evaluate(t, scope({ on: false, l: ['a', 'b'] }), '');
    assert.deepEqual(r, known('off:a,b,'));
    assert.deepEqual(evaluate(parseTemplateText('${var.n}'), scope({ n: 5 }), ''), known(5), 'a lone interpolation keeps its type');
    assert.deepEqual(evaluate(parseTemplateText('$${literal} %%{x}'), scope({}), ''), known('${literal} %{x}'));
  });

  it('evaluates for expressions, splats, index and attribute access', () => {
    assert.deepEqual(value('[for s in var.l : upper(s) if s != "b"]', { l: ['a', 'b', 'c'] }), ['A', 'C']);
    assert.deepEqual(value('{for k, v in var.m : v => k}', { m: { a: 'x', b: 'y' } }), { x: 'a', y: 'b' });
    assert.deepEqual(value('{for v in var.l : v.g => v.n...}', { l: [{ g: 'a', n: 1 }, { g: 'a', n: 2 }] }), { a: [1, 2] });
    assert.deepEqual(value('var.l[*].n', { l: [{ n: 1 }, { n: 2 }] }), [1, 2]);
    assert.deepEqual(value('var.l.*.n', { l: [{ n: 1 }] }), [1]);
    assert.equal(value('var.m["a"].b[1]', { m: { a: { b: [5, 6] } } }), 6);
    assert.equal(value('var.l.0', { l: ['first'] }), 'first');
  });

  it('keeps a resource attribute pending, with the resource it names, through passing functions', () => {
    assert.deepEqual(value('aws_db_instance.primary.arn'), { pending: { address: 'aws_db_instance.primary', attribute: 'arn' } });
    assert.deepEqual(value('try(aws_db_instance.one[0].arn, null)'), { pending: { address: 'aws_db_instance.one[0]', attribute: 'arn' } });
    assert.equal(value('try(aws_db_instance.zero[0].arn, null)'), null, 'count = 0: indexing fails, try falls back');
    assert.deepEqual(value('one(aws_db_instance.one[*].id)'), { pending: { address: 'aws_db_instance.one[0]', attribute: 'id' } });
    assert.equal(value('length(aws_db_instance.one)'), 1);
    assert.equal(value('aws_db_instance.primary.arn == null'), false, 'a resource attribute is never null');
    assert.equal(run('aws_db_instance.primary.arn == "x"').state, 'unknown');
    const lowered = value('lower(aws_db_instance.primary.arn)') as { pending: unknown };
    assert.equal(typeof lowered.pending, 'string', 'a function that reads the value is pending without a reference');
  });
});

describe('Terraform functions', () => {
  const cases: [string, unknown][] = [
    ['coalesce(null, "", "a", "b")', 'a'],
    ['coalescelist([], ["x"])', ['x']],
    ['one([])', null],
    ['one(["only"])', 'only'],
    ['length("héllo")', 5],
    ['lookup({a = 1}, "b", 2)', 2],
    ['concat([1], [2, 3])', [1, 2, 3]],
    ['merge({a = 1, b = 1}, {b = 2})', { a: 1, b: 2 }],
    ['contains(["a", "b"], "b")', true],
    ['element(["a", "b"], 3)', 'b'],
    ['format("%s-%03d", "db", 7)', 'db-007'],
    ['join(",", ["a", "b"])', 'a,b'],
    ['split(",", "a,b")', ['a', 'b']],
    ['lower("MySQL")', 'mysql'],
    ['upper("x")', 'X'],
    ['replace("a-b-c", "-", "_")', 'a_b_c'],
    ['replace("mysql8.0", "/[0-9.]+$/", "")', 'mysql'],
    ['tostring(5)', '5'],
    ['tonumber("35")', 35],
    ['tobool("true")', true],
    ['toset(["b", "a", "b"])', ['a', 'b']],
    ['tolist(["a"])', ['a']],
    ['tomap({a = "x"})', { a: 'x' }],
    ['keys({b = 1, a = 2})', ['a', 'b']],
    ['values({b = 1, a = 2})', [2, 1]],
    ['min(3, 1, 2)', 1],
    ['max([4, 9]...)', 9],
    ['compact(["a", "", null, "b"])', ['a', 'b']],
    ['flatten([["a"], [["b"]], "c"])', ['a', 'b', 'c']],
    ['distinct(["a", "a", "b"])', ['a', 'b']],
    ['can(var.m.missing)', false],
    ['try(var.m.missing, "fallback")', 'fallback'],
    ['substr("postgres", 0, 4)', 'post'],
    ['startswith("custom-oracle-ee", "custom-")', true],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(value(text, { m: { present: 1 } }), expected));
  }

  it('try over an unknown is unknown unless a known earlier argument succeeds', () => {
    assert.equal(run('try(var.nothing, "x")').state, 'unknown');
    assert.deepEqual(run('try("first", var.nothing)'), known('first'));
    assert.equal(run('can(var.nothing)').state, 'unknown');
  });

  it('an error Terraform would fail on is unknown, never a guess', () => {
    const r = run('element([], 0)');
    assert.equal(r.state, 'unknown');
    assert.match((r as { reason: string }).reason, /fails when Terraform evaluates it/);
    assert.equal(run('1 / 0').state, 'unknown');
    assert.equal(run('file("x.txt")').state, 'known', 'a Terraform-only function is pending (exists, value unknown)');
    assert.ok(value('file("x.txt")') !== undefined);
  });
});

describe('Terraform expression syntax errors', () => {
  it('reports where the text stops making sense', () => {
    assert.throws(() => parseExpressionText('var.a ? 1'), HclSyntaxError);
    assert.throws(() => parseExpressionText('"unterminated'), HclSyntaxError);
    assert.throws(() => parseTemplateText('%{ if x }never closed'), HclSyntaxError);
  });

  it('refuses nesting deeper than it reads instead of overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}1${')'.repeat(5000)}`;
    assert.throws(() => parseExpressionText(deep), HclSyntaxError);
    const long = Array.from({ length: 5000 }, (_, i) => String(i)).join(' + ');
    assert.throws(() => parseExpressionText(long), /more than 256 operands/);
    const wide = Array.from({ length: 200 }, (_, i) => String(i)).join(' + ');
    assert.equal(value(wide), (199 * 200) / 2);
  });
});
