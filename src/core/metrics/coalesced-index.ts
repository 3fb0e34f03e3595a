import type { Ticket } from '../model/ticket.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import type { MetricsIndex } from './metrics-index.ts';

/**
 * Applies ticket changes to a metrics index in batches: changes to one ticket within `delayMs`
 * (intake, then the FAQ's reply, then assignment...) cost one re-projection instead of one each.
 * Every read applies what is pending first, so answers are never stale.
 */
export function coalesced(
  index: MetricsIndex,
  opts: { clock: Clock; delayMs?: number },
): MetricsIndex & { flush(): void; stop(): void } {
  const { clock, delayMs = 100 } = opts;
  let pending = new Map<string, Ticket>();
  let timer: TimerHandle | undefined;
  const flush = () => {
    if (timer) clock.clearTimer(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    for (const t of batch.values()) index.apply(t);
  };
  const read =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      flush();
      return fn(...args);
    };
  return {
    get timezone() {
      return index.timezone;
    },
    get size() {
      flush();
      return index.size;
    },
    apply(ticket) {
      const held = pending.get(ticket.id);
      if (held && held.version > ticket.version) return;
      pending.set(ticket.id, ticket);
      if (!timer) timer = clock.setTimer(flush, delayMs);
    },
    query: read((q) => index.query(q)),
    tasks: read((q) => index.tasks(q)),
    daily: read((from: string, to: string) => index.daily(from, to)),
    daysByDimension: read((dim, from: string, to: string) => index.daysByDimension(dim, from, to)),
    versionOf: read((id: string) => index.versionOf(id)),
    save: read((o?: { pieceChars?: number }) => index.save(o)),
    flush,
    stop: flush,
  };
}
