import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SwitchboardEvent } from '../../src/core/tickets/events.ts';
import { api, collect, socketClient, waitFor } from '../helpers/server.ts';
import { startRoutingEnv, type RoutingEnv } from './fixture.ts';

let env: RoutingEnv;
beforeEach(async () => {
  env = await startRoutingEnv();
});
afterEach(async () => {
  await env.close();
});

const minute = 60_000;

describe('routing through the API', () => {
  it('round robin is fair over 1,000 tickets: max - min ≤ 1 per eligible agent, none to the offline one', async () => {
    await env.presence('rr5', 'offline');
    const counts: Record<string, number> = {};
    // 20 at a time: concurrent intakes must still take turns.
    for (let i = 0; i < 1000; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => env.ticket({ tags: ['fair'] })));
      for (const t of batch) counts[t.assignee] = (counts[t.assignee] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['rr1', 'rr2', 'rr3', 'rr4']);
    const values = Object.values(counts);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    expect(values.reduce((a, b) => a + b, 0)).toBe(1000);
  }, 60_000);

  it('VIP tickets carry both the dedicated agent and technical support; cross-department tickets name the lead', async () => {
    const vip = await env.ticket({ tier: 'vip' });
    expect(vip.group).toBe('vip-desk');
    expect(vip.assignee).toBe('ed');
    expect(vip.collaborators).toHaveLength(1);
    expect(vip.collaborators[0].group).toBe('tech');
    expect(['fu', 'gi']).toContain(vip.collaborators[0].assignee);
    const cross = await env.ticket({ tags: ['cross'] });
    expect(cross.lead).toBe('fu');
    expect(cross.assignee).not.toBeNull();
    expect(cross.collaborators[0].assignee).not.toBeNull();
    expect(cross.collaborators[0].assignee).not.toBe(cross.assignee);
  });

  it('nobody eligible: the ticket is queued with a trace, and overflows to the next group within a minute of the threshold', async () => {
    const socket = await socketClient(env.url);
    const queued = collect(socket, 'ticket.queued');
    for (const a of ['ana', 'bo', 'cy', 'di']) await env.presence(a, 'offline');
    const t = await env.ticket();
    expect(t.assignee).toBeNull();
    expect(t.routing.trace).toEqual(expect.arrayContaining(['ana: offline', 'bo: offline']));
    await waitFor(() => queued.length === 1, 'ticket.queued');
    expect(queued[0].ticket.id).toBe(t.id);
    const q = (await env.call('GET', '/api/queues')).body.items.find((g: any) => g.group === 'support');
    expect(q.count).toBe(1);
    expect(q.tickets[0].id).toBe(t.id);

    await env.clock.advance(2 * minute - 1000);
    await env.sb.routing.tick();
    expect((await env.call('GET', `/api/tickets/${t.id}`)).body.assignee).toBeNull();
    await env.clock.advance(15_000); // one server tick later
    await env.sb.routing.tick();
    const after = (await env.call('GET', `/api/tickets/${t.id}`)).body;
    expect(after.assignee).toBe('ha');
    expect(after.group).toBe('backup');
    expect(after.routing.trace).toContain('overflow to backup');
    expect((await env.call('GET', '/api/queues')).body.items.find((g: any) => g.group === 'support').count).toBe(0);
    socket.close();
  });

  it('an agent going offline has their open tickets reassigned at once; with nobody else they are queued', async () => {
    for (const a of ['cy', 'di']) await env.presence(a, 'offline');
    const t = await env.ticket();
    const first = t.assignee as string;
    const other = first === 'ana' ? 'bo' : 'ana';
    await env.presence(first, 'offline');
    const moved = (await env.call('GET', `/api/tickets/${t.id}`)).body;
    expect(moved.assignee).toBe(other);
    expect(moved.history.at(-1).type).toBe('assign');
    await env.presence(other, 'offline');
    const waiting = (await env.call('GET', `/api/tickets/${t.id}`)).body;
    expect(waiting.assignee).toBeNull();
    // Coming back online drains the queue.
    await env.presence(first, 'online');
    expect((await env.call('GET', `/api/tickets/${t.id}`)).body.assignee).toBe(first);
  });

  it('an absence starting re-queues within a tick; off-shift and absent agents get nothing', async () => {
    for (const a of ['ana', 'bo', 'cy']) await env.presence(a, 'offline');
    const t = await env.ticket();
    expect(t.assignee).toBe('di');
    await env.presence('ana', 'online');
    env.clock.set('2026-01-05T10:00:10Z'); // di's absence began 10 s ago
    await env.sb.routing.tick();
    expect((await env.call('GET', `/api/tickets/${t.id}`)).body.assignee).toBe('ana');
    // 18:00: cy is off shift (day-shift calendar), di absent on the 7th.
    await env.presence('ana', 'offline');
    await env.presence('cy', 'online');
    env.clock.set('2026-01-05T18:00:00Z');
    const late = await env.ticket();
    expect(late.assignee).not.toBe('cy');
    expect(late.routing.trace).toContain('cy: off shift (calendar day-shift)');
  });

  it('a full group queues by priority then SLA due, and the queue drains in order when capacity frees', async () => {
    for (const a of ['cy', 'di']) await env.presence(a, 'offline');
    const held = [await env.ticket(), await env.ticket(), await env.ticket(), await env.ticket()]; // ana 2 online, bo 2
    expect(held.every((t) => t.assignee !== null)).toBe(true);
    const p3 = await env.ticket({ priority: 'P3' });
    const p1 = await env.ticket({ priority: 'P1' });
    expect(p3.assignee).toBeNull();
    expect(p1.routing.trace.some((l: string) => /at capacity 2\/2/.test(l))).toBe(true);
    const line = (await env.call('GET', '/api/queues')).body.items
      .find((g: any) => g.group === 'support')
      .tickets.map((x: any) => x.id);
    expect(line).toEqual([p1.id, p3.id]);
    await env.call('POST', `/api/tickets/${held[0].id}/status`, { status: 'resolved' });
    await env.sb.routing.idle();
    expect((await env.call('GET', `/api/tickets/${p1.id}`)).body.assignee).toBe(held[0].assignee);
    expect((await env.call('GET', `/api/tickets/${p3.id}`)).body.assignee).toBeNull();
  });

  it('skills timeout: after 5 minutes unassigned the skill filter is relaxed', async () => {
    await env.presence('bo', 'offline');
    const t = await env.ticket({ tags: ['payments'] });
    expect(t.assignee).toBeNull();
    expect(t.routing.trace).toContain('ana: skill payments 2 < 4');
    await env.clock.advance(5 * minute);
    await env.sb.routing.tick();
    expect((await env.call('GET', `/api/tickets/${t.id}`)).body.assignee).toBe('ana');
  });

  it('GET /api/agents shows presence, load per channel kind and capacity; presence over the socket', async () => {
    const t = await env.ticket({ channel: 'phone' });
    const agents = (await env.call('GET', '/api/agents')).body.items;
    const holder = agents.find((a: any) => a.id === t.assignee);
    expect(holder.load.byKind).toEqual({ voice: 1 });
    expect(agents.find((a: any) => a.id === 'ana').capacity).toEqual({ online: 2, total: 3 });
    expect((await env.call('PUT', '/api/agents/nobody/presence', { status: 'online' })).body.error.code).toBe(
      'SWB_ROUTING_UNKNOWN_AGENT',
    );
    expect((await env.call('PUT', '/api/agents/ana/presence', { status: 'busy' })).status).toBe(400);

    const watcher = await socketClient(env.url);
    const events = collect<SwitchboardEvent<'agent.presence'>>(watcher, 'agent.presence');
    const agentSocket = await socketClient(env.url);
    const ack = await agentSocket.emitWithAck('presence', { agent: 'gi', status: 'away' });
    expect(ack.ok).toBe(true);
    await waitFor(() => events.length === 1, 'agent.presence');
    expect(events[0]).toMatchObject({ agent: 'gi', status: 'away', previous: 'online' });
    agentSocket.close(); // the agent's last socket went away: offline
    await waitFor(() => events.length === 2, 'offline on disconnect');
    expect(events[1]).toMatchObject({ agent: 'gi', status: 'offline' });
    watcher.close();
  });

  it('an agent token sets only its own presence; a viewer none; a supervisor anyone', async () => {
    const token = async (body: object) => (await env.call('POST', '/api/tokens', body)).body.token as string;
    const ana = await token({ name: 'ana', role: 'agent', agent: 'ana' });
    const viewer = await token({ name: 'v', role: 'viewer' });
    const lead = await token({ name: 's', role: 'supervisor' });
    expect((await api(env.url, 'PUT', '/api/agents/ana/presence', { status: 'away' }, ana)).body).toMatchObject({
      agent: 'ana',
      status: 'away',
    });
    expect((await api(env.url, 'PUT', '/api/agents/bo/presence', { status: 'offline' }, ana)).body.error.code).toBe(
      'SWB_AUTH_FORBIDDEN',
    );
    expect((await api(env.url, 'PUT', '/api/agents/bo/presence', { status: 'away' }, viewer)).status).toBe(403);
    expect((await api(env.url, 'PUT', '/api/agents/bo/presence', { status: 'away' }, lead)).body).toMatchObject({
      agent: 'bo',
      status: 'away',
    });
    expect((await api(env.url, 'GET', '/api/queues', undefined, viewer)).status).toBe(200);

    const socket = await socketClient(env.url, '/', ana);
    expect((await socket.emitWithAck('presence', { agent: 'bo', status: 'online' })).ok).toBe(false);
    expect((await socket.emitWithAck('presence', { agent: 'ana', status: 'online' })).ok).toBe(true);
    socket.close();
    const agents = (await env.call('GET', '/api/agents')).body.items;
    expect(agents.find((a: any) => a.id === 'bo').presence).toBe('away');
  });
});

describe('self-healing', () => {
  it('a ticket reopened for an agent who went offline moves on', async () => {
    for (const a of ['cy', 'di']) await env.presence(a, 'offline');
    const t = await env.ticket();
    await env.call('POST', `/api/tickets/${t.id}/status`, { status: 'resolved' });
    await env.presence(t.assignee, 'offline');
    await env.call('POST', `/api/tickets/${t.id}/replies`, { author: { type: 'customer' }, body: 'still broken' });
    await env.sb.routing.idle();
    const after = (await env.call('GET', `/api/tickets/${t.id}`)).body;
    expect(after.status).toBe('open');
    expect(after.assignee).not.toBe(t.assignee);
    expect(after.assignee).not.toBeNull();
  });
});
