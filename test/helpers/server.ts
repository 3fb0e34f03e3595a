import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import {
  createSwitchboard,
  type Switchboard,
  type FlatSwitchboardOptions,
  type SwitchboardOptions,
} from '../../src/switchboard/create-switchboard.ts';
import { startServer, type RunningServer } from '../../src/switchboard/server.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';

export async function tempDir(prefix = 'swb-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The admin token every test server accepts; `api()` and `socketClient()` send it by default. */
export const testAdminToken = 'swb_test-admin-token-for-every-test';

/** Flat (0.1) options and the nested sections, so tests of either form share one server helper. */
type TestServerOptions = FlatSwitchboardOptions &
  Pick<SwitchboardOptions, 'policy' | 'qa' | 'sla' | 'csat' | 'lowdb' | 'postgres' | 'reports'>;

/** A real server on an ephemeral port with a real lowdb store in `dataDir`. */
export async function startTestServer(
  opts: TestServerOptions & {
    dataDir: string;
    server?: Partial<Parameters<typeof startServer>[1]>;
  },
): Promise<RunningServer & { url: string; sb: Switchboard }> {
  const { server: serverOpts, ...sbOpts } = opts;
  const sb = await createSwitchboard({
    logger: silentLogger,
    ...sbOpts,
    security: { adminToken: testAdminToken, rateLimitPerMinute: 0, env: {}, ...sbOpts.security },
  });
  const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger, ...serverOpts });
  return Object.assign(server, { url: `http://127.0.0.1:${server.port}`, sb });
}

/** One HTTP call; `token` defaults to the test admin token, `null` sends none. */
export async function api(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = testAdminToken,
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: text ? (json ? JSON.parse(text) : text) : undefined, headers: res.headers };
}

/** A connected socket.io client; resolves once connected. */
export async function socketClient(
  url: string,
  namespace = '/',
  token: string | null = testAdminToken,
): Promise<Socket> {
  const socket = connect(`${url}${namespace === '/' ? '' : namespace}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(token !== null ? { auth: { token } } : {}),
  });
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
