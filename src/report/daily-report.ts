import type { Policy } from '../core/policy/types.ts';
import { addDays } from '../core/metrics/days.ts';
import type { MetricsGroup, MetricsIndex } from '../core/metrics/metrics-index.ts';
import { parseDuration } from '../core/util/duration.ts';
import { metricsSettings } from '../core/metrics/settings.ts';
import type { MetricSummary } from '../core/metrics/summarize.ts';

export interface ChannelLine {
  channel: string;
  name: string;
  tickets: number;
  responded: number;
  /** Mean first response in business time (what targets are written in) and wall-clock time. */
  frtBusinessMs: number | null;
  frtMs: number | null;
  /** Mean first-response target of the channel's tickets. */
  targetMs: number | null;
  /**
   * frtBusinessMs / targetMs: a secondary reading only, since a mean over mixed priorities says
   * little about whether each ticket met its own target.
   */
  ratio: number | null;
  /** Share of the channel's first-response timers that met their own target, below the policy's slaTarget. */
  flagged: boolean;
  /** Share of the channel's first-response timers that met their own target (met ÷ met + breached). */
  slaAttainment: number | null;
  backlog: number;
  csatSatisfiedRate: number | null;
}

export interface PeriodLine {
  label: string;
  from: string;
  to: string;
  tickets: number;
  frtBusinessMs: number | null;
  resolutionBusinessMs: number | null;
  ahtBusinessMs: number | null;
  fcrRate: number | null;
  slaAttainment: number | null;
  csatSatisfiedRate: number | null;
  csatCount: number;
}

/** A voice channel's calls of the day (channels that had calls). */
export interface CallLine {
  channel: string;
  name: string;
  /** The channel's `answerWithin` in ms (null without one). */
  answerWithinMs: number | null;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  asaMs: number | null;
  abandonRate: number | null;
  talkMs: number | null;
  holdMs: number | null;
  wrapMs: number | null;
  ahtMs: number | null;
  fcrRate: number | null;
}

export interface DailyReport {
  date: string;
  timezone: string;
  /** The policy's language, which the HTML and CSV speak (en when absent: reports kept before it was recorded). */
  locale?: string;
  policy: { id: string; version: string };
  overTargetRatio: number;
  /** Share of first-response timers per channel that should meet their target; flags below it. */
  slaTarget: number;
  csatTarget: number;
  day: PeriodLine & { backlog: number; csatScores: number[] };
  channels: ChannelLine[];
  /** Hotline calls per voice channel that had calls on the day. */
  calls: CallLine[];
  flagged: string[];
  weekOverWeek: { thisWeek: PeriodLine; lastWeek: PeriodLine };
  backlogTrend: { day: string; backlog: number; tickets: number }[];
  /** The last 30 days by the policy version that decided each ticket (before/after a change). */
  policyVersions: (PeriodLine & { firstDay: string })[];
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

function period(label: string, from: string, to: string, s: MetricSummary): PeriodLine {
  return {
    label,
    from,
    to,
    tickets: s.tickets,
    frtBusinessMs: s.frt.avgBusinessMs,
    resolutionBusinessMs: s.resolution.avgBusinessMs,
    ahtBusinessMs: s.aht.avgBusinessMs,
    fcrRate: s.fcr.rate,
    slaAttainment: s.sla.firstResponse.attainment,
    csatSatisfiedRate: s.csat.satisfiedRate,
    csatCount: s.csat.count,
  };
}

function callLines(policy: Policy, groups: readonly MetricsGroup[]): CallLine[] {
  return [...policy.channels.values()].flatMap((c) => {
    const calls = groups.find((x) => x.key.channel === c.id)?.calls;
    if (!calls || calls.offered === 0) return [];
    const target = c.answerWithin ? parseDuration(c.answerWithin) : undefined;
    return [
      {
        channel: c.id,
        name: c.name,
        answerWithinMs: target ?? null,
        offered: calls.offered,
        answered: calls.answered,
        abandoned: calls.abandoned,
        serviceLevel: calls.serviceLevel,
        asaMs: calls.asaMs,
        abandonRate: calls.abandonRate,
        talkMs: calls.talkMs,
        holdMs: calls.holdMs,
        wrapMs: calls.wrapMs,
        ahtMs: calls.ahtMs,
        fcrRate: calls.fcr.rate,
      },
    ];
  });
}

/** The groupings the daily report reads besides the totals (a one-shot reader keeps only these). */
export const dailyReportDimensions = ['channel', 'policy'] as const;

/** The morning report for one local day: all numbers come from the metrics index. */
export function buildDailyReport(index: MetricsIndex, policy: Policy, date: string): DailyReport {
  const settings = metricsSettings(policy);
  const day = index.query({ from: date, to: date, groupBy: ['channel'] });
  const channels: ChannelLine[] = [...policy.channels.values()].map((c) => {
    const g = day.groups.find((x) => x.key.channel === c.id);
    const frtBusinessMs = g?.frt.avgBusinessMs ?? null;
    const targetMs = g?.frt.avgTargetMs ?? null;
    const ratio = frtBusinessMs !== null && targetMs ? round4(frtBusinessMs / targetMs) : null;
    const slaAttainment = g?.sla.firstResponse.attainment ?? null;
    return {
      channel: c.id,
      name: c.name,
      tickets: g?.tickets ?? 0,
      responded: g?.frt.count ?? 0,
      frtBusinessMs,
      frtMs: g?.frt.avgMs ?? null,
      targetMs,
      ratio,
      flagged: slaAttainment !== null && slaAttainment < settings.slaTarget,
      slaAttainment,
      backlog: g?.backlog ?? 0,
      csatSatisfiedRate: g?.csat.satisfiedRate ?? null,
    };
  });
  const weekFrom = addDays(date, -6);
  const thisWeek = index.query({ from: weekFrom, to: date });
  const lastWeek = index.query({ from: addDays(date, -13), to: addDays(date, -7) });
  const monthFrom = addDays(date, -29);
  const versions = index.query({ from: monthFrom, to: date, groupBy: ['policy'] });
  const firstDays = new Map<string, string>();
  for (const d of index.daysByDimension('policy', monthFrom, date))
    if (!firstDays.has(d.value)) firstDays.set(d.value, d.day);
  return {
    date,
    timezone: index.timezone,
    locale: policy.locale,
    policy: { id: policy.doc.id, version: policy.version },
    overTargetRatio: settings.overTargetRatio,
    slaTarget: settings.slaTarget,
    csatTarget: settings.csatTarget,
    day: { ...period('day', date, date, day.totals), backlog: day.totals.backlog, csatScores: day.totals.csat.scores },
    channels,
    calls: callLines(policy, day.groups),
    flagged: channels.filter((c) => c.flagged).map((c) => c.channel),
    weekOverWeek: {
      thisWeek: period('this week', weekFrom, date, thisWeek.totals),
      lastWeek: period('last week', addDays(date, -13), addDays(date, -7), lastWeek.totals),
    },
    backlogTrend: index
      .daily(addDays(date, -13), date)
      .map((d) => ({ day: d.day, backlog: d.backlog, tickets: d.summary.tickets })),
    policyVersions: versions.groups
      .filter((g) => g.tickets > 0)
      .map((g) => ({
        ...period(String(g.key.policy), monthFrom, date, g),
        firstDay: firstDays.get(String(g.key.policy)) ?? monthFrom,
      }))
      .sort((a, b) => a.firstDay.localeCompare(b.firstDay)),
  };
}
