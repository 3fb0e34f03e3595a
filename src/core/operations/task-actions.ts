// Tasks after intake: add one by hand, finish it (done, cancelled), reassign or snooze it.
import type { Policy } from '../policy/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { finishChange, statusKind } from '../tickets/lifecycle.ts';
import { checkVersion } from '../tickets/stale.ts';
import type { Ticket, TicketTask } from '../model/ticket.ts';
import { didYouMean, listValues } from '../util/suggest.ts';
import { isUnfinished, wentOverdue } from '../tasks/task-state.ts';
import { nextTaskId } from '../tasks/task-ids.ts';
import { taskDueAt } from '../tasks/task-due.ts';
import type { OpContext, OpResult } from './operations.ts';

/** A task added by hand (POST /api/tickets/:id/tasks). */
export interface NewTaskInput {
  name: string;
  /** A duration from now (`2h`) or an ISO-8601 instant with its offset. */
  due: string;
  /** Agent id of the live policy. */
  assignee?: string | null;
  /** Group id of the live policy; with neither owner the task is the ticket's group's. */
  group?: string;
  note?: string;
}

/** Finish a task (`state`), or change its owner or due time (snooze), with an optional note. */
export interface TaskChangeInput {
  state?: 'done' | 'cancelled';
  note?: string;
  assignee?: string | null;
  group?: string;
  due?: string;
}

