import { beforeAll, describe, expect, it } from 'vitest';
import type { Ticket, TicketTask } from '../../src/core/model/ticket.ts';
import { addTask, changeTask } from '../../src/core/operations/task-actions.ts';
import { advanceSla } from '../../src/core/operations/sla-advance.ts';
import type { Policy } from '../../src/core/policy/types.ts';
import { baseTaskId, nextTaskId, taskKey } from '../../src/core/tasks/task-ids.ts';
import { policyFromText } from '../helpers/base-policy.ts';
import { followUpPolicyText } from '../helpers/follow-up-policy.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const HOUR = 3_600_000;
const at = (s: string) => new Date(s);

describe('task operations (pure)', () => {
  let policy: Policy;
  beforeAll(() => {
    policy = policyFromText(followUpPolicyText);
  });
  const ticket = (tasks: TicketTask[] = []): Ticket =>
    makeTicket({ status: 'open', group: 'front', sla: { policyId: 'round-the-clock', calendarId: '24x7' }, tasks });
  const touch: TicketTask = {
    id: 'prospects/touch',
    workflow: 'prospects',
    name: 'Touch base',
    dueAt: '2026-01-06T09:00:00.000Z',
    state: 'open',
    repeatMs: 24 * HOUR,
  };

  it('a repeating task done before it came due puts its next occurrence on the ticket; cancelled, the series ends', () => {
    const ctx = { now: at('2026-01-06T08:00:00Z'), actor: 'agent:rui', policy };
    const done = changeTask(ticket([touch]), touch.id, { state: 'done' }, ctx);
    expect(done.ticket.tasks?.map((t) => [t.id, t.state, t.dueAt])).toEqual([
      ['prospects/touch', 'done', '2026-01-06T09:00:00.000Z'],
      ['prospects/touch~2', 'open', '2026-01-07T09:00:00.000Z'],
    ]);
    expect(done.events.map((e) => e.type)).toEqual(['task.completed', 'ticket.updated']);
    expect(done.ticket.version).toBe(2);
    const cancelled = changeTask(ticket([touch]), touch.id, { state: 'cancelled', note: 'not interested' }, ctx);
    expect(cancelled.ticket.tasks?.map((t) => [t.id, t.state, t.outcome])).toEqual([
      ['prospects/touch', 'cancelled', 'not interested'],
    ]);
    expect(cancelled.events.map((e) => e.type)).toEqual(['task.cancelled', 'ticket.updated']);
  });

  it('the scheduler never marks a finished task due, and gives every occurrence its own id', () => {
    const finished: TicketTask = { ...touch, id: 'x/done', repeatMs: undefined, state: 'done', doneAt: touch.dueAt };
    const stepped = advanceSla(ticket([touch, finished]), policy, Date.parse('2026-01-08T10:00:00Z'));
    expect(
      stepped.events.filter((e) => e.type === 'task.due').map((e) => (e.data as { task: TicketTask }).task.id),
    ).toEqual(['prospects/touch']);
    expect(stepped.ticket.tasks?.map((t) => [t.id, t.state, t.dueAt])).toEqual([
      ['prospects/touch', 'due', '2026-01-06T09:00:00.000Z'],
      ['x/done', 'done', '2026-01-06T09:00:00.000Z'],
      ['prospects/touch~2', 'open', '2026-01-09T09:00:00.000Z'], // missed occurrences skipped
    ]);
    // snoozed after it came due, it fires again without starting a second series
    const snoozed = changeTask(
      stepped.ticket,
      'prospects/touch',
      { due: '1h' },
      {
        now: at('2026-01-08T10:00:00Z'),
        actor: 'agent:rui',
        policy,
      },
    ).ticket;
    const again = advanceSla(snoozed, policy, Date.parse('2026-01-08T11:00:00Z'));
    expect(again.ticket.tasks?.map((t) => t.id)).toEqual(['prospects/touch', 'x/done', 'prospects/touch~2']);
  });

  it('a task added by hand without an owner belongs to the ticket group; reassigning to what it has is refused', () => {
    const ctx = { now: at('2026-01-06T08:00:00Z'), actor: 'agent:rui', policy };
    const r = addTask(ticket(), { name: '  Send the form  ', due: '1d' }, { ...ctx, id: 'task_1' });
    expect(r.task).toMatchObject({
      id: 'task_1',
      kind: 'manual',
      name: 'Send the form',
      group: 'front',
      state: 'open',
    });
    expect(r.events.map((e) => e.type)).toEqual(['task.created', 'ticket.updated']);
    expect(() => changeTask(r.ticket, 'task_1', { group: 'front' }, ctx)).toThrow(
      /already has that assignee and group/,
    );
  });

  it('ids: occurrences, the definition they come from, and the metrics key', () => {
    expect(nextTaskId([{ id: 'a/b' }, { id: 'a/b~2' }], 'a/b')).toBe('a/b~3');
    expect(nextTaskId([{ id: 'a/b~2' }], 'a/b')).toBe('a/b');
    expect(baseTaskId('a/b~12')).toBe('a/b');
    expect(taskKey({ id: 'task_9', kind: 'callback' })).toBe('callback');
    expect(taskKey({ id: 'onboarding/call~3' })).toBe('onboarding/call');
  });
});
