import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

describe('tokens, roles and the audit log', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  const server = async (opts: Omit<Parameters<typeof startTestServer>[0], 'dataDir'> = {}) => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const s = await startTestServer({ ...opts, dataDir: dir });
    cleanups.push(() => s.close());
    return Object.assign(s, { dir });
  };

  it('generates a first admin token into the data directory (0600) when none is configured, once', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const printed: string[] = [];
    const open = () =>
      createSwitchboard({
        dataDir: dir,
        logger: silentLogger,
        security: { env: {}, onFirstAdminToken: (t) => printed.push(t) },
      });
    const first = await open();
    await first.close();
    expect(printed).toHaveLength(1);
    const file = join(dir, 'admin-token');
    expect((await readFile(file, 'utf8')).trim()).toBe(printed[0]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = await readFile(join(dir, 'tokens.json'), 'utf8');
    expect(stored).not.toContain(printed[0]); // hashed, never the secret
    expect(first.security.tokens?.verify(printed[0] as string)).toMatchObject({ role: 'admin', name: 'first-admin' });
    const second = await open();
    await second.close();
    expect(printed).toHaveLength(1);
  });

  it('tells a missing token (401 SWB_AUTH_MISSING) from a wrong one (401 SWB_AUTH_INVALID) from a forbidden role (403)', async () => {
    const s = await server();
    expect((await api(s.url, 'GET', '/api/health', undefined, null)).status).toBe(200);
    const none = await api(s.url, 'GET', '/api/tickets', undefined, null);
    expect([none.status, none.body.error.code]).toEqual([401, 'SWB_AUTH_MISSING']);
    const wrong = await api(s.url, 'GET', '/api/tickets', undefined, 'swb_nope');
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'SWB_AUTH_INVALID']);
    const intake = await api(s.url, 'POST', '/api/tokens', { name: 'web-form', role: 'intake' });
    expect(intake.status).toBe(201);
    expect(intake.body.token).toMatch(/^swb_/);
    const read = await api(s.url, 'GET', '/api/tickets', undefined, intake.body.token);
    expect([read.status, read.body.error.code]).toEqual([403, 'SWB_AUTH_FORBIDDEN']);
    const created = await api(
      s.url,
      'POST',
      '/api/tickets',
      { channel: 'form', subject: 'hello', customer: { id: 'C1' } },
      intake.body.token,
    );
    expect(created.status).toBe(201);

    const list = await api(s.url, 'GET', '/api/tokens');
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain('web-form');
    expect(JSON.stringify(list.body)).not.toContain(intake.body.token);
    const revoked = await api(s.url, 'DELETE', `/api/tokens/${intake.body.id}`);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const after = await api(
      s.url,
      'POST',
      '/api/tickets',
      { channel: 'form', subject: 'again', customer: { id: 'C1' } },
      intake.body.token,
    );
    expect(after.body.error.code).toBe('SWB_AUTH_INVALID');
    expect((await api(s.url, 'DELETE', '/api/tokens/tok_missing')).body.error.code).toBe('SWB_TOKEN_NOT_FOUND');
  });

  it('masks customer name, email and phone for viewers, not for agents', async () => {
    const s = await server();
    const t = await api(s.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'account question',
      customer: { id: 'C9', name: 'Alice Smith', email: 'alice@example.com', phone: '+86 138 0000 1234' },
    });
    const viewer = (await api(s.url, 'POST', '/api/tokens', { name: 'wall', role: 'viewer' })).body.token;
    const seen = await api(s.url, 'GET', `/api/tickets/${t.body.id}`, undefined, viewer);
    expect(seen.body.customer).toEqual({ id: 'C9', name: 'A*** S***', email: 'a***@e***.com', phone: '***34' });
    const listed = await api(s.url, 'GET', '/api/tickets', undefined, viewer);
    expect(JSON.stringify(listed.body)).not.toContain('alice@example.com');
    expect(
      (await api(s.url, 'POST', `/api/tickets/${t.body.id}/status`, { status: 'pending-customer' }, viewer)).status,
    ).toBe(403);
    const admin = await api(s.url, 'GET', `/api/tickets/${t.body.id}`);
    expect(admin.body.customer.email).toBe('alice@example.com');
  });

  it('limits agents to the groups they are members of (policy) or that their token lists', async () => {
    const s = await server();
    const tech = await api(s.url, 'POST', '/api/tickets', {
      channel: 'chat',
      subject: 'page error: blank page',
      customer: { id: 'C1' },
    });
    const product = await api(s.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'How do I register an account?',
      customer: { id: 'C2' },
    });
    expect([tech.body.group, product.body.group]).toEqual(['tech-ops', 'product-support']);
    const wang = (await api(s.url, 'POST', '/api/tokens', { name: 'wang', role: 'agent', agent: 'wang' })).body.token;
    expect((await api(s.url, 'GET', `/api/tickets/${tech.body.id}`, undefined, wang)).status).toBe(200);
    const other = await api(s.url, 'GET', `/api/tickets/${product.body.id}`, undefined, wang);
    // the same answer as for a ticket that does not exist
    expect([other.status, other.body.error.code]).toEqual([404, 'SWB_TICKET_NOT_FOUND']);
    expect(
      (
        await api(
          s.url,
          'POST',
          `/api/tickets/${product.body.id}/replies`,
          { author: { type: 'agent', id: 'wang' }, body: 'hi' },
          wang,
        )
      ).status,
    ).toBe(404);
    const list = await api(s.url, 'GET', '/api/tickets', undefined, wang);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([tech.body.id]);
    expect((await api(s.url, 'GET', '/api/tickets?group=product-support', undefined, wang)).status).toBe(403);
    const typo = await api(s.url, 'POST', '/api/tokens', { name: 'w', role: 'agent', agent: 'wnag' });
    expect(typo.body.error.message).toContain('did you mean "wang"');
    expect((await api(s.url, 'POST', '/api/tokens', { name: 'w', role: 'viewer', groups: ['tech-ops'] })).status).toBe(
      400,
    );
    expect((await api(s.url, 'POST', '/api/tokens', { name: 'w', role: 'agent' })).status).toBe(400);
    const extra = (
      await api(s.url, 'POST', '/api/tokens', {
        name: 'wang2',
        role: 'agent',
        agent: 'wang',
        groups: ['product-support'],
      })
    ).body.token;
    expect((await api(s.url, 'GET', `/api/tickets/${product.body.id}`, undefined, extra)).status).toBe(200);
  });

  it('writes who, what, when, from where and the policy version of every change to the audit log', async () => {
    const s = await server();
    const sup = (await api(s.url, 'POST', '/api/tokens', { name: 'sup', role: 'supervisor' })).body;
    const t = await api(
      s.url,
      'POST',
      '/api/tickets',
      { channel: 'chat', subject: 'coupon rules?', customer: { id: 'C1' } },
      sup.token,
    );
    await api(s.url, 'POST', `/api/tickets/${t.body.id}/status`, { status: 'pending-customer' }, sup.token);
    await api(s.url, 'POST', `/api/tickets/${t.body.id}/status`, { status: 'nope' }, sup.token); // failed: not audited
    const audit = await api(s.url, 'GET', '/api/audit?limit=10', undefined, sup.token);
    const ops = audit.body.items.map((e: { operation: string }) => e.operation);
    expect(ops).toEqual(['createToken', 'createTicket', 'setTicketStatus']);
    const status = audit.body.items[2];
    expect(status).toMatchObject({
      actor: { tokenId: sup.id, name: 'sup', role: 'supervisor' },
      ip: expect.stringContaining('127.0.0.1'),
      ticketId: t.body.id,
      changes: { status: ['new', 'pending-customer'] },
      policyVersion: t.body.decisions.policyVersion,
    });
    expect(audit.body.items[0].details).toMatchObject({ tokenId: sup.id, role: 'supervisor' });
    expect(JSON.stringify(audit.body)).not.toContain(sup.token);
    const viewer = (await api(s.url, 'POST', '/api/tokens', { name: 'v', role: 'viewer' })).body.token;
    expect((await api(s.url, 'GET', '/api/audit', undefined, viewer)).status).toBe(403);
    const later = await api(s.url, 'GET', `/api/audit?since=${encodeURIComponent(status.at)}`, undefined, sup.token);
    expect(later.body.items[0].at >= status.at).toBe(true);
    await s.close();
    // close() flushed the batch: the file holds every entry, one JSON object per line.
    const lines = (await readFile(join(s.dir, 'audit.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).operation);
    expect(lines).toEqual(['createToken', 'createTicket', 'setTicketStatus', 'createToken']);
  });

  it('rate-limits per token with 429 SWB_API_RATE_LIMITED', async () => {
    const s = await server({ security: { rateLimitPerMinute: 3 } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await api(s.url, 'GET', '/api/policy')).status);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await api(s.url, 'GET', '/api/policy');
    expect(limited.body.error.code).toBe('SWB_API_RATE_LIMITED');
    // Another token has its own budget.
    const sb = s.sb.security.tokens!;
    const other = await sb.create({ name: 'other', role: 'viewer' });
    expect((await api(s.url, 'GET', '/api/policy', undefined, other.token)).status).toBe(200);
    expect((await api(s.url, 'GET', '/api/health', undefined, null)).status).toBe(200);
  });
});
