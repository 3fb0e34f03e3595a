import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIsoParser } from '../../src/core/simulate/parse-iso.ts';

describe('createIsoParser', () => {
  it('answers exactly like Date.parse: canonical strings, near misses and other shapes', () => {
    const parse = createIsoParser();
    const two = (n: number) => String(n).padStart(2, '0');
    const canonicalish = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(
        ([y, mo, d, h, mi, s, ms]) =>
          `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}.${String(ms).padStart(3, '0')}Z`,
      );
    const valid = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((t) => new Date(t).toISOString());
    const mutated = fc
      .tuple(canonicalish, fc.nat(23), fc.constantFrom('x', ' ', '+', '0', '9', ':', '.', 'T', 'Z'))
      .map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1));
    const other = fc.constantFrom(
      '2026-09-01',
      '2026-09-01T08:30:00Z',
      '2026-09-01T08:30:00.000+02:00',
      'Tue, 01 Sep 2026 08:30:00 GMT',
      '',
      'nonsense',
      '2026-09-01T24:00:00.000Z',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(canonicalish, valid, mutated, other), { maxLength: 20 }), (texts) => {
        for (const t of texts) expect(parse(t)).toBe(Date.parse(t));
      }),
      { numRuns: 2000 },
    );
  });
});
