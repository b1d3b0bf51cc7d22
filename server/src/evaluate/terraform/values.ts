/**
 * Terraform values as the evaluator holds them: null, string, number, bool,
 * lists (tuples, lists and sets alike: arrays), objects and maps (Map), and
 * `Pending`, a value that exists but is known only when Terraform applies (a
 * resource's attribute). A Pending value may name the resource it comes from,
 * so `replicate_source_db = module.primary.arn` still links replica and
 * source; anything that needs its content is unknown.
 */
import type { Evaluated, InputOrigin } from '../value';
import { known, NO_INPUTS, unknown } from '../value';

/** An evaluation error: Terraform would fail the plan. `try` and `can` catch it. */
export class EvalError extends Error {}

export type TfValue = null | string | number | boolean | readonly TfValue[] | ReadonlyMap<string, TfValue> | Pending;

/** The resource instance (full address, module path included) a Pending value is an attribute of. */
export interface PendingReference {
  readonly address: string;
  readonly attribute?: string;
}

export class Pending {
  constructor(
    readonly reason: string,
    readonly ref?: PendingReference,
    /**
     * `instance`: a resource instance (`aws_db_instance.p`), whose attributes
     * can be read but which cannot be indexed; `instances`: a resource with a
     * count or for_each not known before Terraform runs, which must be indexed;
     * `value`: anything else.
     */
    readonly shape: 'instance' | 'instances' | 'undeclared' | 'value' = 'value',
  ) {}

  /** `x.arn` on a pending value: still pending, the first attribute remembered. */
  attribute(name: string): Pending {
    if (this.shape === 'instances') throw new EvalError(`${this.ref?.address ?? 'the resource'} has count or for_each: say which instance (${this.ref?.address ?? ''}[...])`);
    if (!this.ref || this.ref.attribute !== undefined) return this.shape === 'value' ? this : new Pending(this.reason, this.ref);
    return new Pending(`${this.ref.address}.${name} is known only when Terraform applies`, { address: this.ref.address, attribute: name });
  }

  /** `x[key]` on a pending value: an instance of a resource with count / for_each, or still pending. */
  index(key: TfValue): Pending {
    if (this.shape === 'instance') throw new EvalError(`${this.ref?.address ?? 'the resource'} has neither count nor for_each: it cannot be indexed`);
    if ((this.shape === 'instances' || this.shape === 'undeclared') && this.ref && !this.ref.attribute) {
      // An unexpanded count/for_each is one entity with the plain address; an undeclared resource's key is kept for the linker.
      const address = this.shape === 'undeclared' && (typeof key === 'string' || typeof key === 'number')
        ? `${this.ref.address}[${typeof key === 'number' ? key : JSON.stringify(key)}]` : this.ref.address;
      return new Pending(this.reason, { address }, 'instance');
    }
    return this.shape === 'value' ? this : new Pending(this.reason, this.ref);
  }
}

export const isList = (v: TfValue): v is readonly TfValue[] => Array.isArray(v);
export const isMap = (v: TfValue): v is ReadonlyMap<string, TfValue> => v instanceof Map;
export const isPending = (v: TfValue): v is Pending => v instanceof Pending;

/** A Pending value anywhere inside (a list holding one attribute of a resource). */
export function containsPending(v: TfValue): Pending | undefined {
  if (isPending(v)) return v;
  if (isList(v)) for (const item of v) { const p = containsPending(item); if (p) return p; }
  if (isMap(v)) for (const item of v.values()) { const p = containsPending(item); if (p) return p; }
  return undefined;
}

export function typeName(v: TfValue): string {
  if (v === null) return 'null';
  if (isList(v)) return 'list';
  if (isMap(v)) return 'map';
  if (isPending(v)) return 'unknown';
  return typeof v;
}

/** Structural equality (Terraform's `==`). */
export function equalValues(a: TfValue, b: TfValue): boolean {
  if (a === b) return true;
  if (isList(a) && isList(b)) return a.length === b.length && a.every((x, i) => equalValues(x, b[i]));
  if (isMap(a) && isMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) { if (!b.has(k) || !equalValues(v, b.get(k)!)) return false; }
    return true;
  }
  return false;
}

