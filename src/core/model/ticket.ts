/** The ticket model: what the store keeps and the API returns. Times are ISO-8601 UTC strings. */
import type { TicketCall } from './ticket-call.ts';

export interface Customer {
  id: string;
  name?: string;
  tier?: string;
  email?: string;
  phone?: string;
  locale?: string;
  timezone?: string;
}

export type AuthorType = 'agent' | 'customer' | 'bot' | 'system';

/**
 * How a public reply reaches the customer: `none` (the channel has no delivery), `queued` (in its
 * delivery's outbox), `sent` (the channel's server took it), `failed` (given up, see `deliveryError`).
 */
export type DeliveryState = 'none' | 'queued' | 'sent' | 'failed';

/** A file that came with a message: kept by the channel's plugin, or kept out with the reason. */
export interface ReplyAttachment {
  name: string;
  type: string;
  size: number;
  /** Where the channel's plugin stored it (relative to its data directory). */
  stored?: string;
  /** Why it was not kept (over a size or count limit). */
  skipped?: string;
}

export interface Reply {
  id: string;
  author: { type: AuthorType; id?: string; name?: string };
  body: string;
  at: string;
  internal?: boolean;
  /** The ticket this reply was merged from. */
  mergedFrom?: string;
  /** A bot reply the policy counts as the first response (faq.countsAsFirstResponse). */
  countsAsResponse?: boolean;
  /** Public agent and bot replies: how far the channel's delivery got (absent on other replies). */
  delivery?: DeliveryState;
  /** Who delivers it (the plugin registered for the ticket's channel). */
  deliveredBy?: string;
  deliveredAt?: string;
  deliveryError?: string;
  attachments?: ReplyAttachment[];
  /** The channel's id of the message this reply came from (a mail's Message-ID). */
  externalId?: string;
}

/**
 * `met`: its goal was reached in time; `breached`: its deadline passed first; `stopped`: the
 * ticket was resolved before the goal (no response yet), so the wait it measured ended with
 * neither (a reopen resumes it); `cancelled`: it no longer applies (the ticket closed).
 */
export type TimerState = 'running' | 'paused' | 'met' | 'breached' | 'stopped' | 'cancelled';

export interface SlaTimer {
  /** Target in business milliseconds. */
  targetMs: number;
  startedAt: string;
  dueAt: string;
  /** Instants at which warnings fire, ascending. */
  warnAt: string[];
  state: TimerState;
  metAt?: string;
  breachedAt?: string;
  /**
   * When resolving the ticket stopped this clock unanswered (`stopped`, or `breached` when its
   * deadline had passed: its escalation ladder stops then).
   */
  stoppedAt?: string;
  /** Every pause, with exact instants (the time is credited back on resume). */
  pauses?: { from: string; to?: string; reason?: 'status' | 'resolved' }[];
  /** Business milliseconds left when the timer was paused (or met or stopped, for a later reopen). */
  remainingMs?: number;
  /** Warning instants (from warnAt) that have fired. */
  warned?: string[];
  /** Escalation-ladder steps already run after the breach. */
  escalations?: number;
}

export interface TicketSla {
  policyId: string;
  calendarId: string;
  firstResponse?: SlaTimer;
  /** Runs after each customer message while the customer waits on us. */
  nextResponse?: SlaTimer;
  /** Restarts at every public agent reply while the ticket is open. */
  periodicUpdate?: SlaTimer;
  resolution?: SlaTimer;
  /** Runs while the ticket is resolved and awaits the customer's confirmation. */
  pendingConfirmation?: SlaTimer;
}

/**
 * A follow-up someone owes on a ticket: a workflow step (`workflow` set), a trigger's task, a
 * call-back after a poor satisfaction rating (`kind: 'callback'`) or one added by hand
 * (`kind: 'manual'`). The SLA scheduler marks an open task `due` at `dueAt` (`task.due`); a
 * person or the system finishes it `done` or `cancelled`. Ids are unique on the ticket.
 */
