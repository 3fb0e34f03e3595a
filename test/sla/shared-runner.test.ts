import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { createEventBus } from '../../src/core/events/bus.ts';
import type { SwitchboardEvent } from '../../src/core/tickets/events.ts';
import { createMemoryStore } from '../../src/store/index.ts';
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index.ts';
import type { Store } from '../../src/store/types.ts';
import type { TicketInput } from '../../src/core/model/ticket.ts';
import { createManualClock, type ManualClock } from '../../src/core/util/clock.ts';
import type { Logger } from '../../src/telemetry/logger.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { slaPolicyYaml } from './sla-policy.ts';

const url = postgresUrl();
const MIN = 60_000;
/** Moves the clock without firing its timers: each test runs the processes' due work itself, to race them. */
const jump = (clock: ManualClock, ms: number) => clock.set(new Date(clock.now().getTime() + ms));
const timed = new Set(['sla.warning', 'sla.breached', 'ticket.escalated', 'task.due']);

/** Holds the result of every store.get of a ticket until `parties` processes read it: they then step the same version. */
function createGate() {
  let parties = 0;
  const waiting = new Map<string, (() => void)[]>();
  return {
    close(n: number) {
      parties = n;
    },
    /** Reads waiting at the gate. */
    held: () => [...waiting.values()].reduce((n, l) => n + l.length, 0),
    async pass(id: string) {
      if (parties === 0) return;
      const list = waiting.get(id) ?? [];
      waiting.set(id, list);
      await new Promise<void>((resolve) => {
        list.push(resolve);
        if (list.length >= parties) for (const r of list.splice(0)) r();
        // never hang the test: a party that does not come is a failed assertion below, not a timeout
        else setTimeout(resolve, 5000).unref();
      });
    },
  };
}

interface Proc {
  name: string;
  sb: Switchboard;
  store: PostgresStore;
  events: SwitchboardEvent[];
  warnings: string[];
  /** Stops the process (its runner writes what it has pending, its pool ends). */
  close(): Promise<void>;
}

/** A key naming one timed event of one ticket (by subject, so runs with other ids compare). */
function key(e: SwitchboardEvent): string {
  const d = e as any;
  return JSON.stringify([e.type, d.ticket.subject, d.timer ?? d.automation ?? d.task?.id, d.level ?? d.warnAt ?? null]);
}

const input = (i: number): TicketInput => ({
  channel: i % 2 ? 'email' : 'phone',
  subject: `T${i}`,
  customer: { id: `C${i}`, ...(i % 3 === 0 ? { tier: 'vip' } : {}) },
  ...(i % 4 === 0 ? { fields: { intent: 'high' } } : {}),
});

