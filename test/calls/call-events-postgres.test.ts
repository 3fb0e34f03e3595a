import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createPostgresStore } from '../../src/postgres/index.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

const url = postgresUrl();
const at = (s: number) => new Date(Date.parse('2026-10-12T01:00:00.000Z') + s * 1000).toISOString();

// The same webhook on PostgreSQL: the call, its idempotence and its metrics survive a restart.
describe.skipIf(!url)('call events on PostgreSQL', () => {
  const clock = createManualClock('2026-10-12T02:00:00.000Z');
  const schema = uniqueSchema('calls');
  let tmp: { dir: string; remove: () => Promise<void> };
  const start = () =>
    startTestServer({
      dataDir: tmp.dir,
      store: createPostgresStore({ connectionString: url!, schema, max: 2 }),
      sources: [{ file: 'policy.yaml', text: 'extends: preset:base\nid: hotline\n' }],
      clock,
    });

  beforeAll(async () => {
    tmp = await tempDir('swb-calls-pg-');
  });
  afterAll(async () => {
    await dropSchema(url!, schema);
    await tmp?.remove();
  });

  it('records the call, and a repeat after a restart goes to the same ticket and counts once', async () => {
    let server = await start();
    const post = (event: string, s: number) =>
      api(server.url, 'POST', '/api/calls/events', { callId: 'pg-1', event, at: at(s), channel: 'phone' });
    const first = await post('offered', 0);
    expect(first.status).toBe(200);
    expect((await post('answered', 15)).status).toBe(200);
    await server.close();
    server = await start();
    const again = await post('offered', 0);
    expect(again.body).toEqual(first.body);
    expect((await post('ended', 75)).body.ticketId).toBe(first.body.ticketId);
    const ticket = (await api(server.url, 'GET', `/api/tickets/${first.body.ticketId}`)).body;
    expect(ticket.calls[0].events.map((e: { type: string }) => e.type)).toEqual(['offered', 'answered', 'ended']);
    const m = await api(server.url, 'GET', '/api/metrics?from=2026-10-12&to=2026-10-12');
    expect(m.body.totals.calls).toMatchObject({
      offered: 1,
      answered: 1,
      answeredWithinTarget: 1,
      handled: 1,
      talkMs: 60_000,
    });
    await server.close();
  });
});
