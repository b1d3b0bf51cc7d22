/**
 * Random edits of template text, shared by the fuzz tests (through
 * fast-check, which shrinks them) and the server soak test (a seeded sample):
 * characters and fragments that matter to YAML, JSON, intrinsics and
 * Terraform templates, inserted, deleted and replaced at random places, and
 * whole lines deleted, duplicated, inserted, swapped; truncation.
 */
import fc from 'fast-check';

/** Characters and fragments that matter to YAML, JSON, intrinsics and Terraform templates. */
export const FRAGMENTS = [
  ':', ': ', '-', '- ', '[', ']', '{', '}', '!', '&a ', '*a', '#', '# c', "'", '"', ',', '\n', '\r\n', '\r', '\t', ' ', '  ', '    ',
  '?', '? ', '|', '>', '%', '@', '`', '\\', '<<: *a', '---\n', '...\n', '!Ref ', '!GetAtt ', '!Sub ', '!If ', '!Bogus ',
  '{"Ref": "x"}', '{"Fn::If": [1]}', 'Fn::Bogus: 1', '${', '${var.x}', '${aws_db_instance.a.arn}', '$${', '%{', 'null', '~', '0', '-1',
  '1e309', '2.5', 'true', 'false', 'yes', '""', "''", '{}', '[]', 'MultiAZ: ', 'BackupRetentionPeriod: 0', 'DeletionPolicy: Delete',
  'SourceDBInstanceIdentifier: !Ref Db', 'Properties:', 'Type: 42', '"count": ', '"for_each": 3', '"replicate_source_db": "${aws_db_instance.a.id}"',
  '\u0000', '\ufeff', '\u2028', '\ud800', '😀', 'é',
];

export const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);

export type Mutation =
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'replace'; readonly at: number; readonly length: number; readonly text: string }
  | { readonly op: 'deleteLine'; readonly line: number }
  | { readonly op: 'duplicateLine'; readonly line: number }
  | { readonly op: 'insertLine'; readonly line: number; readonly text: string }
  | { readonly op: 'swapLines'; readonly line: number; readonly other: number }
  | { readonly op: 'truncate'; readonly at: number };

/** Positions are drawn as naturals and taken modulo the text length at that point, so they shrink well. */
const position = fc.nat({ max: 1_000_000 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, text: fragment }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: position, length: fc.integer({ min: 1, max: 6 }), text: fragment }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deleteLine' as const), line: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), line: position }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insertLine' as const), line: position, text: fc.array(fragment, { maxLength: 4 }).map((a) => a.join('')) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapLines' as const), line: position, other: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
);

export function mutate(text: string, m: Mutation): string {
  const at = (n: number) => n % (text.length + 1);
  switch (m.op) {
    case 'insert': { const p = at(m.at); return text.slice(0, p) + m.text + text.slice(p); }
    case 'delete': { const p = at(m.at); return text.slice(0, p) + text.slice(p + m.length); }
    case 'replace': { const p = at(m.at); return text.slice(0, p) + m.text + text.slice(p + m.length); }
    case 'truncate': return text.slice(0, at(m.at));
    default: break;
  }
  // Line operations keep each line's own terminator (LF or CRLF).
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  if (lines.length === 0) return m.op === 'insertLine' ? `${m.text}\n` : text;
  const i = m.line % lines.length;
  const eol = lines[i].endsWith('\r\n') ? '\r\n' : '\n';
  switch (m.op) {
    case 'deleteLine': lines.splice(i, 1); break;
    case 'duplicateLine': lines.splice(i, 0, lines[i].endsWith('\n') ? lines[i] : `${lines[i]}${eol}`); break;
    case 'insertLine': {
      // Indented like the line it goes before, so it often lands inside a block.
      const indent = /^[ \t]*/.exec(lines[i])![0];
      lines.splice(i, 0, `${indent}${m.text}${eol}`);
      break;
    }
    case 'swapLines': {
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
      break;
    }
  }
  return lines.join('');
}
