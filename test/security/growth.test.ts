import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/switchboard/limits.ts';
import { api, tempDir, testAdminToken } from '../helpers/server.ts';

const script = fileURLToPath(new URL('./growth-server.ts', import.meta.url));
const mb = 1024 * 1024;

/**
 * The growth test: 10,000 answers to one public survey link and 1,000 notes near the text limit
 * leave the server's memory bounded and the server answering. Unbounded, the notes alone made
 * two 50 MB tickets rewritten on every change, every version kept by the replay ring.
 */
describe('growth: 10,000 survey answers and 1,000 large notes', () => {
  let child: ChildProcess;
  let url = '';
  let remove: () => Promise<void>;
  const ask = () =>
    new Promise<NodeJS.MemoryUsage>((resolve) => {
      child.once('message', (m) => resolve((m as { memory: NodeJS.MemoryUsage }).memory));
      child.send('memory');
    });
  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    child = fork(script, [t.dir], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: 'inherit' });
    const port = await new Promise<number>((resolve) =>
      child.once('message', (m) => resolve((m as { port: number }).port)),
    );
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.send('stop');
      await exited;
    }
    agent.destroy();
    await remove();
  });

  // node:http with keep-alive: fetch costs the client more CPU than the server spends per answer
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const post = (path: string, body: string) =>
    new Promise<{ status: number }>((resolve, reject) => {
      const req = request(
        `${url}${path}`,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${testAdminToken}`,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  /** Runs `n` calls, `width` at a time, and counts their statuses. */
  const run = async (n: number, width: number, call: (i: number) => Promise<{ status: number }>) => {
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < n) {
        const { status } = await call(next++);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
    return Object.fromEntries(statuses);
  };

  it('keeps every ticket within its limits, memory bounded, and the server answering', async () => {
    const ticket = async () =>
      (await api(url, 'POST', '/api/tickets', { channel: 'chat', subject: 'payment failed', customer: { id: 'C1' } }))
        .body.id as string;
    const rated = await ticket();
    await api(url, 'POST', `/api/tickets/${rated}/status`, { status: 'resolved' });
    const link = (await api(url, 'POST', `/api/tickets/${rated}/survey`)).body.path as string;
    const noted = [await ticket(), await ticket()];
    const before = await ask();

    const answers = await run(10_000, 16, (i) =>
      post(link, JSON.stringify({ score: (i % 5) + 1, comment: 'c'.repeat(1500) })),
    );
    expect(answers).toEqual({
      200: defaultLimits.survey.answersPerLink,
      422: 10_000 - defaultLimits.survey.answersPerLink,
    });

    const note = 'n'.repeat(defaultLimits.ticket.maxTextChars - 100);
    const body = JSON.stringify({ body: note, internal: true });
    const notes = await run(1_000, 8, (i) => post(`/api/tickets/${noted[i % 2]}/replies`, body));
    expect(notes[201]).toBeGreaterThan(0);
    expect(notes[201]! + notes[422]!).toBe(1_000);

    for (const id of [rated, ...noted]) {
      const res = await fetch(`${url}/api/tickets/${id}`, {
        headers: { authorization: `Bearer ${testAdminToken}` },
      });
      const text = await res.text();
      // the byte limit and the history limit hold (the ticket as answered is the ticket as stored)
      expect(text.length).toBeLessThanOrEqual(defaultLimits.ticket.maxTicketBytes);
      expect(JSON.parse(text).history.length).toBeLessThanOrEqual(defaultLimits.ticket.maxHistory);
    }
    const rating = (await api(url, 'GET', `/api/tickets/${rated}`)).body;
    expect(rating.history.filter((h: { type: string }) => h.type === 'csat')).toHaveLength(
      defaultLimits.survey.answersPerLink,
    );

    const after = await ask();
    // Two full tickets are 4 MB of text; the replay ring keeps at most 64 MB of events.
    expect((after.heapUsed - before.heapUsed) / mb).toBeLessThan(250);
    expect((after.rss - before.rss) / mb).toBeLessThan(600);
    expect((await api(url, 'GET', '/api/health')).status).toBe(200);
  }, 120_000);
});
