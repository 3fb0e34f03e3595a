import { describe, expect, it } from 'vitest';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { createPolicyLoader } from '../../src/config/index.ts';
import { assign } from '../../src/core/pipeline/assign.ts';
import { createLoadBook } from '../../src/core/routing/load-book.ts';
import { reassign } from '../../src/core/routing/reassign.ts';
import { emptyLoad, type AgentLoad, type AgentStates } from '../../src/core/policy/routing-types.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { policyFromText } from '../helpers/base-policy.ts';
import { tempDir } from '../helpers/server.ts';
import { routingPolicy } from './fixture.ts';

const policy = policyFromText(routingPolicy);
const now = Date.parse('2026-01-05T09:30:00Z');
const states = (loads: Record<string, AgentLoad> = {}, offline: string[] = []): AgentStates => ({
  presence: (id) => (offline.includes(id) ? 'offline' : 'online'),
  load: (id) => loads[id] ?? emptyLoad,
  cursor: () => -1,
});
const place = (group: string, s: AgentStates, kind = 'online') =>
  assign(policy, { group: { value: group, by: 'rule' }, collaboratorGroups: [] }, s, {
    ticketId: 't',
    channelKind: kind,
    priority: 'P2',
    now,
  });

describe('strategies', () => {
  it('least-loaded weighs load by priority: one P0 (weight 4) is more than two P3 (weight 1 each)', () => {
    const s = states({
      ana: { byKind: { async: 2 }, total: 2, weighted: 2 },
      bo: { byKind: { async: 1 }, total: 1, weighted: 4 },
      cy: { byKind: { async: 1 }, total: 1, weighted: 3 },
      di: { byKind: { async: 1 }, total: 1, weighted: 3 },
    });
    const a = place('support', s, 'async');
    expect(a.assignee).toEqual({ value: 'ana', by: 'least-loaded' });
    expect(a.lines.at(-1)).toBe('support: ana by least-loaded, least loaded (weighted 2)');
  });

  it('most-spare-capacity and the full-group trace', () => {
    const p = policyFromText(
      routingPolicy
        .replace('{ id: fu, name: Fu, skills: [tech] }', '{ id: fu, name: Fu, skills: [tech], capacity: 5 }')
        .replace('{ id: gi, name: Gi, skills: [tech] }', '{ id: gi, name: Gi, skills: [tech], capacity: 3 }'),
    );
    const s = states({ fu: { byKind: { online: 1 }, total: 1, weighted: 2 } });
    const a = assign(p, { group: { value: 'tech', by: 'rule' }, collaboratorGroups: [] }, s, {
      ticketId: 't',
      channelKind: 'online',
      priority: 'P2',
      now,
    });
    expect(a.assignee.value).toBe('fu'); // 4 spare against 3
    const full = states({
      fu: { byKind: { online: 5 }, total: 5, weighted: 10 },
      gi: { byKind: { online: 3 }, total: 3, weighted: 6 },
    });
    const none = assign(p, { group: { value: 'tech', by: 'rule' }, collaboratorGroups: [] }, full, {
      ticketId: 't',
      channelKind: 'online',
      priority: 'P2',
      now,
    });
    expect(none.assignee.value).toBeNull();
    expect(none.lines).toEqual([
      'fu: at capacity 5/5 total',
      'gi: at capacity 3/3 total',
      'tech: nobody eligible (group full)',
    ]);
  });
});

