/**
 * Typed readers from the value tree to model attributes, shared by the
 * providers. Each provider supplies a Resolver that knows its expressions
 * (CloudFormation intrinsics, Terraform `${...}`); the readers turn what it
 * resolves into `Attr<T>` with ranges, and anything they cannot be sure of
 * into an unknown attribute, never a guess.
 */
import { getEntry, type MapEntry, type Range, type Scalar, type ScalarNode, type ValueNode } from '../parse/tree';
import type { InputOrigin } from '../evaluate/value';
import type { Attr, ResourceReference, ValueOrigin } from './topology';

export type Resolved =
  | { readonly known: true; readonly value: Scalar; readonly origin: ValueOrigin; readonly inputs?: readonly InputOrigin[] }
  | { readonly known: false; readonly reason: string; readonly mayBeAbsent?: true };

export interface Resolver {
  /** The scalar value of a node, when it can be known statically. */
  scalar(node: ValueNode): Resolved;
  /** A reference to another resource, if the node is one (Ref, GetAtt, `${aws_x.y.id}`). */
  reference(node: ValueNode): { target: string; attribute?: string; inputs?: readonly InputOrigin[] } | undefined;
  /**
   * Whether the node is a scalar that is its own value (no expression in it), so
   * that scalar() would give it as written, from the template: readers then
   * make its attribute without asking. Optional: without it, every node is asked.
   */
  isLiteral?(node: ValueNode): node is ScalarNode;
}

/**
 * Where a value came from, in the model's words: written in the file, a
 * CloudFormation parameter's or Terraform variable's default (when every
 * input it rests on is one), or another input (a parameter or tfvars file,
 * the command line, a module call or parent stack); `inputs` names them.
 */
export function originOfInputs(inputs: readonly InputOrigin[]): ValueOrigin {
  if (inputs.length === 0) return 'template';
  const kind = inputs[0].kind;
  if (kind !== 'parameter-default' && kind !== 'variable-default') return 'input';
  return inputs.every((i) => i.kind === kind) ? kind : 'input';
}

export class AttributeReader {
  constructor(private readonly resolver: Resolver) {}

  entry(map: ValueNode | undefined, key: string): MapEntry | undefined {
    return getEntry(map, key);
  }

  string(map: ValueNode | undefined, key: string): Attr<string> | undefined {
    return this.typed(getEntry(map, key), toStringValue);
  }

  /** string() of an entry the caller has already looked up. */
  stringOf(entry: MapEntry | undefined): Attr<string> | undefined {
    return this.typed(entry, toStringValue);
  }

  /** CloudFormation and Terraform accept `"true"`/`"false"` strings for booleans. */
  boolean(map: ValueNode | undefined, key: string): Attr<boolean> | undefined {
    return this.typed(getEntry(map, key), toBoolean);
  }

  /** boolean() of an entry the caller has already looked up. */
  booleanOf(entry: MapEntry | undefined): Attr<boolean> | undefined {
    return this.typed(entry, toBoolean);
  }

  /**
   * typed() of an entry the resolver says is a literal (Resolver.isLiteral):
   * the same attribute, without resolving the value. Most arguments of a
   * resource are literals, and in a short run this is cold code.
   */
  literalOf<T>(entry: MapEntry & { readonly value: ScalarNode }, convert: (v: Scalar) => T | undefined): Attr<T> | undefined {
    const v = entry.value.value;
    return v === null ? undefined : this.converted(entry, v, 'template', undefined, convert);
  }

  /** `"7"` counts as 7; a non-numeric literal is kept as NaN with its text (RDS102). */
  number(map: ValueNode | undefined, key: string): Attr<number> | undefined {
    return this.typed(getEntry(map, key), toNumber);
  }

  /** number() of an entry the caller has already looked up. */
  numberOf(entry: MapEntry | undefined): Attr<number> | undefined {
    return this.typed(entry, toNumber);
  }

  reference(map: ValueNode | undefined, key: string): Attr<ResourceReference> | undefined {
    return this.referenceOfEntry(getEntry(map, key));
  }

  /** reference() of an entry the caller has already looked up. */
  referenceOfEntry(entry: MapEntry | undefined): Attr<ResourceReference> | undefined {
    if (!entry || isNullScalar(entry.value)) return undefined;
    return this.referenceOf(entry.value, entry.key, entry.keyRange);
  }

  referenceOf(node: ValueNode, key: string, keyRange?: Range): Attr<ResourceReference> {
    const ref = this.resolver.reference(node);
    if (ref) {
      return { known: true, value: { kind: 'reference', target: ref.target, attribute: ref.attribute }, origin: 'template', key, keyRange, valueRange: node.range, ...inputsOf(ref) };
    }
    const r = this.resolver.scalar(node);
    if (!r.known) return { known: false, reason: r.reason, key, keyRange, valueRange: node.range };
    if (typeof r.value !== 'string' || r.value === '') {
      return { known: false, reason: 'not a resource name', key, keyRange, valueRange: node.range };
    }
    return { known: true, value: parseNameOrArn(r.value), origin: r.origin, key, text: r.value, keyRange, valueRange: node.range, ...inputsOf(r) };
  }

