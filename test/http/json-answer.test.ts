import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, tempDir, testAdminToken } from '../helpers/server.ts';

describe('answers with the JSON the store wrote', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    server = await startTestServer({ dataDir: t.dir });
  });
  afterAll(async () => {
    await server.close();
    await remove();
  });

  it('a new ticket is answered with the exact text its store recorded; a masked answer is serialised anew', async () => {
    const sb = server.sb;
    const seen: string[] = [];
    const storedJson = sb.store.storedJson?.bind(sb.store);
    expect(storedJson).toBeDefined();
    // the store instance records what it wrote; watching its memo shows the answer came from it
    (sb.store as { storedJson: (v: unknown) => string | undefined }).storedJson = (v) => {
      const text = storedJson?.(v);
      if (text !== undefined) seen.push(text);
      return text;
    };
    const res = await fetch(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${testAdminToken}` },
      body: JSON.stringify({
        channel: 'chat',
        subject: '支付失败 "quoted" \\ slash',
        customer: { id: 'C1', name: 'Alice Smith' },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await res.text();
    const created = JSON.parse(text) as { id: string };
    // the answer is one of the texts the store handed out (the replay ring also asks for sizes)
    expect(seen).toContain(text);
    expect(JSON.parse(text)).toEqual((await api(server.url, 'GET', `/api/tickets/${created.id}`)).body);

    const viewer = (await api(server.url, 'POST', '/api/tokens', { name: 'v', role: 'viewer' })).body.token as string;
    const masked = await api(server.url, 'GET', `/api/tickets/${created.id}`, undefined, viewer);
    expect(masked.body.customer.name).toBe('A*** S***');
  });

  it('each store keeps its own memo: a second store knows nothing of the first one’s writes', async () => {
    const { createMemoryStore } = await import('../../src/store/memory.ts');
    const { makeTicket } = await import('../helpers/ticket-fixture.ts');
    const a = createMemoryStore();
    const b = createMemoryStore();
    await a.open();
    await b.open();
    const ticket = makeTicket({ id: 't1' });
    await a.insert(ticket);
    expect(a.storedJson?.(ticket)).toBe(JSON.stringify(ticket));
    expect(b.storedJson?.(ticket)).toBeUndefined();
    await a.close();
    await b.close();
  });
});
