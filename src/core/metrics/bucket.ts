import type { MetricsSettings } from './settings.ts';
import type { CallMeasure } from './call-measures.ts';
import type { TicketMeasures } from './ticket-measures.ts';
import { addDuration, addHour, mergeDistribution, series, type Distribution } from './distribution.ts';

/**
 * Precomputed sums and counts of one (day, dimensions) cell. Every metric is a ratio of these,
 * so merging cells is addition and a query never touches a ticket.
 */
export interface Bucket {
  tickets: number;
  responded: number;
  frtWall: number;
  frtBiz: number;
  frTargeted: number;
  frTargetSum: number;
  resolved: number;
  resWall: number;
  resBiz: number;
  aht: number;
  ahtWall: number;
  ahtBiz: number;
  fcrKnown: number;
  fcr: number;
  botResolved: number;
  frMet: number;
  frBreached: number;
  resMet: number;
  resBreached: number;
  csat: number;
  csatSatisfied: number;
  csatSum: number;
  /** Count of ratings 1..5 at index 0..4. */
  csatScores: [number, number, number, number, number];
  /** Hotline calls: offered, answered (and the wait summed), answered within target, abandoned. */
  callsOffered: number;
  callsAnswered: number;
  callsAnswerWait: number;
  callsTargeted: number;
  callsWithinTarget: number;
  callsAbandoned: number;
  /** Answered calls that ended, and their talk, hold and wrap-up time summed. */
  callsHandled: number;
  callsTalk: number;
  callsHold: number;
  callsWrap: number;
  /** Resolved tickets with an answered call, and those resolved on their first call. */
  callsFcrKnown: number;
  callsFcr: number;
  /** Tickets whose category is a complaint category (`metrics.complaintCategories`). */
  complaints: number;
  /** Histograms of first response, resolution and handling (business time) and arrivals per local hour (distribution.ts). */
  dist: Distribution;
}

/**
 * The `dist` of every cell that keeps no histograms: one shared map that refuses writes, so the
 * hundreds of thousands of pair-grouping cells do not each hold an empty map.
 */
class NoHistograms extends Map<number, number> {
  override set(): this {
    throw new Error('a cell of a two-dimension grouping keeps no histograms');
  }
}
const noHistograms: Distribution = new NoHistograms();

/** `histograms` false: a cell of a grouping that keeps none (see addMeasures). */
export function emptyBucket(histograms = true): Bucket {
  return {
    tickets: 0,
    responded: 0,
    frtWall: 0,
    frtBiz: 0,
    frTargeted: 0,
    frTargetSum: 0,
    resolved: 0,
    resWall: 0,
    resBiz: 0,
    aht: 0,
    ahtWall: 0,
    ahtBiz: 0,
    fcrKnown: 0,
    fcr: 0,
    botResolved: 0,
    frMet: 0,
    frBreached: 0,
    resMet: 0,
    resBreached: 0,
    csat: 0,
    csatSatisfied: 0,
    csatSum: 0,
    csatScores: [0, 0, 0, 0, 0],
    callsOffered: 0,
    callsAnswered: 0,
    callsAnswerWait: 0,
    callsTargeted: 0,
    callsWithinTarget: 0,
    callsAbandoned: 0,
    callsHandled: 0,
    callsTalk: 0,
    callsHold: 0,
    callsWrap: 0,
    callsFcrKnown: 0,
    callsFcr: 0,
    complaints: 0,
    dist: histograms ? new Map() : noHistograms,
  };
}

/**
 * Adds (sign 1) or removes (sign -1) one ticket's contribution; `hour` is its local arrival hour.
 * `histograms` false leaves `dist` empty: the cells of two-dimension groupings, where histograms
 * would cost several map entries per ticket in each of dozens of projections (see projection.ts).
 */