  /** A key that is present, whatever its value (RDS202 only asks whether AvailabilityZone is there). */
  presence(map: ValueNode | undefined, key: string): Attr<string> | undefined {
    return this.presenceOf(getEntry(map, key));
  }

  /** presence() of an entry the caller has already looked up. */
  presenceOf(entry: MapEntry | undefined): Attr<string> | undefined {
    if (!entry || isNullScalar(entry.value)) return undefined;
    const key = entry.key;
    const r = this.resolver.scalar(entry.value);
    if (r.known && r.value !== null) {
      const value = String(r.value);
      return r.inputs && r.inputs.length > 0
        ? { known: true, value, origin: r.origin, key, text: value, keyRange: entry.keyRange, valueRange: entry.value.range, inputs: r.inputs }
        : { known: true, value, origin: r.origin, key, text: value, keyRange: entry.keyRange, valueRange: entry.value.range };
    }
    // `!Ref AWS::NoValue` resolves to no value: present in the text, absent for AWS.
    const reason = r.known ? 'no value' : r.reason;
    return r.known || r.mayBeAbsent
      ? { known: false, reason, mayBeAbsent: true, key, keyRange: entry.keyRange, valueRange: entry.value.range }
      : { known: false, reason, key, keyRange: entry.keyRange, valueRange: entry.value.range };
  }

  private typed<T>(entry: MapEntry | undefined, convert: (v: Scalar) => T | undefined): Attr<T> | undefined {
    if (!entry) return undefined;
    const node = entry.value;
    // `Key:` with no value, or an explicit null, is the same as leaving it out.
    if (isNullScalar(node)) return undefined;
    const r = this.resolver.scalar(node);
    // Object literals, not spreads: one allocation per attribute of every resource, in the same key order.
    if (!r.known) {
      return r.mayBeAbsent
        ? { known: false, reason: r.reason, mayBeAbsent: true, key: entry.key, keyRange: entry.keyRange, valueRange: node.range }
        : { known: false, reason: r.reason, key: entry.key, keyRange: entry.keyRange, valueRange: node.range };
    }
    if (r.value === null) return undefined;
    return this.converted(entry, r.value, r.origin, r.inputs, convert);
  }

  /** The attribute of a known, non-null value, converted to the reader's type (or unknown with why not). */
  private converted<T>(entry: MapEntry, v: Scalar, origin: ValueOrigin, inputs: readonly InputOrigin[] | undefined, convert: (v: Scalar) => T | undefined): Attr<T> {
    const node = entry.value;
    const value = convert(v);
    if (value === undefined) return { known: false, reason: `unexpected value ${JSON.stringify(v)}`, key: entry.key, keyRange: entry.keyRange, valueRange: node.range };
    return inputs && inputs.length > 0
      ? { known: true, value, origin, text: String(v), key: entry.key, keyRange: entry.keyRange, valueRange: node.range, inputs }
      : { known: true, value, origin, text: String(v), key: entry.key, keyRange: entry.keyRange, valueRange: node.range };
  }
}

/** The deployment inputs a resolved value rests on, when there are any (Attr.inputs). */
function inputsOf(r: { readonly inputs?: readonly InputOrigin[] }): { inputs?: readonly InputOrigin[] } {
  return r.inputs && r.inputs.length > 0 ? { inputs: r.inputs } : {};
}

/** awsDefault's attributes by key, then value: the same few for every resource (values are constants of the code). */
const AWS_DEFAULTS = new Map<string, Map<unknown, Attr<unknown>>>();

/**
 * An absent property with AWS's default (no ranges: there is nothing in the
 * file). One frozen object per key and value, shared by every resource that
 * leaves the property out: less for the garbage collector to copy.
 */
export function awsDefault<T>(key: string, value: T): Attr<T> {
  let byValue = AWS_DEFAULTS.get(key);
  if (!byValue) { byValue = new Map(); AWS_DEFAULTS.set(key, byValue); }
  let attr = byValue.get(value);
  if (!attr) {
    attr = Object.freeze({ known: true, value, origin: 'aws-default', key } as const);
    byValue.set(value, attr);
  }
  return attr as Attr<T>;
}

export function withDefault<T>(attr: Attr<T> | undefined, key: string, value: T): Attr<T> {
  return attr ?? awsDefault(key, value);
}

export function isNullScalar(node: ValueNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

export function toStringValue(v: Scalar): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export function toBoolean(v: Scalar): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return undefined;
}

export function toNumber(v: Scalar): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    return s !== '' && /^[-+]?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
  }
  if (typeof v === 'boolean') return Number.NaN;
  return undefined;
}

const ARN = /^arn:aws[a-zA-Z-]*:rds:([a-z0-9-]*):(\d*):(db|cluster):(.+)$/;

/** A literal source name: an ARN (`arn:aws:rds:us-east-1:123456789012:db:orders`) or an identifier. */
export function parseNameOrArn(text: string): ResourceReference {
  const m = ARN.exec(text);
  if (m) return { kind: 'arn', arn: text, region: m[1], account: m[2], identifier: m[4].toLowerCase() };
  return { kind: 'identifier', identifier: text.toLowerCase() };
}
