import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, collect, socketClient, startTestServer, tempDir, waitFor } from '../helpers/server.ts';

describe('the server end to end (real HTTP, real socket.io, real lowdb files)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('creates tickets over REST, pushes them to socket.io clients, and keeps them across a restart', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const first = await startTestServer({ dataDir: dir });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await first.close();
    });

    const dashboard = await socketClient(first.url);
    const created = collect(dashboard, 'ticket.created');
    const assigned = collect(dashboard, 'ticket.assigned');
    const updated = collect(dashboard, 'ticket.updated');

    const vip = await api(first.url, 'POST', '/api/tickets', {
      channel: 'phone',
      subject: '支付失败,无法下单',
      customer: { id: 'C1', tier: 'vip', name: '张三' },
    });
    expect(vip.status).toBe(201);
    expect(vip.body).toMatchObject({
      status: 'new',
      channel: 'phone',
      category: 'fault/payment-failed',
      priority: 'P0',
      group: 'vip-desk',
    });
    expect(vip.body.collaborators).toEqual([{ group: 'tech-ops', assignee: expect.any(String) }]);
    const createdAt = Date.parse(vip.body.createdAt);
    expect(Date.parse(vip.body.sla.firstResponse.dueAt) - createdAt).toBe(5 * 60_000);
    expect(Date.parse(vip.body.sla.resolution.dueAt) - createdAt).toBe(2 * 3_600_000);
    expect(vip.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const inquiry = await api(first.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'How do I register an account?',
      customer: { id: 'C2' },
      locale: 'en',
    });
    expect(inquiry.status).toBe(201);
    expect(inquiry.body).toMatchObject({ category: 'inquiry/account', priority: 'P2', group: 'product-support' });
    expect(inquiry.body.scripts.firstResponse.text).toContain('How do I register an account?');

    await waitFor(() => created.length === 2 && assigned.length === 2, 'ticket.created and ticket.assigned events');
    expect(created.map((e) => e.ticket.id)).toEqual([vip.body.id, inquiry.body.id]);
    expect(created[0].ticket).toEqual(vip.body);

    const reply = await api(first.url, 'POST', `/api/tickets/${vip.body.id}/replies`, {
      author: { type: 'agent', id: 'he' },
      body: '您好,我是何佳',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.status).toBe('open');
    expect(reply.body.firstResponder).toBe('he');
    // (The inquiry is a base FAQ question: its bot answer was an update of that ticket.)
    const vipUpdates = () => updated.filter((e) => e.ticket.id === vip.body.id);
    await waitFor(() => vipUpdates().length === 1, 'ticket.updated');
    expect(vipUpdates()[0].changes.status).toEqual(['new', 'open']);

    const list = await api(first.url, 'GET', '/api/tickets?group=vip-desk');
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([vip.body.id]);

    // The acknowledged tickets are in a real file on disk, not only in memory.
    dashboard.close();
    await first.close();
    closed = true;
    const onDisk = await Promise.all(
      (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => readFile(join(e.parentPath, e.name), 'utf8')),
    );
    expect(onDisk.join('\n')).toContain(vip.body.id);

    const second = await startTestServer({ dataDir: dir });
    cleanups.push(() => second.close());
    const again = await api(second.url, 'GET', `/api/tickets/${vip.body.id}`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: vip.body.id, status: 'open', firstResponder: 'he', version: 2 });
    const all = await api(second.url, 'GET', '/api/tickets');
    expect(all.body.items).toHaveLength(2);
    // Round robin continues where it stopped instead of starting over.
    const next = await api(second.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'account question',
      customer: { id: 'C3' },
    });
    expect(next.body.assignee).not.toBe(inquiry.body.assignee);
  });

  it('answers bad input with 4xx and a code, message and JSON path', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const server = await startTestServer({ dataDir: dir });
    cleanups.push(() => server.close());
    const post = (body: unknown) => api(server.url, 'POST', '/api/tickets', body);

    const channel = await post({ channel: 'fax', subject: 'x', customer: { id: 'C1' } });
    expect(channel.status).toBe(400);
    expect(channel.body.error.code).toBe('SWB_TICKET_UNKNOWN_VALUE');
    expect(channel.body.error.message).toContain('"phone"');

    const category = await post({
      channel: 'chat',
      subject: 'x',
      category: 'fault/paymnt-failed',
      customer: { id: 'C1' },
    });
    expect(category.body.error.message).toContain('did you mean "fault/payment-failed"');

    const missing = await post({ channel: 'chat', customer: { id: 'C1' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'SWB_API_VALIDATION', details: { path: '/subject' } });

    const wrongType = await post({ channel: 'chat', subject: 'x', customer: { id: 7 } });
    expect(wrongType.body.error.details.path).toBe('/customer/id');

    const malformed = await api(server.url, 'POST', '/api/tickets', '{"channel": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('SWB_API_MALFORMED_JSON');

    const notFound = await api(server.url, 'GET', '/api/tickets/t_nope');
    expect(notFound.status).toBe(404);
    expect(notFound.body.error.code).toBe('SWB_TICKET_NOT_FOUND');

    const ok = await post({ channel: 'chat', subject: 'hello', customer: { id: 'C1' } });
    const badStatus = await api(server.url, 'POST', `/api/tickets/${ok.body.id}/status`, { status: 'archived' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.message).toContain('pending-customer');
    const early = await api(server.url, 'POST', `/api/tickets/${ok.body.id}/csat`, { score: 5 });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('SWB_TICKET_CSAT_NOT_RESOLVED');
    const resolved = await api(server.url, 'POST', `/api/tickets/${ok.body.id}/status`, { status: 'resolved' });
    expect(resolved.body.status).toBe('resolved');
    const rated = await api(server.url, 'POST', `/api/tickets/${ok.body.id}/csat`, { score: 4, comment: 'fine' });
    expect(rated.body.csat).toMatchObject({ score: 4, comment: 'fine' });
    const outOfRange = await api(server.url, 'POST', `/api/tickets/${ok.body.id}/csat`, { score: 6 });
    expect(outOfRange.body.error.details.path).toBe('/score');
    const badFilter = await api(server.url, 'GET', '/api/tickets?priority=P9');
    expect(badFilter.status).toBe(400);

    const policy = await api(server.url, 'GET', '/api/policy');
    expect(policy.body.priorities.levels).toEqual(['P0', 'P1', 'P2', 'P3']);
    expect(policy.body.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('lets a dashboard narrow its events to chosen groups', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const server = await startTestServer({ dataDir: dir });
    cleanups.push(() => server.close());
    const techOnly = await socketClient(server.url);
    const seen = collect(techOnly, 'ticket.created');
    const ack = await techOnly.emitWithAck('subscribe', { groups: ['tech-ops'] });
    expect(ack).toMatchObject({ ok: true, rooms: ['group:tech-ops'] });
    const everything = await socketClient(server.url);
    const all = collect(everything, 'ticket.created');

    await api(server.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: 'page error: blank page',
      customer: { id: 'C1' },
    });
    await api(server.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: 'coupon rules?',
      customer: { id: 'C2' },
    });
    // A VIP ticket goes to vip-desk with tech-ops as collaborator: tech-ops sees it too.
    await api(server.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: 'coupon rules?',
      customer: { id: 'C3', tier: 'vip' },
    });
    await waitFor(() => all.length === 3, 'all three events on the unfiltered socket');
    await waitFor(() => seen.length === 2, 'two events on the tech-ops socket');
    expect(seen.map((e) => e.ticket.group)).toEqual(['tech-ops', 'vip-desk']);
    techOnly.close();
    everything.close();
  });
});
