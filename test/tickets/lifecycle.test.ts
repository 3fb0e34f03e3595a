import { beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/policy/types.ts';
import { SwitchboardError } from '../../src/core/errors/index.ts';
import { runPipeline } from '../../src/core/pipeline/run-pipeline.ts';
import { addReply, changeStatus, rateCsat, type OpResult } from '../../src/core/operations/operations.ts';
import type { Reply, Ticket } from '../../src/core/model/ticket.ts';
import { createManualClock, type ManualClock } from '../../src/core/util/clock.ts';
import { createSequentialIds, type IdGenerator } from '../../src/core/util/ids.ts';
import { loadBasePolicy } from '../helpers/base-policy.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = '2026-01-05T09:00:00.000Z';
const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs).toISOString();

let policy: Policy;
beforeAll(async () => {
  policy = await loadBasePolicy();
});

interface World {
  clock: ManualClock;
  ids: IdGenerator;
  ticket: Ticket;
}

/** An account question by email: P2, first response due T0+2h, resolution due T0+48h. */
async function newTicket(): Promise<World> {
  const clock = createManualClock(T0);
  const ids = createSequentialIds();
  const { ticket } = await runPipeline(
    policy,
    { channel: 'email', subject: '请问如何注册企业账号?', customer: { id: 'cus_1', name: '李女士' } },
    {
      id: ids('t'),
      number: '20260105001',
      now: clock.now(),
      actor: 'channel:email',
      cursors: () => ({}),
    },
  );
  expect(ticket.sla.firstResponse?.dueAt).toBe(at(T0, 2 * HOUR));
  expect(ticket.sla.resolution?.dueAt).toBe(at(T0, 48 * HOUR));
  return { clock, ids, ticket };
}

const ctx = (w: World, actor = 'agent:chen') => ({ now: w.clock.now(), actor, policy });

function status(w: World, to: string, actor?: string): OpResult {
  const r = changeStatus(w.ticket, to, ctx(w, actor));
  w.ticket = r.ticket;
  return r;
}

function reply(w: World, author: Reply['author'], opts: { internal?: boolean } = {}): OpResult {
  const r = addReply(
    w.ticket,
    {
      id: w.ids('r'),
      author,
      body: 'text',
      at: w.clock.now().toISOString(),
      ...(opts.internal ? { internal: true } : {}),
    },
    ctx(w, `${author.type}:${author.id ?? '?'}`),
  );
  w.ticket = r.ticket;
  return r;
}

const agent = { type: 'agent' as const, id: 'chen', name: 'Chen Jing' };
const customer = { type: 'customer' as const, id: 'cus_1' };

/** Runs fn, expecting a SwitchboardError; returns it. */
function refused(fn: () => unknown): SwitchboardError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SwitchboardError);
    return e as SwitchboardError;
  }
  throw new Error('expected a SwitchboardError, but the call succeeded');
}

describe('status transitions', () => {
  it('walks the normal path new → open → pending-customer → open → resolved → closed', async () => {
    const w = await newTicket();
    for (const to of ['open', 'pending-customer', 'open', 'resolved', 'closed']) {
      status(w, to);
      expect(w.ticket.status).toBe(to);
    }
    expect(w.ticket.closedAt).toBe(T0);
  });

  it('allows reopening a resolved ticket and moving between two statuses of one kind', async () => {
    const w = await newTicket();
    status(w, 'pending-customer');
    status(w, 'pending-internal');
    expect(w.ticket.status).toBe('pending-internal');
    status(w, 'resolved');
    status(w, 'open');
    expect(w.ticket.status).toBe('open');
  });

  it('refuses a move the lifecycle forbids: SWB_TICKET_TRANSITION naming the allowed statuses', async () => {
    const w = await newTicket();
    status(w, 'resolved');
    const err = refused(() => changeStatus(w.ticket, 'pending-customer', ctx(w)));
    expect(err.code).toBe('SWB_TICKET_TRANSITION');
    expect(err.status).toBe(409);
    expect(err.message).toBe(
      'cannot move ticket t_1 from "resolved" to "pending-customer"; from "resolved" it may go to "open", "closed"',
    );
    expect(err.details).toEqual({ from: 'resolved', to: 'pending-customer', allowed: ['open', 'closed'] });
  });

  it('refuses going back to new, listing every status open may move to', async () => {
    const w = await newTicket();
    status(w, 'open');
    const err = refused(() => changeStatus(w.ticket, 'new', ctx(w)));
    expect(err.code).toBe('SWB_TICKET_TRANSITION');
    expect(err.message).toContain('"pending-customer", "pending-internal", "resolved", "closed"');
  });

  it('refuses a move to the current status', async () => {
    const w = await newTicket();
    expect(refused(() => changeStatus(w.ticket, 'new', ctx(w))).code).toBe('SWB_TICKET_TRANSITION');
  });

  it('a closed ticket is final: status changes and replies → SWB_TICKET_CLOSED', async () => {
    const w = await newTicket();
    status(w, 'closed');
    for (const to of ['open', 'resolved', 'closed'])
      expect(refused(() => changeStatus(w.ticket, to, ctx(w))).code).toBe('SWB_TICKET_CLOSED');
    expect(refused(() => addReply(w.ticket, { id: 'r', author: customer, body: 'hi', at: T0 }, ctx(w))).code).toBe(
      'SWB_TICKET_CLOSED',
    );
  });

  it('an unknown status → SWB_TICKET_UNKNOWN_VALUE listing the policy’s statuses', async () => {
    const w = await newTicket();
    const err = refused(() => changeStatus(w.ticket, 'solved', ctx(w)));
    expect(err.code).toBe('SWB_TICKET_UNKNOWN_VALUE');
    expect(err.status).toBe(400);
    expect(err.message).toContain('unknown status "solved"');
    expect(err.message).toContain('"new", "open", "pending-customer", "pending-internal", "resolved", "closed"');
  });
});

