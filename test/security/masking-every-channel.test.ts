import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import webhook from '../../plugins/webhook/index.ts';
import { policyText } from '../plugins/helpers.ts';
import { api, socketClient, startTestServer, tempDir, waitFor } from '../helpers/server.ts';

/** A webhook receiver on 127.0.0.1 keeping every body. */
async function receiver() {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Every way the customer's data could show through: any case, any spacing, phone without its country code. */
function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  const squeezed = lower.replace(/[\s\-().+]/g, '');
  const found: string[] = [];
  for (const needle of ['alice', 'smith', 'example.com', 'e12345678']) if (lower.includes(needle)) found.push(needle);
  for (const digits of ['13800001234', '8613800001234']) if (squeezed.includes(digits)) found.push(digits);
  return found;
}

describe('a viewer sees no customer contact data on any channel', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('REST answers, live events, snapshots and webhooks mask by structure and by value however it was typed', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const rx = await receiver();
    cleanups.push(rx.close);
    const text = policyText(
      `privacy:\n  pii: [passport]\nplugins:\n  - name: webhook\n    options: { url: "${rx.url}", secret: webhook-secret-0123456789, events: ["*"], backoffMs: 5 }\n`,
    );
    const s = await startTestServer({ dataDir: tmp.dir, sources: [{ file: 'policy.yaml', text }], plugins: [webhook] });
    cleanups.push(() => s.close());

    const viewer = (await api(s.url, 'POST', '/api/tokens', { name: 'wall-screen', role: 'viewer' })).body.token;
    const socket = await socketClient(s.url, '/', viewer);
    cleanups.push(() => void socket.close());
    const live: unknown[] = [];
    socket.onAny((name: string, payload: unknown) => live.push({ name, payload }));
    expect((await socket.emitWithAck('subscribe', {})).ok).toBe(true);

    // nested deeper than any fixed walk would go
    let deep: Record<string, unknown> = { note: 'write to ALICE.SMITH@EXAMPLE.COM' };
    for (let i = 0; i < 12; i++) deep = { inner: deep };
    const created = await api(s.url, 'POST', '/api/tickets', {
      channel: 'web',
      subject: 'Refund for ALICE SMITH',
      description: 'Call me at 138-0000-1234',
      customer: {
        id: 'Alice.Smith@Example.com',
        name: 'Alice Smith',
        email: 'alice.smith@example.com',
        phone: '+86 138 0000 1234',
      },
      fields: { passport: 'E12345678', deep },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await api(s.url, 'POST', `/api/tickets/${id}/replies`, {
      author: { type: 'customer', id: 'Alice.Smith@Example.com', name: 'Alice Smith' },
      body: 'This is alice smith again: 13800001234, passport e12345678',
    });
    await api(s.url, 'POST', `/api/tickets/${id}/replies`, {
      body: 'Checked passport E12345678 of Alice  Smith, mail Alice.Smith@example.COM',
      internal: true,
    });
    await waitFor(
      () => live.filter((e) => (e as { name: string }).name === 'ticket.replied').length === 2,
      'both replies live',
    );
    await waitFor(() => rx.bodies.length >= 3, 'webhook deliveries');

    const rest = await api(s.url, 'GET', `/api/tickets/${id}`, undefined, viewer);
    const list = await api(s.url, 'GET', '/api/tickets', undefined, viewer);
    const snapshot = await socket.emitWithAck('subscribe', {});
    expect(snapshot.snapshot).toHaveLength(1);

    expect(leaks(JSON.stringify(rest.body))).toEqual([]);
    expect(leaks(JSON.stringify(list.body))).toEqual([]);
    expect(leaks(JSON.stringify(live))).toEqual([]);
    expect(leaks(JSON.stringify(snapshot))).toEqual([]);
    expect(leaks(rx.bodies.join('\n'))).toEqual([]);
    // masked, not dropped: the viewer can still tell records apart
    expect(rest.body.customer).toMatchObject({ id: 'A***@E***.com', name: 'A*** S***', phone: '***34' });
    expect(rest.body.fields.passport).toBe('E***');
    expect(rest.body.replies.map((r: { body: string }) => r.body)).toEqual([
      'This is a*** s*** again: ***34, passport e***',
      'Checked passport E*** of A*** S***, mail A***@e***.COM',
    ]);

    // the same ticket in clear for a role that sees contact data
    const admin = await api(s.url, 'GET', `/api/tickets/${id}`);
    expect(admin.body.customer.phone).toBe('+86 138 0000 1234');
    expect(admin.body.fields.passport).toBe('E12345678');
  });
});
