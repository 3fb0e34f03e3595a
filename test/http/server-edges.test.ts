import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { api, startTestServer, tempDir, testAdminToken } from '../helpers/server.ts';

describe('server edges: graceful drain, metrics, CORS, security headers', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  const server = async (opts: Omit<Parameters<typeof startTestServer>[0], 'dataDir'> = {}) => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const s = await startTestServer({ ...opts, dataDir: dir });
    cleanups.push(() => s.close());
    return s;
  };

  it('drains: a request in flight when close() starts still gets its answer, then the server stops', async () => {
    const s = await server();
    const body = JSON.stringify({ channel: 'chat', subject: 'page error: blank page', customer: { id: 'C1' } });
    let req!: ReturnType<typeof request>;
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req = request(
        `${s.url}/api/tickets`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${testAdminToken}`,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
    });
    req.write(body.slice(0, 10)); // the request is now in flight, its body unfinished
    const connections = () => new Promise<number>((r) => s.http.getConnections((_e, n) => r(n)));
    while ((await connections()) === 0) await new Promise((r) => setTimeout(r, 5));
    const closed = s.close().then(() => Date.now());
    // The server has stopped listening but waits for this request.
    await expect(fetch(`${s.url}/api/health`)).rejects.toThrow();
    req.end(body.slice(10));
    const res = await answer;
    const answeredAt = Date.now();
    expect(res.status).toBe(201);
    expect(JSON.parse(res.text).subject).toBe('page error: blank page');
    expect(await closed).toBeGreaterThanOrEqual(answeredAt);
  });

  it('exposes Prometheus metrics on a per-instance registry (two servers in one process do not clash)', async () => {
    const a = await server();
    const b = await server();
    await api(a.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: 'page error: blank page',
      customer: { id: 'C1' },
    });
    const ma = await api(a.url, 'GET', '/metrics');
    const mb = await api(b.url, 'GET', '/metrics');
    expect(ma.status).toBe(200);
    expect(ma.body).toMatch(/switchboard_tickets_open\{status="new",group="tech-ops",priority="P1"\} 1/);
    expect(ma.body).toMatch(/switchboard_tickets_created_total\{channel="chat",priority="P1"\} 1/);
    expect(ma.body).toMatch(/switchboard_decision_seconds_count 1/);
    expect(ma.body).toMatch(/switchboard_event_loop_lag_seconds\{quantile="0.99"\}/);
    expect(ma.body).toMatch(/switchboard_socket_clients 0/);
    expect(mb.body).not.toMatch(/switchboard_tickets_created_total\{/);
    expect((await api(a.url, 'GET', '/metrics', undefined, null)).status).toBe(401);
  });

  it('answers CORS only for configured origins and sends helmet headers', async () => {
    const s = await server({ server: { corsOrigin: ['https://desk.example.com'] } });
    const pre = await fetch(`${s.url}/api/tickets`, {
      method: 'OPTIONS',
      headers: { origin: 'https://desk.example.com', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://desk.example.com');
    expect(pre.headers.get('access-control-allow-headers')).toContain('Authorization');
    const other = await fetch(`${s.url}/api/health`, { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('x-content-type-options')).toBe('nosniff');
    expect(other.headers.get('content-security-policy')).toContain("script-src 'self'");
    const big = await api(s.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: 'x',
      customer: { id: 'C1' },
      description: 'x'.repeat(1_100_000),
    });
    expect([big.status, big.body.error.code]).toEqual([413, 'SWB_API_BODY_TOO_LARGE']);
  });
});
