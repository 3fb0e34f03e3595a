import { createManualClock } from '../../src/core/util/clock.ts';
import { describe, expect, it } from 'vitest';
import { coalesced } from '../../src/core/metrics/coalesced-index.ts';
import type { MetricsIndex } from '../../src/core/metrics/metrics-index.ts';
import type { Ticket } from '../../src/core/model/ticket.ts';

/** An index that records what reaches it. */
function recorder() {
  const applied: [string, number][] = [];
  const inner: MetricsIndex = {
    timezone: 'UTC',
    get size() {
      return new Set(applied.map(([id]) => id)).size;
    },
    apply: (t) => void applied.push([t.id, t.version]),
    query: (q) => ({
      from: q.from,
      to: q.to,
      timezone: 'UTC',
      groupBy: [],
      totals: { key: {}, backlog: applied.length } as never,
      groups: [],
    }),
    daily: () => [],
    daysByDimension: () => [],
    tasks: (q) => ({ from: q.from, to: q.to, timezone: 'UTC', groupBy: [], totals: {} as never, groups: [] }),
    versionOf: (id) => applied.findLast(([a]) => a === id)?.[1],
    save: () => applied.map(([id, v]) => `${id}@${v}`),
  };
  return { inner, applied };
}
const t = (id: string, version: number) => ({ id, version }) as Ticket;

describe('metrics changes applied in batches', () => {
  it('applies only the newest version of each ticket, and every read sees all changes', () => {
    const { inner, applied } = recorder();
    const index = coalesced(inner, { clock: createManualClock('2026-11-30T00:00:00Z'), delayMs: 60_000 });
    index.apply(t('a', 1));
    index.apply(t('a', 2));
    index.apply(t('b', 1));
    index.apply(t('a', 1)); // a late, older copy is ignored
    expect(applied).toEqual([]);
    const result = index.query({ from: '2026-11-01', to: '2026-11-30' });
    expect(applied).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(result.totals.backlog).toBe(2);
    index.apply(t('b', 2));
    expect(index.size).toBe(2);
    expect(applied).toEqual([
      ['a', 2],
      ['b', 1],
      ['b', 2],
    ]);
    index.stop();
  });

  it('applies pending changes by itself after the delay, by the injected clock', async () => {
    const { inner, applied } = recorder();
    const clock = createManualClock('2026-11-30T00:00:00Z');
    const index = coalesced(inner, { clock, delayMs: 100 });
    index.apply(t('a', 1));
    await clock.advance(99);
    expect(applied).toEqual([]);
    await clock.advance(1);
    expect(applied).toEqual([['a', 1]]);
  });

  it('saves and answers versions with the pending changes applied (a save never misses a change it was given)', () => {
    const { inner } = recorder();
    const index = coalesced(inner, { clock: createManualClock('2026-11-30T00:00:00Z'), delayMs: 60_000 });
    index.apply(t('a', 1));
    expect(index.versionOf('a')).toBe(1);
    index.apply(t('a', 2));
    expect(index.save()).toEqual(['a@1', 'a@2']);
    index.stop();
  });
});
