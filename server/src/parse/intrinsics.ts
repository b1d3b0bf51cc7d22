/**
 * CloudFormation intrinsic functions: the short YAML tags and their long names.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */

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
