import { afterEach, describe, expect, it } from 'vitest';
import { api, collect, socketClient, startTestServer, tempDir, waitFor } from '../helpers/server.ts';

describe('SLA scheduler end to end (real server, real socket.io, real lowdb)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('a ticket whose first-response deadline already passed produces sla.breached on the socket within 2 s', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const server = await startTestServer({ dataDir: dir });
    cleanups.push(() => server.close());
    const socket = await socketClient(server.url);
    cleanups.push(async () => void socket.close());
    const breached = collect(socket, 'sla.breached');

    const createdAt = new Date(Date.now() - 60 * 60_000).toISOString();
    const res = await api(server.url, 'POST', '/api/tickets', {
      channel: 'phone', // P2 by phone: first response within 30 min, passed half an hour ago
      subject: 'Where is the campaign page?',
      customer: { id: 'C9' },
      createdAt,
    });
    expect(res.status).toBe(201);
    expect(Date.parse(res.body.sla.firstResponse.dueAt)).toBeLessThan(Date.now());

    await waitFor(() => breached.some((e) => e.timer === 'firstResponse'), 'sla.breached on the socket', 2000);
    const event = breached.find((e) => e.timer === 'firstResponse');
    expect(event.ticket.id).toBe(res.body.id);
    expect(event.dueAt).toBe(res.body.sla.firstResponse.dueAt);
    expect(event.late).toBe(true); // its instant passed before this server's scheduler started
    const stored = await api(server.url, 'GET', `/api/tickets/${res.body.id}`);
    expect(stored.body.sla.firstResponse.state).toBe('breached');
  });

  it('PATCH /api/tickets/:id raises the priority and the clocks follow', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const server = await startTestServer({ dataDir: dir });
    cleanups.push(() => server.close());
    const created = await api(server.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'Slow export',
      customer: { id: 'C1' },
    });
    expect(created.body.priority).toBe('P2');
    const patched = await api(server.url, 'PATCH', `/api/tickets/${created.body.id}`, { priority: 'P0' });
    expect(patched.status).toBe(200);
    expect(patched.body.priority).toBe('P0');
    expect(patched.body.sla.firstResponse.targetMs).toBe(10 * 60_000);
    expect(Date.parse(patched.body.sla.firstResponse.dueAt)).toBeLessThan(
      Date.parse(created.body.sla.firstResponse.dueAt),
    );
    expect(
      (await api(server.url, 'PATCH', `/api/tickets/${created.body.id}`, { priority: 'P7' })).body.error.code,
    ).toBe('SWB_TICKET_UNKNOWN_VALUE');
    expect((await api(server.url, 'PATCH', `/api/tickets/${created.body.id}`, { colour: 'red' })).status).toBe(400);
  });
});