describe.skipIf(!url)('SLA deadlines shared by several processes on one PostgreSQL database', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  let schema = '';
  const gate = createGate();

  /** One runtime "process": its own pool, bus and runner, sharing the schema and the clock. */
  async function proc(name: string, clock: ManualClock, opts: { slaLeaseMs?: number } = {}): Promise<Proc> {
    const store = createPostgresStore({ connectionString: url!, schema, max: 4 });
    const gated: Store = {
      ...store,
      async get(id) {
        const ticket = await store.get(id);
        await gate.pass(id);
        return ticket;
      },
    };
    const events: SwitchboardEvent[] = [];
    const warnings: string[] = [];
    const logger: Logger = {
      info: () => {},
      error: (m, d) => warnings.push(`${m} ${JSON.stringify(d)}`),
      warn: (m, d) => warnings.push(`${m} ${JSON.stringify(d)}`),
    };
    const bus = createEventBus({ clock });
    bus.subscribe('*', (e) => events.push(e));
    const sb = await createSwitchboard({
      sources: [{ file: 'policy.yaml', text: slaPolicyYaml }],
      store: gated,
      clock,
      bus,
      logger,
      qaTickMs: 0,
      ...opts,
    });
    let closed = false;
    const p: Proc = {
      name,
      sb,
      store,
      events,
      warnings,
      async close() {
        if (closed) return;
        closed = true;
        await sb.close();
        await store.close();
      },
    };
    cleanups.push(p.close);
    return p;
  }

  function setup() {
    schema = uniqueSchema('slashared');
    cleanups.push(() => dropSchema(url!, schema));
    gate.close(0);
    return createManualClock('2026-01-05T08:00:00Z');
  }

  it('fires every deadline once across two processes running their due work at the same time, as one process would', async () => {
    const clock = setup();
    const a = await proc('A', clock);
    const b = await proc('B', clock);
    expect([a.sb.sla.mode, b.sb.sla.mode]).toEqual(['shared', 'shared']);
    // the reference: one process on a memory store, same tickets, same clock steps
    const refClock = createManualClock('2026-01-05T08:00:00Z');
    const refEvents: SwitchboardEvent[] = [];
    const refBus = createEventBus({ clock: refClock });
    refBus.subscribe('*', (e) => refEvents.push(e));
    const ref = await createSwitchboard({
      sources: [{ file: 'policy.yaml', text: slaPolicyYaml }],
      store: createMemoryStore(),
      clock: refClock,
      bus: refBus,
      logger: { info() {}, warn() {}, error() {} },
      qaTickMs: 0,
    });
    cleanups.push(() => ref.close());
    expect(ref.sla.mode).toBe('local');

    for (let i = 0; i < 40; i++) {
      await a.sb.tickets.create(input(i));
      await ref.tickets.create(input(i));
    }
    // 30 h in 20-minute steps: warnings, breaches, escalations (level 1 and 2), call-back tasks
    for (let step = 0; step < 90; step++) {
      jump(clock, 20 * MIN);
      jump(refClock, 20 * MIN);
      await Promise.all([a.sb.sla.runDue(), b.sb.sla.runDue(), a.sb.sla.runDue(), b.sb.sla.runDue()]);
      await ref.sla.runDue();
    }

    const fired = [...a.events, ...b.events].filter((e) => timed.has(e.type)).map(key);
    const counts = new Map<string, number>();
    for (const k of fired) counts.set(k, (counts.get(k) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
    expect(fired.sort()).toEqual(
      refEvents
        .filter((e) => timed.has(e.type))
        .map(key)
        .sort(),
    );
    expect(fired.filter((k) => k.startsWith('["sla.breached"') && k.includes('"firstResponse"'))).toHaveLength(40);
    expect(fired.filter((k) => k.startsWith('["task.due"'))).toHaveLength(10);
    // A step may lose a race with the other process's write to the same ticket (routing places a
    // ticket the ladder moved to another group): it is retried, and the counts above show that
    // nothing fired twice or went missing. Any other SLA warning is a failure.
    const slaWarnings = [...a.warnings, ...b.warnings].filter((w) => w.includes('SLA'));
    expect(slaWarnings.filter((w) => !w.includes('SWB_STORE_CONFLICT'))).toEqual([]);
    // both took part (90 rounds of racing claims; in trials the split was e.g. 238/158, 330/66)
    expect(a.events.some((e) => timed.has(e.type)) && b.events.some((e) => timed.has(e.type))).toBe(true);
  });

  it('a lease that runs out mid-step costs a second step, never a second event', async () => {
    const clock = setup();
    // lease 0: a claim is free again at once, so B claims what A is still stepping
    const a = await proc('A', clock, { slaLeaseMs: 0 });
    const b = await proc('B', clock, { slaLeaseMs: 0 });
    const created = [];
    for (let i = 1; i <= 5; i += 2) created.push((await a.sb.tickets.create(input(i))).ticket); // email, P2: first response due 2 business hours on
    await a.sb.sla.runDue();
    jump(clock, 3 * 60 * MIN);
    gate.close(2); // both processes read the same version of each ticket before either writes
    const runA = a.sb.sla.runDue();
    // A has claimed all three and is stepping them (held at the gate); its lease has run out
    await vi.waitFor(() => expect(gate.held()).toBe(created.length), { timeout: 5000 });
    const runB = b.sb.sla.runDue();
    expect(await Promise.all([runA, runB])).toEqual([created.length, created.length]);
    gate.close(0);

    const breached = [...a.events, ...b.events]
      .filter((e) => e.type === 'sla.breached')
      .map((e) => (e as any).ticket.id);
    expect(breached.sort()).toEqual(created.map((t) => t.id).sort());
    // each ticket was stepped by both: one write won, the other met a version conflict and published nothing
    const conflicts = [...a.warnings, ...b.warnings].filter((w) => w.includes('SWB_STORE_CONFLICT'));
    expect(conflicts).toHaveLength(created.length);
    // the loser's retry, a second later, finds the breach recorded
    jump(clock, 1000);
    await Promise.all([a.sb.sla.runDue(), b.sb.sla.runDue()]);
    expect([...a.events, ...b.events].filter((e) => e.type === 'sla.breached')).toHaveLength(created.length);
    for (const t of created) expect((await b.sb.tickets.get(t.id)).sla.firstResponse?.state).toBe('breached');
  });

  it('fires deadlines of tickets created through A from B once A has stopped', async () => {
    const clock = setup();
    const a = await proc('A', clock);
    const b = await proc('B', clock);
    const { ticket } = await a.sb.tickets.create(input(1));
    // B never saw the ticket: it was created after B started, through A
    expect(b.sb.sla.scheduler.armedAt(ticket.id)).toBeUndefined();
    await a.close();
    clock.set(ticket.sla.firstResponse!.dueAt!);
    expect(await b.sb.sla.runDue()).toBe(1);
    const breached = b.events.filter((e) => e.type === 'sla.breached');
    expect(breached.map((e) => [(e as any).ticket.id, (e as any).timer, (e as any).late])).toEqual([
      [ticket.id, 'firstResponse', false],
    ]);
    expect(a.events.filter((e) => e.type === 'sla.breached')).toEqual([]);
    // its next instant is in the table again (the 30-minute escalation), for any process
    expect((await b.store.cluster.timers.list(ticket.id)).map((t) => t.dueAt.getTime())).toEqual([
      Date.parse(ticket.sla.firstResponse!.dueAt!) + 30 * MIN,
    ]);
  });

  it('takes over a deadline from a process that died holding its claim, once the lease runs out', async () => {
    const clock = setup();
    const a = await proc('A', clock);
    const b = await proc('B', clock);
    const { ticket } = await a.sb.tickets.create(input(1));
    await a.sb.sla.runDue();
    clock.set(ticket.sla.firstResponse!.dueAt!);
    // A claims the deadline (as its runner would) and dies before stepping it
    const claims = await a.store.cluster.timers.claimDue(clock.now(), 10, 'A-dead', 30_000);
    expect(claims.map((c) => c.ticketId)).toEqual([ticket.id]);
    await a.close();
    expect(await b.sb.sla.runDue()).toBe(0);
    expect(b.events.filter((e) => e.type === 'sla.breached')).toEqual([]);
    jump(clock, 30_000);
    expect(await b.sb.sla.runDue()).toBe(1);
    expect(b.events.filter((e) => e.type === 'sla.breached').map((e) => (e as any).ticket.id)).toEqual([ticket.id]);
  });
});
