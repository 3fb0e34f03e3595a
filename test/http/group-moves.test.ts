import { describe, expect, it } from 'vitest';
import { testScope } from '../helpers/cleanups.ts';
import { api } from '../helpers/server.ts';

// Base preset: tech-ops = wang (lead), li, zhao; complaints = xu (lead and only member);
// product-support = chen (lead), sun, zhou.
describe('group moves leave a member of the ticket group or nobody', () => {
  const scope = testScope();
  const server = async () => {
    const s = await scope.server();
    const token = async (name: string, role: string, agent?: string) =>
      (await api(s.url, 'POST', '/api/tokens', { name, role, ...(agent ? { agent } : {}) })).body.token as string;
    const ticket = async () =>
      (
        await api(s.url, 'POST', '/api/tickets', {
          channel: 'chat',
          subject: 'page error: blank page',
          customer: { id: 'C1' },
        })
      ).body;
    const settled = async (id: string) => {
      await s.sb.routing.idle();
      return (await api(s.url, 'GET', `/api/tickets/${id}`)).body;
    };
    return { ...s, token, ticket, settled };
  };

  it('assign with a group keeps a member, otherwise routes within the new group', async () => {
    const s = await server();
    const t = await s.ticket();
    expect(t.group).toBe('tech-ops');
    await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, { assignee: 'zhao' });
    const moved = await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, { group: 'complaints' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ group: 'complaints', assignee: null });
    expect(moved.body.history.at(-1).note).toContain('zhao does not belong to complaints');
    // routed within complaints by its strategy, without waiting for a tick
    expect(await s.settled(t.id)).toMatchObject({ group: 'complaints', assignee: 'xu' });

    // a move that names a member, and a PATCH to the group it is in, keep the assignee
    const back = await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, { group: 'tech-ops', assignee: 'li' });
    expect(back.body).toMatchObject({ group: 'tech-ops', assignee: 'li' });
    const kept = await api(s.url, 'PATCH', `/api/tickets/${t.id}`, { group: 'tech-ops' });
    expect(kept.body.assignee).toBe('li');
  });

  it('a non-member assignee is a 400 naming the members; admins and supervisors may force it', async () => {
    const s = await server();
    const t = await s.ticket();
    const refused = await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, { assignee: 'xu' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('SWB_TICKET_NOT_MEMBER');
    expect(refused.body.error.message).toContain('"xu" does not belong to group "tech-ops"');
    expect(refused.body.error.message).toContain('"wang", "li", "zhao"');
    expect((await api(s.url, 'GET', `/api/tickets/${t.id}`)).body.assignee).toBe(t.assignee);

    const agentToken = await s.token('li', 'agent', 'li');
    const byAgent = await api(
      s.url,
      'POST',
      `/api/tickets/${t.id}/assign`,
      { assignee: 'xu', force: true },
      agentToken,
    );
    expect([byAgent.status, byAgent.body.error.code]).toEqual([403, 'SWB_AUTH_FORBIDDEN']);

    const supervisor = await s.token('lead', 'supervisor');
    const forced = await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, { assignee: 'xu', force: true }, supervisor);
    expect(forced.status).toBe(200);
    expect(forced.body.assignee).toBe('xu');
    expect(forced.body.history.at(-1)).toMatchObject({
      actor: 'supervisor:lead',
      note: 'forced: xu does not belong to tech-ops',
    });
    // the forced assignee sees the ticket with their own token
    const xu = await s.token('xu', 'agent', 'xu');
    expect((await api(s.url, 'GET', `/api/tickets/${t.id}`, undefined, xu)).status).toBe(200);
    // the routing that follows leaves a forced assignment alone
    expect((await s.settled(t.id)).assignee).toBe('xu');
  });

  it('escalate and PATCH group follow the same rule', async () => {
    const s = await server();
    const t = await s.ticket();
    await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, { assignee: 'wang' });
    const up = await api(s.url, 'POST', `/api/tickets/${t.id}/escalate`, { reason: 'angry', group: 'complaints' });
    expect(up.body).toMatchObject({ group: 'complaints', assignee: null });
    expect((await s.settled(t.id)).assignee).toBe('xu');

    const patched = await api(s.url, 'PATCH', `/api/tickets/${t.id}`, { group: 'product-support' });
    expect(patched.body).toMatchObject({ group: 'product-support', assignee: null });
    const routed = await s.settled(t.id);
    expect(['chen', 'sun', 'zhou']).toContain(routed.assignee);

    // a member of the new group stays: chen leads product-support, not complaints
    const second = await s.ticket();
    await api(s.url, 'POST', `/api/tickets/${second.id}/assign`, { group: 'product-support', assignee: 'chen' });
    const escalated = await api(s.url, 'POST', `/api/tickets/${second.id}/escalate`, {
      reason: 'needs the lead',
      group: 'product-support',
      priority: 'P0',
    });
    expect(escalated.body).toMatchObject({ group: 'product-support', assignee: 'chen', priority: 'P0' });
  });
});
