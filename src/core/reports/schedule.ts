import { addDays, daysFrom } from '../metrics/days.ts';
import { instantOf, isoDay, wallDate } from '../util/local-time.ts';

export const reportKinds = ['daily', 'weekly', 'monthly'] as const;
export type ReportKind = (typeof reportKinds)[number];

/** The policy's `reports:` key as written (schemas/reports.schema.json). */
export type ReportSchedule = Partial<Record<ReportKind, string>>;

/** One scheduled report: when it is made and the local days it covers. */
export interface ReportRun {
  kind: ReportKind;
  /** Stable name of the report: `<kind>-<first day>`. */
  id: string;
  /** The scheduled instant (ms). */
  at: number;
  from: string;
  to: string;
}

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The most days one look-back walks: a server stopped longer makes the last year's reports only. */
export const maxCatchUpDays = 400;

/** Whether `day` (YYYY-MM-DD) is a day the kind runs on, and at what local time. */
function runTime(kind: ReportKind, spec: string, day: string): string | undefined {
  const parts = spec.split(' ');
  const time = parts[parts.length - 1]!;
  if (kind === 'daily') return time;
  const date = new Date(`${day}T00:00:00Z`);
  if (kind === 'weekly') return weekdays[date.getUTCDay()] === parts[0] ? time : undefined;
  return date.getUTCDate() === Number(parts[0]) ? time : undefined;
}

/** The days a report made on `day` covers: the day before, the seven days before, the month before. */
export function periodOf(kind: ReportKind, day: string): { from: string; to: string } {
  if (kind === 'daily') return { from: addDays(day, -1), to: addDays(day, -1) };
  if (kind === 'weekly') return { from: addDays(day, -7), to: addDays(day, -1) };
  const firstOfThis = `${day.slice(0, 8)}01`;
  const to = addDays(firstOfThis, -1);
  return { from: `${to.slice(0, 8)}01`, to };
}

/**
 * The runs of one schedule whose instant falls in (after, until], oldest first: the reports a
 * server owes when its clock reaches `until` and it last looked at `after`.
 */
export function dueRuns(schedule: ReportSchedule, timezone: string, after: number, until: number): ReportRun[] {
  if (until <= after) return [];
  const lastDay = isoDay(wallDate(until, timezone));
  const firstDay = isoDay(wallDate(Math.max(after, until - maxCatchUpDays * 86_400_000), timezone));
  const runs: ReportRun[] = [];
  for (const day of daysFrom(firstDay, lastDay)) {
    for (const kind of reportKinds) {
      const spec = schedule[kind];
      const time = spec === undefined ? undefined : runTime(kind, spec, day);
      if (time === undefined) continue;
      const at = instantOf(`${day}T${time}`, timezone);
      if (!(at > after && at <= until)) continue;
      const period = periodOf(kind, day);
      runs.push({ kind, id: `${kind}-${period.from}`, at, ...period });
    }
  }
  return runs.sort((a, b) => a.at - b.at);
}
