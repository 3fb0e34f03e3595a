import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Store, TicketFilter } from '../../src/store/types.ts';
import type { Ticket } from '../../src/core/model/ticket.ts';
import type { ManualClock } from '../../src/core/util/clock.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

export interface StoreUnderTest {
  /** A store not yet opened; the suite opens and closes it. */
  store: Store;
  /** A new, not yet opened instance over the same data (durable stores only). */
  reopen?: () => Promise<Store>;
  /** Removes what the store left behind; the suite has closed every instance first. */
  cleanup: () => Promise<void>;
  /** The clock the store (and every reopened instance) reads; the suite moves it. */
  clock?: ManualClock;
  /** Background upkeep a store does on its own over time (lowdb: a compaction, which archives). */
  maintain?: (store: Store) => Promise<void>;
}

const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 0, n, hour)).toISOString();

function expectedOrder(tickets: Ticket[]): Ticket[] {
  return [...tickets].sort((a, b) =>
    a.createdAt !== b.createdAt
      ? Date.parse(b.createdAt) - Date.parse(a.createdAt)
      : a.id < b.id
        ? 1
        : a.id > b.id
          ? -1
          : 0,
  );
}

function matches(t: Ticket, f: TicketFilter): boolean {
  const anyOf = (list: string[] | undefined, v: string) => !list || list.length === 0 || list.includes(v);
  return (
    anyOf(f.status, t.status) &&
    anyOf(f.group, t.group) &&
    anyOf(f.priority, t.priority) &&
    anyOf(f.channel, t.channel) &&
    (f.assignee === undefined || t.assignee === f.assignee)
  );
}

