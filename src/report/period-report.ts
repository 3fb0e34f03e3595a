import type { Policy } from '../core/policy/types.ts';
import type { ReportKind } from '../core/reports/schedule.ts';
import { addDays, daysFrom } from '../core/metrics/days.ts';
import type { Dimension } from '../core/metrics/ticket-measures.ts';
import type { MetricsIndex } from '../core/metrics/metrics-index.ts';
import { metricsSettings } from '../core/metrics/settings.ts';
import type { MetricSummary } from '../core/metrics/summarize.ts';

/** The numbers of one slice of a period (the whole team, a channel, a group or an agent). */
export interface PeriodFigures {
  tickets: number;
  backlog: number;
  /** Means, medians and 90th percentiles in business time (quantiles within 2.2 %, core/metrics/distribution.ts). */
  frtBusinessMs: number | null;
  frtP50BusinessMs: number | null;
  frtP90BusinessMs: number | null;
  resolutionBusinessMs: number | null;
  resolutionP50BusinessMs: number | null;
  resolutionP90BusinessMs: number | null;
  ahtBusinessMs: number | null;
  ahtP50BusinessMs: number | null;
  ahtP90BusinessMs: number | null;
  fcrRate: number | null;
  slaFirstResponse: number | null;
  slaResolution: number | null;
  csatSatisfiedRate: number | null;
  csatCount: number;
  /** Tickets resolved now, those resolved by the FAQ bot with no agent reply, and the bot's share. */
  resolved: number;
  botResolved: number;
  botSubstitutionRate: number | null;
  /** Tickets in a complaint category (`metrics.complaintCategories`) and their share of all tickets. */
  complaints: number;
  complaintRate: number | null;
  callServiceLevel: number | null;
  callAsaMs: number | null;
  callAbandonRate: number | null;
  /** Arrivals in each local hour 0–23 (policy time zone). */
  arrivalsByHour: number[];
}

export interface PeriodSlice extends PeriodFigures {
  key: string;
  name: string;
}

/** A weekly or monthly review (seeds 002, 003): the period, the one before it, and its slices. */
export interface PeriodReport {
  kind: ReportKind;
  from: string;
  to: string;
  timezone: string;
  locale: string;
  policy: { id: string; version: string };
  slaTarget: number;
  csatTarget: number;
  totals: PeriodFigures;
  /** The period of the same length just before, for comparison. */
  previous: PeriodFigures & { from: string; to: string };
  channels: PeriodSlice[];
  groups: PeriodSlice[];
  agents: PeriodSlice[];
  /** Arrivals and backlog at the end of each day of the period. */
  days: { day: string; tickets: number; backlog: number }[];
}

function figures(s: MetricSummary & { backlog: number }): PeriodFigures {
  return {
    tickets: s.tickets,
    backlog: s.backlog,
    frtBusinessMs: s.frt.avgBusinessMs,
    frtP50BusinessMs: s.frt.p50BusinessMs,
    frtP90BusinessMs: s.frt.p90BusinessMs,
    resolutionBusinessMs: s.resolution.avgBusinessMs,
    resolutionP50BusinessMs: s.resolution.p50BusinessMs,
    resolutionP90BusinessMs: s.resolution.p90BusinessMs,
    ahtBusinessMs: s.aht.avgBusinessMs,
    ahtP50BusinessMs: s.aht.p50BusinessMs,
    ahtP90BusinessMs: s.aht.p90BusinessMs,
    fcrRate: s.fcr.rate,
    slaFirstResponse: s.sla.firstResponse.attainment,
    slaResolution: s.sla.resolution.attainment,
    csatSatisfiedRate: s.csat.satisfiedRate,
    csatCount: s.csat.count,
    resolved: s.resolution.count,
    botResolved: s.bot.resolved,
    botSubstitutionRate: s.bot.substitutionRate,
    complaints: s.complaints.count,
    complaintRate: s.complaints.rate,
    callServiceLevel: s.calls.serviceLevel,
    callAsaMs: s.calls.asaMs,
    callAbandonRate: s.calls.abandonRate,
    arrivalsByHour: s.arrivalsByHour ?? [],
  };
}

/** The report a schedule makes for the local days from..to, from the live aggregates. */
export function buildPeriodReport(
  index: MetricsIndex,
  policy: Policy,
  kind: ReportKind,
  from: string,
  to: string,
): PeriodReport {
  const settings = metricsSettings(policy);
  const length = daysFrom(from, to).length;
  const prevTo = addDays(from, -1);
  const prevFrom = kind === 'monthly' ? `${prevTo.slice(0, 8)}01` : addDays(from, -length);
  const totals = index.query({ from, to }).totals;
  const previous = index.query({ from: prevFrom, to: prevTo }).totals;
  const slices = (dim: Dimension, names: Map<string, string>): PeriodSlice[] =>
    index
      .query({ from, to, groupBy: [dim] })
      .groups.filter((g) => g.tickets > 0 || g.backlog > 0)
      .map((g) => {
        const key = String(g.key[dim as keyof typeof g.key]);
        return { key, name: names.get(key) ?? key, ...figures(g) };
      })
      .sort((a, b) => b.tickets - a.tickets || a.key.localeCompare(b.key));
  const named = <T extends { id: string; name?: string }>(xs: Iterable<T>) =>
    new Map([...xs].map((x) => [x.id, x.name ?? x.id]));
  return {
    kind,
    from,
    to,
    timezone: index.timezone,
    locale: policy.locale,
    policy: { id: policy.doc.id, version: policy.version },
    slaTarget: settings.slaTarget,
    csatTarget: settings.csatTarget,
    totals: figures(totals),
    previous: { from: prevFrom, to: prevTo, ...figures(previous) },
    channels: slices('channel', named(policy.channels.values())),
    groups: slices('group', named(policy.groups.values())),
    agents: slices('agent', named(policy.agents.values())),
    days: index.daily(from, to).map((d) => ({ day: d.day, tickets: d.summary.tickets, backlog: d.backlog })),
  };
}
