import type { Policy } from '../policy/types.ts';
import type { Ticket } from '../model/ticket.ts';
import { parseDuration } from '../util/duration.ts';

/** One call of a voice channel, as the ticket's fields record it. */
export interface CallMeasure {
  /** Offered → answered by a person (wall ms); absent when nobody answered. */
  answerMs?: number;
  /** Answered within the channel's `answerWithin` (absent without a target or an answer). */
  withinTarget?: boolean;
  /** The caller hung up before anyone answered. */
  abandoned: boolean;
}

const instant = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : undefined);

/**
 * The call of a ticket on a channel with `answerWithin` (the hotline: 20 s), read from the fields
 * `callOfferedAt` (the call reached the queue), `callAnsweredAt` (a person picked up) and
 * `callAbandonedAt` (the caller hung up first). Undefined for tickets that are no such call.
 */
export function measureCall(ticket: Ticket, policy: Policy): CallMeasure | undefined {
  const channel = policy.channels.get(ticket.channel);
  if (!channel?.answerWithin) return undefined;
  const fields = (ticket.fields ?? {}) as Record<string, unknown>;
  const offered = instant(fields.callOfferedAt);
  if (offered === undefined) return undefined;
  const answered = instant(fields.callAnsweredAt);
  if (answered !== undefined && answered >= offered) {
    const answerMs = answered - offered;
    const target = parseDuration(channel.answerWithin);
    return { answerMs, abandoned: false, ...(target !== undefined ? { withinTarget: answerMs <= target } : {}) };
  }
  return { abandoned: instant(fields.callAbandonedAt) !== undefined };
}
