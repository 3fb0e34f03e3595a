import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

const T0 = '2026-10-12T01:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const day = '/api/metrics?from=2026-10-12&to=2026-10-12';

// Four hotline calls reported event by event (the base hotline answers within 20 s).
const calls: [string, string, number, string?][] = [
  // a: answered at 12 s, on hold 30 → 50 s, ended at 130 s, wrap-up until 160 s
  ['a', 'offered', 0],
  ['a', 'answered', 12, 'zhang'],
  ['a', 'held', 30, 'zhang'],
  ['a', 'resumed', 50, 'zhang'],
  ['a', 'ended', 130, 'zhang'],
  ['a', 'wrapup-ended', 160, 'zhang'],
  // b: answered late (30 s), no wrap-up reported
  ['b', 'offered', 0],
  ['b', 'answered', 30, 'li'],
  ['b', 'ended', 90, 'li'],
  // c: the caller hung up after 25 s
  ['c', 'offered', 0],
  ['c', 'abandoned', 25],
  // d: answered at exactly 20 s (within), its events sent in reverse order
  ['d', 'wrapup-ended', 100, 'li'],
  ['d', 'ended', 80, 'li'],
  ['d', 'answered', 20, 'li'],
  ['d', 'offered', 0],
];

describe('call metrics in GET /api/metrics from call events', () => {
  const clock = createManualClock('2026-10-12T02:00:00.000Z');
  let tmp: { dir: string; remove: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const ticketOf: Record<string, string> = {};
  const post = (callId: string, event: string, seconds: number, agent?: string, extra: object = {}) =>
    api(server.url, 'POST', '/api/calls/events', {
      callId,
      event,
      at: at(seconds),
      channel: 'phone',
      ...(agent ? { agent } : {}),
      ...extra,
    });

  beforeAll(async () => {
    tmp = await tempDir('swb-call-metrics-');
    server = await startTestServer({
      dataDir: tmp.dir,
      store: createLowdbStore({ dir: tmp.dir, clock }),
      sources: [{ file: 'policy.yaml', text: 'extends: preset:base\nid: hotline\n' }],
      clock,
    });
    for (const [id, event, s, agent] of calls) {
      const r = await post(id, event, s, agent);
      expect(r.status).toBe(200);
      ticketOf[id] = r.body.ticketId;
    }
    // every event sent twice: nothing is counted twice
    for (const [id, event, s, agent] of calls) expect((await post(id, event, s, agent)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await tmp?.remove();
  });

  it('service level, speed of answer, abandonment and talk / hold / wrap handling time', async () => {
    const r = await api(server.url, 'GET', `${day}&groupBy=channel`);
    expect(r.status).toBe(200);
    const phone = r.body.groups.find((g: { key: { channel: string } }) => g.key.channel === 'phone');
    expect(phone.calls).toEqual({
      offered: 4,
      answered: 3,
      abandoned: 1,
      answeredWithinTarget: 2,
      serviceLevel: 0.6667,
      asaMs: Math.round(((12 + 30 + 20) / 3) * 1000),
      abandonRate: 0.25,
      handled: 3,
      talkMs: Math.round(((130 - 12 - 20 + (90 - 30) + (80 - 20)) / 3) * 1000),
      holdMs: Math.round((20 / 3) * 1000),
      wrapMs: Math.round(((30 + 0 + 20) / 3) * 1000),
      ahtMs: Math.round(((130 - 12 + 30 + (90 - 30) + (100 - 20)) / 3) * 1000),
      fcr: { known: 0, resolvedFirstCall: 0, rate: null },
    });
    expect(r.body.totals.calls.offered).toBe(4);
  });

  it('grouped by group and by agent, the groups add up to the totals', async () => {
    for (const dim of ['group', 'agent']) {
      const r = await api(server.url, 'GET', `${day}&groupBy=${dim}`);
      const sum = (k: string) =>
        r.body.groups.reduce((n: number, g: { calls: Record<string, number> }) => n + g.calls[k]!, 0);
      expect([sum('offered'), sum('answered'), sum('abandoned'), sum('handled')]).toEqual([4, 3, 1, 3]);
    }
  });

  it('first-call resolution: resolved on the first call, unless the customer called again', async () => {
    for (const id of ['a', 'b']) {
      const r = await api(server.url, 'POST', `/api/tickets/${ticketOf[id]}/status`, { status: 'resolved' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    let r = await api(server.url, 'GET', day);
    expect(r.body.totals.calls.fcr).toEqual({ known: 2, resolvedFirstCall: 2, rate: 1 });
    // the customer of b calls back about the same ticket
    await post('b2', 'offered', 600, undefined, { ticketId: ticketOf.b });
    r = await api(server.url, 'GET', day);
    expect(r.body.totals.calls.fcr).toEqual({ known: 2, resolvedFirstCall: 1, rate: 0.5 });
    expect(r.body.totals.calls.offered).toBe(5);
  });
});
