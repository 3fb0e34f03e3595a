import type { Ticket } from '../core/model/ticket.ts';
import { checkTicketLimits, type TicketLimits } from '../core/tickets/ticket-limits.ts';
import type { Store } from '../store/types.ts';

/** At most what the ticket's JSON takes: every text appears in it at least whole. */
const textLength = (t: Ticket) => {
  let n = t.description?.length ?? 0;
  for (const r of t.replies) n += r.body.length;
  return n;
};

/**
 * Checks a ticket about to be written against the limits. It is serialised here once and the
 * text remembered, so the store writes that same text instead of serialising it again; a ticket
 * whose texts alone pass the byte limit is refused without serialising it at all.
 */
export function checkCapacity(
  limits: TicketLimits | undefined,
  before: Ticket | undefined,
  after: Ticket,
  store?: Pick<Store, 'rememberJson'>,
): void {
  if (!limits) return;
  const texts = textLength(after);
  if (texts > limits.maxTicketBytes) checkTicketLimits(limits, before, after, texts);
  const json = JSON.stringify(after);
  store?.rememberJson?.(after, json);
  checkTicketLimits(limits, before, after, json.length);
}
