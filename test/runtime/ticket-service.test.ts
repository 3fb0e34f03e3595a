import { beforeAll, describe, expect, it } from 'vitest';
import { createTicketService, type TicketService } from '../../src/runtime/ticket-service.ts';
import type { Policy } from '../../src/core/policy/types.ts';
import { SwitchboardError } from '../../src/core/errors/index.ts';
import { createEventBus } from '../../src/core/events/bus.ts';
import type { SwitchboardEvent } from '../../src/core/tickets/events.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { Store } from '../../src/store/types.ts';
import type { TicketInput } from '../../src/core/model/ticket.ts';
import { createManualClock, type ManualClock } from '../../src/core/util/clock.ts';
import { createSequentialIds } from '../../src/core/util/ids.ts';
import { addTags } from '../../src/core/operations/ticket-actions.ts';
import { loadBasePolicy } from '../helpers/base-policy.ts';

const T0 = '2026-01-05T09:00:00.000Z'; // 17:00 on 5 January in Asia/Shanghai

let policy: Policy;
beforeAll(async () => {
  policy = await loadBasePolicy();
});

interface Setup {
  service: TicketService;
  store: Store;
  clock: ManualClock;
  events: SwitchboardEvent[];
  /** Store writes and published events, in the order they happened. */
  log: string[];
}

/** A service over a memory store; `wrap` may replace store methods (e.g. a failing insert). */
async function setup(wrap: (store: Store) => Store = (s) => s): Promise<Setup> {
  const clock = createManualClock(T0);
  const inner = createMemoryStore();
  await inner.open();
  const log: string[] = [];
  const logged: Store = {
    ...inner,
    async insert(ticket) {
      await inner.insert(ticket);
      log.push(`insert ${ticket.id}`);
    },
    async update(ticket, expected) {
      await inner.update(ticket, expected);
      log.push(`update ${ticket.id} v${ticket.version}`);
    },
  };
  const store = wrap(logged);
  const bus = createEventBus({ clock });
  const events: SwitchboardEvent[] = [];
  bus.subscribe('*', (e) => {
    events.push(e);
    log.push(`event ${e.type}`);
  });
  const service = createTicketService({ store, clock, ids: createSequentialIds(), bus, policy: () => policy });
  await service.start();
  return { service, store, clock, events, log };
}

const inquiry = (subject = '请问如何注册企业账号?'): TicketInput => ({
  channel: 'email',
  subject,
  customer: { id: 'cus_1', name: '李女士' },
});

async function rejection(promise: Promise<unknown>): Promise<SwitchboardError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SwitchboardError);
  return err as SwitchboardError;
}

describe('ticket service: create and read', () => {
  it('create → get returns the stored ticket', async () => {
    const { service } = await setup();
    const { ticket, trace } = await service.create(inquiry());
    expect(ticket).toMatchObject({
      id: 't_1',
      version: 1,
      status: 'new',
      category: 'inquiry/account',
      group: 'product-support',
      assignee: 'chen',
    });
    expect(trace.length).toBeGreaterThan(0);
    expect(await service.get(ticket.id)).toEqual(ticket);
    expect((await service.list()).items.map((t) => t.id)).toEqual(['t_1']);
  });

  it('get of an unknown id → SWB_TICKET_NOT_FOUND', async () => {
    const { service } = await setup();
    expect((await rejection(service.get('t_404'))).code).toBe('SWB_TICKET_NOT_FOUND');
  });

  it('numbers tickets by local date and daily sequence in the policy time zone', async () => {
    const { service, clock } = await setup();
    const a = await service.create(inquiry());
    const b = await service.create(inquiry());
    expect([a.ticket.number, b.ticket.number]).toEqual(['20260105001', '20260105002']);
    // 17:00Z on 5 January is already 01:00 on 6 January in Asia/Shanghai: a new day, a new sequence
    clock.set('2026-01-05T17:00:00.000Z');
    const c = await service.create(inquiry());
    expect(c.ticket.number).toBe('20260106001');
    // a ticket that arrived earlier (createdAt) is numbered on its arrival day
    const d = await service.create({ ...inquiry(), createdAt: '2026-01-05T15:30:00.000Z' });
    expect(d.ticket.number).toBe('20260105003');
  });

  it('the round-robin cursor persists across tickets and survives a restart of the service', async () => {
    const { service, store, clock } = await setup();
    const picks = [];
    for (let i = 0; i < 2; i++) picks.push((await service.create(inquiry())).ticket.assignee);
    const seq = createSequentialIds();
    const restarted = createTicketService({
      store,
      clock,
      ids: (prefix) => `${seq(prefix)}_after_restart`,
      bus: createEventBus({ clock }),
      policy: () => policy,
    });
    await restarted.start();
    const next = await restarted.create({ ...inquiry(), customer: { id: 'cus_2' } });
    expect([...picks, next.ticket.assignee]).toEqual(['chen', 'sun', 'zhou']);
  });
});