/** A short display string for messages ("mysql", 7, ["a","b"]). */
export function display(v: TfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v.length > 60 ? `${v.slice(0, 60)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isPending(v)) return '(known after apply)';
  const text = JSON.stringify(toJson(v));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function toJson(v: TfValue): unknown {
  if (isList(v)) return v.map(toJson);
  if (isMap(v)) return Object.fromEntries([...v].map(([k, x]) => [k, toJson(x)]));
  if (isPending(v)) return '(known after apply)';
  return v;
}

/** Plain JSON data (a `.tfvars.json` value, a `-var` given as JSON) as a value. */
export function fromJson(data: unknown): TfValue {
  if (data === null || typeof data === 'string' || typeof data === 'number' || typeof data === 'boolean') return data;
  if (Array.isArray(data)) return data.map(fromJson);
  if (typeof data === 'object') return new Map(Object.entries(data as Record<string, unknown>).map(([k, x]) => [k, fromJson(x)]));
  return null;
}

/** Inputs of several values, each named once, in order. */
export function mergeInputs(...lists: readonly (readonly InputOrigin[])[]): readonly InputOrigin[] {
  // Most values rest on no input or on one list: that list itself, nothing allocated.
  let nonEmpty = 0;
  let only: readonly InputOrigin[] = NO_INPUTS;
  for (const l of lists) if (l.length > 0) { nonEmpty++; only = l; }
  if (nonEmpty <= 1) return only;
  const out: InputOrigin[] = [];
  const seen = new Set<string>();
  for (const list of lists) for (const i of list) { if (!seen.has(i.name)) { seen.add(i.name); out.push(i); } }
  return out;
}

/** More possibilities than this from undecided conditions: the value is unknown. */
export const MAX_BRANCHES = 16;

/**
 * Applies `f` to the known values of `args`, over every combination of their
 * branches; unknown if any is unknown. Branches whose results are all the
 * same known value collapse to it.
 */
export function lift(args: readonly Evaluated<TfValue>[], f: (values: TfValue[]) => Evaluated<TfValue>): Evaluated<TfValue> {
  const branched = args.findIndex((a) => a.state === 'branches');
  if (branched < 0) {
    const values: TfValue[] = [];
    let inputs: readonly InputOrigin[] = [];
    for (const a of args) {
      if (a.state !== 'known') return a;
      values.push(a.value);
      inputs = mergeInputs(inputs, a.inputs);
    }
    return withInputs(f(values), inputs);
  }
  // Every combination of the arguments' branches is one evaluation: refuse before multiplying past the cap.
  let combinations = 1;
  for (const a of args) if (a.state === 'branches') combinations *= a.branches.length;
  const b = args[branched];
  if (b.state !== 'branches') throw new Error('unreachable');
  if (combinations > MAX_BRANCHES) return unknown(`more than ${MAX_BRANCHES} possibilities (${b.condition})`);
  const results = b.branches.map((branch) => lift(args.map((a, i) => (i === branched ? branch : a)), f));
  return branches(b.condition, results);
}

/** A value chosen by an undecided condition; equal known branches collapse. */
export function branches(condition: string, results: readonly Evaluated<TfValue>[]): Evaluated<TfValue> {
  const flat: Evaluated<TfValue>[] = [];
  for (const r of results) {
    if (r.state === 'unknown') return r;
    if (r.state === 'branches') flat.push(...r.branches); else flat.push(r);
  }
  if (flat.length > MAX_BRANCHES) return unknown(`more than ${MAX_BRANCHES} possibilities (${condition})`);
  const first = flat[0];
  if (first.state === 'known' && flat.every((r) => r.state === 'known' && equalValues(r.value, first.value))) {
    return known(first.value, mergeInputs(...flat.map((r) => (r.state === 'known' ? r.inputs : []))));
  }
  return { state: 'branches', condition, branches: flat };
}

/** The same value, resting on `inputs` after (inside) the ones it already names. */
export function appendInputs(e: Evaluated<TfValue>, inputs: readonly InputOrigin[]): Evaluated<TfValue> {
  switch (e.state) {
    case 'known': return known(e.value, mergeInputs(e.inputs, inputs));
    case 'unknown': return e;
    case 'branches': return { ...e, branches: e.branches.map((b) => appendInputs(b, inputs)) };
  }
}

export function withInputs(e: Evaluated<TfValue>, inputs: readonly InputOrigin[]): Evaluated<TfValue> {
  if (inputs.length === 0) return e;
  switch (e.state) {
    case 'known': return known(e.value, mergeInputs(inputs, e.inputs));
    case 'unknown': return e;
    case 'branches': return { ...e, branches: e.branches.map((b) => withInputs(b, inputs)) };
  }
}