export interface TaskResult extends OpResult {
  /** The task as stored after the change. */
  task: TicketTask;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Puts a task on the ticket as one change: a `task` history entry by the actor and
 * `task.created`. Shared by every origin that adds a task after intake (by hand, CSAT call-backs).
 */
export function putTask(ticket: Ticket, task: TicketTask, ctx: OpContext & { note?: string }): TaskResult {
  const after: Ticket = { ...ticket, tasks: [...(ticket.tasks ?? []), task] };
  const done = finishChange(
    ticket,
    after,
    {
      ...ctx,
      type: 'task',
      policyVersion: ctx.policy.version,
      note: ctx.note ?? `task ${task.id} added, due ${task.dueAt}`,
    },
    [{ type: 'task.created', data: { ticket: after, task } }],
  );
  return { ticket: done.ticket, events: done.events, task };
}

/** Adds a task by hand. Refused on a closed ticket: its tasks no longer come due. */
export function addTask(ticket: Ticket, input: NewTaskInput, ctx: OpContext & { id: string }): TaskResult {
  if (statusKind(ctx.policy, ticket.status) === 'closed')
    throw new SwitchboardError(
      'SWB_TICKET_CLOSED',
      `ticket ${ticket.id} is closed; its tasks no longer come due, so add the follow-up to an open ticket`,
    );
  const name = input.name.trim();
  if (!name) throw new SwitchboardError('SWB_TASK_INPUT', 'a task needs a name', { path: '/name' });
  const nowMs = ctx.now.getTime();
  const dueAt = iso(taskDueAt(input.due, nowMs));
  const owner = checkOwner(ctx.policy, input);
  const note = input.note?.trim();
  const task: TicketTask = {
    id: nextTaskId(ticket.tasks ?? [], ctx.id),
    kind: 'manual',
    name,
    dueAt,
    state: 'open',
    ...(owner.assignee !== undefined ? { assignee: owner.assignee } : {}),
    ...(owner.group !== undefined ? { group: owner.group } : {}),
    ...(owner.assignee === undefined && owner.group === undefined ? { group: ticket.group } : {}),
    createdAt: ctx.now.toISOString(),
    createdBy: ctx.actor,
    ...(note ? { note } : {}),
  };
  const who = task.assignee ?? (task.group ? `group ${task.group}` : 'nobody');
  return putTask(ticket, task, { ...ctx, note: `task ${task.id} "${name}" added for ${who}, due ${dueAt}` });
}

/**
 * Changes one task as one ticket change (a `task` history entry by the actor): `state: done`
 * (`task.completed`) or `cancelled` (`task.cancelled`), or a new assignee, group or due time
 * (an overdue task snoozed to a later time is open again; it still counts as having gone
 * overdue). A repeating task done before it came due puts its next occurrence on the ticket; a
 * cancelled one ends the series. A finished task does not change (SWB_TASK_FINISHED). On a
 * closed ticket a task can be finished or reassigned, not re-timed. `ifMatch`: the ticket
 * version the caller read (SWB_TICKET_STALE when it moved on).
 */
export function changeTask(
  ticket: Ticket,
  taskId: string,
  change: TaskChangeInput,
  ctx: OpContext & { ifMatch?: number },
): TaskResult {
  checkVersion(ticket, ctx.ifMatch);
  const tasks = [...(ticket.tasks ?? [])];
  const i = tasks.findIndex((t) => t.id === taskId);
  const task = tasks[i];
  if (!task) {
    const ids = tasks.map((t) => t.id);
    throw new SwitchboardError(
      'SWB_TASK_NOT_FOUND',
      `ticket ${ticket.id} has no task "${taskId}"${didYouMean(taskId, ids)}; its tasks: ${listValues(ids) || 'none'}`,
      { path: ':taskId' },
    );
  }
  if (!isUnfinished(task)) {
    const at = task.doneAt ?? task.cancelledAt;
    throw new SwitchboardError(
      'SWB_TASK_FINISHED',
      `task ${task.id} is ${task.state}${at ? ` since ${at}` : ''}; a finished task does not change, add a new one for what is still to do`,
      { state: task.state },
    );
  }
  const editing = change.assignee !== undefined || change.group !== undefined || change.due !== undefined;
  if (change.state !== undefined && editing)
    throw new SwitchboardError(
      'SWB_TASK_INPUT',
      'finish a task (state) or change its assignee, group or due time, not both in one call',
      { path: '/state' },
    );
  if (change.state === undefined && !editing)
    throw new SwitchboardError('SWB_TASK_INPUT', 'say what changes: state (done, cancelled), assignee, group or due', {
      path: '',
    });
  const note = change.note?.trim() || undefined;
  const events: PendingEvent[] = [];
  let next: TicketTask;
  let line: string;
  const at = ctx.now.toISOString();
  if (change.state === 'done') {
    next = { ...task, state: 'done', doneAt: at, doneBy: ctx.actor, ...(note ? { outcome: note } : {}) };
    line = `task ${task.id} done${wentOverdue(next) ? ' (late)' : ''}`;
  } else if (change.state === 'cancelled') {
    next = { ...task, state: 'cancelled', cancelledAt: at, cancelledBy: ctx.actor, ...(note ? { outcome: note } : {}) };
    line = `task ${task.id} cancelled`;
  } else {
    ({ next, line } = editTask(ticket, task, change, ctx));
  }
  tasks[i] = next;
  // done before it came due: the series goes on (a due one has its next occurrence already)
  if (change.state === 'done' && task.state === 'open' && task.firedAt === undefined && task.repeatMs) {
    const { firedAt: _f, doneAt: _d, doneBy: _b, outcome: _o, rescheduledAt: _r, ...rest } = next;
    let due = Date.parse(task.dueAt) + task.repeatMs;
    const nowMs = ctx.now.getTime();
    if (due <= nowMs) due += Math.ceil((nowMs - due + 1) / task.repeatMs) * task.repeatMs;
    tasks.push({ ...rest, id: nextTaskId(tasks, task.id), state: 'open', dueAt: iso(due) });
  }
  const after: Ticket = { ...ticket, tasks };
  if (next.state === 'done')
    events.push({ type: 'task.completed', data: { ticket: after, task: next, onTime: !wentOverdue(next) } });
  if (next.state === 'cancelled') events.push({ type: 'task.cancelled', data: { ticket: after, task: next } });
  const done = finishChange(
    ticket,
    after,
    { ...ctx, type: 'task', policyVersion: ctx.policy.version, note: note ? `${line}: ${note}` : line },
    events,
  );
  return { ticket: done.ticket, events: done.events, task: next };
}

/** A new owner and/or due time for an unfinished task. */
function editTask(
  ticket: Ticket,
  task: TicketTask,
  change: TaskChangeInput,
  ctx: OpContext,
): { next: TicketTask; line: string } {
  const owner = checkOwner(ctx.policy, change);
  const next: TicketTask = { ...task };
  const parts: string[] = [];
  if (owner.assignee !== undefined && owner.assignee !== (task.assignee ?? null)) {
    parts.push(`assignee ${task.assignee ?? 'nobody'} → ${owner.assignee ?? 'nobody'}`);
    next.assignee = owner.assignee;
  }
  if (owner.group !== undefined && owner.group !== task.group) {
    parts.push(`group ${task.group ?? 'none'} → ${owner.group}`);
    next.group = owner.group;
  }
  if (change.due !== undefined) {
    if (statusKind(ctx.policy, ticket.status) === 'closed')
      throw new SwitchboardError(
        'SWB_TICKET_CLOSED',
        `ticket ${ticket.id} is closed; its tasks no longer come due, so task ${task.id} can be done, cancelled or reassigned, not re-timed`,
      );
    const dueAt = iso(taskDueAt(change.due, ctx.now.getTime()));
    parts.push(`due ${task.dueAt} → ${dueAt}`);
    next.dueAt = dueAt;
    next.state = 'open';
    next.rescheduledAt = ctx.now.toISOString();
  }
  if (parts.length === 0)
    throw new SwitchboardError('SWB_TASK_INPUT', `task ${task.id} already has that assignee and group`, {
      path: change.assignee !== undefined ? '/assignee' : '/group',
    });
  return { next, line: `task ${task.id}: ${parts.join(', ')}` };
}

/** Assignee and group as given, checked against the live policy (undefined: not given). */
function checkOwner(
  policy: Policy,
  input: { assignee?: string | null; group?: string },
): { assignee?: string | null; group?: string } {
  const out: { assignee?: string | null; group?: string } = {};
  if (typeof input.assignee === 'string') {
    if (!policy.agents.has(input.assignee)) throw unknown('agent', input.assignee, policy.agents.keys(), '/assignee');
    out.assignee = input.assignee;
  } else if (input.assignee === null) out.assignee = null;
  if (input.group !== undefined) {
    if (!policy.groups.has(input.group)) throw unknown('group', input.group, policy.groups.keys(), '/group');
    out.group = input.group;
  }
  return out;
}

function unknown(what: string, value: string, allowed: Iterable<string>, path: string): SwitchboardError {
  const list = [...allowed];
  return new SwitchboardError(
    'SWB_TICKET_UNKNOWN_VALUE',
    `unknown ${what} "${value}"${didYouMean(value, list)}; allowed: ${listValues(list)}`,
    { path, allowed: list },
  );
}
