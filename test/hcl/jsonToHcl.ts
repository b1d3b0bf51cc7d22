/**
 * Terraform JSON to HCL, for tests: every `*.tf.json` rule fixture is also
 * linted as the `.tf` a user would write, and both must give the same
 * findings. Which object-valued keys are nested blocks is schema knowledge;
 * the fixtures use the blocks listed here. `"//"` comments become `#`
 * comments inside the block; a string that is one `${...}` becomes the bare
 * expression, as HCL users write it.
 */

/** Top-level block types and how many labels they take. */
const LABELS: Readonly<Record<string, number>> = { resource: 2, data: 2, variable: 1, provider: 1, module: 1, output: 1, locals: 0, terraform: 0 };

/** Nested blocks of the AWS provider's RDS resources (everything else with an object value is an attribute). */
const NESTED_BLOCKS = new Set([
  'restore_to_point_in_time', 'auth', 'connection_pool_config', 'content', 'timeouts', 'lifecycle', 's3_import',
  'scaling_configuration', 'serverlessv2_scaling_configuration',
]);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const isObject = (v: Json): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: Json): { [key: string]: Json }[] => (Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []);

export function jsonToHcl(json: string): string {
  const root = JSON.parse(json) as Json;
  if (!isObject(root)) throw new Error('not a Terraform JSON object');
  const out: string[] = [];
  for (const [key, value] of Object.entries(root)) {
    if (key === '//') { for (const c of comments(value)) out.push(`# ${c}`); continue; }
    const labels = LABELS[key];
    if (labels === undefined) throw new Error(`unknown top-level key ${key}`);
    for (const { path, body } of labelled(value, labels)) {
      out.push(`${key}${path.map((l) => ` ${JSON.stringify(l)}`).join('')} {`, ...bodyLines(body, '  '), '}', '');
    }
  }
  return out.join('\n');
}

function labelled(value: Json, depth: number, path: string[] = []): { path: string[]; body: { [key: string]: Json } }[] {
  if (depth === 0) return objects(value).map((body) => ({ path, body }));
  return objects(value).flatMap((o) => Object.entries(o).filter(([k]) => k !== '//').flatMap(([k, v]) => labelled(v, depth - 1, [...path, k])));
}

function comments(value: Json): string[] {
  return (Array.isArray(value) ? value : [value]).filter((c): c is string => typeof c === 'string');
}

function bodyLines(body: { [key: string]: Json }, indent: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === '//') {
      for (const c of comments(value)) lines.push(`${indent}# ${c}`);
    } else if (key === 'dynamic') {
      for (const d of objects(value)) {
        for (const [label, blocks] of Object.entries(d)) {
          for (const b of objects(blocks)) lines.push(`${indent}dynamic ${JSON.stringify(label)} {`, ...bodyLines(b, `${indent}  `), `${indent}}`);
        }
      }
    } else if (NESTED_BLOCKS.has(key) && objects(value).length > 0) {
      for (const b of objects(value)) lines.push(`${indent}${key} {`, ...bodyLines(b, `${indent}  `), `${indent}}`);
    } else {
      lines.push(`${indent}${key} = ${expression(value, indent)}`);
    }
  }
  return lines;
}

function expression(value: Json, indent: string): string {
  if (typeof value === 'string') {
    const sole = /^\$\{([^{}]*)\}$/s.exec(value);
    return sole ? sole[1].trim() : quoted(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => expression(v, indent)).join(', ')}]`;
  if (isObject(value)) {
    const inner = `${indent}  `;
    const entries = Object.entries(value).map(([k, v]) => `${inner}${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k)} = ${expression(v, inner)}`);
    return entries.length ? `{\n${entries.join('\n')}\n${indent}}` : '{}';
  }
  return String(value);
}

/** An HCL quoted template: escapes outside `${...}`, the interpolations as written. */
function quoted(value: string): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('${', i)) {
      let depth = 0;
      let j = i + 2;
      for (; j < value.length; j++) {
        if (value[j] === '{') depth++;
        else if (value[j] === '}' && depth-- === 0) break;
      }
      out += value.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const c = value[i++];
    out += c === '"' ? '\\"' : c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c;
  }
  return `"${out}"`;
}
