import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { slaHarness, slaPolicyYaml } from './sla-policy.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

// 2026-01-05 is a Monday; 09:00 Berlin = 08:00Z.
describe('SLA engine on an injected clock (office hours 09–17 Berlin)', () => {
  it('warns at 75 % and 15 min before, breaches on time, then climbs the escalation ladder', async () => {
    const h = await slaHarness('2026-01-05T08:00:00Z');
    const { ticket } = await h.sb.tickets.create({
      channel: 'email',
      subject: 'Export broken',
      customer: { id: 'C1' },
    });
    expect(ticket.sla.firstResponse).toMatchObject({
      dueAt: '2026-01-05T10:00:00.000Z',
      warnAt: ['2026-01-05T09:30:00.000Z', '2026-01-05T09:45:00.000Z'],
    });
    await h.advance(0); // the new ticket's automations are evaluated once at creation
    expect(h.sb.sla.scheduler.armedAt(ticket.id)).toBe(Date.parse('2026-01-05T09:30:00Z'));

    await h.advance(90 * MIN - 1);
    expect(h.of('sla.warning')).toHaveLength(0);
    await h.advance(1);
    expect(h.of('sla.warning').map((e) => (e as any).warnAt)).toEqual(['2026-01-05T09:30:00.000Z']);
    await h.advance(15 * MIN);
    expect(h.of('sla.warning')).toHaveLength(2);
    await h.advance(15 * MIN);
    const breached = h.of('sla.breached');
    expect(breached.map((e) => [(e as any).timer, (e as any).late])).toEqual([['firstResponse', false]]);
    const ladder = () => h.of('ticket.escalated').filter((e) => (e as any).timer);
    const level1 = ladder();
    expect(level1).toHaveLength(1);
    expect(level1[0]).toMatchObject({
      level: 1,
      recipients: ['boss'],
      actions: ['notify group-lead', 'raise-priority P2→P1', 'tag sla-breached'],
    });
    let stored = await h.sb.tickets.get(ticket.id);
    expect(stored.priority).toBe('P1');
    expect(stored.tags).toContain('sla-breached');
    // Raising the priority recomputed resolution keeping the 2 business hours elapsed: 8h − 2h = 6h
    // left from 11:00 local uses up the day exactly, so it is due at the next opening (Tue 09:00).
    expect(stored.sla.resolution).toMatchObject({ targetMs: 8 * HOUR, dueAt: '2026-01-06T08:00:00.000Z' });

    await h.advance(30 * MIN);
    stored = await h.sb.tickets.get(ticket.id);
    expect(stored.group).toBe('escalations');
    expect(ladder().map((e) => (e as any).level)).toEqual([1, 2]);
    // the support agent does not belong to escalations: the ticket is routed within it (to boss)
    await h.sb.routing.idle();
    stored = await h.sb.tickets.get(ticket.id);
    expect(stored.assignee).toBe('boss');
    expect(stored.history.at(-1)).toMatchObject({ type: 'assign', changes: { assignee: [null, 'boss'] } });
    await h.sb.close();
  });

  it('counts only business hours: a Friday 16:30 ticket is due Monday 10:30 and nothing fires over the weekend', async () => {
    const h = await slaHarness('2026-01-09T15:30:00Z');
    const { ticket } = await h.sb.tickets.create({ channel: 'email', subject: 'Weekend', customer: { id: 'C2' } });
    expect(ticket.sla.firstResponse?.dueAt).toBe('2026-01-12T09:30:00.000Z');
    await h.advance(2 * 24 * HOUR);
    expect(h.of('sla.breached')).toHaveLength(0);
    await h.sb.close();
  });

  it('pauses while waiting on the customer, with exact instants, and credits the pause', async () => {
    const h = await slaHarness('2026-01-05T08:00:00Z');
    const { ticket } = await h.sb.tickets.create({ channel: 'email', subject: 'Pause', customer: { id: 'C3' } });
    await h.advance(30 * MIN + 1234);
    await h.sb.tickets.setStatus(ticket.id, 'pending-customer');
    const paused = await h.sb.tickets.get(ticket.id);
    expect(paused.sla.firstResponse).toMatchObject({
      state: 'paused',
      remainingMs: 90 * MIN - 1234,
      pauses: [{ from: '2026-01-05T08:30:01.234Z' }],
    });
    await h.advance(3 * HOUR);
    expect(h.of('sla.breached')).toHaveLength(0);
    await h.sb.tickets.setStatus(ticket.id, 'open');
    const resumed = await h.sb.tickets.get(ticket.id);
    expect(resumed.sla.firstResponse).toMatchObject({
      state: 'running',
      dueAt: '2026-01-05T13:00:00.000Z',
      pauses: [{ from: '2026-01-05T08:30:01.234Z', to: '2026-01-05T11:30:01.234Z' }],
    });
    expect(h.of('sla.paused')).toHaveLength(1);
    expect(h.of('sla.resumed')).toHaveLength(1);
    await h.sb.close();
  });

  it('a reopened ticket resumes resolution with what was left: no instant escalation', async () => {
    const h = await slaHarness('2026-01-05T08:00:00Z');
    const { ticket } = await h.sb.tickets.create({ channel: 'email', subject: 'Reopen', customer: { id: 'C4' } });
    await h.sb.tickets.reply(ticket.id, { author: { type: 'agent', id: 'lea' }, body: 'on it' });
    await h.advance(4 * HOUR);
    await h.sb.tickets.setStatus(ticket.id, 'resolved'); // 12 of 16 business hours left
    const resolved = await h.sb.tickets.get(ticket.id);
    expect(resolved.sla.resolution).toMatchObject({ state: 'met', remainingMs: 12 * HOUR });
    expect(resolved.sla.pendingConfirmation?.state).toBe('running');
    await h.advance(3 * 24 * HOUR + 2 * HOUR); // Thursday 14:00 local; confirmation (8h) expired Tuesday
    const closed = await h.sb.tickets.get(ticket.id);
    expect(closed.status).toBe('closed');
    expect(h.of('sla.breached').map((e) => (e as any).timer)).toEqual(['pendingConfirmation']);
  });

  it('reopen before confirmation expiry: resolution resumes from now', async () => {
    const h = await slaHarness('2026-01-05T08:00:00Z');
    const { ticket } = await h.sb.tickets.create({ channel: 'email', subject: 'Reopen', customer: { id: 'C5' } });
    await h.sb.tickets.reply(ticket.id, { author: { type: 'agent', id: 'lea' }, body: 'on it' });
    await h.advance(4 * HOUR);
    await h.sb.tickets.setStatus(ticket.id, 'resolved');
    await h.advance(2 * HOUR); // Monday 15:00 local
    const reopened = await h.sb.tickets.reply(ticket.id, { author: { type: 'customer' }, body: 'still broken' });
    expect(reopened.status).toBe('open');
    expect(reopened.sla.resolution).toMatchObject({
      state: 'running',
      pauses: [{ from: '2026-01-05T12:00:00.000Z', to: '2026-01-05T14:00:00.000Z', reason: 'resolved' }],
    });
    // 12 business hours from Mon 15:00: 2h Monday, 8h Tuesday, 2h Wednesday → Wed 11:00 local.
    expect(reopened.sla.resolution?.dueAt).toBe('2026-01-07T10:00:00.000Z');
    expect(reopened.sla.pendingConfirmation?.state).toBe('cancelled');
    expect(reopened.sla.nextResponse).toMatchObject({ state: 'running', dueAt: '2026-01-06T08:00:00.000Z' });
    expect(h.of('ticket.escalated')).toHaveLength(0);
    await h.sb.close();
  });

  it('VIP tier overrides one cell of the matrix', async () => {
    const h = await slaHarness('2026-01-05T08:00:00Z');
    const { ticket } = await h.sb.tickets.create({
      channel: 'email',
      subject: 'VIP',
      customer: { id: 'C6', tier: 'vip' },
    });
    expect(ticket.sla.firstResponse?.dueAt).toBe('2026-01-05T08:10:00.000Z');
    expect(ticket.sla.resolution?.targetMs).toBe(16 * HOUR);
    await h.sb.close();
  });

  it('workflow tasks become task.due when due', async () => {
    const h = await slaHarness('2026-01-05T08:00:00Z');
    const { ticket } = await h.sb.tickets.create({
      channel: 'phone',
      subject: 'Pricing',
      customer: { id: 'C7' },
      fields: { intent: 'high' },
    });
    expect(ticket.tasks).toEqual([
      {
        id: 'presales-call-back/call-back',
        workflow: 'presales-call-back',
        name: 'Phone call back',
        dueAt: '2026-01-06T08:00:00.000Z',
        state: 'open',
        channel: 'phone',
      },
    ]);
    await h.sb.tickets.reply(ticket.id, { author: { type: 'agent', id: 'lea' }, body: 'hi' });
    await h.advance(24 * HOUR);
    expect(h.of('task.due').map((e) => (e as any).task.id)).toEqual(['presales-call-back/call-back']);
    const { ticket: other } = await h.sb.tickets.create({
      channel: 'phone',
      subject: 'Just looking',
      customer: { id: 'C8' },
      fields: { intent: 'low' },
    });
    expect(other.tasks).toBeUndefined();
    await h.sb.close();
  });

  it('automation fires to the minute, respecting business hours (not at night)', async () => {
    const h = await slaHarness('2026-01-05T15:00:00Z'); // Monday 16:00 local
    const { ticket } = await h.sb.tickets.create({
      channel: 'email',
      subject: 'Silent',
      customer: { id: 'C9' },
      priority: 'P3',
    });
    await h.advance(89 * MIN);
    expect(h.of('ticket.escalated').filter((e) => (e as any).automation)).toHaveLength(0);
    await h.advance(1 * MIN); // 17:30 local: condition true, office closed
    expect(h.of('ticket.escalated').filter((e) => (e as any).automation)).toHaveLength(0);
    expect(h.sb.sla.scheduler.armedAt(ticket.id)).toBe(Date.parse('2026-01-06T08:00:00Z'));
    await h.advance(Date.parse('2026-01-06T08:00:00Z') - h.clock.now().getTime());
    const fired = h.of('ticket.escalated').filter((e) => (e as any).automation);
    expect(fired).toMatchObject([{ automation: 'nudge-silent', actions: ['notify assignee', 'tag nudged'] }]);
    expect(fired[0]!.at).toBe('2026-01-06T08:00:00.000Z');
    await h.advance(2 * HOUR);
    expect(h.of('ticket.escalated').filter((e) => (e as any).automation)).toHaveLength(1);
    await h.sb.close();
  });

  it('changing priority mid-ticket recomputes keeping elapsed business time', async () => {
    const h = await slaHarness('2026-01-05T08:00:00Z');
    const { ticket } = await h.sb.tickets.create({ channel: 'email', subject: 'Change', customer: { id: 'C10' } });
    await h.advance(30 * MIN);
    const changed = await h.sb.tickets.update(ticket.id, { priority: 'P1' });
    // first response: 30 of the P1 target's 60 min used → due 30 min from now.
    expect(changed.sla.firstResponse).toMatchObject({ targetMs: HOUR, dueAt: '2026-01-05T09:00:00.000Z' });
    // resolution: 30 of 8 business hours used → 7h30 left from 09:30 local uses up Monday → Tue 09:00.
    expect(changed.sla.resolution).toMatchObject({ targetMs: 8 * HOUR, dueAt: '2026-01-06T08:00:00.000Z' });
    expect((await h.sb.tickets.get(ticket.id)).history.at(-1)).toMatchObject({
      type: 'update',
      changes: { priority: ['P2', 'P1'] },
    });
    // The escalate action (one level more urgent) recomputes the same way: P1 → P0 has a 30 min
    // target and 30 min are used, so it is due now and breaches at once.
    const escalated = await h.sb.tickets.escalate(ticket.id, { reason: 'customer called twice' }, 'agent:lea');
    expect(escalated.sla.firstResponse).toMatchObject({ targetMs: 30 * MIN, dueAt: '2026-01-05T08:30:00.000Z' });
    await h.advance(0);
    expect(h.of('sla.breached').map((e) => (e as any).timer)).toEqual(['firstResponse']);
    await expect(h.sb.tickets.update(ticket.id, { priority: 'P9' })).rejects.toMatchObject({
      code: 'SWB_TICKET_UNKNOWN_VALUE',
    });
    await h.sb.close();
  });

  it('next response runs after a customer message and periodic updates restart on every agent reply', async () => {
    const h = await slaHarness('2026-01-05T08:00:00Z');
    const { ticket } = await h.sb.tickets.create({
      channel: 'email',
      subject: 'Updates',
      customer: { id: 'C11' },
      priority: 'P1',
    });
    expect(ticket.sla.periodicUpdate).toMatchObject({ state: 'running', dueAt: '2026-01-05T12:00:00.000Z' });
    await h.advance(10 * MIN);
    const answered = await h.sb.tickets.reply(ticket.id, { author: { type: 'agent', id: 'lea' }, body: 'looking' });
    expect(answered.sla.nextResponse).toBeUndefined();
    expect(answered.sla.periodicUpdate).toMatchObject({ state: 'running', dueAt: '2026-01-05T12:10:00.000Z' });
    await h.advance(20 * MIN);
    const asked = await h.sb.tickets.reply(ticket.id, { author: { type: 'customer' }, body: 'any news?' });
    expect(asked.sla.nextResponse).toMatchObject({ state: 'running', dueAt: '2026-01-05T09:30:00.000Z' });
    await h.advance(HOUR);
    expect(h.of('sla.breached').map((e) => (e as any).timer)).toEqual(['nextResponse']);
    const late = await h.sb.tickets.reply(ticket.id, { author: { type: 'agent', id: 'lea' }, body: 'sorry' });
    expect(late.sla.nextResponse).toMatchObject({ state: 'breached', metAt: '2026-01-05T09:30:00.000Z' });
    await h.sb.close();
  });

  it('businessMinutesToBreach automations fire exactly N business minutes before the due time', async () => {
    const yaml = slaPolicyYaml.replace(
      '    automations:\n',
      `    automations:
      - id: lead-before-breach
        when: { all: [{ fact: businessMinutesToBreach, operator: lessThanInclusive, value: 20 }, { fact: priority, operator: equal, value: P3 }] }
        do: [{ notify: group-lead }]
`,
    );
    // Monday 16:30 local; P3 first response 8 business hours → Tuesday 16:30; 20 min before → 16:10 local.
    const h = await slaHarness(
      '2026-01-05T15:30:00Z',
      createMemoryStore(),
      createManualClock('2026-01-05T15:30:00Z'),
      yaml,
    );
    const { ticket } = await h.sb.tickets.create({
      channel: 'email',
      subject: 'Low',
      customer: { id: 'C12' },
      priority: 'P3',
    });
    expect(ticket.sla.firstResponse?.dueAt).toBe('2026-01-06T15:30:00.000Z');
    await h.advance(0);
    expect(h.sb.sla.scheduler.armedAt(ticket.id)).toBeLessThanOrEqual(Date.parse('2026-01-06T15:10:00Z'));
    const target = Date.parse('2026-01-06T15:10:00Z');
    while (h.clock.now().getTime() < target - MIN)
      await h.advance(Math.min(HOUR, target - MIN - h.clock.now().getTime()));
    const lead = () => h.of('ticket.escalated').filter((e) => (e as any).automation === 'lead-before-breach');
    expect(lead()).toHaveLength(0);
    await h.advance(target - h.clock.now().getTime());
    expect(lead().map((e) => [e.at, (e as any).recipients])).toEqual([['2026-01-06T15:10:00.000Z', ['boss']]]);
    await h.sb.close();
  });

  it('workflow tasks: dueBefore a date in the fields, group owner, task-level when, repeat', async () => {
    const yaml = slaPolicyYaml.replace(
      'workflows:\n',
      `workflows:
  - id: orders
    name: Order follow-up
    when: { all: [{ fact: categoryGroup, operator: equal, value: inquiry }] }
    tasks:
      - { id: confirm, name: Confirm the order, due: 1h, assign: { group: escalations } }
      - { id: delay-notice, dueBefore: 48h, from: fields.promisedAt, channel: phone }
      - { id: vip-only, due: 5m, when: { all: [{ fact: tier, operator: equal, value: vip }] } }
      - { id: touch, due: 1d, repeat: 1d }
`,
    );
    const h = await slaHarness(
      '2026-01-05T08:00:00Z',
      createMemoryStore(),
      createManualClock('2026-01-05T08:00:00Z'),
      yaml,
    );
    const { ticket } = await h.sb.tickets.create({
      channel: 'email',
      subject: 'Order',
      customer: { id: 'C13' },
      fields: { promisedAt: '2026-01-09T08:00:00Z' },
    });
    expect(ticket.tasks?.map((t) => [t.id, t.dueAt, t.group ?? null])).toEqual([
      ['orders/confirm', '2026-01-05T09:00:00.000Z', 'escalations'],
      ['orders/delay-notice', '2026-01-07T08:00:00.000Z', null],
      ['orders/touch', '2026-01-06T08:00:00.000Z', null],
    ]);
    for (let i = 0; i < 48; i++) await h.advance(HOUR);
    expect(h.of('task.due').map((e) => [(e as any).task.id, e.at])).toEqual([
      ['orders/confirm', '2026-01-05T09:00:00.000Z'],
      ['orders/touch', '2026-01-06T08:00:00.000Z'],
      ['orders/delay-notice', '2026-01-07T08:00:00.000Z'],
      ['orders/touch~2', '2026-01-07T08:00:00.000Z'],
    ]);
    const stored = await h.sb.tickets.get(ticket.id);
    // every occurrence has its own id on the ticket
    expect(stored.tasks?.filter((t) => t.state === 'open').map((t) => [t.id, t.dueAt])).toEqual([
      ['orders/touch~3', '2026-01-08T08:00:00.000Z'],
    ]);
    expect(new Set(stored.tasks?.map((t) => t.id)).size).toBe(stored.tasks?.length);
    await h.sb.close();
  });
});
