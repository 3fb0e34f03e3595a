import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

const question = 'How do I reset my password?'; // a shipped base FAQ question (en)
const customer = { id: 'C9', locale: 'en' };

describe('FAQ auto-answer through the HTTP API (base preset)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let remove: () => Promise<void>;
  const clock = createManualClock('2026-11-23T02:00:00Z');

  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    server = await startTestServer({ dataDir: t.dir, clock, qaTickMs: 0 });
  });
  afterAll(async () => {
    await server.close();
    await remove();
  });

  const create = async (subject: string, channel = 'chat', locale = 'en') =>
    (await api(server.url, 'POST', '/api/tickets', { channel, subject, customer: { ...customer, locale }, locale }))
      .body;

  it('a ticket whose subject is a shipped FAQ question gets the bot answer and keeps its human first-response clock running', async () => {
    const ticket = await create(question);
    const bot = ticket.replies.at(-1);
    expect(bot.author).toEqual({ type: 'bot', id: 'faq', name: 'Switchboard' });
    expect(bot.body).toContain('Forgot password');
    expect(bot.body).toContain('Reply 1 if this solved it; reply anything else to reach a person.');
    expect(ticket.firstResponseAt).toBeUndefined();
    expect(ticket.sla.firstResponse.state).toBe('running');
    expect(ticket.status).toBe('new');
    const dueAt = ticket.sla.firstResponse.dueAt;

    // The stored ticket says the same; the clock still breaches if no person answers in time.
    const stored = (await api(server.url, 'GET', `/api/tickets/${ticket.id}`)).body;
    expect(stored.replies.map((r: { author: { type: string } }) => r.author.type)).toEqual(['bot']);
    expect(stored.sla.firstResponse).toMatchObject({ state: 'running', dueAt });

    // The customer does not confirm: the ticket goes on to a person with its assignment intact.
    await clock.advance(60_000);
    const declined = (
      await api(server.url, 'POST', `/api/tickets/${ticket.id}/replies`, {
        author: { type: 'customer', id: 'C9' },
        body: 'No, the reset email never arrives',
      })
    ).body;
    expect(declined.status).not.toBe('resolved');
    expect([declined.group, declined.assignee]).toEqual([ticket.group, ticket.assignee]);
    expect(declined.sla.firstResponse.state).toBe('running');

    // The first human reply is the first response.
    await clock.advance(60_000);
    const answered = (
      await api(server.url, 'POST', `/api/tickets/${ticket.id}/replies`, {
        author: { type: 'agent', id: 'chen' },
        body: 'Hello, I am Chen…',
      })
    ).body;
    expect(answered.firstResponder).toBe('chen');
    expect(answered.firstResponseAt).toBe(clock.now().toISOString());
    expect(answered.sla.firstResponse.state).toBe('met');
  });

  it('the customer confirming ("1") resolves the ticket by the bot', async () => {
    const ticket = await create('忘记密码怎么办？', 'app', 'zh-CN');
    expect(ticket.replies[0].body).toContain('忘记密码');
    expect(ticket.replies[0].body).toContain('请回复 1');
    const done = (
      await api(server.url, 'POST', `/api/tickets/${ticket.id}/replies`, {
        author: { type: 'customer', id: 'C9' },
        body: '1',
      })
    ).body;
    expect(done.status).toBe('resolved');
    expect(done.resolver).toBe('bot:faq:reset-password');
    expect(done.firstResponseAt).toBeUndefined();
    // a deflection is not a breach: the first response is no longer owed once it is resolved
    expect(done.sla.firstResponse.state).toBe('stopped');
    const breaches: string[] = [];
    const stop = server.sb.events.subscribe('sla.breached', (e) => void breaches.push(e.ticket.id));
    await clock.advance(Date.parse(ticket.sla.firstResponse.dueAt) - clock.now().getTime() + 60_000);
    stop();
    expect(breaches).not.toContain(ticket.id);
    const after = (await api(server.url, 'GET', `/api/tickets/${ticket.id}`)).body;
    expect(after.sla.firstResponse.state).toBe('stopped');
  });

  it('an agent resolving without a reply owes no first response either', async () => {
    const ticket = await create('My invoice shows the wrong company name', 'chat');
    expect(ticket.sla.firstResponse.state).toBe('running');
    const resolved = (await api(server.url, 'POST', `/api/tickets/${ticket.id}/status`, { status: 'resolved' })).body;
    expect(resolved.status).toBe('resolved');
    expect(resolved.sla.firstResponse.state).toBe('stopped');
    expect(resolved.firstResponseAt).toBeUndefined();
  });

  it('an acknowledgement ("好的") does not resolve: the ticket stays with the person it was routed to', async () => {
    const ticket = await create('忘记密码怎么办？', 'app', 'zh-CN');
    expect(ticket.replies[0].author.type).toBe('bot');
    const kept = (
      await api(server.url, 'POST', `/api/tickets/${ticket.id}/replies`, {
        author: { type: 'customer', id: 'C9' },
        body: '好的',
      })
    ).body;
    expect(kept.status).not.toBe('resolved');
    expect(kept.resolver).toBeUndefined();
    expect([kept.group, kept.assignee]).toEqual([ticket.group, ticket.assignee]);
    expect((await api(server.url, 'GET', `/api/tickets/${ticket.id}`)).body.status).toBe(kept.status);
  });

  it('no bot answer for unrelated texts, near misses, or phone calls', async () => {
    for (const subject of ['支付失败，无法下单', 'the whole site is down, nobody can log in']) {
      expect((await create(subject)).replies).toEqual([]);
    }
    expect((await create(question, 'phone')).replies).toEqual([]);
  });

  it('POST /api/faq/match shows what intake would answer', async () => {
    const r = await api(server.url, 'POST', '/api/faq/match', {
      text: 'where can I download my invoice',
      locale: 'en',
    });
    expect(r.status).toBe(200);
    expect(r.body.match).toMatchObject({ id: 'invoice' });
    expect(r.body.match.answer).toContain('e-invoice');
    expect(r.body.minConfidence).toBe(0.6);
  });
});

describe('FAQ answer counted as the first response when the policy says so', () => {
  it('faq.countsAsFirstResponse: true completes the first-response clock', async () => {
    const { dir, remove } = await tempDir();
    const { baseProcessSources } = await import('../helpers/standalone-base.ts');
    const sources = (await baseProcessSources()).map((s) =>
      s.file.endsWith('faq.yaml')
        ? { ...s, text: s.text.replace('countsAsFirstResponse: false', 'countsAsFirstResponse: true') }
        : s,
    );
    const server = await startTestServer({ dataDir: dir, sources, qaTickMs: 0 });
    try {
      const t = (await api(server.url, 'POST', '/api/tickets', { channel: 'chat', subject: question, customer })).body;
      expect(t.replies[0].author.type).toBe('bot');
      expect(t.firstResponseAt).toBeDefined();
      expect(t.sla.firstResponse.state).toBe('met');
    } finally {
      await server.close();
      await remove();
    }
  });
});
