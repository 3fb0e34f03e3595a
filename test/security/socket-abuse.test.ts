import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { api, socketClient, startTestServer, tempDir } from '../helpers/server.ts';

/** One viewer socket once sent 300 snapshot subscribes and held health checks up for seconds. */
describe('sockets are clients too: a message budget per connection, snapshots from a shared cache', () => {
  const clock = createManualClock('2026-11-23T08:00:00Z');
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let remove: () => Promise<void>;
  let viewer = '';
  let reads = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    server = await startTestServer({
      dataDir: t.dir,
      clock,
      limits: { socket: { messagesPerMinute: 20, disconnectAfter: 40 } },
    });
    // Counts the open-ticket reads snapshots make, on the real store.
    const openTickets = server.sb.store.openTickets.bind(server.sb.store);
    server.sb.store.openTickets = () => {
      reads++;
      return openTickets();
    };
    for (let i = 0; i < 30; i++)
      await api(server.url, 'POST', '/api/tickets', {
        channel: 'chat',
        subject: `payment failed ${i}`,
        customer: { id: `C${i}`, email: `c${i}@example.com`, name: `Customer ${i}` },
        description: 'x'.repeat(2000),
      });
    viewer = (await api(server.url, 'POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body.token;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.close();
    await remove();
  });
  const connect = async (token: string) => {
    const s = await socketClient(server.url, '/', token);
    sockets.push(s);
    return s;
  };

  it('past the budget a subscribe is refused with SWB_SOCKET_RATE_LIMITED; far past it the socket is closed', async () => {
    const s = await connect(viewer);
    const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    const acks = await Promise.all(
      Array.from({ length: 40 }, () => s.timeout(10_000).emitWithAck('subscribe', { all: true })),
    );
    expect(acks.slice(0, 20).every((a) => a.ok && a.mode === 'snapshot' && a.snapshot.length === 30)).toBe(true);
    expect(acks.slice(20).every((a) => !a.ok && a.error.code === 'SWB_SOCKET_RATE_LIMITED')).toBe(true);
    // the viewer's snapshot is masked, as REST answers are
    expect(JSON.stringify(acks[0].snapshot)).not.toContain('c1@example.com');
    s.emit('subscribe', { all: true });
    expect(await closed).toBe('io server disconnect');
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200);
  });

  it('the budget is per minute of the injected clock', async () => {
    const s = await connect(viewer);
    for (let i = 0; i < 20; i++) await s.emitWithAck('subscribe', { snapshot: false });
    expect(await s.emitWithAck('subscribe', { snapshot: false })).toMatchObject({
      ok: false,
      error: { code: 'SWB_SOCKET_RATE_LIMITED' },
    });
    await clock.advance(60_000);
    expect(await s.emitWithAck('subscribe', { snapshot: false })).toMatchObject({ ok: true, mode: 'live' });
  });

  it('subscribers share one snapshot per event sequence; a new event gives the next subscriber a fresh one', async () => {
    await clock.advance(60_000);
    const a = await connect(viewer);
    const b = await connect(viewer);
    await api(server.url, 'POST', '/api/tickets', { channel: 'chat', subject: 'page error', customer: { id: 'C30' } });
    reads = 0;
    const acks = await Promise.all(
      [a, b].flatMap((s) => Array.from({ length: 10 }, () => s.emitWithAck('subscribe', { all: true }))),
    );
    expect(acks.every((x) => x.ok && x.snapshot.length === 31)).toBe(true);
    expect(reads).toBe(1);
    const created = await api(server.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: 'page error: blank page',
      customer: { id: 'C-new' },
    });
    const after = await a.emitWithAck('subscribe', { all: true });
    expect(reads).toBe(2);
    expect(after.snapshot.map((t: { id: string }) => t.id)).toContain(created.body.id);
    expect(after.seq).toBeGreaterThan(acks[0].seq);
    // an admin (unmasked) gets its own snapshot, not the viewer's masked one
    const admin = await connect((await import('../helpers/server.ts')).testAdminToken);
    const plain = await admin.emitWithAck('subscribe', { all: true });
    expect(JSON.stringify(plain.snapshot)).toContain('c1@example.com');
  });
});
