import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyLoader } from '../../src/config/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { definePlugin } from '../../src/entry/plugins.ts';
import { dueRuns } from '../../src/core/reports/schedule.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { api, collect, socketClient, startTestServer, tempDir } from '../helpers/server.ts';

const policy = [
  'extends: preset:base',
  'id: scheduled',
  'reports:',
  '  daily: "08:00"',
  '  weekly: "mon 08:00"',
  '  monthly: "1 08:00"',
  '',
].join('\n');

describe('the schedule (policy time zone Asia/Shanghai)', () => {
  it('owes each report once per scheduled instant and names the days it covers', () => {
    const s = { daily: '08:00', weekly: 'mon 08:00', monthly: '1 08:00' };
    // Monday 2026-11-30 07:59 → Tuesday 2026-12-01 08:00, local time (UTC+8)
    const runs = dueRuns(s, 'Asia/Shanghai', Date.parse('2026-11-29T23:59:00Z'), Date.parse('2026-12-01T00:00:00Z'));
    expect(runs.map((r) => [r.id, r.from, r.to, new Date(r.at).toISOString()])).toEqual([
      ['daily-2026-11-29', '2026-11-29', '2026-11-29', '2026-11-30T00:00:00.000Z'],
      ['weekly-2026-11-23', '2026-11-23', '2026-11-29', '2026-11-30T00:00:00.000Z'],
      ['daily-2026-11-30', '2026-11-30', '2026-11-30', '2026-12-01T00:00:00.000Z'],
      ['monthly-2026-11-01', '2026-11-01', '2026-11-30', '2026-12-01T00:00:00.000Z'],
    ]);
    expect(dueRuns(s, 'Asia/Shanghai', Date.parse('2026-11-30T00:00:00Z'), Date.parse('2026-11-30T23:59:00Z'))).toEqual(
      [],
    );
  });

  it('a bad time is a load error at its file, line and column saying how to write it', () => {
    const r = createPolicyLoader().fromTexts([
      {
        file: 'policy.yaml',
        text: 'extends: preset:base\nid: x\nreports:\n  daily: "8am"\n  weekly: "monday 08:00"\n',
      },
    ]);
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`);
    expect(problems.find((p) => /^policy\.yaml:4:\d+ /.test(p))).toContain('local time like "08:00"');
    expect(problems.find((p) => /^policy\.yaml:5:\d+ /.test(p))).toContain('weekday and a local time like "mon 08:00"');
  });
});

describe('scheduled reports on a running server: kept, announced, once across restarts', () => {
  const clock = createManualClock('2026-11-29T02:00:00Z'); // Sunday 10:00 in Shanghai
  let tmp: { dir: string; remove: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const heardByPlugin: string[] = [];
  const listener = definePlugin({
    name: 'report-listener',
    version: '1.0.0',
    switchboard: '^0.1.0',
    setup(host) {
      host.events.subscribe('report.ready', (e) => {
        heardByPlugin.push(e.id);
      });
    },
  });
  const start = () =>
    startTestServer({
      dataDir: tmp.dir,
      store: createLowdbStore({ dir: tmp.dir, clock }),
      sources: [{ file: 'policy.yaml', text: policy }],
      clock,
      reportsTickMs: 60_000,
      qaTickMs: 0,
      plugins: [listener],
    });

  beforeAll(async () => {
    tmp = await tempDir('swb-reports-');
    server = await start();
    for (const [i, channel] of ['chat', 'chat', 'email'].entries())
      expect(
        (await api(server.url, 'POST', '/api/tickets', { channel, subject: '咨询', customer: { id: `c${i}` } })).status,
      ).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    await tmp?.remove();
  });

  it('at Monday 08:00 makes the daily and the weekly report from the live aggregates and announces them', async () => {
    const socket = await socketClient(server.url);
    const ready = collect(socket, 'report.ready');
    clock.set('2026-11-29T23:59:30Z');
    await clock.advance(60_000); // the tick after Monday 08:00 local
    await expect.poll(() => ready.length).toBe(2);
    expect(ready.map((e) => e.id)).toEqual(['daily-2026-11-29', 'weekly-2026-11-23']);
    expect(heardByPlugin).toEqual(['daily-2026-11-29', 'weekly-2026-11-23']);
    socket.disconnect();

    const list = await api(server.url, 'GET', '/api/reports');
    expect(list.body.items.map((e: { id: string; kind: string }) => [e.id, e.kind])).toEqual([
      ['daily-2026-11-29', 'daily'],
      ['weekly-2026-11-23', 'weekly'],
    ]);
    const weekly = (await api(server.url, 'GET', '/api/reports/weekly-2026-11-23')).body;
    expect(weekly).toMatchObject({ kind: 'weekly', from: '2026-11-23', to: '2026-11-29' });
    const live = (await api(server.url, 'GET', '/api/metrics?from=2026-11-23&to=2026-11-29&groupBy=channel')).body;
    expect(weekly.report.totals.tickets).toBe(3);
    expect(weekly.report.totals.tickets).toBe(live.totals.tickets);
    expect(weekly.report.channels.map((c: { key: string; tickets: number }) => [c.key, c.tickets])).toEqual([
      ['chat', 2],
      ['email', 1],
    ]);
    expect(weekly.report.days).toHaveLength(7);
    const daily = (await api(server.url, 'GET', '/api/reports/daily-2026-11-29')).body;
    expect(daily.report).toMatchObject({ date: '2026-11-29', day: { tickets: 3 } });

    const html = await api(server.url, 'GET', '/api/reports/weekly-2026-11-23?format=html');
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.body).toContain('周度服务效能报告'); // the base preset speaks zh-CN
    expect(html.body).toContain('data-k="totals.tickets" data-v="3"');
    const csv = await api(server.url, 'GET', '/api/reports/weekly-2026-11-23?format=csv');
    expect((csv.body as string).split('\r\n')[1]).toMatch(/^2026-11-23,2026-11-29,total,,3,/);

    const missing = await api(server.url, 'GET', '/api/reports/weekly-2026-11-30');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'SWB_REPORT_NOT_FOUND']);
    const viewer = (await api(server.url, 'POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body.token;
    expect((await api(server.url, 'GET', '/api/reports', undefined, viewer)).status).toBe(403);
  });

  it('a restart makes no report twice, and one after a stop makes the reports whose time passed', async () => {
    await server.close();
    server = await start(); // same instant: nothing owed
    expect((await api(server.url, 'GET', '/api/reports')).body.items).toHaveLength(2);
    await server.close();
    clock.set('2026-12-01T03:00:00Z'); // stopped over Tuesday 08:00 (daily, and the monthly of the 1st)
    server = await start();
    const ids = (await api(server.url, 'GET', '/api/reports')).body.items.map((e: { id: string }) => e.id);
    expect(ids).toEqual(['daily-2026-11-29', 'weekly-2026-11-23', 'daily-2026-11-30', 'monthly-2026-11-01']);
    const monthly = (await api(server.url, 'GET', '/api/reports/monthly-2026-11-01')).body;
    expect(monthly).toMatchObject({ from: '2026-11-01', to: '2026-11-30', scheduledAt: '2026-12-01T00:00:00.000Z' });
    expect(monthly.report.totals.tickets).toBe(3);
    expect(monthly.report.previous).toMatchObject({ from: '2026-10-01', to: '2026-10-31', tickets: 0 });
    const socket = await socketClient(server.url);
    const ready = collect(socket, 'report.ready');
    await clock.advance(60_000);
    await clock.advance(60_000);
    expect(ready).toEqual([]);
    expect(heardByPlugin).toEqual(['daily-2026-11-29', 'weekly-2026-11-23', 'daily-2026-11-30', 'monthly-2026-11-01']);
    expect((await api(server.url, 'GET', '/api/reports')).body.items).toHaveLength(4);
    socket.disconnect();
  });
});
