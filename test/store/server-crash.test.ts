import { afterEach, describe, expect, it } from 'vitest';
import { api, tempDir } from '../helpers/server.ts';
import { spawnServer, stopServer, type SpawnedServer as Child } from '../helpers/spawn-server.ts';

const startServer = (dataDir: string) => spawnServer(['--data', dataDir]);
const kill9 = (child: Child) => stopServer(child, 'SIGKILL').then(() => undefined);

const subjects = [
  '支付失败,无法下单',
  'How do I register an account?',
  'App crashes on login',
  'Refund for order 7781',
];

/** Creates tickets with `concurrency` requests in flight until stopped; keeps every 201 body. */
function fireCreates(
  url: string,
  concurrency: number,
  acked: Map<string, unknown>,
  stopped: () => boolean,
): Promise<number> {
  let n = 0;
  let failures = 0;
  const worker = async () => {
    while (!stopped()) {
      const i = n++;
      try {
        const res = await api(url, 'POST', '/api/tickets', {
          channel: i % 2 ? 'email' : 'phone',
          subject: `${subjects[i % subjects.length]} #${i}`,
          customer: { id: `C${i}`, ...(i % 5 === 0 ? { tier: 'vip' } : {}) },
        });
        if (res.status === 201) acked.set(res.body.id, res.body);
        else failures++;
      } catch {
        failures++; // the connection died with the server: not acknowledged, so not promised
      }
    }
  };
  return Promise.all(Array.from({ length: concurrency }, worker)).then(() => failures);
}

async function readAll(url: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  let cursor: string | undefined;
  for (;;) {
    const page = await api(
      url,
      'GET',
      `/api/tickets?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status).toBe(200);
    for (const t of page.body.items) out.set(t.id, t);
    cursor = page.body.nextCursor;
    if (!cursor) return out;
  }
}

describe('the lowdb server under kill -9', () => {
  const children: Child[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await kill9(c);
    while (cleanups.length) await cleanups.pop()!();
  });

  it('keeps every ticket it answered 201 for, intact, across SIGKILLs at random moments', async () => {
    const { dir, remove } = await tempDir('swb-crash-');
    cleanups.push(remove);
    const acked = new Map<string, unknown>();
    const started = Date.now();
    let trials = 0;
    let killedMidFlight = 0;
    // many trials, bounded by time so the whole test stays under a minute on a slow machine
    while (trials < 12 && Date.now() - started < 25_000) {
      trials++;
      const child = await startServer(dir);
      children.push(child);
      // everything acknowledged so far, in any earlier life, is here and unchanged
      const stored = await readAll(child.url);
      for (const [id, body] of acked) expect(stored.get(id), `ticket ${id} after ${trials - 1} kill(s)`).toEqual(body);
      let stop = false;
      const before = acked.size;
      const firing = fireCreates(child.url, 16, acked, () => stop);
      // the first answer of this life, then a random moment
      while (acked.size === before) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      await kill9(child);
      stop = true;
      const failed = await firing;
      if (failed > 0) killedMidFlight++;
      expect(acked.size, 'some creates were acknowledged in this life').toBeGreaterThan(before);
    }
    const last = await startServer(dir);
    children.push(last);
    const stored = await readAll(last.url);
    for (const [id, body] of acked) expect(stored.get(id), `ticket ${id} at the end`).toEqual(body);
    // numbers stay unique across lives: a replayed sequence never hands one out twice
    const numbers = [...stored.values()].map((t) => (t as { number: string }).number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(trials).toBeGreaterThanOrEqual(3);
    expect(killedMidFlight, 'kills landed while requests were in flight').toBeGreaterThan(0);
  }, 60_000);
});