describe('first response', () => {
  it('the first public agent reply stamps firstResponseAt / firstResponder, meets the timer and opens the ticket', async () => {
    const w = await newTicket();
    await w.clock.advance(30 * MIN);
    const r = reply(w, agent);
    expect(w.ticket.firstResponseAt).toBe(at(T0, 30 * MIN));
    expect(w.ticket.firstResponder).toBe('chen');
    expect(w.ticket.sla.firstResponse).toMatchObject({
      state: 'met',
      metAt: at(T0, 30 * MIN),
      dueAt: at(T0, 2 * HOUR),
    });
    expect(w.ticket.sla.resolution?.state).toBe('running');
    expect(w.ticket.status).toBe('open');
    // the reply meets the first response and the interim target (periodicUpdate), which restarts
    expect(r.events.map((e) => e.type)).toEqual(['sla.met', 'sla.met', 'ticket.replied', 'ticket.updated']);
    expect(r.events.map((e) => (e.data as { timer?: string }).timer).slice(0, 2)).toEqual([
      'firstResponse',
      'periodicUpdate',
    ]);
    expect(w.ticket.sla.periodicUpdate).toMatchObject({ state: 'running', dueAt: at(T0, 30 * MIN + 24 * HOUR) });
    // every event carries the final ticket
    for (const e of r.events) expect((e.data as { ticket: Ticket }).ticket).toBe(w.ticket);
  });

  it('a late first reply marks the first-response timer breached at its due time', async () => {
    const w = await newTicket();
    await w.clock.advance(3 * HOUR);
    const r = reply(w, agent);
    expect(w.ticket.firstResponseAt).toBe(at(T0, 3 * HOUR));
    expect(w.ticket.sla.firstResponse).toMatchObject({
      state: 'breached',
      breachedAt: at(T0, 2 * HOUR),
      metAt: at(T0, 3 * HOUR),
    });
    // only the interim target (24 h for P2) is met, never the first response
    const met = r.events.filter((e) => e.type === 'sla.met').map((e) => (e.data as { timer: string }).timer);
    expect(met).toEqual(['periodicUpdate']);
  });

  it('internal notes, bot replies and customer replies do not count as a first response', async () => {
    const w = await newTicket();
    await w.clock.advance(10 * MIN);
    reply(w, agent, { internal: true });
    expect(w.ticket.history.at(-1)?.type).toBe('note');
    reply(w, { type: 'bot', id: 'faq-bot' });
    reply(w, customer);
    expect(w.ticket.firstResponseAt).toBeUndefined();
    expect(w.ticket.firstResponder).toBeUndefined();
    expect(w.ticket.sla.firstResponse?.state).toBe('running');
    expect(w.ticket.status).toBe('new');
    expect(w.ticket.replies).toHaveLength(3);
  });

  it('later agent replies leave the first response alone', async () => {
    const w = await newTicket();
    await w.clock.advance(5 * MIN);
    reply(w, agent);
    await w.clock.advance(5 * MIN);
    reply(w, { type: 'agent', id: 'sun' });
    expect(w.ticket.firstResponseAt).toBe(at(T0, 5 * MIN));
    expect(w.ticket.firstResponder).toBe('chen');
    expect(w.ticket.sla.firstResponse?.metAt).toBe(at(T0, 5 * MIN));
  });
});

