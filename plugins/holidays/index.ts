/**
 * holidays: public holidays from date-holidays by country (and state/region).
 * Adds the facts isHoliday / holidayName (the arrival date in the policy time zone) and a
 * holiday source (`host.addHolidaySource`) that calendars can take holidays from.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { definePlugin } from '../../src/index.ts';

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
      types: { type: 'array', items: { enum: ['public', 'bank', 'school', 'optional', 'observance'] }, default: ['public'] },
      source: { type: 'string', default: 'holidays' },
    },
  },
  setup(host, options) {
    const hd = new Holidays();
    const known = options.country in hd.getCountries();
    if (known) hd.init(options.country, options.state ?? '', options.region ?? '');
    if (!known || hd.getHolidays(2026).length === 0) {
      throw new Error(`date-holidays does not know country "${options.country}"${options.state ? ` state "${options.state}"` : ''}; use an ISO code such as CN, US or DE`);
    }
    const types = new Set(options.types ?? ['public']);
    // Per plugin instance: a year's holidays are computed once.
    const byYear = new Map<number, Map<string, string>>();
    const year = (y: number) => {
      let m = byYear.get(y);
      if (!m) {
        m = new Map();
        for (const h of hd.getHolidays(y)) if (types.has(h.type)) m.set(h.date.slice(0, 10), h.name);
        byYear.set(y, m);
      }
      return m;
    };
    const local = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone });
    host.addHolidaySource(options.source ?? 'holidays', (y) => [...year(y).keys()]);
    host.addFact({
      name: 'isHoliday',
      description: `true when the ticket arrived on a ${options.country} holiday (policy time zone)`,
      compute: (_input, ctx) => {
        const d = local(ctx.arrivedAt, ctx.timezone);
        return year(d.year).has(d.toISODate() ?? '');
      },
    });
    host.addFact({
      name: 'holidayName',
      description: 'the holiday\'s name when the ticket arrived on one, else ""',
      compute: (_input, ctx) => {
        const d = local(ctx.arrivedAt, ctx.timezone);
        return year(d.year).get(d.toISODate() ?? '') ?? '';
      },
    });
  },
});
