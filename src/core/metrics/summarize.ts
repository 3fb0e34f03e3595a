import type { Bucket } from './bucket.ts';
import type { MetricsSettings } from './settings.ts';
import { hourCounts, quantile, series, type Series } from './distribution.ts';

const avg = (sum: number, n: number) => (n > 0 ? Math.round(sum / n) : null);
const rate = (part: number, n: number) => (n > 0 ? Math.round((part / n) * 10000) / 10000 : null);

export interface AverageDuration {
  count: number;
  /** Mean in wall-clock milliseconds (null when count is 0). */
  avgMs: number | null;
  /** Mean in business milliseconds of the ticket's SLA calendar. */
  avgBusinessMs: number | null;
  /** Median and 90th percentile in business milliseconds, within 2.2 % (distribution.ts). */
  p50BusinessMs: number | null;
  p90BusinessMs: number | null;
}

/** What a supervisor reads: averages and rates, all derived from one bucket's sums. */
export interface MetricSummary {
  tickets: number;
  frt: AverageDuration & { avgTargetMs: number | null };
  resolution: AverageDuration;
  aht: AverageDuration;
  fcr: { known: number; resolvedFirstContact: number; rate: number | null };
  /** Resolutions by a bot the customer confirmed, and their share of all resolutions (bot substitution rate). */
  bot: { resolved: number; substitutionRate: number | null };
  /** Tickets in a complaint category (`metrics.complaintCategories`) and their share of the tickets. */
  complaints: { count: number; rate: number | null };
  /** Arrivals in each local hour of the day, 0–23 in the policy time zone. */
  /** Tickets created in each local hour 0-23 (null for groupings of two or more dimensions). */
  arrivalsByHour: number[] | null;
  sla: {
    firstResponse: { met: number; breached: number; attainment: number | null };
    resolution: { met: number; breached: number; attainment: number | null };
  };
  csat: {
    count: number;
    satisfied: number;
    satisfiedRate: number | null;
    avgScore: number | null;
    scores: number[];
    target: number;
    meetsTarget: boolean | null;
  };
  /**
   * Calls (from call events, or the call fields on a channel with `answerWithin`; see
   * docs/hotline.md): service level = share of answered calls with a target answered within it,
   * ASA = mean wait of the answered ones, abandonment = share of offered calls hung up before an
   * answer; talk, hold and wrap-up means over the answered calls that ended, AHT their sum;
   * first-call resolution over resolved tickets with an answered call.
   */
  calls: {
    offered: number;
    answered: number;
    abandoned: number;
    answeredWithinTarget: number;
    serviceLevel: number | null;
    asaMs: number | null;
    abandonRate: number | null;
    handled: number;
    talkMs: number | null;
    holdMs: number | null;
    wrapMs: number | null;
    ahtMs: number | null;
    fcr: { known: number; resolvedFirstCall: number; rate: number | null };
  };
}

function duration(
  b: Bucket,
  s: Series,
  count: number,
  wall: number,
  biz: number,
  histograms: boolean,
): AverageDuration {
  return {
    count,
    avgMs: avg(wall, count),
    avgBusinessMs: avg(biz, count),
    p50BusinessMs: histograms ? quantile(b.dist, s, 0.5) : null,
    p90BusinessMs: histograms ? quantile(b.dist, s, 0.9) : null,
  };
}

/**
 * `histograms` false: the bucket comes from a grouping of two or more dimensions, which keeps no
 * histograms (projection.ts), so medians, p90s and arrivals by hour are null there.
 */
export function summarize(b: Bucket, settings: MetricsSettings, histograms = true): MetricSummary {
  const satisfiedRate = rate(b.csatSatisfied, b.csat);
  return {
    tickets: b.tickets,
    frt: {
      ...duration(b, series.frt, b.responded, b.frtWall, b.frtBiz, histograms),
      avgTargetMs: avg(b.frTargetSum, b.frTargeted),
    },
    resolution: duration(b, series.resolution, b.resolved, b.resWall, b.resBiz, histograms),
    aht: duration(b, series.aht, b.aht, b.ahtWall, b.ahtBiz, histograms),
    fcr: { known: b.fcrKnown, resolvedFirstContact: b.fcr, rate: rate(b.fcr, b.fcrKnown) },
    bot: { resolved: b.botResolved, substitutionRate: rate(b.botResolved, b.resolved) },
    complaints: { count: b.complaints, rate: rate(b.complaints, b.tickets) },
    arrivalsByHour: histograms ? hourCounts(b.dist) : null,
    sla: {
      firstResponse: { met: b.frMet, breached: b.frBreached, attainment: rate(b.frMet, b.frMet + b.frBreached) },
      resolution: { met: b.resMet, breached: b.resBreached, attainment: rate(b.resMet, b.resMet + b.resBreached) },
    },
    csat: {
      count: b.csat,
      satisfied: b.csatSatisfied,
      satisfiedRate,
      avgScore: b.csat > 0 ? Math.round((b.csatSum / b.csat) * 100) / 100 : null,
      scores: [...b.csatScores],
      target: settings.csatTarget,
      meetsTarget: satisfiedRate === null ? null : satisfiedRate >= settings.csatTarget,
    },
    calls: {
      offered: b.callsOffered,
      answered: b.callsAnswered,
      abandoned: b.callsAbandoned,
      answeredWithinTarget: b.callsWithinTarget,
      serviceLevel: rate(b.callsWithinTarget, b.callsTargeted),
      asaMs: avg(b.callsAnswerWait, b.callsAnswered),
      abandonRate: rate(b.callsAbandoned, b.callsOffered),
      handled: b.callsHandled,
      talkMs: avg(b.callsTalk, b.callsHandled),
      holdMs: avg(b.callsHold, b.callsHandled),
      wrapMs: avg(b.callsWrap, b.callsHandled),
      ahtMs: avg(b.callsTalk + b.callsHold + b.callsWrap, b.callsHandled),
      fcr: { known: b.callsFcrKnown, resolvedFirstCall: b.callsFcr, rate: rate(b.callsFcr, b.callsFcrKnown) },
    },
  };
}
