import { describe, expect, it } from 'vitest';
import { catchUpAfterJoin } from '../../src/runtime/cluster-views.ts';
import type { ChangeFeed } from '../../src/store/shared-records.ts';
import type { Ticket } from '../../src/core/model/ticket.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

/** A feed over a list of tickets, recording the marks it was read from. */
const feedOf = (tickets: Ticket[]) => {
  const reads: string[] = [];
  const feed: ChangeFeed = {
    mark: async () => 'm1',
    async *since(mark) {
      reads.push(mark);
      // two pages
      yield tickets.slice(0, 1);
      if (tickets.length > 1) yield tickets.slice(1);
    },
  };
  return { feed, reads };
};
const fast = { pollMs: 2, settleMs: 2, waitMs: 200, logger: silentLogger };

describe('catching up when joining other processes', () => {
  it('reads the changes since its mark once another process has answered, and applies each', async () => {
    const { feed, reads } = feedOf([makeTicket({ id: 'a' }), makeTicket({ id: 'b' })]);
    let counted = 0;
    const applied: string[] = [];
    const c = catchUpAfterJoin({
      ...fast,
      feed,
      mark: 'm0',
      serverCount: async () => (++counted >= 3 ? 2 : 1),
      apply: (t) => applied.push(t.id),
    });
    expect(await c.done).toBe(2);
    expect(reads).toEqual(['m0']);
    expect(applied).toEqual(['a', 'b']);
    expect(counted).toBe(3); // stopped asking once answered
  });

  it('reads nothing when nobody answers: a process alone wrote everything since its mark itself', async () => {
    const { feed, reads } = feedOf([makeTicket({ id: 'a' })]);
    let asked = 0;
    const c = catchUpAfterJoin({
      ...fast,
      waitMs: 20,
      feed,
      mark: 'm0',
      serverCount: async () => (asked++, 1),
      apply: () => undefined,
    });
    expect(await c.done).toBe(0);
    expect(reads).toEqual([]);
    expect(asked).toBeGreaterThan(1);
  });

  it('reads nothing once stopped (the process is closing), and a failed read is reported, not thrown', async () => {
    const { feed, reads } = feedOf([makeTicket({ id: 'a' })]);
    const c = catchUpAfterJoin({
      ...fast,
      waitMs: 10_000,
      feed,
      mark: 'm0',
      serverCount: async () => 1,
      apply: () => undefined,
    });
    c.stop();
    expect(await c.done).toBe(0);
    expect(reads).toEqual([]);

    const warned: string[] = [];
    const broken: ChangeFeed = {
      mark: async () => 'm',
      // biome-ignore lint/correctness/useYield: a feed that fails on its first read
      async *since() {
        throw new Error('connection lost');
      },
    };
    const d = catchUpAfterJoin({
      ...fast,
      logger: { ...silentLogger, warn: (msg: string) => void warned.push(msg) },
      feed: broken,
      mark: 'm0',
      serverCount: async () => 2,
      apply: () => undefined,
    });
    expect(await d.done).toBe(0);
    expect(warned[0]).toMatch(/catching up .* failed/);
  });
});
