import { describe, expect, it } from 'vitest';
import { createEventRing } from '../../src/realtime/event-ring.ts';

describe('the replay ring', () => {
  it('returns exactly the events after a sequence number while it holds them, else undefined', () => {
    let last = 0;
    const ring = createEventRing<{ seq: number }>(3, () => last);
    for (let i = 1; i <= 5; i++) ring.push({ seq: (last = i) });
    expect(ring.since(5)).toEqual([]);
    expect(ring.since(4)?.map((e) => e.seq)).toEqual([5]);
    expect(ring.since(2)?.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(ring.since(1)).toBeUndefined(); // seq 2 is gone: the client needs a snapshot
    expect(ring.since(9)).toBeUndefined(); // from the future (server restarted)
  });
});
