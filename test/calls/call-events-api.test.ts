import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

// The phone system's clock: calls happen before "now" of the server.
const T0 = '2026-10-12T01:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

describe('POST /api/calls/events (base preset, intake token, real lowdb)', () => {
  const clock = createManualClock('2026-10-12T02:00:00.000Z');
  let tmp: { dir: string; remove: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let intake: string;
  const post = (body: unknown, token = intake) => api(server.url, 'POST', '/api/calls/events', body, token);

  beforeAll(async () => {
    tmp = await tempDir('swb-call-events-');
    server = await startTestServer({
      dataDir: tmp.dir,
      store: createLowdbStore({ dir: tmp.dir, clock }),
      sources: [{ file: 'policy.yaml', text: 'extends: preset:base\nid: hotline\n' }],
      clock,
    });
    const t = await api(server.url, 'POST', '/api/tokens', { name: 'pbx', role: 'intake' });
    intake = t.body.token;
  });
  afterAll(async () => {
    await server?.close();
    await tmp?.remove();
  });

  it('the first event opens a phone ticket that records the call and its history', async () => {
    const r = await post({
      callId: 'c-1',
      event: 'offered',
      at: at(0),
      channel: 'phone',
      callerNumber: '13800000001',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ callId: 'c-1', event: 'offered', at: at(0) });
    const ticket = (await api(server.url, 'GET', `/api/tickets/${r.body.ticketId}`)).body;
    expect(ticket.channel).toBe('phone');
    expect(ticket.number).toBe(r.body.ticketNumber);
    expect(ticket.createdAt).toBe(at(0));
    expect(ticket.customer.phone).toBe('13800000001');
    expect(ticket.calls).toEqual([
      {
        id: 'c-1',
        channel: 'phone',
        callerNumber: '13800000001',
        events: [{ type: 'offered', at: at(0), receivedAt: '2026-10-12T02:00:00.000Z' }],
      },
    ]);
    const entry = ticket.history.find((h: { type: string }) => h.type === 'call');
    expect(entry.note).toBe(`call c-1: offered at ${at(0)}`);
    expect(entry.actor).toBe('intake:pbx');
  });

  it('a repeated event changes nothing and gets the same answer', async () => {
    const first = await post({ callId: 'c-2', event: 'offered', at: at(0), channel: 'phone' });
    const before = (await api(server.url, 'GET', `/api/tickets/${first.body.ticketId}`)).body;
    clock.advance(1000);
    const again = await post({ callId: 'c-2', event: 'offered', at: at(0), channel: 'phone' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const after = (await api(server.url, 'GET', `/api/tickets/${first.body.ticketId}`)).body;
    expect(after.calls).toEqual(before.calls);
    expect(after.history.filter((h: { type: string }) => h.type === 'call')).toHaveLength(1);
    const list = await api(server.url, 'GET', '/api/tickets?limit=100');
    expect(list.body.items.filter((t: { calls?: { id: string }[] }) => t.calls?.[0]?.id === 'c-2')).toHaveLength(1);
  });

  it('events arriving out of order are placed by their time on the one ticket of the call', async () => {
    const ended = await post({ callId: 'c-3', event: 'ended', at: at(100), channel: 'phone', agent: 'zhang' });
    const answered = await post({ callId: 'c-3', event: 'answered', at: at(10), channel: 'phone', agent: 'zhang' });
    const offered = await post({ callId: 'c-3', event: 'offered', at: at(0), channel: 'phone' });
    expect([ended.status, answered.status, offered.status]).toEqual([200, 200, 200]);
    expect(new Set([ended.body.ticketId, answered.body.ticketId, offered.body.ticketId]).size).toBe(1);
    const ticket = (await api(server.url, 'GET', `/api/tickets/${ended.body.ticketId}`)).body;
    expect(ticket.calls[0].events.map((e: { type: string }) => e.type)).toEqual(['offered', 'answered', 'ended']);
  });

  it('two first events of one call sent together open one ticket', async () => {
    const [a, b] = await Promise.all([
      post({ callId: 'c-4', event: 'offered', at: at(0), channel: 'phone' }),
      post({ callId: 'c-4', event: 'answered', at: at(5), channel: 'phone', agent: 'li' }),
    ]);
    expect(a.body.ticketId).toBe(b.body.ticketId);
    const ticket = (await api(server.url, 'GET', `/api/tickets/${a.body.ticketId}`)).body;
    expect(ticket.calls[0].events).toHaveLength(2);
  });

  it('with ticketId the call is attached to that ticket; the recording link is kept', async () => {
    const made = await api(server.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: '订单问题',
      customer: { id: 'cust-9' },
    });
    const r = await post({
      callId: 'c-5',
      event: 'offered',
      at: at(0),
      channel: 'phone',
      ticketId: made.body.id,
      recordingUrl: 'https://pbx.example/rec/c-5.wav',
    });
    expect(r.body.ticketId).toBe(made.body.id);
    const later = await post({ callId: 'c-5', event: 'abandoned', at: at(40), channel: 'phone' });
    expect(later.body.ticketId).toBe(made.body.id);
    const ticket = (await api(server.url, 'GET', `/api/tickets/${made.body.id}`)).body;
    expect(ticket.calls[0]).toMatchObject({ id: 'c-5', recordingUrl: 'https://pbx.example/rec/c-5.wav' });
    const other = await api(server.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'x',
      customer: { id: 'c' },
    });
    const moved = await post({ callId: 'c-5', event: 'ended', at: at(41), channel: 'phone', ticketId: other.body.id });
    expect(moved.status).toBe(409);
    expect(moved.body.error.code).toBe('SWB_CALL_EVENT_CONFLICT');
  });

  it('bad events are refused with a code and a message that says what to fix; nothing is stored', async () => {
    const count = async () => (await api(server.url, 'GET', '/api/tickets?limit=200')).body.items.length;
    const before = await count();
    const cases: [unknown, number, string, RegExp][] = [
      [
        { callId: 'x1', event: 'offered', at: at(0), channel: 'fax' },
        400,
        'SWB_CALL_CHANNEL',
        /unknown channel "fax".*phone/,
      ],
      [{ callId: 'x2', event: 'offered', at: at(0), channel: 'chat' }, 400, 'SWB_CALL_CHANNEL', /kind: voice/],
      [{ callId: 'x3', event: 'offered', at: 'yesterday', channel: 'phone' }, 400, 'SWB_CALL_EVENT_TIME', /ISO-8601/],
      [
        { callId: 'x4', event: 'offered', at: '2026-10-12T03:00:00Z', channel: 'phone' },
        400,
        'SWB_CALL_EVENT_TIME',
        /future/,
      ],
      [{ callId: 'x5', event: 'rang', at: at(0), channel: 'phone' }, 400, 'SWB_API_VALIDATION', /event/],
      [{ event: 'offered', at: at(0), channel: 'phone' }, 400, 'SWB_API_VALIDATION', /callId/],
      [
        { callId: 'x6', event: 'offered', at: at(0), channel: 'phone', ticketId: 'nope' },
        404,
        'SWB_TICKET_NOT_FOUND',
        /nope/,
      ],
    ];
    for (const [body, status, code, message] of cases) {
      const r = await post(body);
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([status, code]);
      expect(r.body.error.message).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('events that contradict the call are refused and the call stays as it was', async () => {
    const first = await post({ callId: 'c-6', event: 'offered', at: at(10), channel: 'phone' });
    const early = await post({ callId: 'c-6', event: 'answered', at: at(5), channel: 'phone' });
    expect([early.status, early.body.error.code]).toEqual([400, 'SWB_CALL_EVENT_TIME']);
    expect(early.body.error.message).toMatch(/before the call was offered/);
    const moved = await post({ callId: 'c-6', event: 'offered', at: at(12), channel: 'phone' });
    expect([moved.status, moved.body.error.code]).toEqual([409, 'SWB_CALL_EVENT_CONFLICT']);
    await post({ callId: 'c-6', event: 'answered', at: at(15), channel: 'phone' });
    const both = await post({ callId: 'c-6', event: 'abandoned', at: at(16), channel: 'phone' });
    expect([both.status, both.body.error.code]).toEqual([409, 'SWB_CALL_EVENT_CONFLICT']);
    const ticket = (await api(server.url, 'GET', `/api/tickets/${first.body.ticketId}`)).body;
    expect(ticket.calls[0].events.map((e: { type: string }) => e.type)).toEqual(['offered', 'answered']);
  });

  it('only roles with calls:write may post (intake, admin, supervisor), not a viewer', async () => {
    const viewer = (await api(server.url, 'POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body.token;
    const r = await post({ callId: 'c-7', event: 'offered', at: at(0), channel: 'phone' }, viewer);
    expect([r.status, r.body.error.code]).toEqual([403, 'SWB_AUTH_FORBIDDEN']);
    const none = await api(server.url, 'POST', '/api/calls/events', { callId: 'c-7' }, null);
    expect(none.status).toBe(401);
  });
});
