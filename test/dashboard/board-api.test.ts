import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';
import { copyBasePreset } from '../helpers/standalone-base.ts';

/**
 * The supervisor's dashboard endpoints on a real server (real lowdb files, an ephemeral port) on
 * a manual clock: today's figures equal GET /api/metrics for the policy time zone's day, the
 * counters and refused policy changes are the server's (they survive a restart), the agent board
 * is routing's view narrowed by group, and only admins and supervisors read them.
 */
describe('GET /api/dashboard/*', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  // 22:00 in Shanghai (the base preset's time zone), 14:00 UTC: both on 10 March.
  const start = '2026-03-10T14:00:00.000Z';
  const open = async () => {
    const t = await tempDir();
    cleanups.push(t.remove);
    const policyDir = join(t.dir, 'policy');
    await copyBasePreset(policyDir);
    const clock = createManualClock(new Date(start));
    const boot = async () => {
      const server = await startTestServer({ config: policyDir, dataDir: join(t.dir, 'data'), clock });
      cleanups.push(() => server.close());
      return server;
    };
    return { policyDir, clock, boot };
  };

  it("today's SLA attainment and CSAT are the metrics of the policy-zone day, per group, and the counters start over at local midnight", async () => {
    const { clock, boot } = await open();
    const server = await boot();
    const call = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
      api(server.url, method, path, body);
    // what the bus published, to count by hand: tech-ops breaches from a local midnight on
    const published: { type: string; at: string; group?: string }[] = [];
    server.sb.events.subscribe('*', (e) =>
      published.push({ type: e.type, at: e.at, ...('ticket' in e ? { group: e.ticket.group } : {}) }),
    );
    const breachesSince = (from: string) =>
      published.filter((e) => e.type === 'sla.breached' && e.group === 'tech-ops' && e.at >= from).length;
    const answered = (
      await call('/api/tickets', { channel: 'chat', subject: 'page error: blank page', customer: { id: 'C1' } })
    ).body;
    const late = (
      await call('/api/tickets', { channel: 'chat', subject: 'page error: no images', customer: { id: 'C2' } })
    ).body;
    const other = (
      await call('/api/tickets', { channel: 'email', subject: 'How do I register an account?', customer: { id: 'C3' } })
    ).body;
    expect(answered.group).toBe('tech-ops');
    expect(late.group).toBe('tech-ops');
    expect(other.group).not.toBe('tech-ops');
    await clock.advance(10 * 60_000);
    expect(
      (
        await call(`/api/tickets/${answered.id}/replies`, {
          author: { type: 'agent', id: 'li' },
          body: 'Looking into it',
        })
      ).status,
    ).toBe(201);
    for (const [id, score] of [
      [answered.id, 4],
      [other.id, 2],
    ] as const) {
      expect((await call(`/api/tickets/${id}/status`, { status: 'resolved' })).status).toBe(200);
      const rated = await call(`/api/tickets/${id}/csat`, { score });
      expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    }

    const today = (await call('/api/dashboard/today')).body;
    const metrics = (await call('/api/metrics?from=2026-03-10&to=2026-03-10&groupBy=group')).body;
    expect(today).toMatchObject({ day: '2026-03-10', timezone: 'Asia/Shanghai', group: null, tickets: 3 });
    expect(today.sla).toEqual(metrics.totals.sla);
    expect(today.csat).toEqual({
      count: metrics.totals.csat.count,
      avgScore: metrics.totals.csat.avgScore,
      satisfiedRate: metrics.totals.csat.satisfiedRate,
      target: metrics.totals.csat.target,
    });
    expect(today.csat).toMatchObject({ count: 2, avgScore: 3 });
    const techOps = metrics.groups.find((g: { key: { group: string } }) => g.key.group === 'tech-ops');
    const narrowed = (await call('/api/dashboard/today?group=tech-ops')).body;
    expect(narrowed).toMatchObject({ group: 'tech-ops', tickets: 2, csat: { count: 1, avgScore: 4 } });
    expect(narrowed.sla).toEqual(techOps.sla);
    expect(narrowed.sla.firstResponse).toMatchObject({ met: 1, breached: 0, attainment: 1 });
    expect(narrowed.frt).toEqual({ count: techOps.frt.count, avgMs: techOps.frt.avgMs });
    expect(narrowed.frt).toEqual({ count: 1, avgMs: 10 * 60_000 });
    // every event today, and those of the group's tickets
    expect(today.counters.events).toBeGreaterThan(narrowed.counters.events);
    expect(narrowed.counters).toMatchObject({ breaches: 0, refusals: 0 });

    // Past the late ticket's first-response deadline, still 10 March in Shanghai: a breach today.
    const due = Date.parse(late.sla.firstResponse.dueAt);
    expect(due).toBeLessThan(Date.parse('2026-03-10T15:59:00.000Z'));
    await clock.advance(due - clock.now().getTime() + 60_000);
    const breached = (await call('/api/dashboard/today?group=tech-ops')).body;
    expect(breached).toMatchObject({ day: '2026-03-10', tickets: 2, counters: { breaches: breachesSince(start) } });
    expect(breachesSince(start)).toBeGreaterThan(0);
    expect(breached.sla.firstResponse).toMatchObject({ met: 1, breached: 1, attainment: 0.5 });
    expect(breached.sla).toEqual(
      (await call('/api/metrics?from=2026-03-10&to=2026-03-10&groupBy=group')).body.groups.find(
        (g: { key: { group: string } }) => g.key.group === 'tech-ops',
      ).sla,
    );

    // 00:30 in Shanghai, 16:30 UTC (still 10 March there): a new day on the board.
    await clock.advance(Date.parse('2026-03-10T16:30:00.000Z') - clock.now().getTime());
    const next = (await call('/api/dashboard/today?group=tech-ops')).body;
    expect(next).toMatchObject({ day: '2026-03-11', tickets: 0, csat: { count: 0, avgScore: null } });
    expect(next.sla.firstResponse).toEqual({ met: 0, breached: 0, attainment: null });
    // Shanghai's midnight: 16:00 UTC
    expect(next.counters.breaches).toBe(breachesSince('2026-03-10T16:00:00.000Z'));
    expect(breachesSince('2026-03-10T16:00:00.000Z')).toBeLessThan(breachesSince(start));

    const unknown = await call('/api/dashboard/today?group=tech-opz');
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'SWB_API_VALIDATION']);
    expect(unknown.body.error.message).toContain('tech-ops');
  });

  it('keeps a refused policy edit (when, where, code, message) and the counters across a restart', async () => {
    const { policyDir, clock, boot } = await open();
    let server = await boot();
    await api(server.url, 'POST', '/api/tickets', { channel: 'chat', subject: 'page error', customer: { id: 'C1' } });
    await writeFile(join(policyDir, 'zz.yaml'), 'scripts:\n  x: { en: "a"\n');
    await clock.advance(5 * 60_000);
    expect(await server.sb.policy.reload()).toMatchObject({ ok: false });
    const refused = (await api(server.url, 'GET', '/api/dashboard/refusals')).body.items;
    expect(refused).toHaveLength(1);
    expect(refused[0].at).toBe('2026-03-10T14:05:00.000Z');
    expect(refused[0].problems[0]).toMatchObject({
      file: expect.stringMatching(/zz\.yaml$/),
      line: expect.any(Number),
      col: expect.any(Number),
      code: 'SWB_CONFIG_YAML',
      message: expect.any(String),
    });
    const counters = (await api(server.url, 'GET', '/api/dashboard/today')).body.counters;
    expect(counters.refusals).toBe(1);
    // a group's counters keep the policy-wide refusals
    expect((await api(server.url, 'GET', '/api/dashboard/today?group=legal')).body.counters).toMatchObject({
      events: 0,
      refusals: 1,
    });

    await server.close();
    await rm(join(policyDir, 'zz.yaml'));
    server = await boot();
    expect((await api(server.url, 'GET', '/api/dashboard/refusals')).body.items).toEqual(refused);
    expect((await api(server.url, 'GET', '/api/dashboard/today')).body.counters).toEqual(counters);
  });

  it('the agent board: presence, shift and load against capacity, narrowed by group, for supervisors only', async () => {
    const { boot } = await open();
    const server = await boot();
    const call = (method: string, path: string, body?: unknown, token?: string) =>
      api(server.url, method, path, body, token);
    const ticket = (
      await call('POST', '/api/tickets', { channel: 'chat', subject: 'page error', customer: { id: 'C1' } })
    ).body;
    expect((await call('PUT', '/api/agents/zhao/presence', { status: 'away' })).status).toBe(200);

    const techOps = (await call('GET', '/api/dashboard/agents?group=tech-ops')).body;
    expect(techOps.group).toBe('tech-ops');
    expect(techOps.items.map((a: { id: string }) => a.id).sort()).toEqual(['li', 'wang', 'zhao']);
    const zhao = techOps.items.find((a: { id: string }) => a.id === 'zhao');
    expect(zhao).toMatchObject({ presence: 'away', onShift: true });
    const holder = techOps.items.find((a: { id: string }) => a.id === ticket.assignee);
    expect(holder).toMatchObject({ load: 1, capacity: null, utilisation: 0.3333 });
    expect(holder.kinds).toEqual([
      { kind: 'online', load: 1, capacity: 3 },
      { kind: 'voice', load: 0, capacity: 1 },
      { kind: 'async', load: 0, capacity: 10 },
    ]);
    // the same presence, shift and load as GET /api/agents
    const all = (await call('GET', '/api/agents')).body.items;
    const same = all.find((a: { id: string }) => a.id === ticket.assignee);
    expect([holder.presence, holder.onShift, holder.load]).toEqual([same.presence, same.onShift, same.load.total]);

    // 22:00 in Shanghai: legal keeps office hours
    const legal = (await call('GET', '/api/dashboard/agents?group=legal')).body.items;
    expect(legal).toEqual([
      expect.objectContaining({ id: 'luo', onShift: false, capacity: 20, load: 0, utilisation: 0 }),
    ]);
    expect((await call('GET', '/api/dashboard/agents')).body.items).toHaveLength(all.length);

    const viewer = (await call('POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body.token;
    const supervisor = (await call('POST', '/api/tokens', { name: 'lead', role: 'supervisor' })).body.token;
    for (const path of ['/api/dashboard/agents', '/api/dashboard/today', '/api/dashboard/refusals'])
      expect((await call('GET', path, undefined, viewer)).status).toBe(403);
    expect((await call('GET', '/api/dashboard/agents', undefined, supervisor)).status).toBe(200);
    expect((await call('GET', '/api/dashboard', undefined, viewer)).body).toEqual({
      role: 'viewer',
      supervisor: false,
      locale: 'zh-CN',
    });
    expect((await call('GET', '/api/dashboard', undefined, supervisor)).body).toMatchObject({ supervisor: true });
  });
});
