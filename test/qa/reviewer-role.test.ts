import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { generateTickets } from '../helpers/qa-tickets.ts';
import { api, collect, socketClient, startTestServer, tempDir } from '../helpers/server.ts';

const allPass = {
  greeting: 'pass',
  'problem-confirmed': 'pass',
  'commitment-with-time': 'pass',
  'correct-category': 'pass',
};

/** The quality reviewer (质检专员): reads tickets, samples and scores QA, changes no ticket. */
describe('reviewer role: scores QA samples and cannot change tickets', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let remove: () => Promise<void>;
  let reviewer: string;
  const clock = createManualClock('2026-10-05T02:00:00Z');

  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    const seed = createLowdbStore({ dir: t.dir, clock });
    await seed.open();
    for (const ticket of generateTickets(60, { seed: 9, start: '2026-10-01T00:00:00Z', days: 1 }))
      await seed.insert(ticket);
    await seed.close();
    server = await startTestServer({ dataDir: t.dir, clock, qaTickMs: 0 });
    const made = await api(server.url, 'POST', '/api/tokens', { name: '质检 周敏', role: 'reviewer' });
    expect([made.status, made.body.role]).toEqual([201, 'reviewer']);
    reviewer = made.body.token;
  });
  afterAll(async () => {
    await server.close();
    await remove();
  });

  it('samples, reads the sampled ticket, scores it under its own name and hears the score on its socket', async () => {
    const sampled = await api(server.url, 'POST', '/api/qa/sample', { from: '2026-10-01', to: '2026-10-01' }, reviewer);
    expect(sampled.status).toBe(200);
    const queue = await api(server.url, 'GET', '/api/qa/queue', undefined, reviewer);
    expect(queue.status).toBe(200);
    const item = queue.body.items[0] as { ticketId: string; agent: string };
    expect(item).toBeDefined();

    const ticket = await api(server.url, 'GET', `/api/tickets/${item.ticketId}`, undefined, reviewer);
    expect(ticket.status).toBe(200);
    expect(ticket.body.id).toBe(item.ticketId);

    const socket = await socketClient(server.url, '/', reviewer);
    const scores = collect(socket, 'qa.scored');
    const review = await api(
      server.url,
      'POST',
      `/api/qa/reviews/${item.ticketId}`,
      { results: { ...allPass, greeting: 'fail' }, comment: '未在3秒内问候' },
      reviewer,
    );
    expect(review.status).toBe(201);
    expect(review.body.review).toMatchObject({ ticketId: item.ticketId, reviewer: '质检 周敏', failed: 1, scored: 4 });
    await expect.poll(() => scores.length).toBe(1);
    expect(scores[0].review).toMatchObject({ ticketId: item.ticketId, reviewer: '质检 周敏' });
    const agents = await api(server.url, 'GET', '/api/qa/agents', undefined, reviewer);
    expect(agents.body.items.find((a: { agent: string }) => a.agent === item.agent)).toMatchObject({ reviews: 1 });
    socket.disconnect();
  });

  it('is refused with 403 SWB_AUTH_FORBIDDEN for every ticket change, and the ticket stays as it was', async () => {
    const created = await api(server.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: 'page error: blank page',
      customer: { id: 'C1' },
    });
    const id = created.body.id as string;
    const before = (await api(server.url, 'GET', `/api/tickets/${id}`)).body;
    const attempts: [string, string, unknown][] = [
      ['POST', `/api/tickets/${id}/replies`, { body: 'we are on it' }],
      ['PATCH', `/api/tickets/${id}`, { priority: 'P0' }],
      ['POST', `/api/tickets/${id}/status`, { status: 'resolved' }],
      ['POST', `/api/tickets/${id}/assign`, { assignee: 'li' }],
      ['POST', `/api/tickets/${id}/tags`, { tags: ['qa'] }],
      ['POST', '/api/tickets', { channel: 'chat', subject: 'x', customer: { id: 'C2' } }],
    ];
    for (const [method, path, body] of attempts) {
      const r = await api(server.url, method, path, body, reviewer);
      expect([method, path, r.status, r.body.error.code]).toEqual([method, path, 403, 'SWB_AUTH_FORBIDDEN']);
      expect(r.body.error.message).toContain('role "reviewer" may not');
    }
    const after = (await api(server.url, 'GET', `/api/tickets/${id}`)).body;
    expect(after).toEqual(before);
  });

  it('does not see customer contact data in clear', async () => {
    const created = await api(server.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'refund please',
      customer: { id: 'C9', email: 'lin.mei@example.com', phone: '+86 138 0013 8000' },
    });
    const asReviewer = await api(server.url, 'GET', `/api/tickets/${created.body.id}`, undefined, reviewer);
    expect(asReviewer.status).toBe(200);
    expect(JSON.stringify(asReviewer.body)).not.toContain('lin.mei@example.com');
    expect(JSON.stringify(asReviewer.body)).not.toContain('0013 8000');
  });
});
