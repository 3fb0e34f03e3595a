// The dashboards bench's child processes: a process of socket.io clients (dashboards-clients.ts)
// and, for the PostgreSQL rows, a server process (dashboards-server.ts), each spoken to over IPC.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const clientsFile = fileURLToPath(new URL('./dashboards-clients.ts', import.meta.url));
const serverFile = fileURLToPath(new URL('./dashboards-server.ts', import.meta.url));
const main = fileURLToPath(new URL('./main.mjs', import.meta.url));

export type Message = { type: string; [k: string]: unknown };

export interface Child {
  pid: number;
  /** Sends `msg` and resolves with the first message of type `reply` after it. */
  ask<T extends Message>(msg: Message, reply: string, timeoutMs?: number): Promise<T>;
  /** Asks the process to stop (SIGTERM after 15 s) and waits until it ended. */
  stop(): Promise<void>;
}

function start(args: string[], what: string): { child: Child; first: Promise<Message> } {
  const proc: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let log = '';
  proc.stderr!.on('data', (c: Buffer) => {
    log = (log + c.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const next = (reply: string, timeoutMs: number) =>
    new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`${what}: no "${reply}" within ${timeoutMs} ms\n${log}`)),
        timeoutMs,
      );
      const onMessage = (m: Message) => {
        if (m.type === 'error') return fail(new Error(`${what}: ${String(m.message)}`));
        if (m.type !== reply) return;
        cleanup();
        resolve(m);
      };
      const onExit = (code: number | null) => fail(new Error(`${what} exited (${code}) before "${reply}":\n${log}`));
      const cleanup = () => {
        clearTimeout(timer);
        proc.off('message', onMessage);
        proc.off('exit', onExit);
      };
      const fail = (err: Error) => {
        cleanup();
        reject(err);
      };
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
  const child: Child = {
    pid: proc.pid!,
    ask<T extends Message>(msg: Message, reply: string, timeoutMs = 120_000) {
      const answer = next(reply, timeoutMs);
      proc.send(msg);
      return answer as Promise<T>;
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      if (proc.connected) proc.send({ type: 'stop' });
      const late = setTimeout(() => proc.kill('SIGTERM'), 15_000);
      await exited;
      clearTimeout(late);
    },
  };
  return { child, first: next('ready', 180_000) };
}

/** A process of `groups.length` socket.io clients, each subscribed to its group; resolves once all are. */
export async function startClients(opts: { url: string; token: string; groups: string[]; batch?: boolean }) {
  const arg = JSON.stringify({ ...opts, batch: opts.batch ?? false });
  const { child, first } = start(['--import', 'tsx', clientsFile, arg], `the client process (${opts.url})`);
  try {
    await first;
  } catch (err) {
    await child.stop();
    throw err;
  }
  return child;
}

export interface Latency {
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface ClientResult extends Message {
  received: number;
  disconnected: number;
  /** From the stamp in the ticket (`fields.benchSentAt`, sub-millisecond). */
  stamp: Latency;
  /** From the bus publish (the event's `at`, to the millisecond). */
  publish: Latency;
}

/** Waits until the client process received `expected` deliveries (at most `timeoutMs`), then its summary. */
export function finish(clients: Child, expected: number, timeoutMs = 10_000): Promise<ClientResult> {
  return clients.ask<ClientResult>({ type: 'finish', expected, timeoutMs }, 'done', timeoutMs + 30_000);
}

/** A runtime process on a PostgreSQL schema (dashboards-server.ts); resolves once it listens. */
export async function startServer(arg: { databaseUrl: string; schema: string; token: string }) {
  const { child, first } = start(
    ['--max-semi-space-size=64', main, serverFile, JSON.stringify(arg)],
    'a server process',
  );
  const ready = await first.catch(async (err) => {
    await child.stop();
    throw err;
  });
  return Object.assign(child, { port: ready.port as number, groups: ready.groups as string[] });
}

/** The group of client `i` when `clients` clients spread over `groups` round robin. */
export const groupsFor = (clients: number, groups: readonly string[]) =>
  Array.from({ length: clients }, (_, i) => groups[i % groups.length]!);

/** Microseconds of CPU (user + system) since `from` (a `process.cpuUsage()` reading). */
export function cpuUsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return d.user + d.system;
}

/** `{ [key]: CPU seconds / wall seconds }` of another process between two /proc readings (nothing without /proc). */
export function cpuShare(key: string, from: number | undefined, to: number | undefined, seconds: number) {
  return from === undefined || to === undefined ? {} : { [key]: +((to - from) / seconds).toFixed(2) };
}
