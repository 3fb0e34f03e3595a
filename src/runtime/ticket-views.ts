import type { EventBus } from '../core/events/bus.ts';
import type { Ticket } from '../core/model/ticket.ts';
import type { Store } from '../store/types.ts';
import { scanTickets } from './metrics/scan-store.ts';

/** Something kept from ticket versions: it takes each one it is given (older ones change nothing). */
export interface TicketView {
  apply(ticket: Ticket): void;
}

/**
 * Builds views (the metrics aggregates, the task index) from one read of the whole store at
 * boot, then keeps them current from the event bus: every event that carries a ticket re-applies
 * it (versions make repeats harmless). Events that arrive during the read are applied too; the
 * newer version wins either way. Resolves with what stops the updates.
 */
export async function attachTicketViews(
  deps: { store: Store; bus: EventBus },
  views: readonly TicketView[],
): Promise<() => void> {
  const unsubscribe = deps.bus.subscribe('*', (event) => {
    const ticket = 'ticket' in event ? event.ticket : undefined;
    if (ticket && typeof ticket === 'object' && typeof ticket.id === 'string') for (const v of views) v.apply(ticket);
  });
  for await (const ticket of scanTickets(deps.store)) for (const v of views) v.apply(ticket);
  return unsubscribe;
}
