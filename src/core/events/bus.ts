import type { Clock } from '../util/clock.ts';
import type { EventName, PendingEvent, ShadowedEnvelopeField, SwitchboardEvent } from '../tickets/events.ts';

export type Listener<K extends EventName = EventName> = (event: SwitchboardEvent<K>) => void;

export interface EventBus {
  publish(event: PendingEvent): SwitchboardEvent;
  /** One event name or `'*'` for every event; returns an unsubscribe function. */
  subscribe<K extends EventName = EventName>(name: K | '*', listener: Listener<K>): () => void;
  /** The sequence number of the last published event. */
  readonly lastSeq: number;
}

// A payload field named type, seq or at would be overwritten by the envelope.
const envelopeIsFree: [ShadowedEnvelopeField] extends [never] ? true : false = true;
void envelopeIsFree;

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
      const event = {
        type: pending.type,
        seq: ++seq,
        at: opts.clock.now().toISOString(),
        ...pending.data,
      } as SwitchboardEvent;
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
      const l = listener as Listener;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
