/**
 * CloudFormation parameter files, the two shapes `aws cloudformation` and
 * CodePipeline take:
 *
 * - the AWS CLI's list (`aws cloudformation create-stack --parameters file://p.json`):
 *   `[{"ParameterKey": "Env", "ParameterValue": "prod"}, {"ParameterKey": "Old", "UsePreviousValue": true}]`
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Parameter.html
 * - a template configuration file (CodePipeline, `deploy --parameter-overrides file://`):
 *   `{"Parameters": {"Env": "prod"}, "Tags": {...}}`
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-cfn-artifacts.html
 *
 * Read as text only; every problem is located (line and column) so the CLI
 * can say where a file is wrong.
 */
import { parseJson } from '../../parse/json';
import { LineIndex } from '../../parse/lineIndex';
import type { Range, ValueNode } from '../../parse/tree';

export interface ParameterFileEntry {
  readonly name: string;
  /** Undefined for `UsePreviousValue: true`: the deployed stack's value, which rdscope cannot know. */
  readonly value: string | undefined;
  /** The value (or the entry) in the file. */
  readonly range: Range;
}

export interface ParameterFileProblem {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly message: string;
}

export type ParsedParameterFile =
  | { readonly ok: true; readonly entries: readonly ParameterFileEntry[] }
  | { readonly ok: false; readonly problem: ParameterFileProblem };

export function parseParameterFile(text: string): ParsedParameterFile {
  const lines = new LineIndex(text);
  const fail = (offset: number, message: string): ParsedParameterFile => {
    const p = lines.positionAt(offset);
    return { ok: false, problem: { line: p.line + 1, column: p.character + 1, message } };
  };
  const parsed = parseJson(text);
  if (!parsed.root) return fail(parsed.problems[0]?.range.start ?? 0, `not valid JSON: ${parsed.problems[0]?.message ?? 'unreadable'}`);
  const root = parsed.root;
  const entries: ParameterFileEntry[] = [];
  if (root.kind === 'seq') {
    for (const item of root.items) {
      if (item.kind !== 'map') return fail(item.range.start, 'expected {"ParameterKey": ..., "ParameterValue": ...}');
      const key = item.entries.find((e) => e.key === 'ParameterKey')?.value;
      if (!key || key.kind !== 'scalar' || typeof key.value !== 'string' || key.value === '') {
        return fail(item.range.start, 'this entry has no ParameterKey (a parameter\'s name)');
      }
      const previous = item.entries.find((e) => e.key === 'UsePreviousValue')?.value;
      const value = item.entries.find((e) => e.key === 'ParameterValue')?.value;
      if (previous?.kind === 'scalar' && (previous.value === true || previous.value === 'true')) {
        entries.push({ name: key.value, value: undefined, range: item.range });
        continue;
      }
      if (!value) return fail(item.range.start, `parameter ${key.value} has no ParameterValue (nor UsePreviousValue: true)`);
      const text = scalarText(value);
      if (text === undefined) return fail(value.range.start, `the ParameterValue of ${key.value} must be a string`);
      entries.push({ name: key.value, value: text, range: value.range });
    }
    return { ok: true, entries };
  }
  if (root.kind === 'map') {
    const parameters = root.entries.find((e) => e.key === 'Parameters');
    if (!parameters) {
      return fail(root.range.start, 'expected a list [{"ParameterKey": ..., "ParameterValue": ...}] or a template configuration {"Parameters": {...}}');
    }
    if (parameters.value.kind !== 'map') return fail(parameters.value.range.start, 'Parameters must be a map of parameter names to values');
    for (const e of parameters.value.entries) {
      const text = scalarText(e.value);
      if (text === undefined) return fail(e.value.range.start, `the value of parameter ${e.key} must be a string`);
      entries.push({ name: e.key, value: text, range: e.value.range });
    }
    return { ok: true, entries };
  }
  return fail(root.range.start, 'expected a list [{"ParameterKey": ..., "ParameterValue": ...}] or a template configuration {"Parameters": {...}}');
}

/** CloudFormation passes every parameter value as a string; numbers and booleans are accepted as their text. */
function scalarText(node: ValueNode): string | undefined {
  if (node.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}
