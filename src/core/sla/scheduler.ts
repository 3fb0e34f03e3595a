/**
 * The deadline scheduler: one entry per ticket, keyed on its next due instant, in a binary
 * min-heap with lazy deletion (re-arming pushes a new entry and bumps the ticket's generation;
 * stale entries are skipped when they surface). Finding due work costs O(k log n) for k due
 * tickets, never a scan of all open tickets. Pure data structure: no timers, no clock.
 */
export interface DeadlineScheduler {
  /** Sets (or with `undefined`, clears) the ticket's next due instant. */
  arm(id: string, at: number | undefined): void;
  disarm(id: string): void;
  /** Removes and returns the tickets due at or before `now`, earliest first. */
  takeDue(now: number): { id: string; at: number }[];
  /** The earliest armed instant (undefined when empty). */
  nextAt(): number | undefined;
  /** The instant a ticket is armed for. */
  armedAt(id: string): number | undefined;
  /** Tickets armed. */
  readonly size: number;
}

interface Entry {
  at: number;
  id: string;
  gen: number;
}

export function createDeadlineScheduler(): DeadlineScheduler {
  const heap: Entry[] = [];
  const live = new Map<string, { at: number; gen: number }>();
  let gen = 0;

  const less = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.gen < b.gen);
  const up = (i: number) => {
    const e = heap[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, heap[p]!)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = e;
  };
  const down = (i: number) => {
    const e = heap[i]!;
    const n = heap.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && less(heap[c + 1]!, heap[c]!)) c++;
      if (!less(heap[c]!, e)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = e;
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      down(0);
    }
    return top;
  };
  const isStale = (e: Entry) => live.get(e.id)?.gen !== e.gen;
  const dropStale = () => {
    while (heap.length > 0 && isStale(heap[0]!)) pop();
  };
  // Lazy deletion must not let dead entries pile up: rebuild when they are most of the heap.
  const compact = () => {
    if (heap.length < 1024 || heap.length < 2 * live.size) return;
    const kept = heap.filter((e) => !isStale(e));
    heap.length = 0;
    heap.push(...kept);
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  };

  return {
    arm(id, at) {
      if (at === undefined || !Number.isFinite(at)) return this.disarm(id);
      const cur = live.get(id);
      if (cur && cur.at === at) return;
      const entry = { at, id, gen: ++gen };
      live.set(id, { at, gen: entry.gen });
      heap.push(entry);
      up(heap.length - 1);
      compact();
    },
    disarm(id) {
      if (live.delete(id)) compact();
    },
    takeDue(now) {
      const out: { id: string; at: number }[] = [];
      for (dropStale(); heap.length > 0 && heap[0]!.at <= now; dropStale()) {
        const e = pop();
        live.delete(e.id);
        out.push({ id: e.id, at: e.at });
      }
      return out;
    },
    nextAt() {
      dropStale();
      return heap[0]?.at;
    },
    armedAt: (id) => live.get(id)?.at,
    get size() {
      return live.size;
    },
  };
}
