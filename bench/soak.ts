// The soak: a real `switchboard serve` in its own process under steady mixed load for 10 minutes
// (1 with --quick): 200 tickets/s, replies and status changes on them, 50 dashboard sockets.
// It reports the server's RSS over time (growth from minute 2 to the end), the longest
// event-loop stall the server saw (its own monitor, read from GET /metrics), and whether every
// acknowledged ticket is there after the process is killed and started again.
// Alone: node bench/main.mjs bench/soak.ts [--quick]; in the runner: npm run bench -- --only=soak
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { processCpuSeconds } from './proc-cpu.ts';
import { io, type Socket } from 'socket.io-client';

const cli = fileURLToPath(new URL('../bin/switchboard.js', import.meta.url));
const token = `swb_soak_${randomBytes(16).toString('hex')}`;

interface Server {
  child: ChildProcess;
  url: string;
}

async function serve(store: string[], cwd: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=64',
      cli,
      'serve',
      ...store,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--rate-limit',
      '0',
      '--no-watch',
    ],
    { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SWITCHBOARD_ADMIN_TOKEN: token, CI: 'true' } },
  );
  let log = '';
  const url = await new Promise<string>((ok, fail) => {
    child.stderr!.on('data', (c: Buffer) => {
      log += c.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(log);
      if (m) ok(`http://127.0.0.1:${m[1]}`);
    });
    child.once('exit', (code) => fail(new Error(`switchboard serve exited (${code}) before listening:\n${log}`)));
  });
  child.stderr!.resume();
  return { child, url };
}

const stop = (s: Server, signal: NodeJS.Signals) =>
  new Promise<void>((ok) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return ok();
    s.child.once('exit', () => ok());
    s.child.kill(signal);
  });

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
};

const call = async (url: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
};

/** The largest event-loop delay the server measured since the last read (GET /metrics). */
async function stallMs(url: string): Promise<number> {
  const text = (await call(url, 'GET', '/metrics')).body as string;
  const m = /switchboard_event_loop_lag_seconds\{quantile="max"\} ([\d.e+-]+)/.exec(text);
  return m ? Math.round(Number(m[1]) * 1000) : Number.NaN;
}

