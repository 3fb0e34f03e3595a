import type { Policy } from '../config/types.ts';
import type { EventBus } from '../events/bus.ts';
import type { Store } from '../store/types.ts';
import type { Ticket } from '../tickets/types.ts';
import { createMetricsIndex, type MetricsIndex } from './metrics-index.ts';
import { scanTickets } from './scan-store.ts';

/**
 * Builds the metrics index from the store (boot), then keeps it current from the event bus:
 * every event that carries a ticket re-applies it (versions make repeats harmless).
 * Events that arrive during the rebuild are applied too; the newer version wins either way.
 */
export async function attachMetrics(deps: { store: Store; bus: EventBus; policy: () => Policy }): Promise<{ index: MetricsIndex; detach: () => void }> {
  const index = createMetricsIndex({ policy: deps.policy });
  const detach = deps.bus.subscribe('*', (event) => {
    const ticket = (event.data as { ticket?: Ticket }).ticket;
    if (ticket && typeof ticket === 'object' && typeof ticket.id === 'string') index.apply(ticket);
  });
  for await (const ticket of scanTickets(deps.store)) index.apply(ticket);
  return { index, detach };
}
