/**
 * The value tree every parser produces. It knows formats, not RDS: a map, a
 * sequence, a scalar or an intrinsic function, each with the exact range of
 * its text. Offsets are UTF-16 code units into the document string (what both
 * JavaScript strings and LSP positions count), so ranges need no conversion
 * until a front end turns them into line/column.
 */

export interface Range {
  readonly start: number;
  readonly end: number;
}

export type Scalar = string | number | boolean | null;

/** How a scalar was written, so a fix can write its replacement the same way. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'block' | 'json';

export interface MapEntry {
  readonly key: string;
  readonly keyRange: Range;
  readonly value: ValueNode;
}

export interface MapNode {
  readonly kind: 'map';
  readonly entries: MapEntry[];
  readonly range: Range;
  /** YAML flow maps (`{a: 1}`) and JSON objects need commas; block maps do not. */
  readonly flow: boolean;
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly items: ValueNode[];
  readonly range: Range;
  readonly flow: boolean;
}

export interface ScalarNode {
  readonly kind: 'scalar';
  readonly value: Scalar;
  readonly range: Range;
  readonly style: ScalarStyle;
}

/**
 * A CloudFormation intrinsic function, whatever its spelling: `!Ref X`,
 * `Ref: X` and `{"Ref": "X"}` all become `{name: 'Ref', arg: X}`; `!GetAtt A.B`
 * becomes the same two-item sequence as `Fn::GetAtt: [A, B]`. Names are the
 * long forms (`Fn::Sub`, `Condition`).
 */
export interface IntrinsicNode {
  readonly kind: 'intrinsic';
  readonly name: string;
  readonly arg: ValueNode;
  readonly range: Range;
  /** Range of the function name: the `!Tag` or the `Fn::X` key. */
  readonly nameRange: Range;
}

/** A YAML tag we do not know (`!Foo bar`): kept, never fatal, never interpreted. */
export interface UnknownTagNode {
  readonly kind: 'tagged';
  readonly tag: string;
  readonly value: ValueNode;
  readonly range: Range;
}

export type ValueNode = MapNode | SeqNode | ScalarNode | IntrinsicNode | UnknownTagNode;

/** A problem that stops the file from being read; becomes RDS000. */
export interface ParseProblem {
  readonly message: string;
  readonly range: Range;
}

export type SourceFormat = 'yaml' | 'json' | 'hcl';

export interface ParsedText {
  readonly format: SourceFormat;
  /** Absent when the text could not be parsed at all. */
  readonly root?: ValueNode;
  readonly problems: ParseProblem[];
  /**
   * YAML: the text of every anchored node an alias repeats. The tree holds a
   * copy at each alias, all with these ranges, so an edit there changes every
   * place that uses it: fixes stay out.
   */
  readonly aliased?: readonly Range[];
}

export function get(map: ValueNode | undefined, key: string): ValueNode | undefined {
  if (!map || map.kind !== 'map') return undefined;
  // Last one wins, as in CloudFormation and JSON.parse.
  for (let i = map.entries.length - 1; i >= 0; i--) {
    if (map.entries[i].key === key) return map.entries[i].value;
  }
  return undefined;
}

export function getEntry(map: ValueNode | undefined, key: string): MapEntry | undefined {
  if (!map || map.kind !== 'map') return undefined;
  for (let i = map.entries.length - 1; i >= 0; i--) {
    if (map.entries[i].key === key) return map.entries[i];
  }
  return undefined;
}
