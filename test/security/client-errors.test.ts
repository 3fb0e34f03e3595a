import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/telemetry/logger.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { api, startTestServer, tempDir, testAdminToken } from '../helpers/server.ts';

/** Client mistakes answer 400 with the usual error body, and the server logs no failure for them. */
describe('client errors are 400s, never 500s', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let remove: () => Promise<void>;
  const failures: string[] = [];
  const logger: Logger = { ...silentLogger, error: (message: string) => void failures.push(message) };
  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    server = await startTestServer({ dataDir: t.dir, logger, server: { logger } });
  });
  afterAll(async () => {
    await server.close();
    await remove();
  });

  const post = (path: string, headers: Record<string, string>, body: Buffer) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        `${server.url}${path}`,
        { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const expect400 = (res: { status: number; body: any }, code = 'SWB_API_VALIDATION') => {
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toEqual(expect.any(String));
  };
  const ticket = (extra: Record<string, unknown>) => ({
    channel: 'chat',
    subject: 'payment failed',
    customer: { id: 'C1' },
    ...extra,
  });

  it('a body that does not decode with its Content-Encoding, before and after authentication', async () => {
    const json = { 'content-type': 'application/json' };
    const truncated = gzipSync(JSON.stringify(ticket({}))).subarray(0, 12);
    for (const [encoding, body] of [
      ['gzip', Buffer.from('plain text, not gzip')],
      ['deflate', Buffer.from('plain text, not deflate')],
      ['br', Buffer.from('plain text, not brotli')],
      ['gzip', truncated],
    ] as const) {
      expect400(await post('/api/tickets', { ...json, 'content-encoding': encoding }, body), 'SWB_API_BODY_ENCODING');
      expect400(
        await post(
          '/api/tickets',
          { ...json, 'content-encoding': encoding, authorization: `Bearer ${testAdminToken}` },
          body,
        ),
        'SWB_API_BODY_ENCODING',
      );
    }
    // a well-formed compressed body still works
    const ok = await post(
      '/api/tickets',
      { ...json, 'content-encoding': 'gzip', authorization: `Bearer ${testAdminToken}` },
      gzipSync(JSON.stringify(ticket({}))),
    );
    expect(ok.status).toBe(201);
  });

  it('malformed percent-encoding in survey and ticket paths', async () => {
    expect400(
      await post('/survey/%E0%A4%A', { 'content-type': 'application/json' }, Buffer.from('{}')),
      'SWB_API_BODY_ENCODING',
    );
    expect((await fetch(`${server.url}/survey/%E0%A4%A`)).status).toBe(400);
    expect400(await api(server.url, 'GET', '/api/tickets/%E0%A4%A'), 'SWB_API_BODY_ENCODING');
    expect400(
      await api(server.url, 'POST', '/api/tickets/%E0%A4%A/replies', { author: { type: 'agent' }, body: 'x' }),
      'SWB_API_BODY_ENCODING',
    );
  });

  it('a customer time zone that does not exist, a leap second, a time before 2000', async () => {
    const zone = await api(
      server.url,
      'POST',
      '/api/tickets',
      ticket({ customer: { id: 'C1', timezone: 'Mars/Olympus' } }),
    );
    expect400(zone);
    expect(zone.body.error.details.path).toBe('/customer/timezone');
    expect400(await api(server.url, 'POST', '/api/tickets', ticket({ createdAt: '2026-06-30T23:59:60Z' })));
    for (const createdAt of ['0001-01-01T00:00:00Z', '1900-01-01T00:00:00Z'])
      expect400(await api(server.url, 'POST', '/api/tickets', ticket({ createdAt })));
    // the same leap second anywhere a time is taken
    expect400(
      await api(server.url, 'POST', '/api/simulate', {
        tickets: [],
        asOf: '2026-06-30T23:59:60Z',
      }),
    );
    expect400(await api(server.url, 'GET', '/api/audit?since=2026-06-30T23:59:60Z'));
    expect(
      (await api(server.url, 'POST', '/api/tickets', ticket({ customer: { id: 'C1', timezone: 'Asia/Shanghai' } })))
        .status,
    ).toBe(201);
  });

  it('a body nested thousands of levels deep', async () => {
    const deep = `{"channel":"chat","subject":"x","customer":{"id":"c"},"fields":${'{"a":'.repeat(5000)}1${'}'.repeat(5001)}`;
    expect400(await api(server.url, 'POST', '/api/tickets', deep));
    const nested = (n: number): unknown => (n === 0 ? 1 : { a: nested(n - 1) });
    expect((await api(server.url, 'POST', '/api/tickets', ticket({ fields: nested(10) }))).status).toBe(201);
  });

  it('simulate with a preset that does not exist', async () => {
    const res = await api(server.url, 'POST', '/api/simulate', { candidate: { preset: 'nope' }, tickets: [] });
    expect400(res);
    expect(res.body.error.message).toMatch(/no preset "nope".*bundled presets: .*base/);
  });

  it('none of the above wrote a failure to the log', () => {
    expect(failures).toEqual([]);
  });
});
