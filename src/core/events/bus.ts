import type { Clock } from '../util/clock.ts';
import type { EventName, PendingEvent, SwitchboardEvent } from '../tickets/events.ts';

export type Listener = (event: SwitchboardEvent) => void;

export interface EventBus {
  publish(event: PendingEvent): SwitchboardEvent;
  /** `'*'` for every event; returns an unsubscribe function. */
  subscribe(name: EventName | '*', listener: Listener): () => void;
  /** The sequence number of the last published event. */
  readonly lastSeq: number;
}

/**
 * In-process bus. A throwing listener is reported to `onListenerError` and never stops the
 * others or the publisher: a broken dashboard must not fail a ticket write.
 */
export function createEventBus(opts: {
  clock: Clock;
  onListenerError?: (err: unknown, event: SwitchboardEvent) => void;
}): EventBus {
  const listeners = new Map<string, Set<Listener>>();
  let seq = 0;
  return {
    get lastSeq() {
      return seq;
    },
    publish(pending) {
      const event = { ...pending, seq: ++seq, at: opts.clock.now().toISOString() } as SwitchboardEvent;
      for (const key of [pending.type, '*']) {
        for (const l of listeners.get(key) ?? []) {
          try {
            l(event);
          } catch (err) {
            opts.onListenerError?.(err, event);
          }
        }
      }
      return event;
    },
    subscribe(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
