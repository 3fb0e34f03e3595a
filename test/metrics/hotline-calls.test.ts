import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

const T0 = '2026-10-12T01:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

// The base preset's hotline answers within 20 s; its call fields come from the phone system.
describe('hotline calls in GET /api/metrics (base preset, answerWithin 20 s)', () => {
  const clock = createManualClock(T0);
  let tmp: { dir: string; remove: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    tmp = await tempDir('swb-hotline-');
    server = await startTestServer({
      dataDir: tmp.dir,
      store: createLowdbStore({ dir: tmp.dir, clock }),
      sources: [{ file: 'policy.yaml', text: 'extends: preset:base\nid: hotline\n' }],
      clock,
    });
    const calls: Record<string, string>[] = [
      { callOfferedAt: at(0), callAnsweredAt: at(12) }, // within 20 s
      { callOfferedAt: at(0), callAnsweredAt: at(20) }, // exactly 20 s: within
      { callOfferedAt: at(0), callAnsweredAt: at(46) }, // too late
      { callOfferedAt: at(0), callAbandonedAt: at(30) }, // hung up
    ];
    for (const [i, fields] of calls.entries()) {
      const r = await api(server.url, 'POST', '/api/tickets', {
        channel: 'phone',
        subject: '咨询',
        customer: { id: `caller-${i}` },
        fields,
      });
      expect(r.status).toBe(201);
    }
    // A chat ticket with call-like fields is no call: chat has no answerWithin.
    await api(server.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: '咨询',
      customer: { id: 'chatter' },
      fields: { callOfferedAt: at(0), callAnsweredAt: at(90) },
    });
  });
  afterAll(async () => {
    await server?.close();
    await tmp?.remove();
  });

  it('service level, average speed of answer and abandonment of the phone channel', async () => {
    const r = await api(server.url, 'GET', '/api/metrics?from=2026-10-12&to=2026-10-12&groupBy=channel');
    expect(r.status).toBe(200);
    const phone = r.body.groups.find((g: { key: { channel: string } }) => g.key.channel === 'phone');
    expect(phone.calls).toEqual({
      offered: 4,
      answered: 3,
      abandoned: 1,
      answeredWithinTarget: 2,
      serviceLevel: 0.6667,
      asaMs: ((12 + 20 + 46) / 3) * 1000,
      abandonRate: 0.25,
      // the fields carry no end of the call: no handling time, no first-call resolution
      handled: 0,
      talkMs: null,
      holdMs: null,
      wrapMs: null,
      ahtMs: null,
      fcr: { known: 0, resolvedFirstCall: 0, rate: null },
    });
    const chat = r.body.groups.find((g: { key: { channel: string } }) => g.key.channel === 'chat');
    expect(chat.calls.offered).toBe(0);
    expect(r.body.totals.calls.offered).toBe(4);
  });

  it('a call answered later is counted once, with its new answer time', async () => {
    const created = await api(server.url, 'POST', '/api/tickets', {
      channel: 'phone',
      subject: '咨询',
      customer: { id: 'late' },
      fields: { callOfferedAt: at(0) },
    });
    let r = await api(server.url, 'GET', '/api/metrics?from=2026-10-12&to=2026-10-12');
    expect(r.body.totals.calls).toMatchObject({ offered: 5, answered: 3 });
    await api(server.url, 'PATCH', `/api/tickets/${created.body.id}`, { fields: { callAnsweredAt: at(8) } });
    r = await api(server.url, 'GET', '/api/metrics?from=2026-10-12&to=2026-10-12');
    expect(r.body.totals.calls).toMatchObject({ offered: 5, answered: 4, answeredWithinTarget: 3 });
  });
});
