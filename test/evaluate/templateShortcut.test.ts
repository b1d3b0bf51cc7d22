/**
 * parseTemplateText reads the plain templates (`"db-${var.env}"`,
 * `"${aws_db_proxy.p.name}"`) without the full parser: the result must be
 * the full parser's, part for part and range for range, on every template
 * string of the fixtures, the bench's Terraform shapes and the corpus.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTemplateText, parseTemplateTextInFull } from '../../server/src/evaluate/terraform/syntax';
import { CORPUS, CORPUS_MISSING_MESSAGE, CORPUS_PRESENT, FIXTURES } from '../helpers';

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else if (/\.(tf|json)$/.test(name)) out.push(p);
  }
  return out;
}

/** Every string holding `${` in Terraform (HCL or JSON) files, as the JSON/HCL string's text. */
function templatesIn(files: readonly string[]): Set<string> {
  const texts = new Set<string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/"((?:[^"\\\n]|\\.)*\$\{(?:[^"\\\n]|\\.)*)"/g)) {
      try { texts.add(JSON.parse(`"${m[1]}"`) as string); } catch { /* an HCL escape JSON does not know: not a sample */ }
    }
  }
  return texts;
}

function outcome(parse: (text: string) => unknown, text: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

function assertSameAsFullParser(texts: Iterable<string>): number {
  let n = 0;
  for (const text of texts) {
    assert.deepEqual(outcome(parseTemplateText, text), outcome(parseTemplateTextInFull, text), `template ${JSON.stringify(text)}`);
    n++;
  }
  return n;
}

describe('template parsing shortcut', () => {
  it('agrees with the full parser on plain templates and on what only the full parser reads', () => {
    const texts = [
      '${a}', 'x${a.b}y', 'orders-${var.env}-0', '${aws_db_instance.primary_0.identifier}', '${a}${b.c}', '${_x.y_z}', '${a-b.c}', '${a.b-c}',
      '${true}', '${false}', '${null}', '${null.x}', 'x${nullable}', '${ a.b }', '${a.0}', '${a[0].b}', '$${a}', '%%{a}', 'a%{if x}y%{endif}',
      '${a.b', '${}', '${a.}', '${a}}', '}${a}{', '${~a~}', '100%', '$', 'a$b', '${a.b.c.d.e.f}', '${var.x == "y" ? 1 : 2}', '${ upper(var.x) }',
    ];
    assert.equal(assertSameAsFullParser(texts), texts.length);
  });

  it('agrees with the full parser on every template of the fixtures', () => {
    const texts = templatesIn(filesUnder(FIXTURES));
    assert.ok(texts.size > 50, `only ${texts.size} templates found in test/fixtures`);
    assertSameAsFullParser(texts);
  });

  it('agrees with the full parser on every template of the corpus', (t) => {
    if (!CORPUS_PRESENT) { t.skip(CORPUS_MISSING_MESSAGE); return; }
    assertSameAsFullParser(templatesIn(filesUnder(CORPUS)));
  });
});
