// One runtime process of the dashboards bench's PostgreSQL rows: createSwitchboard on a shared
// schema plus the standalone server (as `switchboard serve` runs them), spoken to over IPC. Run
// by bench/dashboards-procs.ts through bench/main.mjs (the compiled runtime when dist/ is current).
// Argument: JSON { databaseUrl, schema, token }. Messages (each answered with a message of the
// type in brackets): peers [peers] how many processes its socket.io adapter knows; cpu [cpu] its
// CPU µs so far; prepare {tickets} [prepared] creates tickets spread over the groups; drive
// {rate, seconds} [driven] real ticket updates through the ticket service at a fixed rate, each
// stamping `fields.benchSentAt` with the time it started; stop: closes and exits.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterAdapterWithHeartbeat } from 'socket.io-adapter';
import { runtime } from './runtime.ts';

const { createSwitchboard, startServer, silentLogger } = runtime;
const arg = JSON.parse(process.argv[3] ?? process.argv[2]!) as { databaseUrl: string; schema: string; token: string };
const send = (m: object) => process.send!(m);
const dir = await mkdtemp(join(tmpdir(), 'swb-bench-dash-'));
const sb = await createSwitchboard({
  dataDir: dir,
  postgres: { url: arg.databaseUrl, schema: arg.schema },
  logger: silentLogger,
  security: { adminToken: arg.token, rateLimitPerMinute: 0, env: {} },
});
const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger });
const groups = [...sb.policy.current().groups.keys()];
const tickets: string[] = [];

async function prepare(n: number): Promise<void> {
  for (let i = 0; i < n; i += 20) {
    const batch = Array.from({ length: Math.min(20, n - i) }, async (_, j) => {
      const { ticket } = await sb.tickets.create({
        channel: 'chat',
        subject: 'page error: blank page after checkout',
        description: 'x'.repeat(400),
        customer: { id: `C${i + j}`, name: 'Alice', email: 'alice@example.com' },
      });
      const group = groups[(i + j) % groups.length]!;
      if (ticket.group !== group) await sb.tickets.update(ticket.id, { group });
      return ticket.id;
    });
    tickets.push(...(await Promise.all(batch)));
  }
}

/** Updates round robin over the prepared tickets; counts the updates per group the ticket is in. */
async function drive(rate: number, seconds: number) {
  const total = Math.round(rate * seconds);
  const perGroup: Record<string, number> = {};
  const writes: Promise<void>[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let started = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      for (; started < due; started++) {
        const id = tickets[started % tickets.length]!;
        const benchSentAt = performance.timeOrigin + performance.now();
        writes.push(
          sb.tickets.update(id, { fields: { benchSentAt } }).then(
            (t) => {
              perGroup[t.group] = (perGroup[t.group] ?? 0) + 1;
            },
            (err: unknown) => {
              failed++;
              firstError ??= String(err);
            },
          ),
        );
      }
      if (started < total) setTimeout(tick, 2);
      else resolve();
    };
    tick();
  });
  await Promise.all(writes);
  const seconds_ = (performance.now() - t0) / 1000;
  return { updates: total - failed, failed, firstError, perGroup, writeSeconds: +seconds_.toFixed(2) };
}

const handlers: Record<string, (m: Record<string, unknown>) => Promise<object>> = {
  peers: async () => ({
    count: await (server.io.of('/').adapter as unknown as ClusterAdapterWithHeartbeat).serverCount(),
  }),
  cpu: async () => {
    const u = process.cpuUsage();
    return { us: u.user + u.system };
  },
  prepare: async (m) => {
    await prepare(Number(m.tickets));
    return { tickets: tickets.length };
  },
  drive: async (m) => drive(Number(m.rate), Number(m.seconds)),
};

process.on('message', (m: Record<string, unknown> & { type: string }) => {
  if (m.type === 'stop') {
    void server
      .close()
      .then(() => rm(dir, { recursive: true, force: true }))
      .finally(() => process.exit(0));
    return;
  }
  const handler = handlers[m.type];
  if (!handler) return send({ type: 'error', message: `unknown message "${m.type}"` });
  handler(m).then(
    (answer) => send({ type: m.type === 'prepare' ? 'prepared' : m.type === 'drive' ? 'driven' : m.type, ...answer }),
    (err: unknown) => send({ type: 'error', message: String(err) }),
  );
});
send({ type: 'ready', port: server.port, groups });
