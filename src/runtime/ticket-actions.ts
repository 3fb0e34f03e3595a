import type { Policy } from '../core/policy/types.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { EventBus } from '../core/events/bus.ts';
import type { Store } from '../store/types.ts';
import {
  addTags,
  type AssignInput,
  assignTicket,
  escalateTicket,
  mergeTickets,
  removeTags,
} from '../core/operations/ticket-actions.ts';
import type { OpResult } from '../core/operations/operations.ts';
import {
  addTask,
  changeTask,
  type NewTaskInput,
  type TaskChangeInput,
  type TaskResult,
} from '../core/operations/task-actions.ts';
import type { Ticket, TicketTask } from '../core/model/ticket.ts';
import type { Clock } from '../core/util/clock.ts';
import type { IdGenerator } from '../core/util/ids.ts';
import type { TicketService } from './ticket-service.ts';
import { createKeyedQueue, type KeyedQueue } from './keyed-queue.ts';
import { checkCapacity } from './ticket-capacity.ts';
import type { TicketLimits } from '../core/tickets/ticket-limits.ts';

export interface TicketActions {
  /**
   * Assigns and/or moves group; the assignee afterwards belongs to the group or is nobody (see
   * assignTicket). `mayForce` (default true: an embedding host is trusted) allows `force`.
   */
  assign(id: string, input: AssignInput, actor: string, opts?: { mayForce?: boolean }): Promise<Ticket>;
  escalate(id: string, input: { reason: string; priority?: string; group?: string }, actor: string): Promise<Ticket>;
  addTags(id: string, tags: string[], actor: string): Promise<Ticket>;
  removeTags(id: string, tags: string[], actor: string): Promise<Ticket>;
  merge(id: string, into: string, actor: string, note?: string): Promise<{ source: Ticket; target: Ticket }>;
  /** Adds a task by hand (see addTask): the stored ticket and the new task. */
  addTask(id: string, input: NewTaskInput, actor: string): Promise<{ ticket: Ticket; task: TicketTask }>;
  /**
   * Finishes (done, cancelled), reassigns or snoozes one task (see changeTask); `ifMatch` is the
   * ticket version the caller read. The same operation triggers and plugins may run.
   */
  changeTask(
    id: string,
    taskId: string,
    change: TaskChangeInput,
    actor: string,
    opts?: { ifMatch?: number },
  ): Promise<{ ticket: Ticket; task: TicketTask }>;
}

/**
 * The agent actions beyond reply/status/csat (assign, escalate, tags, merge, tasks): same shape as the ticket service (read → pure
 * operation → conditional write → publish) through the service's own `apply`; merge locks
 * both tickets on the service's per-ticket queue, so nothing races a reply.
 */
export function createTicketActions(deps: {
  /** The ticket service's serialised read → operation → write → publish step. */
  apply: TicketService['apply'];
  store: Store;
  clock: Clock;
  bus: EventBus;
  policy: () => Policy;
  /** Ids of tasks added by hand. */
  ids: IdGenerator;
  queue?: KeyedQueue;
  /** The ticket service's limits: a merge that overfills its target is refused. */
  limits?: TicketLimits;
}): TicketActions {
  const queue = deps.queue ?? createKeyedQueue();
  const load = async (id: string) => {
    const t = await deps.store.get(id);
    if (!t) throw new SwitchboardError('SWB_TICKET_NOT_FOUND', `no ticket with id "${id}"`);
    return t;
  };
  const change = (
    id: string,
    actor: string,
    op: (t: Ticket, ctx: { now: Date; actor: string; policy: Policy }) => OpResult,
  ) => deps.apply(id, (t, policy, now) => op(t, { now, actor, policy }));
  /** A task operation: the stored ticket and the task as the operation left it. */
  const taskChange = async (
    id: string,
    actor: string,
    op: (t: Ticket, ctx: { now: Date; actor: string; policy: Policy }) => TaskResult,
  ) => {
    let task: TicketTask | undefined;
    const ticket = await change(id, actor, (t, ctx) => {
      const r = op(t, ctx);
      task = r.task;
      return r;
    });
    return { ticket, task: ticket.tasks?.find((k) => k.id === task?.id) ?? (task as TicketTask) };
  };

  return {
    assign: (id, input, actor, opts) =>
      change(id, actor, (t, ctx) => assignTicket(t, input, { ...ctx, mayForce: opts?.mayForce ?? true })),
    escalate: (id, input, actor) => change(id, actor, (t, ctx) => escalateTicket(t, input, ctx)),
    addTags: (id, tags, actor) => change(id, actor, (t, ctx) => addTags(t, tags, ctx)),
    removeTags: (id, tags, actor) => change(id, actor, (t, ctx) => removeTags(t, tags, ctx)),
    addTask: (id, input, actor) =>
      taskChange(id, actor, (t, ctx) => addTask(t, input, { ...ctx, id: deps.ids('task') })),
    changeTask: (id, taskId, input, actor, opts) =>
      taskChange(id, actor, (t, ctx) =>
        changeTask(t, taskId, input, { ...ctx, ...(opts?.ifMatch !== undefined ? { ifMatch: opts.ifMatch } : {}) }),
      ),
    merge(id, into, actor, note) {
      // Lock both tickets in id order so two opposite merges cannot deadlock.
      const [a, b] = [id, into].sort() as [string, string];
      const both = <T>(task: () => Promise<T>) => (a === b ? queue(a, task) : queue(a, () => queue(b, task)));
      return both(async () => {
        const [source, target] = await Promise.all([load(id), load(into)]);
        const r = mergeTickets(source, target, {
          now: deps.clock.now(),
          actor,
          policy: deps.policy(),
          ...(note ? { note } : {}),
        });
        checkCapacity(deps.limits, target, r.target.ticket, deps.store);
        checkCapacity(deps.limits, source, r.source.ticket, deps.store);
        // Target first: if the source write then fails, nothing is lost (replies exist twice at worst).
        await deps.store.update(r.target.ticket, target.version);
        await deps.store.update(r.source.ticket, source.version);
        for (const e of [...r.target.events, ...r.source.events]) deps.bus.publish(e);
        return { source: r.source.ticket, target: r.target.ticket };
      });
    },
  };
}
