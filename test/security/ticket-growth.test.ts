import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import type { LimitsOptions } from '../../src/switchboard/limits.ts';
import { api, socketClient, startTestServer, tempDir, testAdminToken } from '../helpers/server.ts';

/**
 * One ticket once grew without bound (800 survey answers took the heap past 4 GB): what a ticket
 * holds, what a survey link takes, what one address may try and what the replay ring keeps are
 * bounded, and past a bound the caller is told with a 4xx, nothing stored is cut.
 */
describe('bounded growth: ticket limits, survey links, per-address limits, replay ring bytes', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  const clock = createManualClock('2026-11-23T08:00:00Z');
  const server = async (limits: LimitsOptions) => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const s = await startTestServer({ dataDir: dir, clock, limits });
    cleanups.push(() => s.close());
    return s;
  };
  const newTicket = async (url: string, extra: Record<string, unknown> = {}) =>
    (
      await api(url, 'POST', '/api/tickets', {
        channel: 'chat',
        subject: 'payment failed',
        customer: { id: 'C1' },
        ...extra,
      })
    ).body;

  it('replies and notes past a ticket limit get 422 SWB_TICKET_LIMIT; the stored ones stay whole; the ticket still resolves', async () => {
    const s = await server({ ticket: { maxReplies: 5, maxTicketBytes: 50_000, maxTextChars: 20_000 } });
    const t = await newTicket(s.url);
    const note = (body: string) =>
      api(s.url, 'POST', `/api/tickets/${t.id}/replies`, {
        author: { type: 'agent', id: 'wang' },
        body,
        internal: true,
      });
    const long = await note('x'.repeat(20_001));
    expect(long.status).toBe(422);
    expect(long.body.error).toMatchObject({ code: 'SWB_TICKET_LIMIT', details: { limit: 20_000 } });
    for (let i = 0; i < 2; i++) expect((await note(`${i}`.repeat(19_000))).status).toBe(201);
    const big = await note('z'.repeat(19_000)); // three notes of 19,000 are past 50,000 bytes
    expect(big.status).toBe(422);
    expect(big.body.error.message).toMatch(/would take \d+ bytes \(limit 50000\); continue in a new ticket/);
    for (let i = 0; i < 3; i++) expect((await note(`short ${i}`)).status).toBe(201);
    const sixth = await note('one too many');
    expect(sixth.status).toBe(422);
    expect(sixth.body.error.details).toMatchObject({ replies: 6, limit: 5 });
    const stored = (await api(s.url, 'GET', `/api/tickets/${t.id}`)).body;
    expect(stored.replies.map((r: { body: string }) => r.body.length)).toEqual([19_000, 19_000, 7, 7, 7]);
    expect((await api(s.url, 'POST', `/api/tickets/${t.id}/status`, { status: 'resolved' })).status).toBe(200);
  });

  it('a survey link answers once and takes corrections within its window, then 422 SWB_CSAT_ANSWERED', async () => {
    const s = await server({ survey: { answersPerLink: 3, updateWindowMs: 3_600_000, requestsPerMinute: 0 } });
    const t = await newTicket(s.url);
    await api(s.url, 'POST', `/api/tickets/${t.id}/status`, { status: 'resolved' });
    const link = (await api(s.url, 'POST', `/api/tickets/${t.id}/survey`)).body;
    const answer = (score: number) => api(s.url, 'POST', link.path, { score }, null);
    expect((await answer(4)).status).toBe(200);
    await clock.advance(30 * 60_000);
    expect((await answer(5)).body.score).toBe(5);
    const answers = await Promise.all([2, 3, 4, 5, 1].map(answer));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422).every((a) => a.body.error.code === 'SWB_CSAT_ANSWERED')).toBe(true);
    const second = (await api(s.url, 'POST', `/api/tickets/${t.id}/survey`)).body;
    expect((await api(s.url, 'POST', second.path, { score: 3 }, null)).status).toBe(200);
    await clock.advance(3_600_000);
    const late = await api(s.url, 'POST', second.path, { score: 1 }, null);
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('SWB_CSAT_ANSWERED');
    const stored = (await api(s.url, 'GET', `/api/tickets/${t.id}`)).body;
    expect(stored.history.filter((h: { type: string }) => h.type === 'csat')).toHaveLength(4);
    expect(stored.csat.score).toBe(3);
  });

  it('per address: /survey/* past its rate and failed authentication past its count get 429 with Retry-After', async () => {
    const s = await server({ survey: { requestsPerMinute: 10 }, auth: { failuresPerMinute: 20 } });
    for (let i = 0; i < 10; i++) expect((await fetch(`${s.url}/survey/not-a-token`)).status).toBe(404);
    const limited = await fetch(`${s.url}/survey/not-a-token`);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('SWB_CSAT_RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const tokens = [null, 'garbage', 'swb_not-a-real-token'];
    for (let i = 0; i < 20; i++)
      expect((await api(s.url, 'GET', '/api/tickets', undefined, tokens[i % 3]!)).status).toBe(401);
    const refused = await api(s.url, 'GET', '/api/tickets', undefined, 'garbage');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('SWB_AUTH_RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // guessing does not go on from this address, not even with a token that happens to be right
    expect((await api(s.url, 'GET', '/api/tickets')).status).toBe(429);
    // the socket handshake counts and is refused alike
    await expect(socketClient(s.url, '/', 'garbage')).rejects.toMatchObject({
      data: { code: 'SWB_AUTH_RATE_LIMITED' },
    });
    await clock.advance(60_000);
    expect((await api(s.url, 'GET', '/api/tickets')).status).toBe(200);
    expect((await fetch(`${s.url}/survey/not-a-token`)).status).toBe(404);
  });

  it('GET /metrics counts failed authentication with the API: guessing there is limited too', async () => {
    const s = await server({ auth: { failuresPerMinute: 10 } });
    const metrics = (token: string | null) =>
      fetch(`${s.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await metrics(testAdminToken)).status).toBe(200);
    for (let i = 0; i < 6; i++) expect((await metrics(i % 2 ? 'garbage' : null)).status).toBe(401);
    for (let i = 0; i < 4; i++)
      expect((await api(s.url, 'GET', '/api/tickets', undefined, 'garbage')).status).toBe(401);
    const refused = await metrics('garbage');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('SWB_AUTH_RATE_LIMITED');
    expect((await api(s.url, 'GET', '/api/tickets')).status).toBe(429);
    // the dashboard's files stay public and are not counted
    expect((await fetch(`${s.url}/`)).status).toBe(200);
    await clock.advance(60_000);
    expect((await metrics(testAdminToken)).status).toBe(200);
  });

  it('the replay ring is bounded in bytes: past it a reconnecting client gets a snapshot instead of a replay', async () => {
    const s = await server({ events: { ringBytes: 200_000 } });
    const socket = await socketClient(s.url);
    cleanups.push(async () => void socket.close());
    const first = await socket.emitWithAck('subscribe', { all: true });
    for (let i = 0; i < 6; i++) await newTicket(s.url, { description: `${i}`.repeat(60_000) });
    const back = await socket.emitWithAck('subscribe', { all: true, sinceSeq: first.seq });
    expect(back.mode).toBe('snapshot');
    expect(back.snapshot).toHaveLength(6);
    // a short gap is still replayed exactly
    const now = back.seq;
    await newTicket(s.url);
    const again = await socket.emitWithAck('subscribe', { all: true, sinceSeq: now });
    expect(again.mode).toBe('replay');
  });
});
