/**
 * variableNames (evaluate/terraform/syntax.ts): every name an expression reads,
 * which model/terraform.ts uses to decide whether a template's value is the
 * same in every instance (no count, each, local or module in it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExpressionText, parseTemplateText, variableNames } from '../../server/src/evaluate/terraform/syntax';

const names = (expr: ReturnType<typeof parseExpressionText>) => [...variableNames(expr)].sort();

describe('variableNames', () => {
  it('names the roots of plain templates', () => {
    assert.deepEqual(names(parseTemplateText('db-${var.env}-${count.index}')), ['count', 'var']);
    assert.deepEqual(names(parseTemplateText('${aws_db_instance.a.identifier}')), ['aws_db_instance']);
    assert.deepEqual(names(parseTemplateText('no interpolation')), []);
  });

  it('looks inside calls, operators, conditionals, indexes, splats, tuples and objects', () => {
    assert.deepEqual(names(parseExpressionText('var.on ? length(local.items) : module.m.n[each.key]')), ['each', 'local', 'module', 'var']);
    assert.deepEqual(names(parseExpressionText('[aws_subnet.a.id, { k = data.x.y }]')), ['aws_subnet', 'data']);
    assert.deepEqual(names(parseExpressionText('-var.n + count.index * 2')), ['count', 'var']);
    assert.deepEqual(names(parseExpressionText('aws_db_instance.r[*].id')), ['aws_db_instance']);
  });

  it('counts a for expression\'s own names too (a template naming `each` that way is still kept per instance)', () => {
    assert.deepEqual(names(parseExpressionText('[for each in var.list : each if each != ""]')), ['each', 'var']);
  });

  it('looks inside template directives', () => {
    assert.deepEqual(names(parseTemplateText('%{ if var.on }${local.a}%{ else }${each.value}%{ endif }')), ['each', 'local', 'var']);
    assert.deepEqual(names(parseTemplateText('%{ for x in var.l }${x}-${count.index}%{ endfor }')), ['count', 'var', 'x']);
  });
});
