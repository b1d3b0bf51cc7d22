/**
 * What a CloudFormation template's values are for one deployment: parameters
 * (Default, then parameter files, then `--parameter`), pseudo parameters,
 * `Conditions` (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`),
 * a resource's `Condition`, and the intrinsics a property can use (`Ref`,
 * `Fn::GetAtt`, `Fn::If` with `AWS::NoValue`, `Fn::Sub`, `Fn::Join`,
 * `Fn::Select`, `Fn::Split`, `Fn::FindInMap`). Everything deploy time decides
 * (a resource's id or attribute, `Fn::GetAZs`, `Fn::ImportValue`, a pseudo
 * parameter nobody gave) stays unknown, with why.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 *
 * Parameters and conditions are evaluated once each (memoised), so the work
 * is linear in the template's size. Nothing here knows RDS.
 */
import { get, type Scalar, type ValueNode } from '../../parse/tree';
import { known, uniqueInputs, unknown, type BranchedValue, type Evaluated, type InputOrigin } from '../value';
import type { GivenParameter } from './parameters';

/** `!Ref AWS::NoValue`: the property (or list item) is removed, as if never written. */
export const NO_VALUE: { readonly noValue: true } = Object.freeze({ noValue: true as const });
export type NoValue = typeof NO_VALUE;

/** A `Ref` or `Fn::GetAtt` to a resource of the template: its value exists only at deploy time. */
export interface ResourceRef {
  readonly resource: string;
  readonly attribute?: string;
}

export type CfnValue = Scalar | NoValue | ResourceRef | readonly CfnValue[];

export function isNoValue(v: unknown): v is NoValue {
  return v === NO_VALUE;
}

export function isResourceRef(v: unknown): v is ResourceRef {
  return typeof v === 'object' && v !== null && 'resource' in v;
}

/** Parameter types whose `Ref` is a list (the value is comma-separated). */
const LIST_TYPE = /^(List<.*>|CommaDelimitedList|AWS::SSM::Parameter::Value<List<.*>>)$/;

export class CloudFormationTemplate {
  private readonly parameters: ValueNode | undefined;
  private readonly mappings: ValueNode | undefined;
  private readonly conditionsNode: ValueNode | undefined;
  private readonly resources: ValueNode | undefined;
  private readonly parameterValues = new Map<string, Evaluated<CfnValue>>();
  private readonly conditionValues = new Map<string, Evaluated<boolean>>();
  private readonly evaluating = new Set<string>();
  /** Logical ids, read once: a Ref per resource must not scan every resource (30,000-resource templates). */
  private resourceNames: ReadonlySet<string> | undefined;

  constructor(
    root: ValueNode,
    private readonly given: ReadonlyMap<string, GivenParameter> = new Map(),
    resourceNames?: ReadonlySet<string>,
  ) {
    this.parameters = get(root, 'Parameters');
    this.mappings = get(root, 'Mappings');
    this.conditionsNode = get(root, 'Conditions');
    this.resources = get(root, 'Resources');
    this.resourceNames = resourceNames;
  }

  isResource(name: string): boolean {
    this.resourceNames ??= new Set(this.resources?.kind === 'map' ? this.resources.entries.map((e) => e.key) : []);
    return this.resourceNames.has(name);
  }

  /** Whether a resource exists in this deployment: its `Condition`, or true without one. */
  resourceExists(resource: ValueNode): Evaluated<boolean> {
    const c = get(resource, 'Condition');
    if (!c) return known(true);
    if (c.kind !== 'scalar' || typeof c.value !== 'string') return unknown('its Condition is not a condition name');
    return this.condition(c.value);
  }

  /** A named condition of the `Conditions` section. */
  condition(name: string): Evaluated<boolean> {
    const done = this.conditionValues.get(name);
    if (done) return done;
    if (this.evaluating.has(name)) return unknown(`condition ${name} refers to itself`);
    const node = get(this.conditionsNode, name);
    if (!node) return unknown(`there is no condition ${name}`);
    this.evaluating.add(name);
    const result = this.conditionOf(node);
    this.evaluating.delete(name);
    this.conditionValues.set(name, result);
    return result;
  }

  /** The value of a node: a literal, or what its intrinsic function evaluates to. */
  value(node: ValueNode): Evaluated<CfnValue> {
    switch (node.kind) {
      case 'scalar': return known(node.value);
      case 'tagged': return unknown(`unknown tag ${node.tag}`);
      case 'map': return unknown('a map where a single value belongs');
      case 'seq': return this.list(node.items);
      case 'intrinsic': return this.intrinsic(node.name, node.arg);
    }
  }