describe('reassign (pure; escalations use it too)', () => {
  const s = states();
  const ticketIn = (group: string) => {
    const a = assign(policy, { group: { value: group, by: 'rule' }, collaboratorGroups: ['tech'] }, s, {
      ticketId: 't1',
      channelKind: 'online',
      priority: 'P1',
      now,
    });
    return {
      id: 't1',
      number: '1',
      version: 3,
      status: 'open',
      channel: 'chat',
      category: 'general',
      priority: 'P1',
      group: a.group,
      assignee: a.assignee.value,
      collaborators: a.collaborators,
      subject: 's',
      customer: { id: 'c' },
      fields: {},
      tags: [],
      locale: 'en',
      sla: { policyId: 'standard', calendarId: '24x7' },
      createdAt: new Date(now).toISOString(),
      updatedAt: '',
      replies: [],
      scripts: {},
      decisions: {
        policyVersion: policy.version,
        category: { value: 'general', by: 'default' as const },
        priority: { value: 'P1', by: 'input' as const },
        sla: { value: 'standard', by: 'default' as const },
        group: { value: group, by: 'rule' as const },
        assignee: a.assignee,
      },
      history: [],
    };
  };
  const ctx = { now: new Date(now + 60_000), actor: 'sla:escalation' };

  it('to the lead of a group, to a group by its strategy, or to a named agent; each with history and ticket.assigned', () => {
    const t = ticketIn('support');
    const lead = reassign(policy, t, { lead: true }, s, ctx);
    expect(lead.ticket.assignee).toBe('bo');
    expect(lead.ticket.decisions.assignee).toEqual({ value: 'bo', by: 'lead' });
    expect(lead.ticket.version).toBe(4);
    expect(lead.ticket.history.at(-1)).toMatchObject({ type: 'assign', actor: 'sla:escalation' });
    expect(lead.events.map((e) => e.type)).toEqual(['ticket.assigned', 'ticket.updated']);
    const toGroup = reassign(policy, t, { group: 'backup' }, s, ctx);
    expect(toGroup.ticket).toMatchObject({ group: 'backup', assignee: 'ha' });
    expect(reassign(policy, t, { agent: 'cy' }, s, ctx).ticket.decisions.assignee).toEqual({
      value: 'cy',
      by: 'explicit',
    });
  });

  it('vacating an agent moves only their slots; with nobody eligible the slot is queued', () => {
    const t = ticketIn('vip-desk');
    expect(t.assignee).toBe('ed');
    const tech = t.collaborators[0]?.assignee as string;
    const r = reassign(policy, t, { vacate: 'ed' }, states({}, ['ed']), ctx);
    expect(r.ticket.assignee).toBeNull();
    expect(r.ticket.collaborators[0]?.assignee).toBe(tech);
    expect(r.ticket.routing?.waitingSince).toBe(ctx.now.toISOString());
    expect(r.events.map((e) => e.type)).toEqual(['ticket.assigned', 'ticket.queued', 'ticket.updated']);
    const other = tech === 'fu' ? 'gi' : 'fu';
    expect(reassign(policy, t, { vacate: tech }, states({}, [tech]), ctx).ticket.collaborators[0]?.assignee).toBe(
      other,
    );
  });

  it('filling an already filled ticket changes nothing', () => {
    expect(reassign(policy, ticketIn('support'), { fill: true }, s, ctx).changed).toBe(false);
  });
});

