import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { importBodyLimit } from '../../src/http/import-routes.ts';
import { generateHistory } from '../helpers/history.ts';
import { api, startTestServer, tempDir, testAdminToken } from '../helpers/server.ts';

const capture = () => {
  const lines: string[] = [];
  return { lines, io: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) } };
};

describe('switchboard import and report through a running server', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const history = [...generateHistory(60, 7)];
  const day = history[0]!.createdAt.slice(0, 10);
  const file = () => join(tmp.dir, 'history.jsonl');

  beforeAll(async () => {
    tmp = await tempDir('swb-import-server-');
    server = await startTestServer({ dataDir: join(tmp.dir, 'data') });
    const lines = [...history.map((t) => JSON.stringify(t)), '{oops'];
    await writeFile(file(), `${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await server?.close();
    await tmp?.remove();
  });

  it('the local CLI on the server data directory says to pass --server URL --token T', async () => {
    const out = capture();
    const code = await run(['import', '--data', join(tmp.dir, 'data'), '--tickets', file(), '--json'], out.io);
    expect(code).toBe(1);
    expect(out.lines.join('\n')).toMatch(/^SWB_STORE_LOCKED .*pass --server URL --token T/);
    const report = capture();
    await run(['report', 'daily', '--data', join(tmp.dir, 'data'), '--date', day], report.io);
    expect(report.lines.join('\n')).toMatch(/^SWB_STORE_LOCKED .*--server URL --token T/);
  });

  it('imports via --server into the live store: the tickets are served, a second run skips them', async () => {
    const before = (await api(server.url, 'GET', `/api/reports/daily?date=${day}`)).body.day.tickets;
    const out = capture();
    const code = await run(
      ['import', '--server', server.url, '--token', testAdminToken, '--tickets', file(), '--json'],
      out.io,
    );
    expect(code).toBe(1);
    const r = JSON.parse(out.lines[0]!);
    expect(r).toMatchObject({ inserted: 60, skipped: 0, invalidCount: 1 });
    expect(r.invalid[0].message).toMatch(/history\.jsonl:61: not valid JSON/);
    expect(r.invalidReasons).toEqual([{ reason: expect.stringContaining('not valid JSON'), count: 1 }]);
    const got = await api(server.url, 'GET', `/api/tickets/${history[5]!.id}`);
    expect(got.status).toBe(200);
    expect(got.body.createdAt).toBe(history[5]!.createdAt);
    // the live metrics know of them without a restart
    const after = (await api(server.url, 'GET', `/api/reports/daily?date=${day}`)).body.day.tickets;
    expect(after - before).toBe(history.filter((t) => t.createdAt.startsWith(day)).length);

    const again = capture();
    await run(['import', '--server', server.url, '--token', testAdminToken, '--tickets', file()], again.io);
    expect(again.lines[0]).toBe('0 inserted, 60 skipped (already stored), 1 invalid');
  });

  it('takes CSV as text/csv', async () => {
    const csv = join(tmp.dir, 'more.csv');
    const t = { ...history[0]!, id: 'CSV1' };
    await writeFile(csv, `id,channel,subject,customer.id,createdAt\n${t.id},${t.channel},hello,c1,${t.createdAt}\n`);
    const out = capture();
    expect(await run(['import', '--server', server.url, '--token', testAdminToken, '--tickets', csv], out.io)).toBe(0);
    expect(out.lines[0]).toBe('1 inserted, 0 skipped (already stored), 0 invalid');
    expect((await api(server.url, 'GET', '/api/tickets/CSV1')).status).toBe(200);
  });

  it('is for admins only: agent and viewer tokens get 403', async () => {
    for (const role of ['agent', 'viewer'] as const) {
      const made = await api(server.url, 'POST', '/api/tokens', {
        name: role,
        role,
        ...(role === 'agent' ? { agent: 'wang' } : {}),
      });
      expect(made.status).toBe(201);
      const out = capture();
      const code = await run(
        ['import', '--server', server.url, '--token', made.body.token, '--tickets', file()],
        out.io,
      );
      expect(code).toBe(1);
      expect(out.lines[0]).toMatch(/^SWB_AUTH_FORBIDDEN server .* answered 403/);
    }
  });

  it('refuses a body past the limit with 413', async () => {
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/x-ndjson' },
      body: Buffer.alloc(importBodyLimit + 1, 0x20),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({
      code: 'SWB_API_BODY_TOO_LARGE',
      message: expect.stringContaining('50 MB'),
    });
    const json = await api(server.url, 'POST', '/api/import', { id: 'x' });
    expect([json.status, json.body.error.code]).toEqual([400, 'SWB_API_VALIDATION']);
  });

  const reportArgs = () => [
    'report',
    'daily',
    '--server',
    server.url,
    '--token',
    testAdminToken,
    '--date',
    day,
    '--out',
    join(tmp.dir, 'reports'),
  ];

  it('report daily --server prints the numbers of GET /api/reports/daily', async () => {
    const expected = (await api(server.url, 'GET', `/api/reports/daily?date=${day}`)).body;
    const out = capture();
    const code = await run([...reportArgs(), '--json'], out.io);
    expect(code).toBe(0);
    const r = JSON.parse(out.lines[0]!);
    expect(r).toEqual({
      files: ['html', 'csv', 'json'].map((ext) => join(tmp.dir, 'reports', `daily-${day}.${ext}`)),
      flagged: expected.flagged,
      tickets: expected.day.tickets,
    });
    expect(r.tickets).toBeGreaterThan(0);
    const text = capture();
    await run(reportArgs(), text.io);
    expect(text.lines[0]).toContain(
      `daily report ${day}: ${expected.day.tickets} tickets, backlog ${expected.day.backlog}`,
    );
  });

  it("qa works through --server too: sample, queue, agents and the CSV export are the server's", async () => {
    const locked = capture();
    expect(await run(['qa', 'agents', '--data', join(tmp.dir, 'data')], locked.io)).toBe(1);
    expect(locked.lines.join('\n')).toMatch(/^SWB_STORE_LOCKED .*--server URL --token T/);
    const remote = ['--server', server.url, '--token', testAdminToken];
    const sample = capture();
    expect(await run(['qa', 'sample', '--from', day, '--to', day, ...remote, '--json'], sample.io)).toBe(0);
    const sampled = JSON.parse(sample.lines[0]!);
    expect(sampled.periods[0]).toMatchObject({ period: day });
    expect(sampled.periods[0].size).toBeGreaterThan(0);
    const queue = capture();
    expect(await run(['qa', 'queue', ...remote, '--json'], queue.io)).toBe(0);
    expect(JSON.parse(queue.lines[0]!)).toEqual((await api(server.url, 'GET', '/api/qa/queue')).body);
    const agents = capture();
    expect(await run(['qa', 'agents', ...remote, '--json'], agents.io)).toBe(0);
    expect(JSON.parse(agents.lines[0]!)).toEqual((await api(server.url, 'GET', '/api/qa/agents')).body);
    const csv = capture();
    expect(await run(['qa', 'export', '--format', 'csv', ...remote], csv.io)).toBe(0);
    const served = (await api(server.url, 'GET', '/api/qa/export?format=csv&status=all')).body as string;
    expect(csv.lines.join('\n')).toBe(served.trimEnd());
    expect(served.trimEnd().split('\n').length).toBeGreaterThan(1);
  });
});