describe('SLA pause while waiting on the customer', () => {
  it('pending-customer pauses both clocks; the due times move by exactly the paused duration', async () => {
    const w = await newTicket();
    await w.clock.advance(10 * MIN);
    const paused = status(w, 'pending-customer');
    expect(paused.events.map((e) => e.type)).toEqual(['sla.paused', 'ticket.updated']);
    expect(w.ticket.sla.firstResponse).toMatchObject({
      state: 'paused',
      remainingMs: 110 * MIN,
      pauses: [{ from: at(T0, 10 * MIN) }],
    });
    expect(w.ticket.sla.resolution).toMatchObject({ state: 'paused', remainingMs: 48 * HOUR - 10 * MIN });

    await w.clock.advance(3 * HOUR);
    const r = reply(w, customer);
    expect(w.ticket.status).toBe('open');
    expect(r.events.map((e) => e.type)).toEqual(['sla.resumed', 'ticket.replied', 'ticket.updated']);
    expect(w.ticket.sla.firstResponse).toMatchObject({
      state: 'running',
      dueAt: at(T0, 2 * HOUR + 3 * HOUR),
      pauses: [{ from: at(T0, 10 * MIN), to: at(T0, 10 * MIN + 3 * HOUR) }],
    });
    expect(w.ticket.sla.firstResponse?.remainingMs).toBeUndefined();
    expect(w.ticket.sla.resolution).toMatchObject({ state: 'running', dueAt: at(T0, 48 * HOUR + 3 * HOUR) });
  });

  it('warnings after a resume are rebased onto the new due time and lie in the future', async () => {
    const w = await newTicket();
    await w.clock.advance(10 * MIN);
    status(w, 'pending-customer');
    await w.clock.advance(1 * HOUR);
    reply(w, customer);
    // first response: target 2h, 75 % = 1h30m of business time, 15m before due = 1h45m
    expect(w.ticket.sla.firstResponse?.warnAt).toEqual([at(T0, 90 * MIN + HOUR), at(T0, 105 * MIN + HOUR)]);
  });

  it('pending-internal does not pause (only statuses listed in pauseOn do)', async () => {
    const w = await newTicket();
    await w.clock.advance(10 * MIN);
    const r = status(w, 'pending-internal');
    expect(r.events.map((e) => e.type)).toEqual(['ticket.updated']);
    expect(w.ticket.sla.resolution).toMatchObject({ state: 'running', dueAt: at(T0, 48 * HOUR) });
  });

  it('a first agent reply while the clock is paused is on time if time was left when it paused', async () => {
    const w = await newTicket();
    await w.clock.advance(10 * MIN);
    status(w, 'pending-customer'); // 1h50m of first-response time left
    await w.clock.advance(5 * HOUR); // past the original due time, but the clock was stopped
    reply(w, agent);
    expect(w.ticket.sla.firstResponse?.state).toBe('met');
    expect(w.ticket.sla.firstResponse?.breachedAt).toBeUndefined();
    expect(w.ticket.sla.firstResponse?.metAt).toBe(at(T0, 5 * HOUR + 10 * MIN));
    expect(w.ticket.sla.firstResponse?.pauses).toEqual([{ from: at(T0, 10 * MIN), to: at(T0, 5 * HOUR + 10 * MIN) }]);
  });

  it('a first agent reply while paused is still late if the pause began after the due time', async () => {
    const w = await newTicket();
    await w.clock.advance(3 * HOUR);
    status(w, 'pending-customer'); // first response was due at T0+2h
    await w.clock.advance(HOUR);
    reply(w, agent);
    expect(w.ticket.sla.firstResponse).toMatchObject({ state: 'breached', breachedAt: at(T0, 2 * HOUR) });
  });
});