export interface TicketTask {
  id: string;
  /** The policy workflow that added it. */
  workflow?: string;
  /** What sort of task, when not a workflow or trigger step: `callback`, `manual`. */
  kind?: string;
  name: string;
  dueAt: string;
  state: 'open' | 'due' | 'done' | 'cancelled';
  assignee?: string | null;
  /** Owning group, when the task is assigned to a group. */
  group?: string;
  script?: string;
  channel?: string;
  /** Once due (or done before), the next occurrence is put on the ticket this much later. */
  repeatMs?: number;
  /** Comes due (and repeats) also once the ticket is closed (workflow `afterClose`, or `from: closed`). */
  afterClose?: true;
  /** When the scheduler marked it due (kept when it is snoozed afterwards). */
  firedAt?: string;
  /** When it was done or cancelled, by whom, and what they noted. */
  doneAt?: string;
  /** The actor who marked it done. */
  doneBy?: string;
  cancelledAt?: string;
  cancelledBy?: string;
  /** What was done, or why it was cancelled (the note given when it was finished). */
  outcome?: string;
  createdAt?: string;
  /** The actor who added it by hand. */
  createdBy?: string;
  /** When its due time was last set by hand (snoozed): workflows no longer re-time it. */
  rescheduledAt?: string;
  /** Why the task exists, in words for the assignee. */
  reason?: string;
  /** The note given when it was added by hand. */
  note?: string;
}

/** Time-based automation bookkeeping: when each last fired, and the last evaluation. */
export interface TicketAutomations {
  checkedAt?: string;
  fired: Record<string, string>;
}

/** Why a value was chosen: a rule, the input, or a default. */
export interface Decision<T = string> {
  value: T;
  by:
    | 'rule'
    | 'input'
    | 'default'
    | 'fallback'
    | 'round-robin'
    | 'least-loaded'
    | 'most-spare-capacity'
    | 'explicit'
    | 'lead'
    | 'none';
  ruleId?: string;
}

export interface TicketDecisions {
  policyVersion: string;
  category: Decision;
  priority: Decision;
  sla: Decision;
  group: Decision;
  assignee: Decision<string | null>;
}

export interface Collaborator {
  group: string;
  assignee: string | null;
}

/** Routing state of a ticket: what it needs, since when it waits, and why it went where it did. */
export interface TicketRouting {
  /** Skills the routing rule asked for (on top of the group's). */
  skills?: { name: string; level: number }[];
  /** Set while a slot (primary or collaborator) is unassigned: when it started waiting. */
  waitingSince?: string;
  /** The last assignment decision: every filter and strategy step ("li: offline"). */
  trace: string[];
  at: string;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  type: string;
  changes?: Record<string, [unknown, unknown]>;
  note?: string;
  policyVersion?: string;
  /** For `trigger` entries: each trigger that fired and what it did, in order. */
  triggers?: { id: string; did: string[] }[];
}

export interface Csat {
  score: number;
  comment?: string;
  at: string;
}

export interface Ticket {
  id: string;
  /** Human ticket number: date + daily sequence, e.g. 20261123001. */
  number: string;
  /** Optimistic-concurrency version, +1 on every change. */
  version: number;
  status: string;
  channel: string;
  category: string;
  priority: string;
  group: string;
  assignee: string | null;
  collaborators: Collaborator[];
  /** A named lead for cross-department tickets (agent id). */
  lead?: string;
  subject: string;
  description?: string;
  customer: Customer;
  fields: Record<string, unknown>;
  tags: string[];
  locale: string;
  sla: TicketSla;
  createdAt: string;
  updatedAt: string;
  firstResponseAt?: string;
  firstResponder?: string;
  resolvedAt?: string;
  resolver?: string;
  closedAt?: string;
  replies: Reply[];
  csat?: Csat;
  /** Set on a ticket merged into another (it is closed); the target lists its sources. */
  mergedInto?: string;
  mergedFrom?: string[];
  scripts: Record<string, { locale: string; text: string }>;
  tasks?: TicketTask[];
  /** Calls of a voice channel the phone system reported (POST /api/calls/events), in arrival order. */
  calls?: TicketCall[];
  automations?: TicketAutomations;
  decisions: TicketDecisions;
  routing?: TicketRouting;
  /**
   * Set on tickets `switchboard import` stored. Until its first change after the import, a ticket
   * imported without `live` is history (see isHistorical): not routed, not queued, no SLA steps.
   */
  imported?: { at: string; live: boolean };
  history: HistoryEntry[];
}

/** An imported ticket not changed since (imports store version 1) and not imported as live work. */
export function isHistorical(ticket: Pick<Ticket, 'imported' | 'version'>): boolean {
  return ticket.imported?.live === false && ticket.version === 1;
}

/** What intake accepts (REST body, channel adapters, imports). */
export interface TicketInput {
  channel: string;
  subject: string;
  description?: string;
  category?: string;
  priority?: string;
  customer: Customer;
  fields?: Record<string, unknown>;
  tags?: string[];
  locale?: string;
  createdAt?: string;
}
