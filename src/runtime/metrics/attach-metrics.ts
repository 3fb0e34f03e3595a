import type { Policy } from '../../core/policy/types.ts';
import type { EventBus } from '../../core/events/bus.ts';
import type { Store } from '../../store/types.ts';
import { createMetricsIndex, type MetricsIndex } from '../../core/metrics/metrics-index.ts';
import { scanTickets } from './scan-store.ts';
import { coalesced } from '../../core/metrics/coalesced-index.ts';

/**
 * Builds the metrics index from the store (boot), then keeps it current from the event bus:
 * every event that carries a ticket re-applies it (versions make repeats harmless).
 * Events that arrive during the rebuild are applied too; the newer version wins either way.
 * Live changes are applied in batches (see coalesced-index.ts); reads see all of them.
 */
export async function attachMetrics(deps: {
  store: Store;
  bus: EventBus;
  policy: () => Policy;
}): Promise<{ index: MetricsIndex; detach: () => void }> {
  const index = coalesced(createMetricsIndex({ policy: deps.policy }));
  const unsubscribe = deps.bus.subscribe('*', (event) => {
    const ticket = 'ticket' in event ? event.ticket : undefined;
    if (ticket && typeof ticket === 'object' && typeof ticket.id === 'string') index.apply(ticket);
  });
  for await (const ticket of scanTickets(deps.store)) index.apply(ticket);
  index.flush();
  return { index, detach: () => (unsubscribe(), index.stop()) };
}
