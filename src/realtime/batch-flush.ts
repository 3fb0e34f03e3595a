import type { Namespace, Socket } from 'socket.io';

/** What the flusher needs of a batching client: its socket, its queue, and whether it waits on a snapshot. */
export interface BatchingClient<E> {
  socket: Socket;
  queue: E[];
  paused: boolean;
}

/**
 * Batching clients flush together, once per window. Clients whose batches hold the very same
 * payloads (same filter outcome, same masking: wall dashboards) get one emit to all of them,
 * which socket.io encodes once instead of once per socket.
 */
export function createBatchFlusher<E extends object>(nsp: Namespace, batchMs: number) {
  const waiting = new Set<BatchingClient<E>>();
  let timer: NodeJS.Timeout | undefined;
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  const idOf = (e: object) => {
    let id = ids.get(e);
    if (id === undefined) ids.set(e, (id = nextId++));
    return id;
  };
  const flush = () => {
    timer = undefined;
    const groups = new Map<string, { sockets: Socket[]; events: E[] }>();
    for (const c of waiting) {
      if (c.paused || c.queue.length === 0) continue;
      const key = c.queue.map(idOf).join(',');
      const g = groups.get(key);
      if (g) g.sockets.push(c.socket);
      else groups.set(key, { sockets: [c.socket], events: c.queue });
      c.queue = [];
    }
    waiting.clear();
    for (const g of groups.values()) {
      if (g.sockets.length === 1) g.sockets[0]!.emit('batch', { events: g.events });
      // `local`: this process's sockets only, never through the cluster adapter
      else nsp.local.to(g.sockets.map((s) => s.id)).emit('batch', { events: g.events });
    }
  };
  return {
    /** The client has queued events: they go out at the end of the current window. */
    add(c: BatchingClient<E>) {
      waiting.add(c);
      timer ??= setTimeout(flush, batchMs);
    },
    remove: (c: BatchingClient<E>) => void waiting.delete(c),
    stop() {
      if (timer) clearTimeout(timer);
    },
  };
}
