/**
 * Terraform's automatic conversions between primitive types
 * (https://developer.hashicorp.com/terraform/language/expressions/types#type-conversion):
 * "true"/"false" and numeric strings convert where a bool or number is
 * expected, and numbers and bools where a string is. Anything else is an
 * error, which `try`/`can` catch and which otherwise leaves a value unknown.
 */
import { EvalError, isList, isMap, typeName, type TfValue } from './values';

export function asString(v: TfValue, what = 'value'): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  throw new EvalError(`${what}: a string is required, not ${typeName(v)}`);
}

export function asNumber(v: TfValue, what = 'value'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  throw new EvalError(`${what}: a number is required, not ${typeName(v)}`);
}

export function asBool(v: TfValue, what = 'value'): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new EvalError(`${what}: a bool is required, not ${typeName(v)}`);
}

export function asList(v: TfValue, what = 'value'): readonly TfValue[] {
  if (isList(v)) return v;
  throw new EvalError(`${what}: a list is required, not ${typeName(v)}`);
}

export function asMap(v: TfValue, what = 'value'): ReadonlyMap<string, TfValue> {
  if (isMap(v)) return v;
  throw new EvalError(`${what}: a map or object is required, not ${typeName(v)}`);
}

export function asWholeNumber(v: TfValue, what = 'value'): number {
  const n = asNumber(v, what);
  if (!Number.isInteger(n)) throw new EvalError(`${what}: a whole number is required`);
  return n;
}

/** Terraform prints whole numbers without a decimal point. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

export const isPrimitive = (v: TfValue): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

