import { createCalendar } from '../src/core/sla/calendar/index.ts';

const DAY = 86_400_000;

/** Business-time arithmetic speed on an office calendar (Berlin, DST, two intervals a day). */
export async function benchCalendar(opts: { quick?: boolean }): Promise<Record<string, unknown>> {
  const cal = createCalendar({
    id: 'office',
    timezone: 'Europe/Berlin',
    hours: {
      mon: ['09:00-12:00', '13:00-17:00'],
      tue: ['09:00-12:00', '13:00-17:00'],
      wed: ['09:00-12:00', '13:00-17:00'],
      thu: ['09:00-12:00', '13:00-17:00'],
      fri: ['09:00-12:00', '13:00-17:00'],
    },
    holidays: ['2026-12-25', '2026-12-26', '2027-01-01'],
  });
  const from = Date.parse('2026-01-05T09:30:00Z');
  const n = opts.quick ? 2_000 : 20_000;
  const time = (f: (i: number) => void) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f(i);
    return (performance.now() - t0) / n;
  };
  // Baseline in the same run: plain wall-clock addition.
  let sink = 0;
  const plain = time((i) => (sink += from + i * 60_000 + 2 * 3_600_000));
  const add2h = time((i) => (sink += cal.add(from + i * 60_000, 2 * 3_600_000)));
  const add30d = time((i) => (sink += cal.add(from + i * 60_000, 30 * DAY)));
  const between = time((i) => (sink += cal.between(from, from + i * 3_600_000)));
  if (sink === 42) console.log('');
  return {
    calendar: {
      add2hUs: +(add2h * 1000).toFixed(2),
      add30dBusinessUs: +(add30d * 1000).toFixed(2),
      betweenUs: +(between * 1000).toFixed(2),
      plainAddUs: +(plain * 1000).toFixed(4),
      add2hVsPlainRatio: +(add2h / plain).toFixed(1),
    },
  };
}
