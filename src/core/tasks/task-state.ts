import type { TicketTask } from '../model/ticket.ts';

/** `open` → `due` (the scheduler, at `dueAt`) → `done` or `cancelled` (a person, or the system). */
export const taskStates = ['open', 'due', 'done', 'cancelled'] as const;
export type TaskState = (typeof taskStates)[number];

/** Open or due: someone still owes it. */
export const isUnfinished = (task: Pick<TicketTask, 'state'>): boolean => task.state === 'open' || task.state === 'due';

/**
 * It came due unfinished (the scheduler marked it, also when it was snoozed afterwards) or was
 * finished after its due time. A task done before its due time is done on time.
 */
export function wentOverdue(task: TicketTask): boolean {
  if (task.state === 'due' || task.firedAt !== undefined) return true;
  const end = task.doneAt ?? task.cancelledAt;
  return end !== undefined && Date.parse(end) > Date.parse(task.dueAt);
}
