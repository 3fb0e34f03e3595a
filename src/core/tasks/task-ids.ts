import type { TicketTask } from '../model/ticket.ts';

/**
 * A task id is unique on its ticket. A definition that puts a task on the ticket again (the next
 * occurrence of a repeating task, a trigger firing after its earlier task finished) gets
 * `<id>~2`, `<id>~3`, ...: `~` never occurs in policy ids and needs no escaping in a URL.
 */
export const occurrenceMark = '~';

/** `orders/touch~3` → `orders/touch`: the definition the task comes from. */
export function baseTaskId(id: string): string {
  const at = id.indexOf(occurrenceMark);
  return at < 0 ? id : id.slice(0, at);
}

/** `base` when the ticket has no task by that id yet, else its next free occurrence id. */
export function nextTaskId(tasks: readonly Pick<TicketTask, 'id'>[], base: string): string {
  const taken = new Set(tasks.map((t) => t.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}${occurrenceMark}${n}`)) n++;
  return `${base}${occurrenceMark}${n}`;
}

/**
 * What metrics group a task under: its kind (`callback`, `manual`) or, for a workflow or trigger
 * task, the definition it comes from (`presales/call-back`), so every occurrence counts together.
 */
export function taskKey(task: Pick<TicketTask, 'id' | 'kind'>): string {
  return task.kind ?? baseTaskId(task.id);
}
