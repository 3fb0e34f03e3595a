/** A waiting ticket: ordered by priority rank, then SLA due, then arrival, then id. */
export interface QueueEntry {
  id: string;
  group: string;
  rank: number;
  dueMs: number;
  createdMs: number;
}

const before = (a: QueueEntry, b: QueueEntry) =>
  a.rank !== b.rank ? a.rank < b.rank : a.dueMs !== b.dueMs ? a.dueMs < b.dueMs : a.createdMs !== b.createdMs ? a.createdMs < b.createdMs : a.id < b.id;

/**
 * Per-group waiting lines kept sorted (binary search + splice): insert and remove are
 * O(log n) comparisons plus one memmove, and a drain reads the line in order without sorting.
 * The order key is unique (it ends with the id), so an entry is found by binary search too.
 */
export function createTicketQueue() {
  const lines = new Map<string, QueueEntry[]>();
  const byId = new Map<string, QueueEntry>();

  const position = (line: QueueEntry[], e: QueueEntry) => {
    let lo = 0;
    let hi = line.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(line[mid] as QueueEntry, e)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const remove = (id: string) => {
    const e = byId.get(id);
    if (!e) return false;
    const line = lines.get(e.group) as QueueEntry[];
    const i = position(line, e);
    if (line[i]?.id === id) line.splice(i, 1);
    byId.delete(id);
    return true;
  };

  return {
    /** Adds or moves an entry (a changed priority, due time or group re-sorts it). */
    put(e: QueueEntry) {
      const old = byId.get(e.id);
      if (old && old.group === e.group && old.rank === e.rank && old.dueMs === e.dueMs && old.createdMs === e.createdMs) return;
      if (old) remove(e.id);
      let line = lines.get(e.group);
      if (!line) lines.set(e.group, (line = []));
      line.splice(position(line, e), 0, e);
      byId.set(e.id, e);
    },
    remove,
    has: (id: string) => byId.has(id),
    /** The group's waiting line in order (a live view: copy before changing the queue). */
    line: (group: string): readonly QueueEntry[] => lines.get(group) ?? [],
    groups: () => [...lines.keys()].filter((g) => (lines.get(g)?.length ?? 0) > 0),
    get size() {
      return byId.size;
    },
  };
}

export type TicketQueue = ReturnType<typeof createTicketQueue>;
