import type { Ticket, TicketTask } from '../model/ticket.ts';
import { isUnfinished, type TaskState } from './task-state.ts';

/** What a to-do list shows of a task's ticket (and what scoping and masking need of it). */
export type TaskTicketView = Pick<
  Ticket,
  'id' | 'version' | 'number' | 'subject' | 'status' | 'priority' | 'group' | 'assignee' | 'collaborators' | 'customer'
>;

export interface TaskEntry {
  ticket: TaskTicketView;
  task: TicketTask;
}

/** A position in the list order: due time, then ticket id, then task id. */
export interface TaskPosition {
  dueMs: number;
  ticketId: string;
  taskId: string;
}

export interface TaskQuery {
  /** Agent id the task is assigned to. */
  assignee?: string;
  /** The task's group, else its ticket's group, is one of these. */
  groups?: readonly string[];
  /** Default: open and due (what is still owed). */
  states?: readonly TaskState[];
  /** Due strictly before this instant (ms). */
  dueBefore?: number;
  /** Continue after this position (the previous page's last). */
  after?: TaskPosition;
  limit: number;
  /** Only entries the caller may see (an agent's scope). */
  visible?: (entry: TaskEntry) => boolean;
}

export interface TaskPage {
  items: TaskEntry[];
  /** Where the next page starts, when there is one. */
  next?: TaskPosition;
}

/**
 * Every task on every ticket, for to-do lists across tickets (GET /api/tasks): fed each stored
 * ticket version (older versions than the one held are ignored), it replaces that ticket's
 * tasks. Unfinished tasks are kept apart from finished ones, so the usual list (what is still
 * owed) never walks the finished history. Pure data structure: no clock, no I/O.
 */
export interface TaskIndex {
  apply(ticket: Ticket): void;
  list(q: TaskQuery): TaskPage;
  /** Tasks held (finished ones included). */
  readonly size: number;
  /** One line per ticket with tasks (its view and tasks as JSON): createTaskIndex(lines) holds the same. */
  save(): string[];
}

/** The group a task belongs to: its own, else its ticket's. */
export const taskGroup = (e: TaskEntry): string => e.task.group ?? e.ticket.group;

const key = (ticketId: string, taskId: string) => `${ticketId}\u0001${taskId}`;

const order = (a: TaskEntry, b: TaskEntry) =>
  Date.parse(a.task.dueAt) - Date.parse(b.task.dueAt) ||
  (a.ticket.id < b.ticket.id ? -1 : a.ticket.id > b.ticket.id ? 1 : a.task.id < b.task.id ? -1 : 1);

export function createTaskIndex(saved: readonly string[] = []): TaskIndex {
  const versions = new Map<string, number>();
  const byTicket = new Map<string, string[]>();
  const unfinished = new Map<string, TaskEntry>();
  const finished = new Map<string, TaskEntry>();
  const hold = (view: TaskTicketView, tasks: readonly TicketTask[]) => {
    const keys: string[] = [];
    for (const task of tasks) {
      const k = key(view.id, task.id);
      keys.push(k);
      (isUnfinished(task) ? unfinished : finished).set(k, { ticket: view, task });
    }
    byTicket.set(view.id, keys);
  };
  for (const line of saved) {
    const [view, tasks] = JSON.parse(line) as [TaskTicketView, TicketTask[]];
    versions.set(view.id, view.version);
    hold(view, tasks);
  }

  const drop = (ticketId: string) => {
    for (const k of byTicket.get(ticketId) ?? []) {
      unfinished.delete(k);
      finished.delete(k);
    }
    byTicket.delete(ticketId);
  };

  return {
    get size() {
      return unfinished.size + finished.size;
    },
    apply(ticket) {
      const held = versions.get(ticket.id);
      if (held !== undefined && held > ticket.version) return;
      if (held === undefined && !ticket.tasks?.length) return;
      versions.set(ticket.id, ticket.version);
      drop(ticket.id);
      if (!ticket.tasks?.length) return;
      const view: TaskTicketView = {
        id: ticket.id,
        version: ticket.version,
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.status,
        priority: ticket.priority,
        group: ticket.group,
        assignee: ticket.assignee,
        collaborators: ticket.collaborators,
        customer: ticket.customer,
      };
      hold(view, ticket.tasks);
    },
    save() {
      const lines: string[] = [];
      for (const keys of byTicket.values()) {
        const entries = keys.map((k) => unfinished.get(k) ?? finished.get(k)!);
        lines.push(JSON.stringify([entries[0]!.ticket, entries.map((e) => e.task)]));
      }
      return lines;
    },
    list(q) {
      const states = new Set<string>(q.states?.length ? q.states : ['open', 'due']);
      const groups = q.groups?.length ? new Set(q.groups) : undefined;
      const sources = [
        ...(states.has('open') || states.has('due') ? [unfinished] : []),
        ...(states.has('done') || states.has('cancelled') ? [finished] : []),
      ];
      const matched: TaskEntry[] = [];
      for (const source of sources)
        for (const e of source.values()) {
          if (!states.has(e.task.state)) continue;
          if (q.assignee !== undefined && e.task.assignee !== q.assignee) continue;
          if (groups && !groups.has(taskGroup(e))) continue;
          if (q.dueBefore !== undefined && Date.parse(e.task.dueAt) >= q.dueBefore) continue;
          if (q.after && !after(e, q.after)) continue;
          if (q.visible && !q.visible(e)) continue;
          matched.push(e);
        }
      matched.sort(order);
      const items = matched.slice(0, q.limit);
      const last = items[items.length - 1];
      return matched.length > q.limit && last
        ? { items, next: { dueMs: Date.parse(last.task.dueAt), ticketId: last.ticket.id, taskId: last.task.id } }
        : { items };
    },
  };
}

/** The entry comes after the position in list order. */
function after(e: TaskEntry, p: TaskPosition): boolean {
  const d = Date.parse(e.task.dueAt) - p.dueMs;
  if (d !== 0) return d > 0;
  if (e.ticket.id !== p.ticketId) return e.ticket.id > p.ticketId;
  return e.task.id > p.taskId;
}