describe('queue order and load book', () => {
  it('orders by priority, then SLA due, then arrival; resolved tickets leave queue and load', () => {
    const book = createLoadBook();
    const t = (id: string, priority: string, due: string, assignee: string | null = null, status = 'open') =>
      ({
        id,
        version: 1,
        status,
        channel: 'chat',
        priority,
        group: 'support',
        assignee,
        collaborators: [],
        createdAt: '2026-01-05T09:00:00Z',
        sla: { firstResponse: { state: 'running', dueAt: due } },
      }) as never;
    book.book(t('a', 'P2', '2026-01-05T10:00:00Z'), policy);
    book.book(t('b', 'P1', '2026-01-05T12:00:00Z'), policy);
    book.book(t('c', 'P2', '2026-01-05T09:30:00Z'), policy);
    book.book(t('d', 'P2', '2026-01-05T09:30:00Z', 'ana'), policy);
    expect(book.queue.line('support').map((e) => e.id)).toEqual(['b', 'c', 'a']);
    expect(book.load('ana')).toEqual({ byKind: { online: 1 }, total: 1, weighted: 2 });
    expect(
      book.book(
        { ...(t('d', 'P2', '2026-01-05T09:30:00Z', 'ana', 'resolved') as object), version: 2 } as never,
        policy,
      ),
    ).toEqual(['ana']);
    expect(book.load('ana').total).toBe(0);
  });

  it('a late event with an older version (forwarded by another process) neither reopens a finished ticket nor rolls back an open one', () => {
    const book = createLoadBook();
    const t = (version: number, assignee: string | null, status = 'open') =>
      ({
        id: 'x',
        version,
        status,
        channel: 'chat',
        priority: 'P2',
        group: 'support',
        assignee,
        collaborators: [],
        createdAt: '2026-01-05T09:00:00Z',
        sla: {},
      }) as never;
    book.book(t(2, 'ana'), policy);
    book.book(t(1, null), policy); // older: ignored
    expect(book.load('ana').total).toBe(1);
    book.book(t(3, 'ana', 'resolved'), policy);
    book.book(t(2, 'ana'), policy); // arrives after the resolve
    expect(book.load('ana').total).toBe(0);
    expect(book.get('x')).toBeUndefined();
    // a real reopen is a newer version
    book.book(t(4, 'bo'), policy);
    expect(book.load('bo').total).toBe(1);
  });

  it('a change routing does not see (a reply) keeps the load as it is and still moves the version on; a later move of the agent is booked', () => {
    const book = createLoadBook();
    const collaborators = [{ group: 'support', assignee: 'cy' }];
    const base = {
      id: 'y',
      version: 1,
      status: 'open',
      channel: 'chat',
      priority: 'P2',
      group: 'support',
      assignee: 'ana',
      collaborators,
      createdAt: '2026-01-05T09:00:00Z',
      sla: {},
      replies: [],
    };
    book.book(base as never, policy);
    const replied = { ...base, version: 2, replies: [{ id: 'r1', body: 'on it' }] };
    expect(book.book(replied as never, policy)).toEqual([]);
    expect(book.get('y')?.version).toBe(2);
    expect([book.load('ana').total, book.load('cy').total]).toEqual([1, 1]);
    // version 2 is booked, so an event still carrying it changes nothing
    expect(book.book({ ...replied, assignee: 'bo' } as never, policy)).toEqual([]);
    expect(book.load('bo').total).toBe(0);
    // moved to another agent in version 3: ana's load goes down, bo's up
    expect(book.book({ ...replied, version: 3, assignee: 'bo' } as never, policy)).toEqual(['ana']);
    expect([book.load('ana').total, book.load('bo').total, book.load('cy').total]).toEqual([0, 1, 1]);
    // raised to P0 in version 4: the weighted load follows the new priority
    const before = book.load('bo').weighted;
    book.book({ ...replied, version: 4, assignee: 'bo', priority: 'P0' } as never, policy);
    expect(book.load('bo').weighted).toBeGreaterThan(before);
  });
});

describe('policy checks', () => {
  it('reports unknown calendars, capacity keys that are no channel kind, bad overflow targets and unreadable absences', () => {
    const bad = routingPolicy
      .replace('calendar: day-shift', 'calendar: night-shift')
      .replace('capacity: { online: 2, total: 3 }', 'capacity: { chat: 2, total: 3 }')
      .replace('overflow: { after: 2m, to: backup }', 'overflow: { after: 2m, to: backupp }')
      .replace('{ from: "2026-01-07", to: "2026-01-07" }', '{ from: "2026-01-09", to: "2026-01-07" }');
    const r = createPolicyLoader().fromTexts([{ file: 'p.yaml', text: bad }]);
    expect(r.ok).toBe(false);
    const msgs = r.problems.map((p) => `${p.code} ${p.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SWB_CONFIG_UNKNOWN_REF unknown calendar "night-shift"/),
        expect.stringMatching(/^SWB_CONFIG_UNKNOWN_REF "chat" is not a channel kind/),
        expect.stringMatching(/^SWB_CONFIG_UNKNOWN_REF unknown group "backupp".*did you mean/i),
        expect.stringMatching(/^SWB_CONFIG_SCHEMA absence ends \(2026-01-07\) before it starts/),
      ]),
    );
  });

  it('plain skill names still load (proficiency 3) and levels outside 1-5 are schema errors', () => {
    expect(policy.routing.agents.get('rr1')?.skills.size).toBe(0);
    expect(policy.routing.agents.get('ana')?.skills.get('general')).toBe(3);
    const r = createPolicyLoader().fromTexts([
      { file: 'p.yaml', text: routingPolicy.replace('{ name: payments, level: 5 }', '{ name: payments, level: 9 }') },
    ]);
    expect(r.ok).toBe(false);
  });
});

it('presence is persisted in the store and survives a restart', async () => {
  const tmp = await tempDir();
  const clock = createManualClock();
  const open = () =>
    createSwitchboard({
      sources: [{ file: 'p.yaml', text: routingPolicy }],
      clock,
      dataDir: tmp.dir,
      logger: silentLogger,
    });
  const first = await open();
  await first.routing.setPresence('ana', 'away');
  await first.close();
  const second = await open();
  expect(second.routing.agents().find((a) => a.id === 'ana')?.presence).toBe('away');
  await second.close();
  await tmp.remove();
});
