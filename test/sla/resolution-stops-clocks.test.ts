import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { testScope } from '../helpers/cleanups.ts';
import { followUpPolicyText } from '../helpers/follow-up-policy.ts';
import { api } from '../helpers/server.ts';

const MIN = 60_000;

describe('resolving stops the response clocks it ends (real server, lowdb, a policy of its own)', () => {
  const scope = testScope();

  const start = async () => {
    const clock = createManualClock('2026-12-01T10:00:00Z');
    const server = await scope.server({ sources: [{ file: 'policy.yaml', text: followUpPolicyText }], clock });
    const breached: { ticket: string; timer: string }[] = [];
    server.sb.events.subscribe('sla.breached', (e) => breached.push({ ticket: e.ticket.id, timer: e.timer }));
    const agent = (await api(server.url, 'POST', '/api/tokens', { name: 'ana-desk', role: 'agent', agent: 'ana' })).body
      .token as string;
    const create = async (subject: string) =>
      (await api(server.url, 'POST', '/api/tickets', { channel: 'chat', subject, customer: { id: 'C1' } })).body;
    const say = (id: string, body: string, author: Record<string, unknown> = { type: 'customer', id: 'C1' }) =>
      api(server.url, 'POST', `/api/tickets/${id}/replies`, { author, body });
    const get = async (id: string) => (await api(server.url, 'GET', `/api/tickets/${id}`)).body;
    return { clock, server, breached, agent, create, say, get };
  };

  it('a ticket the customer closed by confirming the FAQ answer is resolved with its first-response clock stopped, never breached', async () => {
    const h = await start();
    const faq = await h.create('what are your opening hours');
    expect(faq.replies.map((r: { author: { type: string } }) => r.author.type)).toEqual(['bot']);
    const untouched = await h.create('the app crashes on start');
    await h.clock.advance(5 * MIN);
    const confirmed = (await h.say(faq.id, '1')).body;
    expect(confirmed.status).toBe('solved');
    expect(confirmed.resolver).toBe('bot:faq:opening-hours');
    expect(confirmed.sla.firstResponse).toMatchObject({
      state: 'stopped',
      stoppedAt: '2026-12-01T10:05:00.000Z',
      remainingMs: 40 * MIN,
    });

    await h.clock.advance(3 * 60 * MIN); // far past the 45-minute first-response deadline
    const stored = await h.get(faq.id);
    expect(stored.status).toBe('solved');
    expect(stored.sla.firstResponse.state).toBe('stopped');
    expect(stored.sla.firstResponse.breachedAt).toBeUndefined();
    // the same clock move breaches a ticket nobody resolved: the scheduler did run
    expect(h.breached).toEqual([{ ticket: untouched.id, timer: 'firstResponse' }]);
  });

  it('an agent resolving without a reply stops first and next response; a reopen resumes the first-response clock with the time it had left', async () => {
    const h = await start();
    const t = await h.create('please close my old request');
    await h.clock.advance(15 * MIN);
    const solved = await api(h.server.url, 'POST', `/api/tickets/${t.id}/status`, { status: 'solved' }, h.agent);
    expect(solved.status).toBe(200);
    expect(solved.body.resolver).toBe('agent:ana-desk');
    expect(solved.body.sla.firstResponse).toMatchObject({ state: 'stopped', remainingMs: 30 * MIN });
    expect(solved.body.sla.resolution.state).toBe('met');

    await h.clock.advance(2 * 60 * MIN);
    expect((await h.get(t.id)).sla.firstResponse.state).toBe('stopped');
    expect(h.breached).toEqual([]);

    // the customer writes back: reopened, and the wait for a first response goes on where it stopped
    const reopened = (await h.say(t.id, 'sorry, it is not solved')).body;
    expect(reopened.status).toBe('open');
    expect(reopened.sla.firstResponse).toMatchObject({
      state: 'running',
      dueAt: new Date(h.clock.now().getTime() + 30 * MIN).toISOString(),
    });
    expect(reopened.sla.firstResponse.pauses.at(-1)).toMatchObject({
      from: '2026-12-01T10:15:00.000Z',
      to: h.clock.now().toISOString(),
      reason: 'resolved',
    });
    await h.clock.advance(30 * MIN);
    expect(h.breached).toEqual([{ ticket: t.id, timer: 'firstResponse' }]);
  });

  it('resolving while a next response is awaited stops that clock too, and a deadline already passed stays breached', async () => {
    const h = await start();
    const t = await h.create('my order number is wrong');
    await h.say(t.id, 'Hello, I am Ana; checking', { type: 'agent', id: 'ana' });
    await h.clock.advance(MIN);
    await h.say(t.id, 'it is 4411, not 4410');
    const waiting = await h.get(t.id);
    expect(waiting.sla.nextResponse.state).toBe('running');
    await h.clock.advance(10 * MIN);
    const solved = (await api(h.server.url, 'POST', `/api/tickets/${t.id}/status`, { status: 'solved' })).body;
    expect(solved.sla.nextResponse).toMatchObject({ state: 'stopped', remainingMs: 20 * MIN });
    expect(solved.sla.firstResponse.state).toBe('met');

    // a late resolution does not undo a breach: the clock stays breached and its ladder stops
    const late = await h.create('refund for order 88');
    await h.clock.advance(50 * MIN);
    expect(h.breached).toEqual([{ ticket: late.id, timer: 'firstResponse' }]);
    const lateSolved = (await api(h.server.url, 'POST', `/api/tickets/${late.id}/status`, { status: 'solved' })).body;
    expect(lateSolved.sla.firstResponse).toMatchObject({ state: 'breached', stoppedAt: h.clock.now().toISOString() });
  });

  it('metrics count the bot resolution apart: neither first response time nor first-contact resolution counts it', async () => {
    const h = await start();
    const faq = await h.create('when are you open');
    await h.clock.advance(2 * MIN);
    await h.say(faq.id, '1');
    const quiet = await h.create('close this please');
    await api(h.server.url, 'POST', `/api/tickets/${quiet.id}/status`, { status: 'solved' }, h.agent);
    const helped = await h.create('my invoice is missing');
    await h.clock.advance(4 * MIN);
    await h.say(helped.id, 'Here it is, attached', { type: 'agent', id: 'ana' });
    await api(h.server.url, 'POST', `/api/tickets/${helped.id}/status`, { status: 'solved' }, h.agent);
    await h.create('nobody answers this one');
    await h.clock.advance(60 * MIN);

    const m = (await api(h.server.url, 'GET', '/api/metrics')).body.totals;
    expect(m.tickets).toBe(4);
    expect(m.resolution.count).toBe(3);
    expect(m.bot).toEqual({ resolved: 1, substitutionRate: 0.3333 });
    // only the agent's reply is a first response; only the ticket a person answered is an FCR case
    expect(m.frt).toMatchObject({ count: 1, avgMs: 4 * MIN });
    expect(m.fcr).toEqual({ known: 1, resolvedFirstContact: 1, rate: 1 });
    expect(m.aht.count).toBe(1);
    // stopped clocks count neither way: met (the reply), breached (the unanswered ticket)
    expect(m.sla.firstResponse).toEqual({ met: 1, breached: 1, attainment: 0.5 });
  });
});
