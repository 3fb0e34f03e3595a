import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index.ts';
import type { ClaimedTimer } from '../../src/store/timer-types.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';

const url = postgresUrl();
const t0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe.skipIf(!url)('postgres timers: each deadline fires once across processes', () => {
  const stores: PostgresStore[] = [];
  let schema = '';
  /** Each store has its own pool: as two runtime processes would. */
  async function processes(count: number): Promise<PostgresStore[]> {
    schema = uniqueSchema('timers');
    const out = Array.from({ length: count }, () => createPostgresStore({ connectionString: url!, schema, max: 3 }));
    for (const s of out) await s.open();
    stores.push(...out);
    return out;
  }
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await dropSchema(url!, schema);
  });

  it('gives concurrent claimers disjoint timers, and together every due one exactly once', async () => {
    const [a, b, c] = await processes(3);
    const due = Array.from({ length: 300 }, (_, i) => ({
      ticketId: `t${i}`,
      kind: i % 2 ? 'resolution.breach' : 'firstResponse.warning',
      dueAt: at(i),
    }));
    const later = { ticketId: 'future', kind: 'resolution.breach', dueAt: at(3_600_000) };
    await a!.cluster.timers.arm([...due, later]);

    const fired = new Map<string, string[]>();
    const sweeper = async (store: PostgresStore, owner: string) => {
      for (;;) {
        const claims = await store.cluster.timers.claimDue(at(1000), 7, owner);
        if (claims.length === 0) return;
        for (const claim of claims)
          fired.set(`${claim.ticketId}/${claim.kind}`, [
            ...(fired.get(`${claim.ticketId}/${claim.kind}`) ?? []),
            owner,
          ]);
        await store.cluster.timers.complete(claims);
      }
    };
    await Promise.all([sweeper(a!, 'A'), sweeper(b!, 'B'), sweeper(c!, 'C'), sweeper(a!, 'A2'), sweeper(b!, 'B2')]);

    expect(fired.size).toBe(300);
    for (const [key, owners] of fired) expect(owners, key).toHaveLength(1);
    // more than one claimer really took part, so the test exercised contention
    expect(new Set([...fired.values()].flat()).size).toBeGreaterThan(1);
    expect(await a!.cluster.timers.list('future')).toEqual([later]);
    expect(await b!.cluster.timers.nextDue(at(1000))).toEqual(later.dueAt);
  });

  it('does not hand a claimed timer to anyone else until its lease runs out', async () => {
    const [a, b] = await processes(2);
    await a!.cluster.timers.arm([{ ticketId: 't1', kind: 'resolution.breach', dueAt: at(0) }]);
    const first = await a!.cluster.timers.claimDue(at(10), 10, 'A', 30_000);
    expect(first.map((c) => c.owner)).toEqual(['A']);
    expect(await b!.cluster.timers.claimDue(at(20), 10, 'B', 30_000)).toEqual([]);
    expect(await b!.cluster.timers.nextDue(at(20))).toBeUndefined();
    // A died without completing: after the lease, B takes over (at least once, never lost)
    const second = await b!.cluster.timers.claimDue(at(30_010), 10, 'B', 30_000);
    expect(second.map((c) => [c.ticketId, c.owner])).toEqual([['t1', 'B']]);
    // A's late completion no longer owns the timer, so it does not delete B's claim
    expect(await a!.cluster.timers.complete(first)).toBe(0);
    expect(await b!.cluster.timers.complete(second)).toBe(1);
    expect(await a!.cluster.timers.list('t1')).toEqual([]);
  });

  it('keeps a timer that was moved while it was being fired, and drops disarmed ones', async () => {
    const [a] = await processes(1);
    await a!.cluster.timers.arm([
      { ticketId: 't1', kind: 'resolution.breach', dueAt: at(0) },
      { ticketId: 't2', kind: 'resolution.breach', dueAt: at(0) },
      { ticketId: 't2', kind: 'firstResponse.breach', dueAt: at(5) },
    ]);
    const claims: ClaimedTimer[] = await a!.cluster.timers.claimDue(at(10), 10, 'A');
    expect(claims).toHaveLength(3);
    // the ticket was paused and resumed meanwhile: its deadline moved
    await a!.cluster.timers.arm([{ ticketId: 't1', kind: 'resolution.breach', dueAt: at(60_000) }]);
    await a!.cluster.timers.disarm('t2', ['firstResponse.breach']);
    expect(await a!.cluster.timers.complete(claims)).toBe(1);
    expect(await a!.cluster.timers.list('t1')).toEqual([
      { ticketId: 't1', kind: 'resolution.breach', dueAt: at(60_000) },
    ]);
    expect(await a!.cluster.timers.list('t2')).toEqual([]);
    await a!.cluster.timers.disarm('t1');
    expect(await a!.cluster.timers.nextDue(at(0))).toBeUndefined();
  });

  it('ignores versioned arms and disarms older than the stored version, so out-of-order writes never move a deadline back', async () => {
    const [a, b] = await processes(2);
    await a!.cluster.timers.arm([{ ticketId: 't1', kind: 'sla', dueAt: at(5_000), version: 4 }]);
    // B's write from version 3 lands late: ignored
    await b!.cluster.timers.arm([{ ticketId: 't1', kind: 'sla', dueAt: at(1_000), version: 3 }]);
    await b!.cluster.timers.disarm('t1', ['sla'], { version: 3 });
    expect(await a!.cluster.timers.list('t1')).toEqual([{ ticketId: 't1', kind: 'sla', dueAt: at(5_000), version: 4 }]);
    // a claim survives a write that changes nothing (same version, same instant), so complete() deletes it
    const claims = await a!.cluster.timers.claimDue(at(6_000), 10, 'A');
    await b!.cluster.timers.arm([{ ticketId: 't1', kind: 'sla', dueAt: at(5_000), version: 4 }]);
    expect(await a!.cluster.timers.complete(claims)).toBe(1);
    // a newer version moves it (and drops any claim); a newer disarm removes it
    await a!.cluster.timers.arm([{ ticketId: 't1', kind: 'sla', dueAt: at(9_000), version: 5 }]);
    await a!.cluster.timers.arm([{ ticketId: 't1', kind: 'sla', dueAt: at(7_000), version: 6 }]);
    expect((await a!.cluster.timers.list('t1')).map((t) => [t.dueAt, t.version])).toEqual([[at(7_000), 6]]);
    await b!.cluster.timers.disarm('t1', ['sla'], { version: 6 });
    expect(await a!.cluster.timers.list('t1')).toEqual([]);
  });

  it('postpones a claim that could not be acted on: nobody takes it before the new instant, anyone after', async () => {
    const [a, b] = await processes(2);
    await a!.cluster.timers.arm([{ ticketId: 't1', kind: 'sla', dueAt: at(0), version: 1 }]);
    const claims = await a!.cluster.timers.claimDue(at(10), 10, 'A', 30_000);
    expect(
      await b!.cluster.timers.postpone(
        claims.map((c) => ({ ...c, owner: 'B' })),
        at(1_010),
      ),
    ).toBe(0); // not B's claim
    expect(await a!.cluster.timers.postpone(claims, at(1_010))).toBe(1);
    expect(await b!.cluster.timers.claimDue(at(1_000), 10, 'B')).toEqual([]);
    expect((await b!.cluster.timers.claimDue(at(1_010), 10, 'B')).map((c) => c.owner)).toEqual(['B']);
  });
});
