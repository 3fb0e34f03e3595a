import type { EventBus } from '../core/events/bus.ts';
import type { Ticket } from '../core/model/ticket.ts';

/** Something kept from ticket versions: it takes each one it is given (older ones change nothing). */
export interface TicketView {
  apply(ticket: Ticket): void;
}

/**
 * Starts views (the metrics aggregates, the task index) and keeps them current from the event
 * bus: every event that carries a ticket re-applies it (versions make repeats harmless). `start`
 * makes the views and says which tickets to read into them: every stored ticket for a rebuild,
 * or those changed since the views were saved. Events that arrive meanwhile are held and
 * applied once the views exist; the newer version wins either way. Resolves with what stops
 * the updates.
 */
export async function attachTicketViews<V extends readonly TicketView[]>(
  bus: EventBus,
  start: () => Promise<{ views: V; tickets: AsyncIterable<Ticket | Ticket[]> }>,
): Promise<{ views: V; detach: () => void }> {
  let views: V | undefined;
  const held: Ticket[] = [];
  const unsubscribe = bus.subscribe('*', (event) => {
    const ticket = 'ticket' in event ? event.ticket : undefined;
    if (!ticket || typeof ticket !== 'object' || typeof ticket.id !== 'string') return;
    if (!views) held.push(ticket);
    else for (const v of views) v.apply(ticket);
  });
  try {
    const started = await start();
    views = started.views;
    for (const t of held.splice(0)) for (const v of started.views) v.apply(t);
    for await (const item of started.tickets)
      for (const t of Array.isArray(item) ? item : [item]) for (const v of started.views) v.apply(t);
    return { views: started.views, detach: unsubscribe };
  } catch (e) {
    unsubscribe();
    throw e;
  }
}
