/** A waiting ticket: ordered by priority rank, then SLA due, then arrival, then id. */
export interface QueueEntry {
  id: string;
  group: string;
  rank: number;
  dueMs: number;
  createdMs: number;
}

const before = (a: QueueEntry, b: QueueEntry) =>
  a.rank !== b.rank
    ? a.rank < b.rank
    : a.dueMs !== b.dueMs
      ? a.dueMs < b.dueMs
      : a.createdMs !== b.createdMs
        ? a.createdMs < b.createdMs
        : a.id < b.id;

/** Entries per block: inserts and removes move at most this many (times two) references. */
const blockSize = 256;

/** A sorted line stored as sorted blocks, so a change costs O(log n + block), not a shift of n. */
interface Line {
  blocks: QueueEntry[][];
  size: number;
  /** The line flattened, until the next change. */
  flat: QueueEntry[] | undefined;
}

/** Index of the first entry of `xs` that `e` sorts before or equals. */
function position(xs: readonly QueueEntry[], e: QueueEntry): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(xs[mid]!, e)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The block `e` belongs in: the first whose last entry does not sort before it (else the last). */
function blockOf(line: Line, e: QueueEntry): number {
  let lo = 0;
  let hi = line.blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const block = line.blocks[mid]!;
    if (before(block[block.length - 1]!, e)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Per-group waiting lines kept sorted in blocks: insert and remove are O(log n) comparisons plus
 * a move within one block (a flat array's splice cost ~30-90 µs per change at 30k waiting), and
 * a drain reads the line in order without sorting. The order key is unique (it ends with the
 * id), so an entry is found by binary search too.
 */
export function createTicketQueue() {
  const lines = new Map<string, Line>();
  const byId = new Map<string, QueueEntry>();

  const remove = (id: string) => {
    const e = byId.get(id);
    if (!e) return false;
    const line = lines.get(e.group)!;
    const bi = blockOf(line, e);
    const block = line.blocks[bi]!;
    const i = position(block, e);
    if (block[i]?.id === id) {
      block.splice(i, 1);
      line.size--;
      line.flat = undefined;
      if (block.length === 0) line.blocks.splice(bi, 1);
    }
    byId.delete(id);
    return true;
  };

  const insert = (e: QueueEntry) => {
    let line = lines.get(e.group);
    if (!line) lines.set(e.group, (line = { blocks: [], size: 0, flat: undefined }));
    line.size++;
    line.flat = undefined;
    if (line.blocks.length === 0) {
      line.blocks.push([e]);
      return;
    }
    const bi = blockOf(line, e);
    const block = line.blocks[bi]!;
    block.splice(position(block, e), 0, e);
    if (block.length > 2 * blockSize) line.blocks.splice(bi + 1, 0, block.splice(blockSize));
  };

  return {
    /** Adds or moves an entry (a changed priority, due time or group re-sorts it). */
    put(e: QueueEntry) {
      const old = byId.get(e.id);
      if (old && old.group === e.group && old.rank === e.rank && old.dueMs === e.dueMs && old.createdMs === e.createdMs)
        return;
      if (old) remove(e.id);
      insert(e);
      byId.set(e.id, e);
    },
    remove,
    has: (id: string) => byId.has(id),
    /** The group's waiting line in order (read-only; valid until the queue changes). */
    line(group: string): readonly QueueEntry[] {
      const line = lines.get(group);
      if (!line) return [];
      line.flat ??= line.blocks.length === 1 ? line.blocks[0]!.slice() : line.blocks.flat();
      return line.flat;
    },
    groups: () => [...lines.keys()].filter((g) => (lines.get(g)?.size ?? 0) > 0),
    get size() {
      return byId.size;
    },
  };
}

export type TicketQueue = ReturnType<typeof createTicketQueue>;
