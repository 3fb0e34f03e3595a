import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { api, socketClient, startTestServer, tempDir, waitFor } from '../helpers/server.ts';

const url = postgresUrl();

/** Resolves with the reason once the server closed the socket, and what it said first. */
const closedByServer = (socket: Socket) => {
  const said: unknown[] = [];
  socket.on('auth.revoked', (p: unknown) => said.push(p));
  return new Promise<{ reason: string; said: unknown[] }>((resolve) =>
    socket.once('disconnect', (reason) => resolve({ reason, said })),
  );
};

describe('a revoked token keeps no socket', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('revoking closes the open socket at once; it can neither resubscribe nor connect again', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const s = await startTestServer({ dataDir: tmp.dir });
    cleanups.push(() => s.close());
    const made = (await api(s.url, 'POST', '/api/tokens', { name: 'lead', role: 'supervisor' })).body;
    const other = (await api(s.url, 'POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body;
    const socket = await socketClient(s.url, '/', made.token);
    const bystander = await socketClient(s.url, '/', other.token);
    cleanups.push(
      () => void socket.close(),
      () => void bystander.close(),
    );
    expect((await socket.emitWithAck('subscribe', {})).ok).toBe(true);
    const closed = closedByServer(socket);

    expect((await api(s.url, 'DELETE', `/api/tokens/${made.id}`)).status).toBe(200);
    const { reason, said } = await closed;
    expect(reason).toBe('io server disconnect');
    expect(said).toEqual([expect.objectContaining({ code: 'SWB_AUTH_INVALID' })]);
    expect(bystander.connected).toBe(true); // other tokens keep theirs

    const events: string[] = [];
    socket.onAny((name: string) => events.push(name));
    await api(s.url, 'POST', '/api/tickets', { channel: 'email', subject: 'after the revoke', customer: { id: 'C1' } });
    await expect(socketClient(s.url, '/', made.token)).rejects.toMatchObject({ data: { code: 'SWB_AUTH_INVALID' } });
    expect(events).toEqual([]);
  });

  it.skipIf(!url)(
    'a revoke or a role change made through one process closes the sockets held by another (PostgreSQL)',
    async () => {
      const schema = uniqueSchema('revoke');
      cleanups.push(() => dropSchema(url!, schema));
      const a = await startTestServer({ dataDir: '/nonexistent', databaseUrl: url!, databaseSchema: schema });
      cleanups.push(() => a.close());
      const b = await startTestServer({ dataDir: '/nonexistent', databaseUrl: url!, databaseSchema: schema });
      cleanups.push(() => b.close());

      const made = (await api(a.url, 'POST', '/api/tokens', { name: 'night-desk', role: 'agent', agent: 'chen' })).body;
      const lead = (await api(a.url, 'POST', '/api/tokens', { name: 'lead', role: 'supervisor' })).body;
      await b.sb.security.tokens!.refresh();
      const onB = await socketClient(b.url, '/', made.token);
      const leadOnB = await socketClient(b.url, '/', lead.token);
      cleanups.push(
        () => void onB.close(),
        () => void leadOnB.close(),
      );
      expect((await onB.emitWithAck('subscribe', {})).ok).toBe(true);
      const closed = closedByServer(onB);

      // the lead's token becomes a viewer's (a change of its record in the database): its
      // unmasked socket closes, and it reconnects as what it now is
      const shared = a.sb.store.cluster!.tokens;
      const record = (await shared.all()).find((r) => r.id === lead.id)!;
      const leadClosed = closedByServer(leadOnB);
      await shared.put({ ...record, role: 'viewer' } as typeof record);
      await b.sb.security.tokens!.refresh();
      expect((await leadClosed).reason).toBe('io server disconnect');
      expect(onB.connected).toBe(true);
      expect((await api(b.url, 'GET', '/api/tokens', undefined, lead.token)).status).toBe(403);

      expect((await api(a.url, 'DELETE', `/api/tokens/${made.id}`)).status).toBe(200);
      // B learns of it on its next look at the shared tokens (it polls the change mark every second)
      await b.sb.security.tokens!.refresh();
      await waitFor(() => !onB.connected, 'the socket on B closed');
      expect((await closed).said).toEqual([expect.objectContaining({ code: 'SWB_AUTH_INVALID' })]);
      expect((await api(b.url, 'GET', '/api/tickets', undefined, made.token)).status).toBe(401);
    },
  );
});
