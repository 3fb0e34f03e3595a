/**
 * Holiday dates from date-holidays, by country/state/region and type, computed once per year.
 * Also usable without the plugin host, e.g. by a calendar compiler: `createHolidayLookup({ country: 'CN' }).dates(2026)`.
 */
import Holidays from 'date-holidays';

export interface HolidayQuery {
  country: string;
  state?: string;
  region?: string;
  /** date-holidays types counted as holidays (default public). */
  types?: string[];
}

export interface HolidayLookup {
  /** Local dates "YYYY-MM-DD" of the year's holidays, in date order. */
  dates(year: number): string[];
  /** The holiday's name on a local date, or undefined. */
  nameOn(isoDate: string): string | undefined;
}

export function createHolidayLookup(q: HolidayQuery): HolidayLookup {
  const hd = new Holidays();
  const known = q.country in hd.getCountries();
  if (known) hd.init(q.country, q.state ?? '', q.region ?? '');
  if (!known || hd.getHolidays(2026).length === 0) {
    throw new Error(
      `date-holidays does not know country "${q.country}"${q.state ? ` state "${q.state}"` : ''}; use an ISO code such as CN, US or DE`,
    );
  }
  const types = new Set(q.types ?? ['public']);
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
  return {
    dates: (y) => [...year(y).keys()],
    nameOn: (iso) => year(Number(iso.slice(0, 4))).get(iso),
  };
}
