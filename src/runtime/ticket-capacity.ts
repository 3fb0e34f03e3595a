import type { Ticket } from '../core/model/ticket.ts';
import { checkTicketLimits, type TicketLimits } from '../core/tickets/ticket-limits.ts';
import { rememberJson } from '../store/json-memo.ts';

/**
 * Checks a ticket about to be written against the limits. It is serialised here once and the
 * text remembered, so the store writes that same text instead of serialising it again.
 */
export function checkCapacity(limits: TicketLimits | undefined, before: Ticket | undefined, after: Ticket): void {
  if (!limits) return;
  const json = JSON.stringify(after);
  rememberJson(after, json);
  checkTicketLimits(limits, before, after, json.length);
}
