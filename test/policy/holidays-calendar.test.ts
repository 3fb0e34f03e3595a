import { describe, expect, it } from 'vitest';
import { createHolidayLookup } from '../../plugins/holidays/lookup.ts';
import { loadBasePolicy } from '../helpers/base-policy.ts';

// Days date-holidays lists as CN public holidays that only some people have off.
const partial = ['-03-08', '-05-04', '-06-01', '-08-01'];

describe('the legal office calendar of the base preset', () => {
  it('is closed on the Chinese public holidays the holidays plugin gives, and only on those', async () => {
    const policy = await loadBasePolicy();
    const doc = policy.doc as unknown as { calendars: { id: string; holidays?: string[] }[] };
    const legal = doc.calendars.find((c) => c.id === 'legal-office');
    const lookup = createHolidayLookup({ country: 'CN' });
    const expected = [2026, 2027].flatMap((y) => lookup.dates(y)).filter((d) => !partial.some((p) => d.endsWith(p)));
    expect(legal?.holidays).toEqual(expected);
  });

  it('counts no business time on a holiday: a ticket on National Day waits for the next working day', async () => {
    const policy = await loadBasePolicy();
    const calendar = policy.calendars.get('legal-office');
    const at = Date.parse('2026-10-01T10:00:00+08:00');
    expect(calendar?.add(at, 60 * 60_000)).toBe(Date.parse('2026-10-05T10:00:00+08:00'));
  });
});