export function addMeasures(
  b: Bucket,
  m: TicketMeasures,
  sign: 1 | -1,
  settings: MetricsSettings,
  hour: number,
  histograms = true,
): void {
  b.tickets += sign;
  if (histograms) addHour(b.dist, hour, sign);
  if (m.complaint) b.complaints += sign;
  if (m.calls) for (const c of m.calls) addCall(b, c, sign);
  if (m.callFcr !== undefined) {
    b.callsFcrKnown += sign;
    if (m.callFcr) b.callsFcr += sign;
  }
  if (m.frt) {
    b.responded += sign;
    b.frtWall += sign * m.frt.wallMs;
    b.frtBiz += sign * m.frt.businessMs;
    if (histograms) addDuration(b.dist, series.frt, m.frt.businessMs, sign);
    if (m.frTargetMs !== undefined) {
      b.frTargeted += sign;
      b.frTargetSum += sign * m.frTargetMs;
    }
  }
  if (m.resolution) {
    b.resolved += sign;
    b.resWall += sign * m.resolution.wallMs;
    b.resBiz += sign * m.resolution.businessMs;
    if (histograms) addDuration(b.dist, series.resolution, m.resolution.businessMs, sign);
  }
  if (m.aht) {
    b.aht += sign;
    b.ahtWall += sign * m.aht.wallMs;
    b.ahtBiz += sign * m.aht.businessMs;
    if (histograms) addDuration(b.dist, series.aht, m.aht.businessMs, sign);
  }
  if (m.fcr !== undefined) {
    b.fcrKnown += sign;
    if (m.fcr) b.fcr += sign;
  }
  if (m.botResolved) b.botResolved += sign;
  if (m.frSla === 'met') b.frMet += sign;
  else if (m.frSla === 'breached') b.frBreached += sign;
  if (m.resSla === 'met') b.resMet += sign;
  else if (m.resSla === 'breached') b.resBreached += sign;
  if (m.csat !== undefined) {
    b.csat += sign;
    b.csatSum += sign * m.csat;
    if (m.csat >= settings.satisfiedMin) b.csatSatisfied += sign;
    const i = Math.round(m.csat) - 1;
    if (i >= 0 && i < 5) b.csatScores[i as 0] += sign;
  }
}

/** Field by field (no reflection): this is the inner loop of every query. */
export function mergeInto(into: Bucket, b: Bucket): void {
  into.tickets += b.tickets;
  into.responded += b.responded;
  into.frtWall += b.frtWall;
  into.frtBiz += b.frtBiz;
  into.frTargeted += b.frTargeted;
  into.frTargetSum += b.frTargetSum;
  into.resolved += b.resolved;
  into.resWall += b.resWall;
  into.resBiz += b.resBiz;
  into.aht += b.aht;
  into.ahtWall += b.ahtWall;
  into.ahtBiz += b.ahtBiz;
  into.fcrKnown += b.fcrKnown;
  into.fcr += b.fcr;
  into.botResolved += b.botResolved;
  into.frMet += b.frMet;
  into.frBreached += b.frBreached;
  into.resMet += b.resMet;
  into.resBreached += b.resBreached;
  into.csat += b.csat;
  into.csatSatisfied += b.csatSatisfied;
  into.csatSum += b.csatSum;
  for (let i = 0; i < 5; i++) into.csatScores[i as 0] += b.csatScores[i as 0];
  into.callsOffered += b.callsOffered;
  into.callsAnswered += b.callsAnswered;
  into.callsAnswerWait += b.callsAnswerWait;
  into.callsTargeted += b.callsTargeted;
  into.callsWithinTarget += b.callsWithinTarget;
  into.callsAbandoned += b.callsAbandoned;
  into.callsHandled += b.callsHandled;
  into.callsTalk += b.callsTalk;
  into.callsHold += b.callsHold;
  into.callsWrap += b.callsWrap;
  into.callsFcrKnown += b.callsFcrKnown;
  into.callsFcr += b.callsFcr;
  into.complaints += b.complaints;
  mergeDistribution(into.dist, b.dist);
}

function addCall(b: Bucket, c: CallMeasure, sign: 1 | -1): void {
  b.callsOffered += sign;
  if (c.answerMs !== undefined) {
    b.callsAnswered += sign;
    b.callsAnswerWait += sign * c.answerMs;
  }
  if (c.withinTarget !== undefined) {
    b.callsTargeted += sign;
    if (c.withinTarget) b.callsWithinTarget += sign;
  }
  if (c.abandoned) b.callsAbandoned += sign;
  if (c.handling) {
    b.callsHandled += sign;
    b.callsTalk += sign * c.handling.talkMs;
    b.callsHold += sign * c.handling.holdMs;
    b.callsWrap += sign * c.handling.wrapMs;
  }
}
