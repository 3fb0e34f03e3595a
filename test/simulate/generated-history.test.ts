import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIsoFormatter } from '../helpers/history.ts';

describe('generated history', () => {
  it('formats timestamps exactly like toISOString, across day boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 253_402_300_799_999 }), { minLength: 1, maxLength: 50 }),
        (times) => {
          const iso = createIsoFormatter();
          const near = times.flatMap((t) => [t, t + 1, t + 999, t + 86_399_999]); // same day and next day
          for (const t of near) expect(iso(t)).toBe(new Date(t).toISOString());
        },
      ),
    );
  });
});
