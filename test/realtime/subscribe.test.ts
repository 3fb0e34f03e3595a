import { io as connect } from 'socket.io-client';
import { roleAllows, roleNames, roleSeesContactData } from '../../src/auth/roles.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { api, collect, socketClient, startTestServer, tempDir, waitFor } from '../helpers/server.ts';

describe('socket.io: handshake auth, filtered subscriptions, snapshot, replay, batching', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  const server = async (opts: Record<string, unknown> = {}) => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const s = await startTestServer({ dataDir: dir, ...opts });
    cleanups.push(() => s.close());
    return s;
  };
  const token = async (url: string, body: object) => (await api(url, 'POST', '/api/tokens', body)).body.token as string;
  const client = async (url: string, t: string | null) => {
    const s = await socketClient(url, '/', t);
    cleanups.push(() => void s.close());
    return s;
  };
  const refused = (url: string, t: string | undefined) =>
    new Promise<{ message: string; data?: { code: string } }>((resolve, reject) => {
      const s = connect(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        ...(t !== undefined ? { auth: { token: t } } : {}),
      });
      s.once('connect', () => reject(new Error('connected')));
      s.once('connect_error', (e) => {
        s.close();
        resolve(e as never);
      });
    });
  const ticket = (url: string, subject: string, extra: object = {}) =>
    api(url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject,
      customer: { id: 'C1', name: 'Alice Smith', email: 'alice@example.com' },
      ...extra,
    }).then((r) => r.body);

  it('refuses a handshake without a token, with a wrong token, and for intake tokens, each with its code', async () => {
    const s = await server();
    expect((await refused(s.url, undefined)).data?.code).toBe('SWB_AUTH_MISSING');
    expect((await refused(s.url, 'swb_wrong')).data?.code).toBe('SWB_AUTH_INVALID');
    expect((await refused(s.url, await token(s.url, { name: 'form', role: 'intake' }))).data?.code).toBe(
      'SWB_AUTH_FORBIDDEN',
    );
    for (const role of ['admin', 'supervisor', 'viewer'] as const) {
      const c = await client(s.url, await token(s.url, { name: `r-${role}`, role }));
      expect(c.connected).toBe(true);
    }
  });

  it('filters by group, priority and channel; agents only their groups; viewers get masked payloads', async () => {
    const s = await server();
    const wang = await client(s.url, await token(s.url, { name: 'wang', role: 'agent', agent: 'wang' }));
    const denied = await wang.emitWithAck('subscribe', { groups: ['product-support'] });
    expect(denied).toMatchObject({ ok: false, error: { code: 'SWB_AUTH_FORBIDDEN' } });
    const agentSeen = collect(wang, 'ticket.created');
    expect(await wang.emitWithAck('subscribe', {})).toMatchObject({ ok: true });

    const sup = await client(s.url, await token(s.url, { name: 'sup', role: 'supervisor' }));
    const p0 = collect(sup, 'ticket.created');
    expect(await sup.emitWithAck('subscribe', { priorities: ['P0'], channels: ['phone'] })).toMatchObject({
      ok: true,
      rooms: ['priority:P0', 'channel:phone'],
    });

    const viewer = await client(s.url, await token(s.url, { name: 'wall', role: 'viewer' }));
    const wall = collect(viewer, 'ticket.created');

    const bad = await sup.emitWithAck('subscribe', { groups: 'tech-ops' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'SWB_API_VALIDATION' } });
    await sup.emitWithAck('subscribe', { priorities: ['P0'], channels: ['phone'] });

    const tech = await ticket(s.url, 'page error: blank page');
    const product = await ticket(s.url, 'How do I register an account?');
    const urgent = await ticket(s.url, '支付失败,无法下单', { channel: 'phone', customer: { id: 'C2', tier: 'vip' } });
    await waitFor(() => wall.length === 3 && p0.length === 1, 'events');
    await waitFor(() => agentSeen.length === 2, 'agent events');
    expect(agentSeen.map((e) => e.ticket.id)).toEqual([tech.id, urgent.id]); // urgent: tech-ops collaborates
    expect(agentSeen.map((e) => e.ticket.id)).not.toContain(product.id);
    expect(p0[0].ticket.id).toBe(urgent.id);
    expect(wall[0].ticket.customer).toEqual({ id: 'C1', name: 'A*** S***', email: 'a***@e***.com' });
    expect(agentSeen[0].ticket.customer.email).toBe('alice@example.com');
  });

  it('answers a (re)subscribe with a snapshot and sequence number, then replays exactly what a reconnecting client missed', async () => {
    const s = await server();
    const a = await ticket(s.url, 'page error: blank page');
    await ticket(s.url, 'How do I register an account?');
    const first = await client(s.url, await token(s.url, { name: 'dash', role: 'viewer' }));
    const ack = await first.emitWithAck('subscribe', { groups: ['tech-ops'] });
    expect(ack).toMatchObject({ ok: true, mode: 'snapshot', seq: expect.any(Number), truncated: false });
    expect(ack.snapshot.map((t: { id: string }) => t.id)).toEqual([a.id]);
    first.close();

    // While the dashboard is away: two tech-ops tickets and one elsewhere.
    const missed = [
      await ticket(s.url, 'page error again'),
      await ticket(s.url, 'coupon rules?'),
      await ticket(s.url, 'system error 500'),
    ];
    const again = await client(s.url, await token(s.url, { name: 'dash2', role: 'viewer' }));
    const replayed = collect(again, 'ticket.created');
    const back = await again.emitWithAck('subscribe', { groups: ['tech-ops'], sinceSeq: ack.seq });
    expect(back).toMatchObject({ ok: true, mode: 'replay' });
    await waitFor(() => replayed.length === 2, 'replayed events');
    expect(replayed.map((e) => e.ticket.id)).toEqual([missed[0].id, missed[2].id]);
    expect(replayed.every((e) => e.seq > ack.seq)).toBe(true);

    // Too old (beyond the ring) or from the future: a snapshot instead.
    const future = await again.emitWithAck('subscribe', { groups: ['tech-ops'], sinceSeq: 10_000 });
    expect(future.mode).toBe('snapshot');
    expect(future.snapshot.map((t: { id: string }) => t.id).sort()).toEqual([a.id, missed[0].id, missed[2].id].sort());
  });

  it('coalesces a burst into batch emits for clients that ask for batching', async () => {
    const s = await server();
    const c = await client(s.url, await token(s.url, { name: 'b', role: 'supervisor' }));
    const batches = collect(c, 'batch');
    const single = collect(c, 'ticket.created');
    await c.emitWithAck('subscribe', { batch: true, snapshot: false });
    await Promise.all(Array.from({ length: 20 }, (_, i) => ticket(s.url, `burst ${i}`)));
    await waitFor(
      () => batches.flatMap((b) => b.events).filter((e: { type: string }) => e.type === 'ticket.created').length === 20,
      'all 20 in batches',
    );
    expect(single).toHaveLength(0);
    const events = batches.reduce((n, b) => n + b.events.length, 0);
    expect(batches.length).toBeLessThan(events); // several events per emit
    const seqs = batches.flatMap((b) => b.events.map((e: { seq: number }) => e.seq));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('batching clients with the same view get the same batches; masking and filters still apply per client', async () => {
    const s = await server();
    const sup = await token(s.url, { name: 'wall', role: 'supervisor' });
    const viewer = await token(s.url, { name: 'tv', role: 'viewer' });
    const walls = [await client(s.url, sup), await client(s.url, sup)];
    const tv = await client(s.url, viewer);
    const narrow = await client(s.url, sup);
    const got = new Map([...walls, tv, narrow].map((c) => [c, collect(c, 'batch')]));
    for (const c of [...walls, tv]) await c.emitWithAck('subscribe', { all: true, batch: true, snapshot: false });
    await narrow.emitWithAck('subscribe', { groups: ['tech-ops'], batch: true, snapshot: false });
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ticket(s.url, i % 2 ? `page error: blank page ${i}` : `How do I register an account? ${i}`),
      ),
    );
    const createdIn = (c: (typeof walls)[number]) =>
      got
        .get(c)!
        .flatMap((b) => b.events)
        .filter((e: { type: string }) => e.type === 'ticket.created');
    await waitFor(() => [...walls, tv].every((c) => createdIn(c).length === 10), 'every batch client got all 10');
    const techOps = created.filter((t) => t.group === 'tech-ops').length;
    expect(techOps).toBeGreaterThan(0);
    expect(techOps).toBeLessThan(10);
    await waitFor(() => createdIn(narrow).length === techOps, 'the narrow client got its group');
    // the two walls see the same events in the same order, unmasked
    expect(createdIn(walls[1]!)).toEqual(createdIn(walls[0]!));
    expect(JSON.stringify(createdIn(walls[0]!))).toContain('alice@example.com');
    // the viewer the same tickets, masked
    expect(createdIn(tv).map((e: { ticket: { id: string } }) => e.ticket.id)).toEqual(
      createdIn(walls[0]!).map((e: { ticket: { id: string } }) => e.ticket.id),
    );
    expect(JSON.stringify(createdIn(tv))).not.toContain('alice@example.com');
    expect(createdIn(narrow).every((e: { ticket: { group: string } }) => e.ticket.group === 'tech-ops')).toBe(true);
  });

  it('socket × role matrix (from the role table): handshake, subscribe scope, visibility, masking', async () => {
    const s = await server();
    for (const role of roleNames) {
      const t = await token(
        s.url,
        role === 'agent' ? { name: 'wang', role, agent: 'wang' } : { name: `x-${role}`, role },
      );
      if (!roleAllows(role, 'dashboard:read')) {
        expect((await refused(s.url, t)).data?.code, role).toBe('SWB_AUTH_FORBIDDEN');
        continue;
      }
      const c = await client(s.url, t);
      const own = await c.emitWithAck('subscribe', { groups: ['tech-ops'] });
      expect(own.ok, role).toBe(true);
      const other = await c.emitWithAck('subscribe', { groups: ['product-support'] });
      expect(other.ok, role).toBe(role !== 'agent');
      const seen = collect(c, 'ticket.created');
      await c.emitWithAck('subscribe', { all: true, snapshot: false });
      const product = await ticket(s.url, 'How do I register an account?');
      const tech = await ticket(s.url, 'page error: blank page');
      await waitFor(() => seen.some((e) => e.ticket.id === tech.id), `${role} sees the tech-ops ticket`);
      expect(
        seen.some((e) => e.ticket.id === product.id),
        role,
      ).toBe(role !== 'agent');
      expect(seen.find((e) => e.ticket.id === tech.id).ticket.customer.email === 'alice@example.com', role).toBe(
        roleSeesContactData(role),
      );
      c.close();
    }
  });
});