describe('resolve', () => {
  it('stamps resolvedAt / resolver and completes the resolution timer', async () => {
    const w = await newTicket();
    await w.clock.advance(5 * MIN);
    reply(w, agent);
    await w.clock.advance(HOUR);
    const r = status(w, 'resolved', 'agent:chen');
    expect(w.ticket.resolvedAt).toBe(at(T0, 65 * MIN));
    expect(w.ticket.resolver).toBe('agent:chen');
    expect(w.ticket.sla.resolution).toMatchObject({ state: 'met', metAt: at(T0, 65 * MIN) });
    expect(r.events.map((e) => e.type)).toEqual(['sla.met', 'ticket.updated']);
  });

  it('a late resolution is breached at the due time', async () => {
    const w = await newTicket();
    await w.clock.advance(50 * HOUR);
    status(w, 'resolved');
    expect(w.ticket.sla.resolution).toMatchObject({
      state: 'breached',
      breachedAt: at(T0, 48 * HOUR),
      metAt: at(T0, 50 * HOUR),
    });
  });

  it('resolving from pending-customer credits the paused time', async () => {
    const w = await newTicket();
    await w.clock.advance(HOUR);
    status(w, 'pending-customer');
    await w.clock.advance(60 * HOUR); // wall clock past the original 48 h
    status(w, 'resolved');
    expect(w.ticket.sla.resolution).toMatchObject({ state: 'met', dueAt: at(T0, 108 * HOUR) });
  });
});

describe('CSAT', () => {
  it('is refused before the ticket is resolved', async () => {
    const w = await newTicket();
    status(w, 'open');
    const err = refused(() => rateCsat(w.ticket, 5, undefined, ctx(w)));
    expect(err.code).toBe('SWB_TICKET_CSAT_NOT_RESOLVED');
  });

  it('records a 1–5 score on a resolved or closed ticket', async () => {
    const w = await newTicket();
    status(w, 'resolved');
    w.ticket = rateCsat(w.ticket, 4, 'quick', ctx(w, 'customer:cus_1')).ticket;
    expect(w.ticket.csat).toEqual({ score: 4, comment: 'quick', at: T0 });
    status(w, 'closed');
    w.ticket = rateCsat(w.ticket, 5, undefined, ctx(w, 'customer:cus_1')).ticket;
    expect(w.ticket.csat).toEqual({ score: 5, at: T0 });
  });

  it('refuses scores outside 1–5 and fractions', async () => {
    const w = await newTicket();
    status(w, 'resolved');
    for (const score of [0, 6, 3.5, Number.NaN]) {
      expect(refused(() => rateCsat(w.ticket, score, undefined, ctx(w))).code).toBe('SWB_API_VALIDATION');
    }
    for (const score of [1, 5]) expect(rateCsat(w.ticket, score, undefined, ctx(w)).ticket.csat?.score).toBe(score);
  });
});

describe('history and version', () => {
  it('every change adds a history entry with field diffs, actor and policy version; version +1 each time', async () => {
    const w = await newTicket();
    expect(w.ticket.version).toBe(1);
    await w.clock.advance(5 * MIN);
    reply(w, agent);
    await w.clock.advance(5 * MIN);
    status(w, 'resolved', 'agent:chen');
    w.ticket = rateCsat(w.ticket, 5, undefined, ctx(w, 'customer:cus_1')).ticket;

    expect(w.ticket.version).toBe(4);
    expect(w.ticket.updatedAt).toBe(at(T0, 10 * MIN));
    expect(w.ticket.history.map((h) => [h.type, h.actor, h.at, h.policyVersion])).toEqual([
      ['created', 'channel:email', T0, policy.version],
      ['reply', 'agent:chen', at(T0, 5 * MIN), policy.version],
      ['status', 'agent:chen', at(T0, 10 * MIN), policy.version],
      ['csat', 'customer:cus_1', at(T0, 10 * MIN), policy.version],
    ]);
    const [, replied, resolved, rated] = w.ticket.history;
    expect(replied?.changes?.status).toEqual(['new', 'open']);
    expect(replied?.changes?.firstResponseAt).toEqual([undefined, at(T0, 5 * MIN)]);
    expect(replied?.changes?.firstResponder).toEqual([undefined, 'chen']);
    expect(Object.keys(replied?.changes ?? {}).sort()).toEqual(['firstResponder', 'firstResponseAt', 'sla', 'status']);
    expect(resolved?.changes?.status).toEqual(['open', 'resolved']);
    expect(resolved?.changes?.resolvedAt).toEqual([undefined, at(T0, 10 * MIN)]);
    expect(Object.keys(rated?.changes ?? {})).toEqual(['csat']);
  });

  it('operations never mutate the ticket they were given', async () => {
    const w = await newTicket();
    const before = structuredClone(w.ticket);
    const frozen = w.ticket;
    await w.clock.advance(5 * MIN);
    reply(w, agent);
    status(w, 'pending-customer');
    expect(frozen).toEqual(before);
  });
});
