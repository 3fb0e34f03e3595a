import type { Ticket } from '../core/model/ticket.ts';
import type { Store } from '../store/types.ts';

/**
 * While the runtime starts, routing (its load book), the policy guard and the SLA runner (its
 * timers) each read every open ticket, and reading means parsing each one: on a large store,
 * seconds apiece. During boot they share one read, until the first ticket write (after which a
 * reader must see the change) or `release()` at the end of boot (after which nothing holds the
 * parsed tickets). The readers only look at the tickets they are handed.
 */
export function shareOpenTicketsDuringBoot(store: Store): { store: Store; release(): void } {
  let booting = true;
  let shared: Promise<Ticket[]> | undefined;
  const openTickets = () => {
    if (!booting) return store.openTickets();
    shared ??= store.openTickets();
    return shared;
  };
  const forgetting =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      shared = undefined;
      return write(...args);
    };
  const insert = forgetting(store.insert.bind(store));
  const update = forgetting(store.update.bind(store));
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (booting) {
        if (prop === 'openTickets') return openTickets;
        if (prop === 'insert') return insert;
        if (prop === 'update') return update;
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return {
    store: wrapped,
    release() {
      booting = false;
      shared = undefined;
    },
  };
}