  /** The value of a parameter or pseudo parameter, as `Ref` gives it. */
  parameter(name: string): Evaluated<CfnValue> {
    let v = this.parameterValues.get(name);
    if (!v) { v = this.readParameter(name); this.parameterValues.set(name, v); }
    return v;
  }

  hasParameter(name: string): boolean {
    return get(this.parameters, name) !== undefined;
  }

  private readParameter(name: string): Evaluated<CfnValue> {
    if (name === 'AWS::NoValue') return known(NO_VALUE);
    const given = this.given.get(name);
    if (name.startsWith('AWS::')) {
      // Pseudo parameters are the stack's (region, account, name): known only when the deployment states them.
      return given?.value !== undefined ? known(given.value, [given.origin]) : unknown(`${name} is known at deploy time`);
    }
    const declaration = get(this.parameters, name);
    if (!declaration) return unknown(`Ref to ${name}, which is neither a parameter nor a resource`);
    const type = get(declaration, 'Type');
    const isList = type?.kind === 'scalar' && typeof type.value === 'string' && LIST_TYPE.test(type.value);
    const typed = (text: string): CfnValue => (isList ? text.split(',').map((s) => s.trim()) : text);
    if (given) {
      if (given.unknown !== undefined) return unknown(`parameter ${name}: ${given.unknown}`);
      if (given.value === undefined) return unknown(`parameter ${name} keeps its previous value (UsePreviousValue), known only to the deployed stack`);
      return known(typed(given.value), uniqueInputs([given.origin, ...(given.via ?? [])]));
    }
    const def = get(declaration, 'Default');
    if (!def) return unknown(`parameter ${name} has no Default`);
    // CloudFormation evaluates no functions in Parameters: a Default that is one (`!Ref` itself) is not a value,
    // and following it could loop forever.
    if (def.kind !== 'scalar' || def.value === null) return unknown(`the Default of parameter ${name} is not a literal value`);
    const text = String(def.value);
    return known(isList ? typed(text) : def.value, [{ kind: 'parameter-default', name, display: text, range: def.range }]);
  }

  private intrinsic(name: string, arg: ValueNode): Evaluated<CfnValue> {
    switch (name) {
      case 'Ref': return this.ref(arg);
      case 'Fn::GetAtt': return this.getAtt(arg);
      case 'Fn::If': return this.fnIf(arg);
      case 'Fn::Sub': return this.sub(arg);
      case 'Fn::Join': return this.join(arg);
      case 'Fn::Select': return this.select(arg);
      case 'Fn::Split': return this.split(arg);
      case 'Fn::FindInMap': return this.findInMap(arg);
      default: return unknown(`computed by ${name}`);
    }
  }

  private ref(arg: ValueNode): Evaluated<CfnValue> {
    if (arg.kind !== 'scalar' || typeof arg.value !== 'string') return unknown('Ref to a computed name');
    const name = arg.value;
    if (!name.startsWith('AWS::') && !this.hasParameter(name) && this.isResource(name)) return known({ resource: name });
    return this.parameter(name);
  }

  private getAtt(arg: ValueNode): Evaluated<CfnValue> {
    let resource: string | undefined;
    let attribute: string | undefined;
    if (arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' && typeof arg.items[0].value === 'string') {
      resource = arg.items[0].value;
      const a = arg.items[1];
      attribute = a?.kind === 'scalar' && typeof a.value === 'string' ? a.value : undefined;
    } else if (arg.kind === 'scalar' && typeof arg.value === 'string') {
      const dot = arg.value.indexOf('.');
      resource = dot < 0 ? arg.value : arg.value.slice(0, dot);
      attribute = dot < 0 ? undefined : arg.value.slice(dot + 1);
    }
    if (resource !== undefined && this.isResource(resource)) return known({ resource, attribute });
    return unknown('computed by Fn::GetAtt');
  }

  private fnIf(arg: ValueNode): Evaluated<CfnValue> {
    if (arg.kind !== 'seq' || arg.items.length !== 3 || arg.items[0].kind !== 'scalar' || typeof arg.items[0].value !== 'string') {
      return unknown('a malformed Fn::If');
    }
    const name = arg.items[0].value;
    const c = this.condition(name);
    if (c.state === 'known') return withInputs(this.value(c.value ? arg.items[1] : arg.items[2]), c.inputs);
    const why = c.state === 'unknown' ? c.reason : 'undecided';
    return branches(`condition ${name} (${why})`, [this.value(arg.items[1]), this.value(arg.items[2])]);
  }

