import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { api, tempDir } from '../helpers/server.ts';

const bin = fileURLToPath(new URL('../../bin/switchboard.js', import.meta.url));

interface Child {
  proc: ChildProcess;
  url: string;
  stderr: () => string;
}

/** Starts the real CLI server on port 0 and reads its port from the "listening on" line. */
async function startServer(dataDir: string): Promise<Child> {
  const proc = spawn(process.execPath, [bin, 'serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  });
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${text}`)), 20_000);
    proc.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${text}`));
    });
  });
  return { proc, url, stderr: () => text };
}

function kill9(child: Child): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.proc.once('exit', () => resolve());
    child.proc.kill('SIGKILL');
  });
}

const subjects = ['支付失败,无法下单', 'How do I register an account?', 'App crashes on login', 'Refund for order 7781'];

/** Creates tickets with `concurrency` requests in flight until stopped; keeps every 201 body. */
function fireCreates(url: string, concurrency: number, acked: Map<string, unknown>, stopped: () => boolean): Promise<number> {
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
    const page = await api(url, 'GET', `/api/tickets?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
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
    while (trials < 12 && Date.now() - started < 35_000) {
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
