// The dashboards bench's socket.io clients, in a process of their own, so the server process's CPU
// counts only the server's work. Started by bench/dashboards-procs.ts with an IPC channel and one
// JSON argument: { url, token, groups (the group each client subscribes to, one entry per client),
// batch }. Messages to the parent: `ready` once every client is subscribed; `done` after `finish`
// once the expected deliveries arrived (or the wait ran out), with the latency summary.
//
// Latency is publish → client handler across processes: the publisher stamps the ticket's
// `fields.benchSentAt` with `performance.timeOrigin + performance.now()`, and the handler reads
// the same clock (one machine). Each delivery also gives the latency from the bus publish, read
// from the event's `at` (the publishing process's clock, to the millisecond). Only `ticket.updated` events carrying a stamp count, each stamp
// once per socket (a later event repeating a ticket's last stamp is not a new delivery).
import { io as connect, type Socket } from 'socket.io-client';

interface Args {
  url: string;
  token: string;
  groups: string[];
  batch: boolean;
}
interface Delivered {
  type?: string;
  at?: string;
  ticket?: { id?: string; fields?: Record<string, unknown> };
}

const args = JSON.parse(process.argv[2]!) as Args;
const now = () => performance.timeOrigin + performance.now();
const latencies: number[] = [];
const sincePublish: number[] = [];
let received = 0;
let waiting: { expected: number; resolve: () => void } | undefined;

function listen(s: Socket): void {
  const lastStamp = new Map<string, number>();
  const onEvent = (e: Delivered) => {
    const sent = e.ticket?.fields?.benchSentAt;
    const id = e.ticket?.id;
    if (e.type !== 'ticket.updated' || typeof sent !== 'number' || typeof id !== 'string') return;
    if (lastStamp.get(id) === sent) return;
    lastStamp.set(id, sent);
    const t = now();
    latencies.push(t - sent);
    if (typeof e.at === 'string') sincePublish.push(t - Date.parse(e.at));
    received++;
    if (waiting && received >= waiting.expected) waiting.resolve();
  };
  if (args.batch) s.on('batch', ({ events }: { events: Delivered[] }) => events.forEach(onEvent));
  else s.on('ticket.updated', onEvent);
}

async function open(group: string): Promise<Socket> {
  const s = connect(args.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token: args.token },
  });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  listen(s);
  const ack = await s.emitWithAck('subscribe', { groups: [group], batch: args.batch, snapshot: false });
  if (!ack.ok) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
  return s;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : +v.toFixed(2));
function summary(values: number[]) {
  const sorted = values.slice().sort((a, b) => a - b);
  return { p50Ms: ms(percentile(sorted, 50)), p99Ms: ms(percentile(sorted, 99)), maxMs: ms(sorted.at(-1)) };
}

const sockets: Socket[] = [];
// 50 handshakes at a time: a thousand at once would measure the accept queue, not the fan-out
for (let i = 0; i < args.groups.length; i += 50)
  sockets.push(...(await Promise.all(args.groups.slice(i, i + 50).map(open))));
let disconnected = 0;
for (const s of sockets) s.on('disconnect', () => disconnected++);
process.send!({ type: 'ready', clients: sockets.length });

process.on('message', async (msg: { type: string; expected?: number; timeoutMs?: number }) => {
  if (msg.type === 'stop') process.exit(0);
  if (msg.type !== 'finish') return;
  const expected = msg.expected ?? 0;
  if (received < expected)
    await new Promise<void>((resolve) => {
      waiting = { expected, resolve };
      setTimeout(resolve, msg.timeoutMs ?? 10_000);
    });
  process.send!({ type: 'done', received, disconnected, stamp: summary(latencies), publish: summary(sincePublish) });
  for (const s of sockets) s.close();
  process.disconnect();
});
