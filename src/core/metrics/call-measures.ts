import type { Policy } from '../policy/types.ts';
import type { Ticket } from '../model/ticket.ts';
import { parseDuration } from '../util/duration.ts';
import { callTimeline, handlingTimes, type CallTimeline } from '../calls/call-timeline.ts';

/** One call of a voice channel, measured. */
export interface CallMeasure {
  /** Offered → answered by a person (wall ms); absent when nobody answered. */
  answerMs?: number;
  /** Answered within the channel's `answerWithin` (absent without a target or an answer). */
  withinTarget?: boolean;
  /** The caller hung up before anyone answered. */
  abandoned: boolean;
  /** Answered and ended: talk (answer → end minus hold), hold, and wrap-up after the end. */
  handling?: { talkMs: number; holdMs: number; wrapMs: number };
}

const instant = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : undefined);

function measureTimeline(t: CallTimeline, answerWithin: string | undefined): CallMeasure | undefined {
  if (t.offered === undefined) return undefined;
  const handling = handlingTimes(t);
  if (t.answered !== undefined && t.answered >= t.offered) {
    const answerMs = t.answered - t.offered;
    const target = answerWithin ? parseDuration(answerWithin) : undefined;
    return {
      answerMs,
      abandoned: false,
      ...(target !== undefined ? { withinTarget: answerMs <= target } : {}),
      ...(handling ? { handling } : {}),
    };
  }
  return { abandoned: t.abandoned !== undefined };
}

/** The call the fields `callOfferedAt`, `callAnsweredAt`, `callAbandonedAt` describe, as a timeline. */
function fieldTimeline(ticket: Ticket): CallTimeline {
  const fields = (ticket.fields ?? {}) as Record<string, unknown>;
  const t: CallTimeline = { holds: [] };
  const offered = instant(fields.callOfferedAt);
  const answered = instant(fields.callAnsweredAt);
  const abandoned = instant(fields.callAbandonedAt);
  if (offered !== undefined) t.offered = offered;
  if (answered !== undefined) t.answered = answered;
  if (abandoned !== undefined) t.abandoned = abandoned;
  return t;
}

/**
 * The calls a ticket records, measured. A ticket with call events (`calls`, from
 * POST /api/calls/events) is measured from them, each call against its channel's `answerWithin`;
 * a ticket of a channel with `answerWithin` and no call events from its fields `callOfferedAt`,
 * `callAnsweredAt` and `callAbandonedAt`. Calls without an `offered` event are not counted yet.
 */
export function measureCalls(ticket: Ticket, policy: Policy): CallMeasure[] {
  if (ticket.calls?.length) {
    const out: CallMeasure[] = [];
    for (const call of ticket.calls) {
      const m = measureTimeline(callTimeline(call), policy.channels.get(call.channel)?.answerWithin);
      if (m) out.push(m);
    }
    return out;
  }
  const answerWithin = policy.channels.get(ticket.channel)?.answerWithin;
  if (!answerWithin) return [];
  const m = measureTimeline(fieldTimeline(ticket), answerWithin);
  return m ? [m] : [];
}

/**
 * First-call resolution of a ticket with call events: known once the ticket is resolved and one
 * of its calls was answered; true when exactly one call was offered, it was answered, the
 * customer wrote no reply after it was offered, and the ticket was never reopened.
 */
export function firstCallResolution(ticket: Ticket, resolved: boolean, reopened: boolean): boolean | undefined {
  if (!resolved || !ticket.calls?.length) return undefined;
  const timelines = ticket.calls.map(callTimeline).filter((t) => t.offered !== undefined);
  if (!timelines.some((t) => t.answered !== undefined)) return undefined;
  if (timelines.length !== 1 || timelines[0]!.answered === undefined) return false;
  const offered = timelines[0]!.offered!;
  const customerLater = ticket.replies.some(
    (r) => !r.internal && r.author.type === 'customer' && Date.parse(r.at) > offered,
  );
  return !customerLater && !reopened;
}
