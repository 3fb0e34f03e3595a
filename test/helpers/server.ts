import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { createSwitchboard, type SwitchboardOptions } from '../../src/app/create-switchboard.ts';
import { startServer, type RunningServer } from '../../src/app/server.ts';
import { silentLogger } from '../../src/util/logger.ts';

export async function tempDir(prefix = 'swb-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A real server on an ephemeral port with a real lowdb store in `dataDir`. */
export async function startTestServer(opts: SwitchboardOptions & { dataDir: string }): Promise<RunningServer & { url: string }> {
  const sb = await createSwitchboard({ logger: silentLogger, ...opts });
  const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger });
  return Object.assign(server, { url: `http://127.0.0.1:${server.port}` });
}

export async function api(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A connected socket.io client; resolves once connected. */
export async function socketClient(url: string, namespace = '/'): Promise<Socket> {
  const socket = connect(`${url}${namespace === '/' ? '' : namespace}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Collects the payloads of one event name. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const out: T[] = [];
  socket.on(event, (payload: T) => out.push(payload));
  return out;
}

export async function waitFor(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