describe('ticket service: durable, then publish', () => {
  it('publishes ticket.created and ticket.assigned, in order, after the store write', async () => {
    const { service, events, log } = await setup();
    const { ticket } = await service.create(inquiry());
    expect(log).toEqual(['insert t_1', 'event ticket.created', 'event ticket.assigned']);
    expect(events.map((e) => [e.type, e.seq])).toEqual([
      ['ticket.created', 1],
      ['ticket.assigned', 2],
    ]);
    const created = events[0];
    expect(created?.type === 'ticket.created' && created.ticket).toEqual(ticket);
  });

  it('a change publishes its events only after the update is stored', async () => {
    const { service, log, clock } = await setup();
    await service.create(inquiry());
    await clock.advance(60_000);
    await service.reply('t_1', { author: { type: 'agent', id: 'chen' }, body: '您好' });
    expect(log.slice(3)).toEqual([
      'update t_1 v2',
      'event sla.met', // the first response
      'event sla.met', // the interim target (periodicUpdate)
      'event ticket.replied',
      'event ticket.updated',
    ]);
  });

  it('when the store refuses the insert: the error propagates, nothing is published, nothing is stored', async () => {
    const boom = new Error('disk full');
    const { service, events, store } = await setup((s) => ({ ...s, insert: () => Promise.reject(boom) }));
    await expect(service.create(inquiry())).rejects.toBe(boom);
    expect(events).toEqual([]);
    expect((await store.list()).items).toEqual([]);
  });

  it("andThen: the follow-up is stored with the ticket in one insert; its events follow the create's", async () => {
    const { service, log, store } = await setup();
    let companion = false;
    const { ticket } = await service.create(inquiry(), {
      andThen: (t, p, now) => ({
        ...addTags(t, ['vip-check'], { now, policy: p, actor: 'test' }),
        alsoWrite: async () => void (companion = true),
      }),
    });
    expect(ticket.tags).toContain('vip-check');
    expect(companion).toBe(true);
    expect(log.filter((l) => !l.startsWith('event'))).toEqual([`insert ${ticket.id}`]);
    expect(log.indexOf('event ticket.created')).toBeLessThan(log.lastIndexOf('event ticket.updated'));
    expect((await store.get(ticket.id))?.tags).toContain('vip-check');
  });

  it('andThen throwing: the create fails, nothing is stored or published', async () => {
    const { service, events, store } = await setup();
    const boom = new Error('follow-up failed');
    await expect(
      service.create(inquiry(), {
        andThen: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(events).toEqual([]);
    expect((await store.list()).items).toEqual([]);
  });

  it('when the store refuses an update: the error propagates and no event is published', async () => {
    let failUpdates = false;
    const { service, events } = await setup((s) => ({
      ...s,
      update: (t, v) => (failUpdates ? Promise.reject(new Error('io')) : s.update(t, v)),
    }));
    await service.create(inquiry());
    const published = events.length;
    failUpdates = true;
    await expect(service.setStatus('t_1', 'open')).rejects.toThrow('io');
    expect(events).toHaveLength(published);
    expect((await service.get('t_1')).status).toBe('new');
  });
});

describe('ticket service: concurrency', () => {
  it('50 parallel replies to one ticket are all stored; version 51', async () => {
    const { service } = await setup();
    await service.create(inquiry());
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        service.reply('t_1', { author: { type: 'customer', id: 'cus_1' }, body: `message ${i}` }),
      ),
    );
    const stored = await service.get('t_1');
    expect(stored.version).toBe(51);
    expect(stored.replies).toHaveLength(50);
    expect(new Set(stored.replies.map((r) => r.body)).size).toBe(50);
    expect(stored.history).toHaveLength(51);
    expect(results.map((t) => t.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
  });

  it('parallel intakes into one group are spread over its members', async () => {
    const { service } = await setup();
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) => service.create({ ...inquiry(), customer: { id: `c${i}` } })),
    );
    expect(created.map((c) => c.ticket.assignee).sort()).toEqual(['chen', 'chen', 'sun', 'sun', 'zhou', 'zhou']);
    expect(new Set(created.map((c) => c.ticket.number)).size).toBe(6);
    // the next one continues the rotation
    expect((await service.create(inquiry())).ticket.assignee).toBe('chen');
  });
});

describe('ticket service: input the policy does not define', () => {
  it.each([
    ['channel', { channel: 'fax' }, ['phone', 'chat', 'email']],
    ['category', { category: 'fault/payment' }, ['fault/payment-failed', 'inquiry/account']],
    ['priority', { priority: 'urgent' }, ['P0', 'P1', 'P2', 'P3']],
  ] as const)(
    'unknown %s → SWB_TICKET_UNKNOWN_VALUE naming the allowed values; nothing stored or published',
    async (field, patch, someAllowed) => {
      const { service, events, store } = await setup();
      const err = await rejection(service.create({ ...inquiry(), ...patch }));
      expect(err.code).toBe('SWB_TICKET_UNKNOWN_VALUE');
      expect(err.status).toBe(400);
      expect(err.message).toContain(`unknown ${field} "${Object.values(patch)[0]}"`);
      for (const v of someAllowed) expect(err.message).toContain(`"${v}"`);
      expect((err.details as { allowed: string[] }).allowed).toEqual(expect.arrayContaining([...someAllowed]));
      expect(events).toEqual([]);
      expect((await store.list()).items).toEqual([]);
    },
  );

  it('suggests the closest value', async () => {
    const { service } = await setup();
    const err = await rejection(service.create({ ...inquiry(), channel: 'emial' }));
    expect(err.message).toContain('did you mean "email"?');
  });
});
