import { afterEach, describe, expect, it } from 'vitest';
import { startHostApp, type HostApp } from '../../examples/host-app/app.ts';
import { api, collect, socketClient, tempDir, testAdminToken, waitFor } from '../helpers/server.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';

describe('examples/host-app: Switchboard embedded in a host platform', () => {
  let host: HostApp | undefined;
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await host?.close();
    await remove?.();
  });

  it('serves its own routes beside /support, and sees ticket.created on /switchboard', async () => {
    const tmp = await tempDir();
    remove = tmp.remove;
    host = await startHostApp({
      port: 0,
      switchboard: { dataDir: tmp.dir, logger: silentLogger, security: { adminToken: testAdminToken } },
    });
    const url = `http://127.0.0.1:${host.port}`;

    const own = await api(url, 'GET', '/');
    expect(own.body.app).toBe('host-portal');

    const support = await socketClient(url, '/switchboard');
    const created = collect(support, 'ticket.created');
    const portal = await socketClient(url, '/');
    const incidents = collect(portal, 'incident.opened');
    const leaked = collect(portal, 'ticket.created');

    const res = await api(url, 'POST', '/support/tickets', {
      channel: 'chat',
      subject: 'payment failed, card declined',
      customer: { id: 'C9' },
    });
    expect(res.status).toBe(201);
    expect(res.body.priority).toBe('P0');
    await waitFor(() => created.length === 1 && incidents.length === 1, 'events on both namespaces');
    expect(created[0].ticket.id).toBe(res.body.id);
    expect(incidents[0]).toEqual({ ticketId: res.body.id });
    // Switchboard events stay on their namespace: the host's root namespace did not get them.
    expect(leaked).toEqual([]);
    const list = await api(url, 'GET', '/incidents');
    expect(list.body).toEqual([expect.objectContaining({ ticketId: res.body.id })]);
    // Errors from the mounted router keep Switchboard's shape.
    const bad = await api(url, 'POST', '/support/tickets', { channel: 'fax', subject: 'x', customer: { id: 'C1' } });
    expect(bad.body.error.code).toBe('SWB_TICKET_UNKNOWN_VALUE');
    support.close();
    portal.close();
  });
});
