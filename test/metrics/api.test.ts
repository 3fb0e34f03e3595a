import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { api, collect, socketClient, startTestServer, tempDir, testAdminToken } from '../helpers/server.ts';
import { fixturePolicyText } from './fixture-policy.ts';

const T0 = '2026-10-12T01:00:00.000Z'; // Monday 09:00 in Shanghai
const MIN = 60_000;
const auth = { headers: { authorization: `Bearer ${testAdminToken}` } };

describe('metrics API, tracking CSV and satisfaction surveys over HTTP', () => {
  const clock = createManualClock(T0);
  let tmp: { dir: string; remove: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const ids: string[] = [];

  beforeAll(async () => {
    tmp = await tempDir('swb-metrics-api-');
    server = await startTestServer({
      dataDir: tmp.dir,
      store: createLowdbStore({ dir: tmp.dir, clock }),
      sources: [{ file: 'policy.yaml', text: fixturePolicyText }],
      clock,
    });
    // two phone tickets answered after 10 and 40 minutes; one chat ticket answered by a bot only
    for (const [channel, answerAfter] of [
      ['phone', 10],
      ['phone', 40],
      ['chat', 0],
    ] as const) {
      clock.set(T0);
      const r = await api(server.url, 'POST', '/api/tickets', {
        channel,
        subject: 'where is my parcel, =SUM(A1)',
        priority: 'P1',
        customer: { id: 'C1' },
      });
      ids.push(r.body.id);
      if (answerAfter) {
        clock.set(new Date(Date.parse(T0) + answerAfter * MIN));
        await api(server.url, 'POST', `/api/tickets/${r.body.id}/replies`, {
          author: { type: 'agent', id: 'ann' },
          body: 'hello',
        });
        await api(server.url, 'POST', `/api/tickets/${r.body.id}/status`, { status: 'resolved' });
      } else {
        clock.set(new Date(Date.parse(T0) + MIN));
        await api(server.url, 'POST', `/api/tickets/${r.body.id}/replies`, {
          author: { type: 'bot', id: 'autobot' },
          body: 'auto',
        });
      }
    }
  });
  afterAll(async () => {
    await server?.close();
    await tmp?.remove();
  });

  it('GET /api/metrics groups by channel; bot replies do not count as a first response', async () => {
    const r = await api(server.url, 'GET', '/api/metrics?from=2026-10-12&to=2026-10-12&groupBy=channel');
    expect(r.status).toBe(200);
    expect(r.body.totals.tickets).toBe(3);
    const phone = r.body.groups.find((g: any) => g.key.channel === 'phone');
    expect(phone.frt).toMatchObject({ count: 2, avgMs: 25 * MIN, avgBusinessMs: 25 * MIN, avgTargetMs: 15 * MIN });
    expect(phone.sla.firstResponse).toMatchObject({ met: 1, breached: 1, attainment: 0.5 });
    expect(phone.fcr).toMatchObject({ known: 2, resolvedFirstContact: 2, rate: 1 });
    const chat = r.body.groups.find((g: any) => g.key.channel === 'chat');
    expect(chat.frt.count).toBe(0);
    expect(chat.backlog).toBe(1);
  });

  it('rejects an unknown dimension and a reversed window with SWB_METRICS_QUERY', async () => {
    const bad = await api(server.url, 'GET', '/api/metrics?groupBy=colour');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('SWB_METRICS_QUERY');
    expect(bad.body.error.message).toContain('channel, category, priority');
    const reversed = await api(server.url, 'GET', '/api/metrics?from=2026-10-13&to=2026-10-12');
    expect(reversed.body.error.code).toBe('SWB_METRICS_QUERY');
  });

  it('GET /api/reports/daily answers from the live aggregates as JSON, HTML or CSV', async () => {
    const json = await api(server.url, 'GET', '/api/reports/daily?date=2026-10-12');
    expect(json.status).toBe(200);
    expect(json.body.day.tickets).toBe(3);
    expect(json.body.channels.find((c: any) => c.channel === 'phone')).toMatchObject({
      tickets: 2,
      frtBusinessMs: 25 * MIN,
      targetMs: 15 * MIN,
      flagged: true,
    });
    expect(json.body.flagged).toEqual(['phone']);
    const html = await fetch(`${server.url}/api/reports/daily?date=2026-10-12&format=html`, auth);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toContain('data-flagged="phone"');
    const bad = await api(server.url, 'GET', '/api/reports/daily?date=yesterday');
    expect(bad.body.error.code).toBe('SWB_METRICS_QUERY');
  });

  it('GET /api/tickets.csv exports the tracking table of the window, oldest first', async () => {
    const res = await fetch(`${server.url}/api/tickets.csv?from=2026-10-12&to=2026-10-12`, auth);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'ticket number,customer id,channel,category,created at,first response at,first responder,resolved at,resolver,satisfaction,notes',
    );
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.includes(',C1,phone,') && l.includes(',ann,'))).toHaveLength(2);
    expect(lines.filter((l) => l.includes(',C1,chat,'))).toHaveLength(1);
    const none = await (await fetch(`${server.url}/api/tickets.csv?from=2026-10-13&to=2026-10-14`, auth)).text();
    expect(none.trim().split('\r\n')).toHaveLength(1);
    const anonymous = await api(server.url, 'GET', '/api/tickets.csv', undefined, null);
    expect(anonymous.status).toBe(401);
  });

  it('a survey link rates without login; a low "too slow" rating books a call-back for the group lead within 24 h', async () => {
    const socket = await socketClient(server.url);
    const tasks = collect(socket, 'task.created');
    try {
      const id = ids[0]!;
      const link = await api(server.url, 'POST', `/api/tickets/${id}/survey`);
      expect(link.status).toBe(201);
      expect(link.body.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const page = await fetch(`${server.url}${link.body.path}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post">');

      clock.set('2026-10-12T06:00:00.000Z');
      const answer = await api(server.url, 'POST', link.body.path, { score: 3, comment: '处理太慢了' });
      expect(answer.status).toBe(200);
      expect(answer.body.callback).toMatchObject({
        kind: 'callback',
        assignee: 'ann',
        state: 'open',
        dueAt: '2026-10-13T06:00:00.000Z',
      });
      const ticket = (await api(server.url, 'GET', `/api/tickets/${id}`)).body;
      expect(ticket.csat).toMatchObject({ score: 3, comment: '处理太慢了' });
      expect(ticket.tasks).toHaveLength(1);

      // last answer wins; an open call-back is not booked twice
      const again = await api(server.url, 'POST', link.body.path, { score: 1 });
      expect(again.body.callback).toBeNull();
      expect((await api(server.url, 'GET', `/api/tickets/${id}`)).body.csat.score).toBe(1);
      const m = await api(server.url, 'GET', '/api/metrics?from=2026-10-12&to=2026-10-12');
      expect(m.body.totals.csat).toMatchObject({ count: 1, satisfied: 0, scores: [1, 0, 0, 0, 0] });
      await new Promise((r) => setTimeout(r, 100));
      expect(tasks).toHaveLength(1);
      expect(tasks[0].task.assignee).toBe('ann');
    } finally {
      socket.close();
    }
  });

  it('a form post gets a thank-you page; bad scores and unknown or expired links are refused', async () => {
    const link = (await api(server.url, 'POST', `/api/tickets/${ids[1]}/survey`)).body;
    const form = await fetch(`${server.url}${link.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'score=5&comment=great',
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Thank you');
    const bad = await api(server.url, 'POST', link.path, { score: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('SWB_CSAT_INPUT');
    const unknown = await api(server.url, 'POST', '/survey/AAAAAAAAAAAAAAAAAAAAAA', { score: 5 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('SWB_CSAT_TOKEN');
    await clock.advance(31 * 24 * 60 * MIN);
    expect((await api(server.url, 'POST', link.path, { score: 4 })).status).toBe(404);
    const notResolved = await api(server.url, 'POST', `/api/tickets/${ids[2]}/survey`);
    expect(notResolved.body.error.code).toBe('SWB_TICKET_CSAT_NOT_RESOLVED');
  });
});