async function listAll(store: Store, filter: TicketFilter): Promise<Ticket[]> {
  const out: Ticket[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await store.list(cursor === undefined ? filter : { ...filter, cursor });
    if (filter.limit !== undefined) expect(page.items.length).toBeLessThanOrEqual(filter.limit);
    out.push(...page.items);
    if (page.nextCursor === undefined) return out;
    expect(page.items.length).toBeGreaterThan(0);
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

/** The behaviour every Store promises. Run it from each implementation's test file. */
export function runStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: Store;
    const opened: Store[] = [];

    async function openStore(s: Store): Promise<Store> {
      await s.open();
      opened.push(s);
      return s;
    }

    /** Close, then open a fresh instance on the same data; skipped for stores without reopen. */
    async function reopen(): Promise<Store> {
      await store.close();
      store = await openStore(await sut.reopen!());
      return store;
    }

    beforeEach(async () => {
      sut = await makeStore();
      store = await openStore(sut.store);
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await sut.cleanup();
    });

    describe('insert and get', () => {
      it('returns what was inserted', async () => {
        const t = makeTicket({ id: 't1', assignee: 'agent-1', csat: { score: 5, at: day(6) } });
        await store.insert(t);
        expect(await store.get('t1')).toEqual(t);
      });

      it('answers undefined for an unknown id', async () => {
        expect(await store.get('nope')).toBeUndefined();
      });

      it('refuses a duplicate id with SWB_STORE_DUPLICATE and keeps the original', async () => {
        const t = makeTicket({ id: 't1' });
        await store.insert(t);
        await expect(store.insert({ ...t, subject: 'other' })).rejects.toMatchObject({ code: 'SWB_STORE_DUPLICATE' });
        expect((await store.get('t1'))?.subject).toBe(t.subject);
      });

      it('accepts exactly one of two concurrent inserts of the same id', async () => {
        const results = await Promise.allSettled([
          store.insert(makeTicket({ id: 'x' })),
          store.insert(makeTicket({ id: 'x' })),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      });

      it('answers each of a burst of concurrent inserts on its own: the new ones stored, each repeat refused', async () => {
        await store.insert(makeTicket({ id: 'b007', subject: 'first' }));
        const ids = Array.from({ length: 300 }, (_, i) => `b${String(i % 250).padStart(3, '0')}`); // 50 ids twice, b007 already there
        const results = await Promise.allSettled(
          ids.map((id, i) => store.insert(makeTicket({ id, subject: `burst ${i}` }))),
        );
        const refused = results.flatMap((r, i) =>
          r.status === 'rejected' ? [{ id: ids[i]!, code: (r.reason as { code?: string }).code }] : [],
        );
        expect(refused.every((r) => r.code === 'SWB_STORE_DUPLICATE')).toBe(true);
        // refused: b007 (stored before), and the second insert of each of b000..b049
        expect(refused.map((r) => r.id).sort()).toEqual(['b007', ...ids.slice(250)].sort());
        expect((await store.get('b007'))?.subject).toBe('first');
        // the first of two concurrent inserts of an id is the one kept
        expect((await store.get('b010'))?.subject).toBe('burst 10');
        expect((await store.list({ limit: 500 })).items).toHaveLength(250);
      });
    });

    describe('update', () => {
      it('replaces the ticket when the expected version matches', async () => {
        await store.insert(makeTicket({ id: 't1', version: 1 }));
        const next = makeTicket({ id: 't1', version: 2, status: 'open', assignee: 'a1' });
        await store.update(next, 1);
        expect(await store.get('t1')).toEqual(next);
      });

      it('refuses a stale version with SWB_STORE_CONFLICT and keeps the stored ticket', async () => {
        await store.insert(makeTicket({ id: 't1', version: 1 }));
        await store.update(makeTicket({ id: 't1', version: 2, status: 'open' }), 1);
        await expect(store.update(makeTicket({ id: 't1', version: 2, status: 'pending' }), 1)).rejects.toMatchObject({
          code: 'SWB_STORE_CONFLICT',
        });
        expect(await store.get('t1')).toMatchObject({ version: 2, status: 'open' });
      });

      it('lets exactly one of several concurrent updates from the same version win', async () => {
        await store.insert(makeTicket({ id: 't1', version: 1 }));
        const results = await Promise.allSettled(
          ['a', 'b', 'c', 'd'].map((a) => store.update(makeTicket({ id: 't1', version: 2, assignee: a }), 1)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'SWB_STORE_CONFLICT' });
      });

      it('applies updates of one ticket made back to back without waiting, in order', async () => {
        await store.insert(makeTicket({ id: 't1', version: 1 }));
        const writes = [2, 3, 4].map((v) =>
          store.update(makeTicket({ id: 't1', version: v, assignee: `a${v}` }), v - 1),
        );
        await Promise.all(writes);
        expect(await store.get('t1')).toMatchObject({ version: 4, assignee: 'a4' });
      });

      it('answers each of a burst of concurrent updates of different tickets on its own', async () => {
        await Promise.all(Array.from({ length: 60 }, (_, i) => store.insert(makeTicket({ id: `u${i}`, version: 1 }))));
        // even ones from the stored version, odd ones from a stale one, and one unknown ticket
        const results = await Promise.allSettled([
          ...Array.from({ length: 60 }, (_, i) =>
            store.update(makeTicket({ id: `u${i}`, version: i % 2 ? 6 : 2, status: 'open' }), i % 2 ? 5 : 1),
          ),
          store.update(makeTicket({ id: 'ghost', version: 2 }), 1),
        ]);
        const codes = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code?: string }).code));
        expect(codes).toEqual([
          ...Array.from({ length: 60 }, (_, i) => (i % 2 ? 'SWB_STORE_CONFLICT' : 'ok')),
          'SWB_TICKET_NOT_FOUND',
        ]);
        expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
          details: { expectedVersion: 5, actualVersion: 1 },
        });
        expect(await store.get('u2')).toMatchObject({ version: 2, status: 'open' });
        expect(await store.get('u3')).toMatchObject({ version: 1 });
      });

      it('refuses an unknown ticket with SWB_TICKET_NOT_FOUND', async () => {
        await expect(store.update(makeTicket({ id: 'ghost', version: 2 }), 1)).rejects.toMatchObject({
          code: 'SWB_TICKET_NOT_FOUND',
        });
        expect(await store.get('ghost')).toBeUndefined();
      });
    });

    describe('list', () => {
      const seeded = (): Ticket[] => {
        const statuses = ['new', 'open', 'pending', 'resolved', 'closed'];
        const groups = ['support', 'tech', 'vip'];
        const out: Ticket[] = [];
        for (let i = 0; i < 37; i++) {
          out.push(
            makeTicket({
              id: `t${String(i).padStart(3, '0')}`,
              // several tickets share a createdAt, so the id tie-break matters
              createdAt: day(1 + (i % 9), 8 + (i % 2)),
              status: statuses[i % statuses.length]!,
              group: groups[i % groups.length]!,
              priority: `P${i % 4}`,
              channel: i % 2 === 0 ? 'email' : 'chat',
              assignee: i % 3 === 0 ? null : `agent-${i % 4}`,
            }),
          );
        }
        return out;
      };

      it('orders newest first, then by id descending, 50 per page by default', async () => {
        const tickets: Ticket[] = [];
        for (let i = 0; i < 60; i++)
          tickets.push(makeTicket({ id: `n${String(i).padStart(2, '0')}`, createdAt: day(1 + (i % 5)) }));
        await Promise.all(tickets.map((t) => store.insert(t)));
        const page = await store.list();
        expect(page.items.map((t) => t.id)).toEqual(
          expectedOrder(tickets)
            .slice(0, 50)
            .map((t) => t.id),
        );
        expect(page.nextCursor).toBeDefined();
        const rest = await store.list({ cursor: page.nextCursor! });
        expect(rest.items.map((t) => t.id)).toEqual(
          expectedOrder(tickets)
            .slice(50)
            .map((t) => t.id),
        );
        expect(rest.nextCursor).toBeUndefined();
      });

      it('filters by any of the given statuses, groups, priorities, channels and by assignee', async () => {
        const tickets = seeded();
        await Promise.all(tickets.map((t) => store.insert(t)));
        const filters: TicketFilter[] = [
          { status: ['open', 'pending'] },
          { group: ['vip'] },
          { priority: ['P0', 'P3'], channel: ['chat'] },
          { assignee: 'agent-1' },
          { status: ['new'], group: ['support', 'tech'], limit: 500 },
          { status: [] },
          { channel: ['fax'] },
        ];
        for (const f of filters) {
          const want = expectedOrder(tickets.filter((t) => matches(t, f))).map((t) => t.id);
          expect(
            (await listAll(store, { ...f, limit: f.limit ?? 500 })).map((t) => t.id),
            JSON.stringify(f),
          ).toEqual(want);
        }
      });

      it('pages without duplicates or gaps for any filter and page size', async () => {
        const tickets = seeded();
        await Promise.all(tickets.map((t) => store.insert(t)));
        await fc.assert(
          fc.asyncProperty(
            fc.record(
              {
                status: fc.subarray(['new', 'open', 'pending', 'resolved', 'closed']),
                group: fc.subarray(['support', 'tech', 'vip']),
                channel: fc.subarray(['email', 'chat']),
                limit: fc.integer({ min: 1, max: 12 }),
              },
              { requiredKeys: ['limit'] },
            ),
            async (f) => {
              const got = (await listAll(store, f)).map((t) => t.id);
              expect(got).toEqual(expectedOrder(tickets.filter((t) => matches(t, f))).map((t) => t.id));
            },
          ),
          { numRuns: 60 },
        );
      });

      it('keeps paging stable while newer tickets arrive', async () => {
        const tickets = seeded();
        await Promise.all(tickets.map((t) => store.insert(t)));
        const first = await store.list({ limit: 10 });
        await store.insert(makeTicket({ id: 'zz-newest', createdAt: day(28) }));
        const rest = await listAll(store, { limit: 10, cursor: first.nextCursor! });
        const ids = [...first.items, ...rest].map((t) => t.id);
        expect(ids).toEqual(expectedOrder(tickets).map((t) => t.id));
      });

      it('rejects a cursor it did not issue', async () => {
        await expect(store.list({ cursor: 'not a cursor' })).rejects.toMatchObject({ code: 'SWB_API_VALIDATION' });
      });

      it('reflects updates in filters', async () => {
        await store.insert(makeTicket({ id: 't1', status: 'new' }));
        await store.update(makeTicket({ id: 't1', version: 2, status: 'open' }), 1);
        expect((await store.list({ status: ['new'] })).items).toEqual([]);
        expect((await store.list({ status: ['open'] })).items.map((t) => t.id)).toEqual(['t1']);
      });
    });

    describe('openTickets', () => {
      it('returns every ticket that is not closed', async () => {
        await store.insert(makeTicket({ id: 'a', status: 'new' }));
        await store.insert(makeTicket({ id: 'b', status: 'resolved', resolvedAt: day(2) }));
        await store.insert(makeTicket({ id: 'c', status: 'closed', closedAt: day(3) }));
        await store.insert(makeTicket({ id: 'd', status: 'pending' }));
        await store.update(makeTicket({ id: 'd', version: 2, status: 'closed', closedAt: day(4) }), 1);
        expect((await store.openTickets()).map((t) => t.id).sort()).toEqual(['a', 'b']);
      });
    });

    describe('nextSequence', () => {
      it('counts 1, 2, 3 per name', async () => {
        expect([await store.nextSequence('a'), await store.nextSequence('a'), await store.nextSequence('b')]).toEqual([
          1, 2, 1,
        ]);
        expect(await store.nextSequence('a')).toBe(3);
      });

      it('gives 100 concurrent callers exactly 1..100', async () => {
        const values = await Promise.all(Array.from({ length: 100 }, () => store.nextSequence('ticket:20260105')));
        expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      });

      it('numbers concurrent callers of several counters in the order they asked, per counter', async () => {
        await store.nextSequence('b');
        const names = Array.from({ length: 90 }, (_, i) => ['a', 'b', 'c'][i % 3]!);
        const values = await Promise.all(names.map((n) => store.nextSequence(n)));
        for (const [n, first] of [
          ['a', 1],
          ['b', 2],
          ['c', 1],
        ] as const) {
          expect(values.filter((_, i) => names[i] === n)).toEqual(Array.from({ length: 30 }, (_, i) => first + i));
        }
      });
    });

    describe('meta', () => {
      it('stores small values by key', async () => {
        expect(await store.getMeta('routing')).toBeUndefined();
        await store.setMeta('routing', { cursor: 3, agents: ['a', 'b'] });
        await store.setMeta('n', 7);
        expect(await store.getMeta('routing')).toEqual({ cursor: 3, agents: ['a', 'b'] });
        await store.setMeta('routing', { cursor: 4 });
        expect(await store.getMeta('routing')).toEqual({ cursor: 4 });
        expect(await store.getMeta<number>('n')).toBe(7);
      });

      it('keeps the last of concurrent writes of one key, and stores null, strings and deletions', async () => {
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.setMeta('cursor', { at: i })));
        expect(await store.getMeta('cursor')).toEqual({ at: 19 });
        await Promise.all([
          store.setMeta('nothing', null),
          store.setMeta('text', 'a "quoted" \\ word'),
          store.setMeta('gone', 1),
        ]);
        await Promise.all([store.setMeta('gone', undefined), store.setMeta('cursor', { at: 20 })]);
        expect(await store.getMeta('nothing')).toBeNull();
        expect(await store.getMeta('text')).toBe('a "quoted" \\ word');
        expect(await store.getMeta('gone')).toBeUndefined();
        expect(await store.getMeta('cursor')).toEqual({ at: 20 });
      });

      it('returns copies', async () => {
        await store.setMeta('m', { list: [1] });
        const got = await store.getMeta<{ list: number[] }>('m');
        got!.list.push(2);
        expect(await store.getMeta('m')).toEqual({ list: [1] });
      });
    });

    describe('isolation', () => {
      it('copies tickets on the way in and on the way out', async () => {
        const t = makeTicket({ id: 't1' });
        await store.insert(t);
        t.subject = 'changed by caller';
        t.tags.push('sneaky');
        const got = (await store.get('t1'))!;
        expect(got.subject).toBe(makeTicket().subject);
        got.tags.push('mutated');
        got.customer.name = 'Mallory';
        const listed = (await store.list()).items[0]!;
        listed.history.push({ at: day(9), actor: 'x', type: 'y' });
        const open = (await store.openTickets())[0]!;
        open.fields.injected = true;
        expect(await store.get('t1')).toEqual(makeTicket({ id: 't1' }));
      });
    });

    describe('old closed tickets', () => {
      const at = (month: number, d: number, hour = 9) => new Date(Date.UTC(2026, month - 1, d, hour)).toISOString();
      /** 48 tickets over four months: a third closed early, some closed late, the rest still open. */
      const history = (): Ticket[] =>
        Array.from({ length: 48 }, (_, i) => {
          const createdAt = at(1 + (i % 4), 1 + ((i * 7) % 27), 8 + (i % 3));
          const kind = i % 3;
          const closedAt = kind === 0 ? at(1 + (i % 4), 28) : kind === 1 && i % 2 === 0 ? at(6, 10) : undefined;
          return makeTicket({
            id: `h${String(i).padStart(2, '0')}`,
            createdAt,
            updatedAt: closedAt ?? createdAt,
            status: closedAt ? 'closed' : i % 2 === 0 ? 'open' : 'pending',
            group: i % 5 === 0 ? 'vip' : 'support',
            ...(closedAt ? { closedAt } : {}),
          });
        });

      /** Time passes (90 days after the last close) and the store does its upkeep. */
      async function later(s: Store): Promise<void> {
        sut.clock?.set('2026-09-10T00:00:00Z');
        await sut.maintain?.(s);
      }

      it('finds them by id and in every list, paging across recent and old ones', async () => {
        const tickets = history();
        await Promise.all(tickets.map((t) => store.insert(t)));
        await later(store);
        const check = async (s: Store) => {
          for (const t of tickets) expect(await s.get(t.id)).toEqual(t);
          for (const f of [
            {},
            { status: ['closed'] },
            { status: ['closed', 'open'], group: ['vip'] },
            { status: ['pending'] },
            { group: ['support'] },
          ] as TicketFilter[]) {
            const want = expectedOrder(tickets.filter((t) => matches(t, f))).map((t) => t.id);
            for (const limit of [1, 5, 16, 500])
              expect(
                (await listAll(s, { ...f, limit })).map((t) => t.id),
                `${JSON.stringify(f)} by ${limit}`,
              ).toEqual(want);
          }
          expect((await s.openTickets()).map((t) => t.id).sort()).toEqual(
            tickets
              .filter((t) => t.status !== 'closed')
              .map((t) => t.id)
              .sort(),
          );
        };
        await check(store);
        if (sut.reopen) await check(await reopen());
      });

      it('updates one (a late satisfaction score) and keeps exactly one copy of it', async () => {
        const tickets = history();
        await Promise.all(tickets.map((t) => store.insert(t)));
        await later(store);
        const old = tickets[0]!;
        const rated = { ...old, version: 2, csat: { score: 4, at: '2026-09-10T00:00:00.000Z' } };
        const results = await Promise.allSettled([
          store.update(rated, 1),
          store.update({ ...rated, csat: { score: 1, at: rated.csat.at } }, 1),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const winner = results[0]!.status === 'fulfilled' ? rated : { ...rated, csat: { score: 1, at: rated.csat.at } };
        expect(await store.get(old.id)).toEqual(winner);
        await expect(store.update({ ...rated, version: 2 }, 1)).rejects.toMatchObject({ code: 'SWB_STORE_CONFLICT' });
        const closedIds = async (s: Store) => (await listAll(s, { status: ['closed'], limit: 7 })).map((t) => t.id);
        const want = expectedOrder(tickets.filter((t) => t.status === 'closed')).map((t) => t.id);
        expect(await closedIds(store)).toEqual(want);
        await later(store);
        expect(await store.get(old.id)).toEqual(winner);
        expect(await closedIds(store)).toEqual(want);
        if (sut.reopen) {
          const again = await reopen();
          expect(await again.get(old.id)).toEqual(winner);
          expect(await closedIds(again)).toEqual(want);
          await again.update({ ...winner, version: 3, tags: ['late'] }, 2);
          expect((await again.get(old.id))?.version).toBe(3);
        }
      });

      it('refuses a new ticket with the id of an old closed one', async () => {
        const tickets = history();
        await Promise.all(tickets.map((t) => store.insert(t)));
        await later(store);
        await expect(store.insert(makeTicket({ id: tickets[3]!.id }))).rejects.toMatchObject({
          code: 'SWB_STORE_DUPLICATE',
        });
        expect(await store.get(tickets[3]!.id)).toEqual(tickets[3]);
      });
    });

    describe('durability', () => {
      it('keeps a number taken without waiting once a later write it was awaited for is durable', async (ctx) => {
        if (!sut.reopen) ctx.skip();
        const numbers = [
          await store.nextSequence('n', { durable: false }),
          await store.nextSequence('n', { durable: false }),
        ];
        expect(numbers).toEqual([1, 2]);
        await store.insert(makeTicket({ id: 'carries-2', createdAt: day(1) }));
        const again = await reopen();
        expect(await again.nextSequence('n')).toBe(3);
      });

      it('has everything written after close and reopen', async (ctx) => {
        if (!sut.reopen) ctx.skip();
        const tickets = Array.from({ length: 25 }, (_, i) =>
          makeTicket({ id: `r${i}`, createdAt: day(1 + (i % 7)), status: i % 5 === 0 ? 'closed' : 'open' }),
        );
        await Promise.all(tickets.map((t) => store.insert(t)));
        const updated = makeTicket({ ...tickets[3]!, version: 2, assignee: 'agent-9', status: 'pending' });
        await store.update(updated, 1);
        await Promise.all(Array.from({ length: 10 }, () => store.nextSequence('s')));
        await store.setMeta('cursor', { group: 'tech', at: 4 });
        await store.setMeta('gone', 1);
        await store.setMeta('gone', undefined);

        const again = await reopen();
        expect(await again.get('r3')).toEqual(updated);
        const want = tickets.map((t) => (t.id === 'r3' ? updated : t));
        expect(await listAll(again, { limit: 7 })).toEqual(expectedOrder(want));
        expect((await again.openTickets()).length).toBe(20);
        expect(await again.nextSequence('s')).toBe(11);
        expect(await again.getMeta('cursor')).toEqual({ group: 'tech', at: 4 });
        expect(await again.getMeta('gone')).toBeUndefined();
        await expect(again.update(makeTicket({ ...updated, version: 2 }), 1)).rejects.toMatchObject({
          code: 'SWB_STORE_CONFLICT',
        });
        await again.update(makeTicket({ ...updated, version: 3 }), 2);

        const third = await reopen();
        expect((await third.get('r3'))?.version).toBe(3);
      });
    });
  });
}