/** Every ticket id the server lists, page by page. */
async function listedIds(url: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = (
      await call(url, 'GET', `/api/tickets?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    ).body as { items: { id: string }[]; nextCursor?: string };
    for (const t of page.items) ids.add(t.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

async function soakOn(name: string, store: (dir: string) => string[], quick: boolean) {
  const minutes = quick ? 1 : 10;
  const warmMs = quick ? 20_000 : 120_000;
  const perSecond = 200;
  const dir = await mkdtemp(join(tmpdir(), 'swb-soak-'));
  const server = await serve(store(dir), dir);
  const sockets: Socket[] = [];
  let received = 0;
  try {
    for (let i = 0; i < 50; i++) {
      const s = io(server.url, { auth: { token }, transports: ['websocket'], forceNew: true });
      // as the bundled dashboard subscribes: everything, in batches
      s.on('connect', () => s.emit('subscribe', { all: true, batch: true }));
      s.on('batch', (b: { events?: unknown[] }) => (received += b.events?.length ?? 0));
      sockets.push(s);
    }
    const acknowledged: string[] = [];
    const errors: Record<string, number> = {};
    const fail = (what: string) => (errors[what] = (errors[what] ?? 0) + 1);
    const rss: { atS: number; mb: number }[] = [];
    let maxStall = 0;
    await stallMs(server.url); // resets the server's monitor: boot does not count
    const started = Date.now();
    const serverCpu0 = processCpuSeconds(server.child.pid!) ?? Number.NaN;
    const ownCpu0 = process.cpuUsage();
    const endAt = started + minutes * 60_000;
    const inFlight = new Set<Promise<unknown>>();
    let n = 0;
    const one = async (i: number) => {
      const created = await call(server.url, 'POST', '/api/tickets', {
        channel: i % 3 ? 'email' : 'chat',
        subject: `soak ${i}: ${['App crashes on login', '支付失败,无法下单', 'Refund for order 7781'][i % 3]}`,
        customer: { id: `S${i % 5000}` },
      });
      if (created.status !== 201) return fail(`create ${created.status}`);
      acknowledged.push(created.body.id);
      const id = created.body.id as string;
      if (i % 2 === 0) {
        const r = await call(server.url, 'POST', `/api/tickets/${id}/replies`, {
          author: { type: 'agent', id: created.body.assignee ?? 'system' },
          body: 'Thanks, we are looking into it.',
        });
        if (r.status !== 201) fail(`reply ${r.status}`);
      }
      if (i % 3 === 0) {
        const r = await call(server.url, 'POST', `/api/tickets/${id}/status`, { status: 'resolved' });
        if (r.status !== 200) fail(`status ${r.status}`);
      }
    };
    let nextSample = started + 30_000;
    while (Date.now() < endAt) {
      const secondStart = Date.now();
      for (let k = 0; k < perSecond; k++) {
        const p = one(n++).catch((e) => fail(String(e).slice(0, 80)));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        // spread the second's requests over it
        if (k % 20 === 19)
          await new Promise((r) => setTimeout(r, Math.max(0, secondStart + ((k + 1) / perSecond) * 1000 - Date.now())));
      }
      await new Promise((r) => setTimeout(r, Math.max(0, secondStart + 1000 - Date.now())));
      if (Date.now() >= nextSample) {
        nextSample += 30_000;
        rss.push({ atS: Math.round((Date.now() - started) / 1000), mb: rssMb(server.child.pid!) });
        maxStall = Math.max(maxStall, await stallMs(server.url));
      }
    }
    await Promise.all(inFlight);
    maxStall = Math.max(maxStall, await stallMs(server.url));
    const elapsedS = (Date.now() - started) / 1000;
    const serverCpuS = (processCpuSeconds(server.child.pid!) ?? Number.NaN) - serverCpu0;
    const own = process.cpuUsage(ownCpu0);
    const atWarm = rss.find((r) => r.atS * 1000 >= warmMs) ?? rss[0];
    const last = rss.at(-1);
    for (const s of sockets) s.close();
    // kill -9, start again on the same store: every acknowledged ticket must be there
    await stop(server, 'SIGKILL');
    const again = await serve(store(dir), dir);
    let present = 0;
    try {
      const ids = await listedIds(again.url);
      for (const id of acknowledged) if (ids.has(id)) present++;
    } finally {
      await stop(again, 'SIGTERM');
    }
    return {
      store: name,
      minutes,
      ticketsPerSecondTarget: perSecond,
      ticketsPerSecond: Math.round(acknowledged.length / elapsedS),
      acknowledged: acknowledged.length,
      presentAfterKill: present,
      lost: acknowledged.length - present,
      errors,
      dashboardClients: sockets.length,
      eventsPerClient: Math.round(received / sockets.length),
      // the machine's cores are shared by the server and this process (load and the 50 sockets)
      serverCpuShare: Math.round((serverCpuS / elapsedS) * 100) / 100,
      loadAndSocketsCpuShare: Math.round(((own.user + own.system) / 1e6 / elapsedS) * 100) / 100,
      rssMb: rss.map((r) => `${r.atS}s:${r.mb}`).join(' '),
      rssGrowthPct: atWarm && last ? Math.round(((last.mb - atWarm.mb) / atWarm.mb) * 1000) / 10 : null,
      goalRssGrowthPct: 10,
      maxStallMs: maxStall,
      goalMaxStallMs: 100,
    };
  } finally {
    for (const s of sockets) s.close();
    await stop(server, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(opts: { quick?: boolean } = {}): Promise<Record<string, unknown>> {
  // lowdb's figures at the top (`soak.rssGrowthPct`, `soak.maxStallMs`, `soak.lost`), PostgreSQL's under `soak.postgres`
  const soak: Record<string, unknown> = await soakOn(
    'lowdb',
    (dir) => ['--data', join(dir, 'data')],
    opts.quick ?? false,
  );
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `soak_${randomBytes(4).toString('hex')}`;
    try {
      soak.postgres = await soakOn(
        'postgres',
        () => ['--database-url', url, '--database-schema', schema],
        opts.quick ?? false,
      );
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
  return { soak };
}

if (
  [process.argv[1], process.argv[2]].some(
    (a) => a !== undefined && import.meta.url.split('?')[0] === pathToFileURL(resolve(a)).href,
  )
) {
  console.log(JSON.stringify(await run({ quick: process.argv.includes('--quick') })));
}
