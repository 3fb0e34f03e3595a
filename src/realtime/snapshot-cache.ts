import type { Ticket } from '../core/model/ticket.ts';

/**
 * Snapshots shared by subscribers. Open tickets are read and sorted once per event sequence
 * number, and each finished snapshot (filtered, limited, masked) is kept under its key until
 * the next event: a hundred dashboards subscribing at once cost one read, not a hundred.
 * Concurrent requests for the same key wait for the same work.
 */
export interface SnapshotCache {
  get<T>(key: string, build: (open: readonly Ticket[]) => T): Promise<T>;
}

export function createSnapshotCache(opts: {
  read: () => Promise<Ticket[]>;
  seq: () => number;
  /** Finished snapshots kept per sequence number (default 32). */
  maxKeys?: number;
}): SnapshotCache {
  const maxKeys = opts.maxKeys ?? 32;
  let at = -1;
  let open: Promise<Ticket[]> | undefined;
  let built = new Map<string, Promise<unknown>>();
  const current = () => {
    const seq = opts.seq();
    if (seq !== at || !open) {
      at = seq;
      built = new Map();
      open = opts.read().then((tickets) => [...tickets].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)));
      // a failed read is not kept: the next subscriber tries again
      const failed = open;
      failed.catch(() => {
        if (open === failed) open = undefined;
      });
    }
    return { open, built };
  };
  return {
    get<T>(key: string, build: (open: readonly Ticket[]) => T): Promise<T> {
      const { open: tickets, built: done } = current();
      const hit = done.get(key) as Promise<T> | undefined;
      if (hit) return hit;
      const value = tickets.then(build);
      if (done.size >= maxKeys) done.delete(done.keys().next().value as string);
      done.set(key, value);
      value.catch(() => done.delete(key));
      return value;
    },
  };
}
