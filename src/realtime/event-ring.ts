/**
 * The last events, so a client that reconnects with `sinceSeq` gets exactly what it missed.
 * Bounded by count and by approximate size (`sizeOf`): a few large tickets must not keep
 * gigabytes alive. Older gaps fall back to a snapshot.
 */
export interface EventRing<T extends { seq: number }> {
  push(event: T): void;
  /** Events with seq > `seq` in order, or undefined when some of them are no longer held. */
  since(seq: number): T[] | undefined;
  readonly stats: { events: number; bytes: number };
}

export function createEventRing<T extends { seq: number }>(
  size: number,
  lastSeq: () => number,
  bounds: { maxBytes?: number; sizeOf?: (event: T) => number } = {},
): EventRing<T> {
  const maxBytes = bounds.maxBytes ?? Infinity;
  const sizeOf = bounds.sizeOf ?? (() => 0);
  const items: (T | undefined)[] = new Array(size);
  const sizes = new Float64Array(size);
  let count = 0;
  let head = 0; // index of the next write
  let bytes = 0;
  const dropOldest = () => {
    const tail = (head - count + size) % size;
    bytes -= sizes[tail]!;
    items[tail] = undefined;
    sizes[tail] = 0;
    count--;
  };
  return {
    push(event) {
      const n = sizeOf(event);
      if (count === size) dropOldest();
      items[head] = event;
      sizes[head] = n;
      bytes += n;
      head = (head + 1) % size;
      count++;
      // The newest event stays even alone past the bound: replay then needs no snapshot for it.
      while (bytes > maxBytes && count > 1) dropOldest();
    },
    since(seq) {
      const latest = lastSeq();
      if (seq > latest || seq < 0 || !Number.isInteger(seq)) return undefined;
      if (seq === latest) return [];
      const out: T[] = [];
      for (let i = 0; i < count; i++) {
        const e = items[(head - count + i + size) % size] as T;
        if (e.seq > seq) out.push(e);
      }
      // Complete only when the first held event directly follows `seq`.
      return out.length > 0 && out[0]!.seq === seq + 1 ? out : undefined;
    },
    get stats() {
      return { events: count, bytes };
    },
  };
}
