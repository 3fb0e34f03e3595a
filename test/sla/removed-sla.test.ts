import { describe, expect, it } from 'vitest';
import { advanceSla } from '../../src/core/operations/sla-advance.ts';
import { dueAfterStep, nextDue, stuckRetryMs } from '../../src/core/operations/sla-tick.ts';
import { loadBasePolicy } from '../helpers/base-policy.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

describe('a ticket whose SLA is no longer in the policy', () => {
  // The ticket's clocks belong to SLA "retired", which the base preset does not define (as after
  // an admin renamed or removed an SLA): its promised deadlines still stand.
  const fixture = makeTicket({ id: 't1', createdAt: '2026-01-01T00:00:00.000Z', status: 'open' });
  const ticket = { ...fixture, sla: { ...fixture.sla, policyId: 'retired' } };

  it('still warns and breaches at the deadlines it was given', async () => {
    const policy = await loadBasePolicy();
    expect(policy.slas.some((s) => s.def.id === ticket.sla.policyId)).toBe(false);
    const due = Date.parse(ticket.sla.firstResponse!.dueAt);
    const { ticket: after, events } = advanceSla(ticket, policy, due);
    expect(events.map((e) => e.type)).toContain('sla.breached');
    expect(after.sla.firstResponse?.state).toBe('breached');
    // and the scheduler's next instant moves past the breach (no busy loop on the same instant)
    expect(nextDue(after, policy) ?? Infinity).toBeGreaterThan(due);
  });

  it('is re-armed a minute later, not at once, if a step changes nothing and leaves a deadline in the past', async () => {
    const policy = await loadBasePolicy();
    const now = Date.parse('2026-11-23T10:00:00Z');
    // the un-stepped ticket stands for any state a step could not act on
    expect(dueAfterStep(ticket, false, policy, now)).toEqual({ due: now + stuckRetryMs, stuck: true });
    // a step that changed the ticket may leave work due at once: that is stepped again now
    expect(dueAfterStep(ticket, true, policy, now).stuck).toBe(false);
    const stepped = advanceSla(ticket, policy, now).ticket;
    expect(dueAfterStep(stepped, false, policy, now).stuck).toBe(false);
  });
});
