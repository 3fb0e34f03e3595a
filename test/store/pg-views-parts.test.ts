import { describe, expect, it } from 'vitest';
import { joinParts, textParts } from '../../src/postgres/views-parts.ts';

describe('saved views cut into PostgreSQL parts', () => {
  const lines = ['short', 'x'.repeat(25), '', 'emoji 😀😀😀 and 漢字', 'y'.repeat(9)];

  it('no part passes the bound, a long line runs over several, and joining gives the lines back', () => {
    for (const bound of [2, 3, 7, 10, 64]) {
      const parts = [...textParts(lines, bound)];
      for (const p of parts) expect(p.length).toBeLessThanOrEqual(bound);
      expect(parts.join('')).toBe(`${lines.join('\n')}\n`);
      const joined = joinParts();
      for (const p of parts) joined.add(p);
      expect(joined.end()).toEqual(lines);
    }
  });

  it('never cuts a surrogate pair (each part is valid text for the database)', () => {
    for (const bound of [2, 3, 5, 8]) {
      for (const p of textParts(['😀😀😀😀'], bound)) {
        expect(p.charCodeAt(p.length - 1) >= 0xd800 && p.charCodeAt(p.length - 1) <= 0xdbff).toBe(false);
        expect(p.charCodeAt(0) >= 0xdc00 && p.charCodeAt(0) <= 0xdfff).toBe(false);
      }
    }
  });

  it('text that stops mid-line is refused', () => {
    const joined = joinParts();
    joined.add('a\nb');
    expect(joined.end()).toBeUndefined();
  });
});
