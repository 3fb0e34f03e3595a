import type { CallEvent, CallEventType, TicketCall } from './call-event.ts';

/** The instants of one call, read from its events (ms since the epoch). */
export interface CallTimeline {
  offered?: number;
  answered?: number;
  ended?: number;
  abandoned?: number;
  wrapupEnded?: number;
  /** Held → resumed spans; a hold still open at the end of the call closes there. */
  holds: { from: number; to?: number }[];
}

const first = (events: readonly CallEvent[], type: CallEventType) => {
  const e = events.find((x) => x.type === type);
  return e ? Date.parse(e.at) : undefined;
};

/** Reads a call's events in time order: whatever order they arrived in, the same timeline. */
export function callTimeline(call: Pick<TicketCall, 'events'>): CallTimeline {
  const events = [...call.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const holds: CallTimeline['holds'] = [];
  for (const e of events) {
    const open = holds.at(-1);
    if (e.type === 'held' && (!open || open.to !== undefined)) holds.push({ from: Date.parse(e.at) });
    else if (e.type === 'resumed' && open && open.to === undefined) open.to = Date.parse(e.at);
  }
  const t: CallTimeline = { holds };
  const set = (key: Exclude<keyof CallTimeline, 'holds'>, type: CallEventType) => {
    const at = first(events, type);
    if (at !== undefined) t[key] = at;
  };
  set('offered', 'offered');
  set('answered', 'answered');
  set('ended', 'ended');
  set('abandoned', 'abandoned');
  set('wrapupEnded', 'wrapup-ended');
  return t;
}

/**
 * Talk, hold and wrap-up of an answered call that ended (undefined otherwise): hold is the sum
 * of its hold spans between answer and end, talk the rest of answer → end, wrap-up end → wrap-up
 * ended (0 until the wrap-up ended event arrives).
 */
export function handlingTimes(t: CallTimeline): { talkMs: number; holdMs: number; wrapMs: number } | undefined {
  if (t.answered === undefined || t.ended === undefined) return undefined;
  const { answered, ended } = t;
  let holdMs = 0;
  for (const h of t.holds) {
    const from = Math.max(h.from, answered);
    const to = Math.min(h.to ?? ended, ended);
    if (to > from) holdMs += to - from;
  }
  const wrapMs = t.wrapupEnded !== undefined ? Math.max(0, t.wrapupEnded - ended) : 0;
  return { talkMs: ended - answered - holdMs, holdMs, wrapMs };
}
