/**
 * Evaluates a parsed Terraform expression to what can be known before
 * Terraform runs: a known value (with the inputs it rests on), unknown (with
 * why), or branches (a conditional on an undecided condition; equal branches
 * collapse). Names outside the expression (`var.x`, `local.y`, `module.z.out`,
 * resources, `count.index`, `each.value`) are answered by a Scope; the
 * evaluator does the language.
 *
 * Unknown propagates: an operator or function over an unknown is unknown.
 * `try` returns its first argument that evaluates without error, but an
 * unknown argument before it makes the result unknown (Terraform cannot tell
 * whether it would fail); `can` is unknown over an unknown. Errors Terraform
 * would fail the plan with are unknown outside `try`/`can`.
 *
 * Every node is evaluated once per evaluation (no re-evaluation of shared
 * sub-expressions), so time is linear in the expression's size times the
 * size of the collections `for` and splats walk.
 */
import { known, unknown, type Evaluated } from '../value';
import { asBool, asList, asNumber, asString, formatNumber } from './convert';
import { FUNCTIONS, PendingResult } from './functions';
import { sourceOf, type Expr, type TemplatePart } from './syntax';
import {
  branches, containsPending, equalValues, isList, isMap, isPending, lift, Pending, EvalError, type TfValue,
} from './values';

export interface Scope {
  /**
   * `root.attribute` where root is not a local name of the expression:
   * `var.engine` is ('var', 'engine'), `aws_db_instance.this` is
   * ('aws_db_instance', 'this'), `count.index` is ('count', 'index').
   * `attribute` is undefined for a bare name.
   */
  lookup(root: string, attribute: string | undefined): Evaluated<TfValue>;
}

/** More elements than this from one `for` or splat: the value is unknown (generated or hostile input). */
const MAX_ELEMENTS = 10_000;

export function evaluate(expr: Expr, scope: Scope, text: string): Evaluated<TfValue> {
  const ev = new Evaluator(scope, text);
  try {
    return ev.eval(expr, EMPTY);
  } catch (error) {
    if (error instanceof EvalError) return unknown(`\`${sourceOf(text, expr.range)}\` fails when Terraform evaluates it: ${error.message}`);
    throw error;
  }
}

type Env = ReadonlyMap<string, Evaluated<TfValue>>;
const EMPTY: Env = new Map();
const SPLAT_ITEM = '\u0000splat';
/** A `for` element its `if` leaves out. */
const SKIPPED: TfValue = new Map([['\u0000skipped', null]]);

class Evaluator {
  constructor(private readonly scope: Scope, private readonly text: string) {}

  private src(e: Expr): string {
    return `\`${sourceOf(this.text, e.range)}\``;
  }

  eval(e: Expr, env: Env): Evaluated<TfValue> {
    switch (e.kind) {
      case 'literal': return known(e.value);
      case 'template': return this.template(e.parts, env, e);
      case 'variable': return env.get(e.name) ?? this.scope.lookup(e.name, undefined);
      case 'splat-item': return env.get(SPLAT_ITEM) ?? unknown('a splat outside a splat');
      case 'getattr': {
        if (e.object.kind === 'variable' && !env.has(e.object.name)) return this.scope.lookup(e.object.name, e.name);
        const object = this.eval(e.object, env);
        // What lift gives for one known argument, without its arrays and closure (every `a.b.c` takes this path).
        if (object.state === 'known') return known(this.getAttr(object.value, e.name, e), object.inputs);
        return lift([object], ([v]) => known(this.getAttr(v, e.name, e)));
      }
      case 'index':
        return lift([this.eval(e.object, env), this.eval(e.key, env)], ([v, k]) => this.index(v, k, e));
      case 'splat': return this.splat(e, env);
      case 'call': return this.call(e, env);
      case 'tuple': return lift(e.items.map((i) => this.eval(i, env)), (values) => known(values));
      case 'object': {
        const keys = e.items.map((i) => this.objectKey(i.key, env));
        const values = e.items.map((i) => this.eval(i.value, env));
        return lift([...keys, ...values], (all) => {
          const m = new Map<string, TfValue>();
          for (let i = 0; i < e.items.length; i++) m.set(asString(all[i], 'object key'), all[e.items.length + i]);
          return known(m);
        });
      }
      case 'unary':
        return this.map1(this.eval(e.operand, env), (v) => (e.op === '!' ? !asBool(v, '!') : -asNumber(v, '-')));
      case 'binary': return this.binary(e, env);
      case 'conditional': return this.conditional(e, env);
      case 'for': return this.forExpr(e, env);
    }
  }

