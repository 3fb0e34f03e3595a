import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

// Tuesday 2026-11-24, 10:00 in Shanghai: calls of the week 2026-11-23..29, reported on Monday 08:00.
const T0 = Date.parse('2026-11-24T02:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

describe('hotline calls from the phone system in the weekly report', () => {
  const clock = createManualClock(at(0));
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    tmp = await tempDir('swb-calls-weekly-');
    server = await startTestServer({
      dataDir: tmp.dir,
      store: createLowdbStore({ dir: tmp.dir, clock }),
      sources: [{ file: 'policy.yaml', text: 'extends: preset:base\nid: hotline\nreports:\n  weekly: "mon 08:00"\n' }],
      clock,
      reportsTickMs: 60_000,
      qaTickMs: 0,
    });
    // within the 20 s of the phone channel: a (8 s); over it: b (44 s); c abandoned after 31 s
    for (const [callId, event, s, agent] of [
      ['a', 'offered', 0],
      ['a', 'answered', 8, 'zhang'],
      ['a', 'ended', 95, 'zhang'],
      ['b', 'offered', 60],
      ['b', 'answered', 104, 'li'],
      ['b', 'ended', 164, 'li'],
      ['c', 'offered', 120],
      ['c', 'abandoned', 151],
      ['c', 'abandoned', 151], // sent twice by the phone system: counted once
    ] as [string, string, number, string?][]) {
      const r = await api(server.url, 'POST', '/api/calls/events', {
        callId,
        event,
        at: at(s),
        channel: 'phone',
        ...(agent ? { agent } : {}),
      });
      expect(r.status).toBe(200);
    }
  });
  afterAll(async () => {
    await server?.close();
    await tmp?.remove();
  });

  it('gives service level, speed of answer and abandonment in GET /api/metrics and the weekly report alike', async () => {
    const live = (await api(server.url, 'GET', '/api/metrics?from=2026-11-23&to=2026-11-29')).body;
    expect(live.totals.calls).toMatchObject({
      offered: 3,
      answered: 2,
      abandoned: 1,
      serviceLevel: 0.5, // of the 2 answered calls, 1 within the channel's 20 s (docs/hotline.md)
      asaMs: 26_000, // (8 s + 44 s) / 2
      abandonRate: 0.3333,
    });

    clock.set('2026-11-29T23:59:30Z');
    await clock.advance(60_000); // the tick after Monday 08:00 local
    await expect.poll(async () => (await api(server.url, 'GET', '/api/reports')).body.items.length).toBe(1);
    const weekly = (await api(server.url, 'GET', '/api/reports/weekly-2026-11-23')).body.report;
    expect(weekly.totals).toMatchObject({
      callServiceLevel: live.totals.calls.serviceLevel,
      callAsaMs: live.totals.calls.asaMs,
      callAbandonRate: live.totals.calls.abandonRate,
    });
    const phone = weekly.channels.find((c: { key: string }) => c.key === 'phone');
    expect(phone).toMatchObject({ callServiceLevel: 0.5, callAsaMs: 26_000, callAbandonRate: 0.3333 });
  });
});
