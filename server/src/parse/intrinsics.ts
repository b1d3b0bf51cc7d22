/**
 * CloudFormation intrinsic functions: the short YAML tags and their long names.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import type { MapEntry, Range, ScalarStyle, ValueNode } from './tree';

export const SHORT_TAG_TO_FUNCTION: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ['!Base64', 'Fn::Base64'],
  ['!Cidr', 'Fn::Cidr'],
  ['!FindInMap', 'Fn::FindInMap'],
  ['!GetAtt', 'Fn::GetAtt'],
  ['!GetAZs', 'Fn::GetAZs'],
  ['!ImportValue', 'Fn::ImportValue'],
  ['!Join', 'Fn::Join'],
  ['!Select', 'Fn::Select'],
  ['!Split', 'Fn::Split'],
  ['!Sub', 'Fn::Sub'],
  ['!Transform', 'Fn::Transform'],
  ['!And', 'Fn::And'],
  ['!Equals', 'Fn::Equals'],
  ['!If', 'Fn::If'],
  ['!Not', 'Fn::Not'],
  ['!Or', 'Fn::Or'],
  // Language extensions (AWS::LanguageExtensions transform).
  ['!ForEach', 'Fn::ForEach'],
  ['!Length', 'Fn::Length'],
  ['!ToJsonString', 'Fn::ToJsonString'],
]);

/** A single-key map whose key is one of these is the long form of an intrinsic. */
export function isLongFormFunctionKey(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

/** `Condition` is only a function inside condition functions (`Fn::And: [{Condition: X}]`). */
export const CONDITION_FUNCTION = 'Condition';

/** `{Fn::GetAtt: "A.B"}` and `{Ref: X}` in long form, YAML or JSON. */
export function longForm(entry: MapEntry, range: Range): ValueNode {
  return intrinsic(entry.key, entry.value, range, entry.keyRange);
}

/** The function `name` applied to `arg`, in long or short form (`!Ref X`); a Fn::GetAtt string is split at its first dot. */
export function intrinsic(name: string, arg: ValueNode, range: Range, nameRange: Range): ValueNode {
  if (name === 'Fn::GetAtt' && arg.kind === 'scalar' && typeof arg.value === 'string') arg = splitDottedGetAtt(arg.value, arg.range, arg.style);
  return { kind: 'intrinsic', name, arg, range, nameRange };
}

/** `!GetAtt Db.Endpoint.Address` is `[Db, Endpoint.Address]`: split at the first dot. */
function splitDottedGetAtt(text: string, range: Range, style: ScalarStyle): ValueNode {
  const dot = text.indexOf('.');
  const offset = style === 'plain' ? range.start : range.start + 1;
  if (dot < 0) {
    return { kind: 'seq', items: [{ kind: 'scalar', value: text, range, style }], range, flow: true };
  }
  return {
    kind: 'seq',
    flow: true,
    range,
    items: [
      { kind: 'scalar', value: text.slice(0, dot), range: { start: offset, end: offset + dot }, style: 'plain' },
      { kind: 'scalar', value: text.slice(dot + 1), range: { start: offset + dot + 1, end: offset + text.length }, style: 'plain' },
    ],
  };
}
