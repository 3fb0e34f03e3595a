import { afterEach, describe, expect, it } from 'vitest';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

describe('who said it is who is logged in', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('replies carry the token as author, agents cannot rate, the survey rating stands, names may be Chinese', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const s = await startTestServer({ dataDir: tmp.dir });
    cleanups.push(() => s.close());

    // 王芳 is a member of product-support under the agent id "chen" here
    const named = await api(s.url, 'POST', '/api/tokens', { name: '王芳', role: 'agent', agent: 'chen' });
    expect(named.status).toBe(201);
    expect(named.body.name).toBe('王芳');
    for (const name of ['bad\u0000name', 'right\u202Eleft', '   ', 'x'.repeat(101)])
      expect((await api(s.url, 'POST', '/api/tokens', { name, role: 'viewer' })).body.error.code).toBe(
        'SWB_API_VALIDATION',
      );
    const control = await api(s.url, 'POST', '/api/tokens', { name: 'bad\u0007bell', role: 'viewer' });
    expect(control.body.error.message).toContain('any printable text');
    const agent = named.body.token as string;

    const t = (
      await api(s.url, 'POST', '/api/tickets', {
        channel: 'email',
        subject: 'How do I register an account?',
        customer: { id: 'C1', name: 'Li Lei' },
      })
    ).body;
    expect(t.group).toBe('product-support');

    // posting as someone else is refused, whatever the claimed author
    for (const author of [{ type: 'customer', id: 'C1' }, { type: 'system' }, { type: 'agent', id: 'sun' }]) {
      const forged = await api(s.url, 'POST', `/api/tickets/${t.id}/replies`, { author, body: 'forged' }, agent);
      expect(forged.status).toBe(403);
      expect(forged.body.error.code).toBe('SWB_AUTH_FORBIDDEN');
    }
    const own = await api(s.url, 'POST', `/api/tickets/${t.id}/replies`, { body: 'Here is how' }, agent);
    expect(own.status).toBe(201);
    expect(own.body.replies.at(-1).author).toEqual({ type: 'agent', id: 'chen', name: '王芳' });
    expect(own.body.history.at(-1).actor).toBe('agent:王芳');
    expect(own.body.firstResponder).toBe('chen');

    // the customer rates through their survey link; the agent may not rate nor overwrite it
    await api(s.url, 'POST', `/api/tickets/${t.id}/status`, { status: 'resolved' });
    const link = (await api(s.url, 'POST', `/api/tickets/${t.id}/survey`)).body.path as string;
    const answered = await api(s.url, 'POST', link, { score: 2 }, null);
    expect(answered.status).toBe(200);
    const byAgent = await api(s.url, 'POST', `/api/tickets/${t.id}/csat`, { score: 5 }, agent);
    expect(byAgent.status).toBe(403);
    const byAdmin = await api(s.url, 'POST', `/api/tickets/${t.id}/csat`, { score: 5 });
    expect(byAdmin.status).toBe(403);
    const after = (await api(s.url, 'GET', `/api/tickets/${t.id}`)).body;
    expect(after.csat.score).toBe(2);
    expect(
      after.history.filter((h: { type: string }) => h.type === 'csat').map((h: { actor: string }) => h.actor),
    ).toEqual(['customer:survey']);
  });
});
