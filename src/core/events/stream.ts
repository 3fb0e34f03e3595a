import type { EventBus } from './bus.ts';
import type { EventName, SwitchboardEvent } from '../tickets/events.ts';

/**
 * The bus as an async iterator: `for await (const e of events.stream(['ticket.created']))`.
 * Events are buffered (up to `maxBuffer`, oldest dropped first) until read; breaking out of
 * the loop unsubscribes.
 */
export function streamEvents<K extends EventName>(
  bus: EventBus,
  names?: readonly K[],
  opts: { maxBuffer?: number } = {},
): AsyncIterableIterator<SwitchboardEvent<K>> {
  const max = opts.maxBuffer ?? 10_000;
  const buffer: SwitchboardEvent<K>[] = [];
  let waiting: ((r: IteratorResult<SwitchboardEvent<K>>) => void) | undefined;
  let done = false;
  const wanted = names ? new Set<string>(names) : undefined;
  const unsubscribe = bus.subscribe('*', (event) => {
    if (done || (wanted && !wanted.has(event.type))) return;
    const e = event as unknown as SwitchboardEvent<K>;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: e, done: false });
    } else {
      buffer.push(e);
      if (buffer.length > max) buffer.shift();
    }
  });
  const finish = (): Promise<IteratorResult<SwitchboardEvent<K>>> => {
    done = true;
    unsubscribe();
    buffer.length = 0;
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      const value = buffer.shift();
      if (value) return Promise.resolve({ value, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: finish,
  };
}