  private sub(arg: ValueNode): Evaluated<CfnValue> {
    const [template, variables] = arg.kind === 'seq' ? [arg.items[0], arg.items[1]] : [arg, undefined];
    if (!template || template.kind !== 'scalar' || typeof template.value !== 'string') return unknown('computed by Fn::Sub');
    const inputs: InputOrigin[] = [];
    let failure: Evaluated<CfnValue> | undefined;
    const value = template.value.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (failure) return whole;
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const variable = get(variables, inner);
      const v = variable ? this.value(variable)
        : inner.includes('.') ? unknown(`Fn::Sub uses \${${inner}}, known at deploy time`)
          : this.ref({ kind: 'scalar', value: inner, range: template.range, style: 'plain' });
      const text = this.textOf(v, `Fn::Sub uses \${${inner}}`);
      if (typeof text !== 'string') { failure = text; return whole; }
      if (v.state === 'known') inputs.push(...v.inputs);
      return text;
    });
    return failure ?? known(value, uniqueInputs(inputs));
  }

  /** A value as the text it contributes to a string (Sub, Join), or why it has none. */
  private textOf(v: Evaluated<CfnValue>, what: string): string | Evaluated<CfnValue> {
    if (v.state === 'branches') return unknown(`${what}, which depends on ${v.condition}`);
    if (v.state === 'unknown') return unknown(`${what}: ${v.reason}`);
    const x = v.value;
    if (isResourceRef(x)) return unknown(`${what}, known at deploy time (resource ${x.resource})`);
    if (isNoValue(x) || x === null) return '';
    if (Array.isArray(x)) return unknown(`${what}: a list where a single value belongs`);
    return String(x);
  }

  private join(arg: ValueNode): Evaluated<CfnValue> {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return unknown('computed by Fn::Join');
    const delimiter = this.value(arg.items[0]);
    const list = this.value(arg.items[1]);
    if (list.state !== 'known') return notKnown(list, 'Fn::Join list');
    if (!Array.isArray(list.value)) return unknown('Fn::Join of something that is not a list');
    const d = this.textOf(delimiter, 'Fn::Join delimiter');
    if (typeof d !== 'string') return d;
    const parts: string[] = [];
    for (const item of list.value as readonly CfnValue[]) {
      const t = this.textOf(known(item), 'Fn::Join part');
      if (typeof t !== 'string') return t;
      parts.push(t);
    }
    return known(parts.join(d), uniqueInputs([...inputsOf(delimiter), ...list.inputs]));
  }

  private select(arg: ValueNode): Evaluated<CfnValue> {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return unknown('computed by Fn::Select');
    const index = this.value(arg.items[0]);
    if (index.state !== 'known') return notKnown(index, 'Fn::Select index');
    // A literal list: only the chosen item is evaluated (another may be unknown without mattering).
    const listNode = arg.items[1];
    const i = Number(index.value);
    if (listNode.kind === 'seq') {
      const item = listNode.items[i];
      return item ? withInputs(this.value(item), index.inputs) : unknown('Fn::Select index out of range');
    }
    const list = this.value(listNode);
    if (list.state !== 'known') return notKnown(list, 'Fn::Select list');
    if (!Array.isArray(list.value)) return unknown('Fn::Select from something that is not a list');
    const item = (list.value as readonly CfnValue[])[i];
    return item !== undefined ? known(item, uniqueInputs([...index.inputs, ...list.inputs])) : unknown('Fn::Select index out of range');
  }

  private split(arg: ValueNode): Evaluated<CfnValue> {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return unknown('computed by Fn::Split');
    const delimiter = this.value(arg.items[0]);
    const source = this.value(arg.items[1]);
    const d = this.textOf(delimiter, 'Fn::Split delimiter');
    if (typeof d !== 'string') return d;
    const s = this.textOf(source, 'Fn::Split');
    if (typeof s !== 'string') return s;
    if (d === '') return unknown('Fn::Split with an empty delimiter');
    return known(s.split(d), uniqueInputs([...inputsOf(delimiter), ...inputsOf(source)]));
  }

  private findInMap(arg: ValueNode): Evaluated<CfnValue> {
    if (arg.kind !== 'seq' || arg.items.length < 3) return unknown('computed by Fn::FindInMap');
    const keys: string[] = [];
    const inputs: InputOrigin[] = [];
    for (const item of arg.items.slice(0, 3)) {
      const v = this.value(item);
      const t = this.textOf(v, 'Fn::FindInMap key');
      if (typeof t !== 'string') return t;
      if (v.state === 'known') inputs.push(...v.inputs);
      keys.push(t);
    }
    const value = get(get(get(this.mappings, keys[0]), keys[1]), keys[2]);
    if (!value) return unknown(`no mapping ${keys.join('/')}`);
    // Mappings hold literals only (CloudFormation evaluates no functions there; a `!FindInMap` of itself would loop).
    if (value.kind === 'scalar') return known(value.value, uniqueInputs(inputs));
    if (value.kind === 'seq' && value.items.every((i) => i.kind === 'scalar')) {
      return known(value.items.map((i) => (i.kind === 'scalar' ? i.value : null)), uniqueInputs(inputs));
    }
    return unknown(`mapping ${keys.join('/')} is not a literal value`);
  }

  /** A literal list: `AWS::NoValue` items are dropped, as CloudFormation does. */
  private list(items: readonly ValueNode[]): Evaluated<CfnValue> {
    const out: CfnValue[] = [];
    const inputs: InputOrigin[] = [];
    for (const item of items) {
      const v = this.value(item);
      if (v.state !== 'known') return notKnown(v, 'a list item');
      if (!isNoValue(v.value)) out.push(v.value);
      inputs.push(...v.inputs);
    }
    return known(out, uniqueInputs(inputs));
  }

  private conditionOf(node: ValueNode): Evaluated<boolean> {
    if (node.kind === 'scalar') {
      const b = node.value === true || node.value === 'true' ? true : node.value === false || node.value === 'false' ? false : undefined;
      return b === undefined ? unknown(`${JSON.stringify(node.value)} is not a condition`) : known(b);
    }
    if (node.kind !== 'intrinsic') return unknown('not a condition function');
    const args = node.arg.kind === 'seq' ? node.arg.items : [node.arg];
    switch (node.name) {
      case 'Condition':
        return node.arg.kind === 'scalar' && typeof node.arg.value === 'string' ? this.condition(node.arg.value) : unknown('a malformed Condition');
      case 'Fn::Equals': {
        if (args.length !== 2) return unknown('a malformed Fn::Equals');
        const [a, b] = args.map((x) => this.value(x));
        const ta = this.textOf(a, 'Fn::Equals');
        if (typeof ta !== 'string') return ta as Evaluated<never>;
        const tb = this.textOf(b, 'Fn::Equals');
        if (typeof tb !== 'string') return tb as Evaluated<never>;
        return known(ta === tb, uniqueInputs([...inputsOf(a), ...inputsOf(b)]));
      }
      case 'Fn::Not': {
        if (args.length !== 1) return unknown('a malformed Fn::Not');
        const c = this.conditionOf(args[0]);
        return c.state === 'known' ? known(!c.value, c.inputs) : c;
      }
      case 'Fn::And': case 'Fn::Or': {
        // And: one known false decides it; Or: one known true. Otherwise every operand must be known.
        const decisive = node.name === 'Fn::Or';
        const values = args.map((x) => this.conditionOf(x));
        const decided = values.find((v) => v.state === 'known' && v.value === decisive);
        if (decided) return decided;
        const open = values.find((v) => v.state !== 'known');
        if (open) return open;
        return known(!decisive, uniqueInputs(values.flatMap((v) => (v.state === 'known' ? v.inputs : []))));
      }
      default: return unknown(`${node.name} is not a condition function`);
    }
  }
}