  /** A bare name as an object key is the name itself (`{ engine = ... }`), not a variable. */
  private objectKey(key: Expr, env: Env): Evaluated<TfValue> {
    return key.kind === 'variable' ? known(key.name) : this.eval(key, env);
  }

  /** One value through `f`; a pending value gives a pending result. */
  private map1(v: Evaluated<TfValue>, f: (v: TfValue) => TfValue): Evaluated<TfValue> {
    return lift([v], ([x]) => (isPending(x) ? known(new Pending(x.reason)) : known(f(x))));
  }

  private getAttr(v: TfValue, name: string, e: Expr): TfValue {
    if (isPending(v)) return v.attribute(name);
    if (isMap(v)) {
      if (!v.has(name)) throw new EvalError(`${this.src(e)}: no attribute ${JSON.stringify(name)}`);
      return v.get(name)!;
    }
    if (v === null) throw new EvalError(`${this.src(e)}: attribute of null`);
    throw new EvalError(`${this.src(e)}: ${typeof v === 'object' ? 'a list' : typeof v} has no attributes`);
  }

  private index(v: TfValue, k: TfValue, e: Expr): Evaluated<TfValue> {
    if (isPending(k)) return known(new Pending(`the index in ${this.src(e)} is known only when Terraform applies`));
    if (isPending(v)) return known(v.index(k));
    if (isList(v)) {
      const i = asNumber(k, 'index');
      if (!Number.isInteger(i) || i < 0 || i >= v.length) throw new EvalError(`${this.src(e)}: index ${formatNumber(i)} out of range (${v.length} elements)`);
      return known(v[i]);
    }
    if (isMap(v)) {
      const key = asString(k, 'key');
      if (!v.has(key)) throw new EvalError(`${this.src(e)}: no element ${JSON.stringify(key)}`);
      return known(v.get(key)!);
    }
    throw new EvalError(`${this.src(e)}: ${v === null ? 'null' : typeof v} cannot be indexed`);
  }

  private splat(e: Extract<Expr, { kind: 'splat' }>, env: Env): Evaluated<TfValue> {
    return lift([this.eval(e.object, env)], ([v]) => {
      if (isPending(v)) return known(v);
      // A splat on a single value makes a one-element list; on null an empty one.
      const items = v === null ? [] : isList(v) ? v : isMap(v) ? [v] : [v];
      if (items.length > MAX_ELEMENTS) return unknown(`${this.src(e)} has too many elements`);
      const inner = new Map(env);
      return lift(items.map((item) => {
        inner.set(SPLAT_ITEM, known(item));
        return this.eval(e.each, inner);
      }), (values) => known(values));
    });
  }

