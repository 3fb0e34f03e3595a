import { describe, expect, it } from 'vitest';
import { createSwitchboard } from '../../src/index.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createSequentialIds } from '../../src/core/util/ids.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';

const policy = (id: string, fallback: string) => `
version: 1
id: ${id}
channels: [{ id: web, kind: online }]
categories: [{ id: general }]
priorities: { levels: [high, low], default: low }
slas: [{ id: s, targets: { firstResponse: { high: 1h, low: ${id === 'a' ? '2h' : '8h'} } } }]
agents: [{ id: ann, name: Ann }, { id: bob, name: Bob }]
routing:
  fallback: ${fallback}
  groups: [{ id: ${fallback}, members: [ann, bob] }]
`;

describe('nothing global: two instances in one process', () => {
  it('keep their own policy, store, events and round-robin state', async () => {
    const clock = createManualClock('2026-03-02T08:00:00Z');
    const make = (id: string, group: string) =>
      createSwitchboard({
        policy: { sources: [{ file: `${id}.yaml`, text: policy(id, group) }] },
        store: createMemoryStore(),
        clock,
        ids: createSequentialIds(),
        logger: silentLogger,
      });
    const a = await make('a', 'desk-a');
    const b = await make('b', 'desk-b');
    const seenA: string[] = [];
    const seenB: string[] = [];
    a.events.subscribe('ticket.created', (e) => seenA.push(e.ticket.group));
    b.events.subscribe('ticket.created', (e) => seenB.push(e.ticket.group));

    const t1 = await a.tickets.create({ channel: 'web', subject: 'one', customer: { id: 'c' } });
    const t2 = await a.tickets.create({ channel: 'web', subject: 'two', customer: { id: 'c' } });
    const t3 = await b.tickets.create({ channel: 'web', subject: 'three', customer: { id: 'c' } });

    expect([t1.ticket.assignee, t2.ticket.assignee, t3.ticket.assignee]).toEqual(['ann', 'bob', 'ann']);
    expect(Date.parse(t1.ticket.sla.firstResponse!.dueAt) - Date.parse(t1.ticket.createdAt)).toBe(2 * 3_600_000);
    expect(Date.parse(t3.ticket.sla.firstResponse!.dueAt) - Date.parse(t3.ticket.createdAt)).toBe(8 * 3_600_000);
    expect(seenA).toEqual(['desk-a', 'desk-a']);
    expect(seenB).toEqual(['desk-b']);
    expect((await a.tickets.list()).items).toHaveLength(2);
    expect((await b.tickets.list()).items).toHaveLength(1);
    expect(a.policy.current().version).not.toBe(b.policy.current().version);
    await a.close();
    await b.close();
  });

  it('streams events as an async iterator that stops when the loop ends', async () => {
    const sb = await createSwitchboard({ store: createMemoryStore(), logger: silentLogger });
    const stream = sb.events.stream(['ticket.created']);
    await sb.tickets.create({ channel: 'chat', subject: 'first', customer: { id: 'c' } });
    await sb.tickets.create({ channel: 'chat', subject: 'second', customer: { id: 'c' } });
    const subjects: string[] = [];
    for await (const e of stream) {
      subjects.push(e.ticket.subject);
      if (subjects.length === 2) break;
    }
    expect(subjects).toEqual(['first', 'second']);
    // After break the iterator is finished.
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    await sb.close();
  });
});

describe('the embedded ticket API', () => {
  it('offers the agent actions beside create/reply/status, serialised with them per ticket', async () => {
    const sb = await createSwitchboard({ store: createMemoryStore(), logger: silentLogger, security: { auth: false } });
    const { ticket } = await sb.tickets.create({ channel: 'chat', subject: 'page error', customer: { id: 'c' } });
    // A reply and an assignment issued together both land (no SWB_STORE_CONFLICT).
    const [replied, assigned] = await Promise.all([
      sb.tickets.reply(ticket.id, { author: { type: 'agent', id: 'li' }, body: 'looking' }),
      sb.tickets.assign(ticket.id, { assignee: 'zhao' }, 'supervisor:test'),
    ]);
    expect(replied.version).toBe(2);
    expect(assigned.version).toBe(3);
    const tagged = await sb.tickets.addTags(ticket.id, ['urgent-review'], 'supervisor:test');
    expect(tagged).toMatchObject({ assignee: 'zhao', tags: ['urgent-review'], firstResponder: 'li' });
    const escalated = await sb.tickets.escalate(ticket.id, { reason: 'customer called twice' }, 'supervisor:test');
    expect(escalated.priority).toBe('P0');
    await sb.close();
  });
});
