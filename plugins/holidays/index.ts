/**
 * holidays: public holidays from date-holidays by country (and state/region).
 * Adds the facts isHoliday / holidayName (the arrival date in the policy time zone) and a
 * holiday source (`host.addHolidaySource`) that calendars can take holidays from.
 */
import { DateTime } from 'luxon';
import { definePlugin } from '../../src/index.ts';
import { createHolidayLookup } from './lookup.ts';

export { createHolidayLookup, type HolidayLookup, type HolidayQuery } from './lookup.ts';

export interface HolidaysOptions {
  country: string;
  state?: string;
  region?: string;
  /** date-holidays types counted as holidays (default public). */
  types?: string[];
  /** The holiday source name calendars refer to (default "holidays"). */
  source?: string;
}

export const exampleOptions: HolidaysOptions = { country: 'CN' };

export default definePlugin<HolidaysOptions>({
  name: 'holidays',
  version: '0.1.0',
  switchboard: '^0.1.0',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['country'],
    properties: {
      country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. CN, US, DE' },
      state: { type: 'string' },
      region: { type: 'string' },
      types: {
        type: 'array',
        items: { enum: ['public', 'bank', 'school', 'optional', 'observance'] },
        default: ['public'],
      },
      source: { type: 'string', default: 'holidays' },
    },
  },
  setup(host, options) {
    const lookup = createHolidayLookup(options);
    const localDate = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toISODate() ?? '';
    host.addHolidaySource(options.source ?? 'holidays', (y) => lookup.dates(y));
    host.addFact({
      name: 'isHoliday',
      description: `true when the ticket arrived on a ${options.country} holiday (policy time zone)`,
      compute: (_input, ctx) => lookup.nameOn(localDate(ctx.arrivedAt, ctx.timezone)) !== undefined,
    });
    host.addFact({
      name: 'holidayName',
      description: 'the holiday\'s name when the ticket arrived on one, else ""',
      compute: (_input, ctx) => lookup.nameOn(localDate(ctx.arrivedAt, ctx.timezone)) ?? '',
    });
  },
});