  private call(e: Extract<Expr, { kind: 'call' }>, env: Env): Evaluated<TfValue> {
    if (e.name === 'try') return this.tryCall(e, env);
    if (e.name === 'can') return this.canCall(e, env);
    const f = FUNCTIONS.get(e.name);
    if (!f) return known(new Pending(`${this.src(e)} is computed by ${e.name}(), which runs only in Terraform`));
    const args = e.args.map((a) => this.eval(a, env));
    return lift(args, (values) => {
      let list = values;
      if (e.expandFinal && list.length > 0) {
        const last = list[list.length - 1];
        if (isPending(last)) return known(new Pending(last.reason));
        list = [...list.slice(0, -1), ...asList(last, `${e.name}(...)`)];
      }
      if (list.length < f.minArgs || (f.maxArgs !== undefined && list.length > f.maxArgs)) {
        throw new EvalError(`${e.name}() takes ${f.minArgs === f.maxArgs ? f.minArgs : `${f.minArgs} or more`} arguments`);
      }
      if (!f.passesPending) {
        const pending = list.map(containsPending).find((p) => p);
        if (pending) return known(new Pending(`${this.src(e)} depends on ${pending.reason.replace(/^`[^`]*` /, '')}`));
      }
      try {
        return known(f.run(list));
      } catch (error) {
        if (error instanceof PendingResult) return known(new Pending(`${this.src(e)} depends on a value known only when Terraform applies`));
        throw error;
      }
    });
  }

  /** try(a, b, ...): the first that evaluates without error; an unknown before it makes it unknown. */
  private tryCall(e: Extract<Expr, { kind: 'call' }>, env: Env): Evaluated<TfValue> {
    for (const arg of e.args) {
      let v: Evaluated<TfValue>;
      try {
        v = this.eval(arg, env);
      } catch (error) {
        if (error instanceof EvalError) continue;
        throw error;
      }
      return v;
    }
    throw new EvalError(`${this.src(e)}: no argument evaluates without error`);
  }

  private canCall(e: Extract<Expr, { kind: 'call' }>, env: Env): Evaluated<TfValue> {
    if (e.args.length !== 1) throw new EvalError('can() takes one argument');
    let v: Evaluated<TfValue>;
    try {
      v = this.eval(e.args[0], env);
    } catch (error) {
      if (error instanceof EvalError) return known(false);
      throw error;
    }
    return lift([v], ([x]) => (containsPending(x) ? unknown(`${this.src(e)}: the value is known only when Terraform applies`) : known(true)));
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>, env: Env): Evaluated<TfValue> {
    const left = this.eval(e.left, env);
    const right = this.eval(e.right, env);
    // `false && x` and `true || x` are decided by one side (Terraform 1.x still needs x known; we do not guess past that).
    return lift([left, right], ([a, b]) => {
      if (isPending(a) || isPending(b)) {
        // A pending value exists (a resource attribute, a template): it is never null, so comparing with null is decided.
        if ((e.op === '==' || e.op === '!=') && (a === null || b === null)) return known(e.op === '!=');
        if (e.op === '==' || e.op === '!=' || e.op === '&&' || e.op === '||') {
          return unknown(`${this.src(e)} depends on a value known only when Terraform applies`);
        }
        return known(new Pending(`${this.src(e)} depends on a value known only when Terraform applies`));
      }
      switch (e.op) {
        case '==': return known(equalValues(a, b));
        case '!=': return known(!equalValues(a, b));
        case '&&': return known(asBool(a, '&&') && asBool(b, '&&'));
        case '||': return known(asBool(a, '||') || asBool(b, '||'));
        case '<': return known(asNumber(a) < asNumber(b));
        case '>': return known(asNumber(a) > asNumber(b));
        case '<=': return known(asNumber(a) <= asNumber(b));
        case '>=': return known(asNumber(a) >= asNumber(b));
        case '+': return known(asNumber(a) + asNumber(b));
        case '-': return known(asNumber(a) - asNumber(b));
        case '*': return known(asNumber(a) * asNumber(b));
        case '/': {
          const d = asNumber(b);
          if (d === 0) throw new EvalError('division by zero');
          return known(asNumber(a) / d);
        }
        case '%': {
          const d = asNumber(b);
          if (d === 0) throw new EvalError('division by zero');
          return known(asNumber(a) % d);
        }
      }
    });
  }

  private conditional(e: Extract<Expr, { kind: 'conditional' }>, env: Env): Evaluated<TfValue> {
    const condition = this.eval(e.condition, env);
    const pick = (c: TfValue): Evaluated<TfValue> => {
      if (isPending(c)) return this.undecided(e, env, `${this.src(e.condition)} is known only when Terraform applies`);
      return asBool(c, 'condition') ? this.eval(e.then, env) : this.eval(e.else, env);
    };
    if (condition.state === 'unknown') return this.undecided(e, env, condition.reason);
    return lift([condition], ([c]) => pick(c));
  }

  /** Both branches of a conditional whose condition is not known. */
  private undecided(e: Extract<Expr, { kind: 'conditional' }>, env: Env, why: string): Evaluated<TfValue> {
    const results: Evaluated<TfValue>[] = [];
    for (const side of [e.then, e.else]) {
      try {
        results.push(this.eval(side, env));
      } catch (error) {
        // A branch that would fail is not one Terraform takes.
        if (!(error instanceof EvalError)) throw error;
      }
    }
    if (results.length === 0) throw new EvalError(`${this.src(e)}: neither branch evaluates`);
    if (results.length === 1) return results[0];
    return branches(`${this.src(e.condition)} (${why})`, results);
  }

  private forExpr(e: Extract<Expr, { kind: 'for' }>, env: Env): Evaluated<TfValue> {
    return lift([this.eval(e.collection, env)], ([collection]) => {
      if (isPending(collection)) return unknown(`${this.src(e.collection)} is known only when Terraform applies`);
      const entries: [TfValue, TfValue][] = isMap(collection) ? [...collection.keys()].sort().map((k) => [k, collection.get(k)!])
        : isList(collection) ? collection.map((v, i) => [i, v]) : (() => { throw new EvalError(`${this.src(e.collection)} is not a collection`); })();
      if (entries.length > MAX_ELEMENTS) return unknown(`${this.src(e)} has too many elements`);
      const results: Evaluated<TfValue>[] = [];
      for (const [k, v] of entries) {
        const inner = new Map(env);
        if (e.keyVar) inner.set(e.keyVar, known(k));
        inner.set(e.valueVar, known(v));
        // The condition first: the key and value of a skipped element are not evaluated (`v.x if v != null`).
        const keep = e.condition ? this.eval(e.condition, inner) : known(true as TfValue);
        results.push(lift([keep], ([c]) => {
          if (isPending(c)) return unknown(`the condition of ${this.src(e)} is known only when Terraform applies`);
          if (!asBool(c, 'for condition')) return known(SKIPPED);
          const key = e.keyExpr ? this.eval(e.keyExpr, inner) : known(null as TfValue);
          return lift([key, this.eval(e.valueExpr, inner)], (pair) => known(pair));
        }));
      }
      return lift(results, (pairs) => {
        const kept = pairs.filter((p) => p !== SKIPPED) as TfValue[][];
        if (!e.keyExpr) return known(kept.map((p) => p[1]));
        const out = new Map<string, TfValue>();
        const grouped = new Map<string, TfValue[]>();
        for (const [k, v] of kept) {
          const key = asString(k, 'for key');
          if (e.group) grouped.set(key, [...(grouped.get(key) ?? []), v]);
          else if (out.has(key)) throw new EvalError(`${this.src(e)}: duplicate key ${JSON.stringify(key)}`);
          else out.set(key, v);
        }
        return known(e.group ? new Map<string, TfValue>([...grouped]) : out);
      });
    });
  }

  private template(parts: readonly TemplatePart[], env: Env, e: Expr): Evaluated<TfValue> {
    // A template that is one interpolation keeps its value's type (`"${var.n}"` is a number).
    if (parts.length === 1 && parts[0].kind === 'interpolation') return this.eval(parts[0].expr, env);
    const pieces = this.templatePieces(parts, env, 0);
    // A template with text is a string whatever its parts are: never null, so the argument is set.
    const unknownPart = pieces.find((p) => p.state === 'unknown');
    if (unknownPart && unknownPart.state === 'unknown') return known(new Pending(unknownPart.reason));
    return lift(pieces, (values) => {
      let out = '';
      for (const v of values) {
        if (isPending(v)) return known(new Pending(`${this.src(e)} holds a value known only when Terraform applies`));
        if (v === null) throw new EvalError(`${this.src(e)}: null cannot be written into a string`);
        if (typeof v === 'object') throw new EvalError(`${this.src(e)}: a ${isList(v) ? 'list' : 'map'} cannot be written into a string`);
        out += asString(v);
      }
      return known(out);
    });
  }

  private templatePieces(parts: readonly TemplatePart[], env: Env, depth: number): Evaluated<TfValue>[] {
    const out: Evaluated<TfValue>[] = [];
    for (const p of parts) {
      switch (p.kind) {
        case 'text': out.push(known(p.text)); break;
        case 'interpolation': out.push(this.eval(p.expr, env)); break;
        case 'if': {
          out.push(lift([this.eval(p.condition, env)], ([c]) => {
            if (isPending(c)) return unknown('a %{if} condition known only when Terraform applies');
            return this.joined(asBool(c, '%{if}') ? p.then : p.else, env, depth);
          }));
          break;
        }
        case 'for': {
          out.push(lift([this.eval(p.collection, env)], ([c]) => {
            if (isPending(c)) return unknown('a %{for} collection known only when Terraform applies');
            const entries: [TfValue, TfValue][] = isMap(c) ? [...c.keys()].sort().map((k) => [k, c.get(k)!]) : asList(c, '%{for}').map((v, i) => [i, v]);
            if (entries.length > MAX_ELEMENTS) return unknown('a %{for} over too many elements');
            return lift(entries.map(([k, v]) => {
              const inner = new Map(env);
              if (p.keyVar) inner.set(p.keyVar, known(k));
              inner.set(p.valueVar, known(v));
              return this.joined(p.body, inner, depth + 1);
            }), (texts) => known(texts.map((t) => asString(t)).join('')));
          }));
          break;
        }
      }
    }
    return out;
  }

  private joined(parts: readonly TemplatePart[], env: Env, depth: number): Evaluated<TfValue> {
    return lift(this.templatePieces(parts, env, depth + 1), (values) => {
      if (values.some(isPending)) return known(new Pending('a template part known only when Terraform applies'));
      return known(values.map((v) => asString(v, 'template')).join(''));
    });
  }
}

