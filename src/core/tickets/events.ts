import type { Problem } from '../policy/problem.ts';
import type { TimerKind } from '../policy/types.ts';
import type { QaReview } from '../model/qa-review.ts';
import type { Ticket, TicketTask } from '../model/ticket.ts';

/** Field-level changes: field → [before, after]. */
export type Changes = Record<string, [unknown, unknown]>;

/** Every event the runtime publishes, by name. Dashboards and plugins subscribe to these. */
export interface EventMap {
  'ticket.created': { ticket: Ticket };
  'ticket.updated': { ticket: Ticket; changes: Changes };
  'ticket.assigned': {
    ticket: Ticket;
    assignee: string | null;
    previous: string | null;
    collaborators: Ticket['collaborators'];
  };
  'ticket.queued': { ticket: Ticket; group: string; slots: ('primary' | string)[]; reason: string[] };
  'agent.presence': {
    agent: string;
    status: 'online' | 'away' | 'offline';
    previous: 'online' | 'away' | 'offline';
    since: string;
  };
  'ticket.replied': { ticket: Ticket; reply: Ticket['replies'][number] };
  /** The channel's delivery handed a public reply to the customer's side (`via`: the plugin). */
  'reply.sent': { ticket: Ticket; reply: Ticket['replies'][number]; via: string };
  /** The channel's delivery gave up on a public reply; `error` says why. */
  'reply.failed': { ticket: Ticket; reply: Ticket['replies'][number]; via: string; error: string };
  'sla.warning': { ticket: Ticket; timer: TimerKind; dueAt: string; warnAt: string; label?: string; late: boolean };
  'sla.breached': { ticket: Ticket; timer: TimerKind; dueAt: string; late: boolean };
  'sla.met': { ticket: Ticket; timer: TimerKind; dueAt: string; metAt: string };
  'sla.paused': { ticket: Ticket; timers: string[] };
  'sla.resumed': { ticket: Ticket; timers: string[] };
  /** A task was put on the ticket (workflow, trigger, call-back or by hand). */
  'task.created': { ticket: Ticket; task: TicketTask };
  /** A task was marked done; `onTime`: before its due time, and it never came due. */
  'task.completed': { ticket: Ticket; task: TicketTask; onTime: boolean };
  /** A task was cancelled: nothing more is owed. */
  'task.cancelled': { ticket: Ticket; task: TicketTask };
  /** A satisfaction survey link was issued (the token itself is never published). */
  'csat.survey-issued': { ticket: Ticket; expiresAt: string };
  /** A breach-ladder step or an automation acted; `recipients` are who to notify. */
  'ticket.escalated': {
    ticket: Ticket;
    timer?: TimerKind;
    level?: number;
    automation?: string;
    actions: string[];
    recipients: string[];
    late: boolean;
  };
  /** An open task reached its due time unfinished (never sent for a task finished before). */
  'task.due': { ticket: Ticket; task: TicketTask; late: boolean };
  'config.applied': { version: string; sources: readonly string[] };
  'config.rejected': { problems: Problem[] };
  /** A period's QA sample was drawn (src/qa): the picked tickets and the inputs to re-check it. */
  'qa.sampled': {
    period: string;
    from: string;
    to: string;
    seed: string;
    rate: number;
    population: number;
    ticketIds: string[];
  };
  /** A reviewer scored a sampled ticket against the checklist. */
  'qa.scored': { review: QaReview };
  /** An agent's error rate over the QA window went above `qa.flagAbove`: flagged for training. */
  'agent.flagged': { agent: string; errorRate: number; reviews: number; threshold: number; window: string };
  /** A scheduled report was made and kept: fetch it at `GET /api/reports/:id`; `files` when it was also written to the reports directory. */
  'report.ready': {
    id: string;
    kind: 'daily' | 'weekly' | 'monthly';
    from: string;
    to: string;
    scheduledAt: string;
    files?: string[];
  };
  /** A trigger's `notify` action: who to tell about this ticket. */
  'trigger.notify': { ticket: Ticket; trigger: string; recipients: string[] };
  /**
   * Triggers kept firing on one ticket through other writers' changes (routing, SLA) past the
   * bound: the last change is kept and the chain stops (SWB_TRIGGER_LOOP).
   */
  'trigger.loop': { ticket: Ticket; triggers: string[]; rounds: number };
  /** A plugin's hook, fact, operator, action or listener failed or timed out; the operation went on. */
  'plugin.error': { plugin: string; where: string; message: string; ticketId?: string };
}

export type EventName = keyof EventMap;

/**
 * What every subscriber receives (bus, sockets, plugins, webhooks): the name, a per-process
 * sequence number, the time, and the payload's fields beside them, e.g. `e.ticket`.
 */
export type SwitchboardEvent<K extends EventName = EventName> = {
  [N in K]: { type: N; seq: number; at: string } & EventMap[N];
}[K];

/** The event of one name (`EventOf<'sla.breached'>`); a union for several. */
export type EventOf<K extends EventName> = SwitchboardEvent<K>;

/** Payload fields may not shadow the envelope: this is `never` while none does. */
export type ShadowedEnvelopeField = {
  [N in EventName]: keyof EventMap[N] & ('type' | 'seq' | 'at');
}[EventName];

/** An event the pure core asks the shell to publish: the name and its payload. */
export type PendingEvent = { [N in EventName]: { type: N; data: EventMap[N] } }[EventName];
