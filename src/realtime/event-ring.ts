/**
 * The last `size` events, so a client that reconnects with `sinceSeq` gets exactly what it
 * missed. Bounded: older gaps fall back to a snapshot.
 */
export interface EventRing<T extends { seq: number }> {
  push(event: T): void;
  /** Events with seq > `seq` in order, or undefined when some of them are no longer held. */
  since(seq: number): T[] | undefined;
}

export function createEventRing<T extends { seq: number }>(size: number, lastSeq: () => number): EventRing<T> {
  const items: (T | undefined)[] = new Array(size);
  let count = 0;
  let head = 0; // index of the next write
  return {
    push(event) {
      items[head] = event;
      head = (head + 1) % size;
      count = Math.min(count + 1, size);
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
  };
}
