import type { TimerStore } from '../../store/timer-types.ts';
import type { Logger } from '../../telemetry/logger.ts';

/** The one shared timer per ticket that the SLA runner keeps (it steps the whole ticket). */
export const slaTimerKind = 'sla';

export interface TimerWriter {
  /** Records a ticket's next due instant (undefined: none) computed from `version`; written soon. */
  set(ticketId: string, version: number | undefined, dueAt: number | undefined): void;
  /**
   * Writes everything set so far; resolves once it is durable, rejects when the database
   * refused (what failed is kept and written again on the next flush).
   */
  flush(): Promise<void>;
}

interface Entry {
  version: number | undefined;
  dueAt: number | undefined;
}

const chunk = 1000;

/**
 * Batches deadline writes to the shared timers table: every set() in one turn of the event loop
 * becomes one INSERT … ON CONFLICT (plus a DELETE per ticket with nothing due). Flushes run one
 * at a time, so this process's writes for a ticket land in the order they were made; between
 * processes the ticket version decides (see TimerStore.arm).
 */
export function createTimerWriter(store: TimerStore, logger: Logger): TimerWriter {
  let pending = new Map<string, Entry>();
  let tail: Promise<void> = Promise.resolve();
  let scheduled = false;

  const write = async () => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      const arms = [...batch].filter(([, e]) => e.dueAt !== undefined);
      for (let i = 0; i < arms.length; i += chunk) {
        await store.arm(
          arms.slice(i, i + chunk).map(([ticketId, e]) => ({
            ticketId,
            kind: slaTimerKind,
            dueAt: new Date(e.dueAt!),
            ...(e.version !== undefined ? { version: e.version } : {}),
          })),
        );
      }
      const disarms = [...batch].filter(([, e]) => e.dueAt === undefined);
      await Promise.all(
        disarms.map(([id, e]) =>
          store.disarm(id, [slaTimerKind], e.version !== undefined ? { version: e.version } : {}),
        ),
      );
    } catch (err) {
      // Keep what failed unless a newer value was set meanwhile; the next flush tries again.
      for (const [id, e] of batch) if (!pending.has(id)) pending.set(id, e);
      throw err;
    }
  };

  const flush = (): Promise<void> => {
    const run = tail.catch(() => undefined).then(write);
    tail = run;
    return run;
  };

  return {
    set(ticketId, version, dueAt) {
      pending.set(ticketId, { version, dueAt });
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        flush().catch((err) =>
          logger.warn('writing SLA deadlines failed; retrying on the next poll', { error: String(err) }),
        );
      });
    },
    flush,
  };
}
