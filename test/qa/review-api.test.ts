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

describe('QA review over HTTP: queue, score, per-agent error rate, flag, export', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let remove: () => Promise<void>;
  const clock = createManualClock('2026-10-05T02:00:00Z');

  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    const seed = createLowdbStore({ dir: t.dir, clock });
    await seed.open();
    for (const ticket of generateTickets(400, { seed: 5, start: '2026-10-01T00:00:00Z', days: 2 }))
      await seed.insert(ticket);
    await seed.close();
    server = await startTestServer({ dataDir: t.dir, clock, qaTickMs: 0 });
  });
  afterAll(async () => {
    await server.close();
    await remove();
  });

  it('scoring an agent past the threshold flags the agent (event and API); a clean agent is not flagged', async () => {
    const sampled = await api(server.url, 'POST', '/api/qa/sample', { from: '2026-10-01', to: '2026-10-02' });
    expect(sampled.status).toBe(200);
    expect(sampled.body.periods.map((p: { size: number; population: number }) => [p.population, p.size])).toEqual([
      [200, 30],
      [200, 30],
    ]);

    const queue = (await api(server.url, 'GET', '/api/qa/queue')).body.items as { ticketId: string; agent: string }[];
    expect(queue).toHaveLength(60);
    const byAgent = new Map<string, string[]>();
    for (const i of queue) byAgent.set(i.agent, [...(byAgent.get(i.agent) ?? []), i.ticketId]);
    const [weak, clean] = [...byAgent]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([agent, ids]) => ({ agent, ids }));
    expect(weak!.ids.length).toBeGreaterThanOrEqual(3);

    const socket = await socketClient(server.url);
    const flagged = collect(socket, 'agent.flagged');
    const viewerToken = (await api(server.url, 'POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body.token;
    const viewer = await socketClient(server.url, '/', viewerToken);
    const viewerFlags = collect(viewer, 'agent.flagged');
    const viewerScores = collect(viewer, 'qa.scored');
    const adminOnViewerTest = collect(viewer, 'ticket.created'); // the socket works: it sees other events
    const scored = collect(socket, 'qa.scored');
    for (const id of clean!.ids.slice(0, 3))
      expect((await api(server.url, 'POST', `/api/qa/reviews/${id}`, { results: allPass })).status).toBe(201);
    // Two clean reviews, then one with a failed greeting: 1 of 12 items = 8.3 % > 5 %.
    await api(server.url, 'POST', `/api/qa/reviews/${weak!.ids[0]}`, { results: allPass });
    const second = await api(server.url, 'POST', `/api/qa/reviews/${weak!.ids[1]}`, { results: allPass });
    expect(second.body.agent).toMatchObject({ agent: weak!.agent, reviews: 2, errorRate: 0, flagged: false });
    const third = await api(server.url, 'POST', `/api/qa/reviews/${weak!.ids[2]}`, {
      results: { ...allPass, greeting: 'fail' },
      comment: 'no greeting',
    });
    expect(third.status).toBe(201);
    expect(third.body.review).toMatchObject({
      ticketId: weak!.ids[2],
      agent: weak!.agent,
      failed: 1,
      scored: 4,
      score: 0.75,
      comment: 'no greeting',
    });
    expect(third.body.agent).toMatchObject({ reviews: 3, failedItems: 1, scoredItems: 12, flagged: true });

    await expect.poll(() => flagged.length).toBe(1);
    expect(flagged[0]).toMatchObject({ agent: weak!.agent, reviews: 3, threshold: 0.05, window: '30d' });
    expect(flagged[0].errorRate).toBeCloseTo(1 / 12, 6);
    await expect.poll(() => scored.length).toBe(6);
    socket.disconnect();
    // Quality reviews are for admins and supervisors: a dashboard's viewer token sees none.
    await api(server.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'printer on fire',
      customer: { id: 'C5' },
    });
    await expect.poll(() => adminOnViewerTest.length).toBe(1);
    expect([viewerFlags, viewerScores]).toEqual([[], []]);
    viewer.disconnect();

    const agents = (await api(server.url, 'GET', '/api/qa/agents')).body;
    expect(agents).toMatchObject({ window: '30d', threshold: 0.05, errorRate: 'items' });
    expect(agents.items[0]).toMatchObject({ agent: weak!.agent, flagged: true });
    expect(agents.items.find((a: { agent: string }) => a.agent === clean!.agent)).toMatchObject({
      errorRate: 0,
      flagged: false,
    });

    // Reviewed tickets leave the pending queue; the export has them with their results.
    expect((await api(server.url, 'GET', '/api/qa/queue')).body.items).toHaveLength(54);
    const csv = await api(server.url, 'GET', '/api/qa/export?format=csv&status=reviewed');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe(
      'ticketId,period,agent,weight,u,key,csat,breached,newAgent,reviewed,reviewer,reviewedAt,score,failed,scored,greeting,problem-confirmed,commitment-with-time,correct-category,comment',
    );
    expect(lines).toHaveLength(7);
    expect(lines.find((l) => l.startsWith(weak!.ids[2]!))).toContain(',fail,pass,pass,pass,no greeting');
    const json = (await api(server.url, 'GET', '/api/qa/export')).body.items;
    expect(json).toHaveLength(60);

    // The day's audit record: seed, rate, and every ticket's inputs.
    const record = (await api(server.url, 'GET', '/api/qa/samples/2026-10-01')).body;
    expect(record).toMatchObject({ period: '2026-10-01', seed: 'base-qa-2026', rate: 0.15, population: 200, size: 30 });
    expect(record.decisions).toHaveLength(200);
  });

  it('refuses reviews of tickets not sampled and results that do not match the checklist', async () => {
    const queue = (await api(server.url, 'GET', '/api/qa/queue')).body.items as { ticketId: string }[];
    const unknown = await api(server.url, 'POST', `/api/qa/reviews/${queue[0]!.ticketId}`, {
      results: { ...allPass, smile: 'pass' },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'SWB_QA_RESULTS']);
    expect(unknown.body.error.message).toContain('"smile"');
    const missing = await api(server.url, 'POST', `/api/qa/reviews/${queue[0]!.ticketId}`, {
      results: { greeting: 'pass' },
    });
    expect([missing.status, missing.body.error.code]).toEqual([400, 'SWB_QA_RESULTS']);
    const bad = await api(server.url, 'POST', `/api/qa/reviews/${queue[0]!.ticketId}`, {
      results: { ...allPass, greeting: 'ok' },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'SWB_API_VALIDATION']);
    const notSampled = await api(server.url, 'POST', '/api/qa/reviews/t_nope', { results: allPass });
    expect([notSampled.status, notSampled.body.error.code]).toEqual([409, 'SWB_QA_NOT_SAMPLED']);
    const badDay = await api(server.url, 'POST', '/api/qa/sample', { from: '2026-10-01', to: '01/10/2026' });
    expect([badDay.status, badDay.body.error.code]).toEqual([400, 'SWB_API_VALIDATION']);
  });

  it('an agent token may not review; a supervisor may', async () => {
    const agent = (await api(server.url, 'POST', '/api/tokens', { name: 'w', role: 'agent', agent: 'wang' })).body
      .token;
    const supervisor = (await api(server.url, 'POST', '/api/tokens', { name: 'lead', role: 'supervisor' })).body.token;
    expect((await api(server.url, 'GET', '/api/qa/queue', undefined, agent)).status).toBe(403);
    const queue = (await api(server.url, 'GET', '/api/qa/queue', undefined, supervisor)).body.items as {
      ticketId: string;
    }[];
    const r = await api(server.url, 'POST', `/api/qa/reviews/${queue[0]!.ticketId}`, { results: allPass }, supervisor);
    expect(r.status).toBe(201);
    expect(r.body.review.reviewer).toBe('lead');
  });
});
