/**
 * format/jsonPieces.ts writes a report's JSON in pieces, its long array's
 * items made one at a time: the pieces together must be exactly
 * JSON.stringify(report, null, 2) and a line break, whatever the items hold.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prettyJsonPieces } from '../../server/src/format/jsonPieces';

function whole(head: Record<string, unknown>, key: string[], items: unknown[]): string {
  // The report with the array filled, along the path of keys to it.
  const filled = structuredClone(head);
  let at: Record<string, unknown> = filled;
  for (const k of key.slice(0, -1)) at = (Array.isArray(at[k]) ? (at[k] as unknown[])[0] : at[k]) as Record<string, unknown>;
  at[key[key.length - 1]] = items;
  return `${JSON.stringify(filled, null, 2)}\n`;
}

const ITEMS: unknown[] = [
  { message: 'a line\nand another, "quoted", a tab\t, a [] and a {}', n: 1 },
  { nested: { list: [1, [2, []], {}], empty: [] }, s: '' },
  'a plain string',
  42,
  null,
  [],
  { unicode: 'é — ✓ \u2028' },
];

describe('prettyJsonPieces', () => {
  it('is JSON.stringify of the report, for the array at the top level or nested in the last run', () => {
    const flat = { version: 1, summary: { n: 3, list: [] as unknown[] }, findings: [] as unknown[] };
    const sarif = { version: '2.1.0', runs: [{ tool: { rules: [{ id: 'x' }] }, results: [] as unknown[] }] };
    for (const count of [0, 1, 2, ITEMS.length]) {
      const items = ITEMS.slice(0, count);
      assert.equal([...prettyJsonPieces(flat, items)].join(''), whole(flat, ['findings'], items), `top level, ${count} items`);
      assert.equal([...prettyJsonPieces(sarif, items)].join(''), whole(sarif, ['runs', 'results'], items), `nested, ${count} items`);
    }
  });

  it('hands the text on in pieces of about 64 kB, not one per item nor one in all', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: i, message: `finding ${i}`.padEnd(100, '.') }));
    const head = { findings: [] as unknown[] };
    const pieces = [...prettyJsonPieces(head, items)];
    assert.equal(pieces.join(''), whole(head, ['findings'], items));
    assert.ok(pieces.length > 5 && pieces.length < 50, `${pieces.length} pieces`);
  });

  it('refuses a report whose array is not the last value written', () => {
    assert.throws(() => [...prettyJsonPieces({ findings: [], after: 1 }, [1])], /must be written last/);
    assert.throws(() => [...prettyJsonPieces({ findings: 1 }, [1])], /must be written last/);
  });
});
