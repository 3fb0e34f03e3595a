import { createDayKeyer } from '../../core/metrics/days.ts';
import type { MetricsGroup, MetricsIndex } from '../../core/metrics/metrics-index.ts';

/** Today's SLA attainment and satisfaction, as GET /api/metrics counts them for the day. */
export interface TodayFigures {
  /** The local day ("YYYY-MM-DD") in the policy time zone. */
  day: string;
  timezone: string;
  /** The group the figures are narrowed to, null for every group. */
  group: string | null;
  /** Tickets that arrived today. */
  tickets: number;
  /** Per SLA target: today's tickets whose clock met or breached it, and met ÷ (met + breached). */
  sla: MetricsGroup['sla'];
  /** Mean score and count of today's tickets' ratings, and the share satisfied. */
  csat: { count: number; avgScore: number | null; satisfiedRate: number | null; target: number };
  /** Mean first response (wall clock) of today's tickets answered so far. */
  frt: { count: number; avgMs: number | null };
  /** The same first-response mean per group (every group, also when narrowed: the chart compares them). */
  frtByGroup: { group: string; count: number; avgMs: number | null }[];
}

/**
 * Today's figures from the live metrics aggregates: the window is the one local day of `now` in
 * the time zone (the policy's), so the numbers equal `GET /api/metrics?from=<day>&to=<day>`
 * (with `groupBy=group` for one group).
 */
export function todayFigures(
  metrics: MetricsIndex,
  opts: { now: Date; timezone: string; group?: string },
): TodayFigures {
  const day = createDayKeyer(opts.timezone)(opts.now.getTime());
  const r = metrics.query({ from: day, to: day, groupBy: ['group'] });
  const pick = opts.group === undefined ? r.totals : r.groups.find((g) => g.key.group === opts.group);
  const zero = { met: 0, breached: 0, attainment: null };
  return {
    day,
    timezone: opts.timezone,
    group: opts.group ?? null,
    tickets: pick?.tickets ?? 0,
    sla: pick?.sla ?? { firstResponse: zero, resolution: zero },
    csat: {
      count: pick?.csat.count ?? 0,
      avgScore: pick?.csat.avgScore ?? null,
      satisfiedRate: pick?.csat.satisfiedRate ?? null,
      target: r.totals.csat.target,
    },
    frt: { count: pick?.frt.count ?? 0, avgMs: pick?.frt.avgMs ?? null },
    frtByGroup: r.groups
      .filter((g) => g.frt.count > 0)
      .map((g) => ({ group: String(g.key.group), count: g.frt.count, avgMs: g.frt.avgMs })),
  };
}