/** A value that is not known, as the reason a computation built on it is not known either. */
function notKnown(v: Evaluated<CfnValue>, what: string): Evaluated<CfnValue> {
  if (v.state === 'branches') return unknown(`${what} depends on ${v.condition}`);
  if (v.state === 'unknown') return unknown(`${what}: ${v.reason}`);
  return v;
}

function inputsOf(v: Evaluated<unknown>): readonly InputOrigin[] {
  return v.state === 'known' ? v.inputs : [];
}

/** Adds the inputs a choice rested on (a condition decided by a parameter) to the value chosen. */
function withInputs<T>(v: Evaluated<T>, inputs: readonly InputOrigin[]): Evaluated<T> {
  if (inputs.length === 0) return v;
  if (v.state === 'known') return known(v.value, uniqueInputs([...inputs, ...v.inputs]));
  if (v.state === 'branches') return { ...v, branches: v.branches.map((b) => withInputs(b, inputs)) };
  return v;
}

/** Every branch possible; equal known branches collapse into one value. */
export function branches<T>(condition: string, options: readonly Evaluated<T>[]): Evaluated<T> {
  const first = options[0];
  if (first?.state === 'known' && options.every((o) => o.state === 'known' && sameValue(o.value, first.value))) {
    return known(first.value, uniqueInputs(options.flatMap((o) => (o as { inputs: readonly InputOrigin[] }).inputs)));
  }
  const b: BranchedValue<T> = { state: 'branches', condition, branches: options };
  return b;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isResourceRef(a) && isResourceRef(b)) return a.resource === b.resource && a.attribute === b.attribute;
  return false;
}
