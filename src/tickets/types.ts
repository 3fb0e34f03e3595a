/** The ticket model: what the store keeps and the API returns. Times are ISO-8601 UTC strings. */

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

export interface Reply {
  id: string;
  author: { type: AuthorType; id?: string; name?: string };
  body: string;
  at: string;
  internal?: boolean;
  /** The ticket this reply was merged from. */
  mergedFrom?: string;
}

export type TimerState = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

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
  /** Every pause, with exact instants (the time is credited back on resume). */
  pauses?: { from: string; to?: string }[];
  /** Business milliseconds left when the timer was paused. */
  remainingMs?: number;
}

export interface TicketSla {
  policyId: string;
  calendarId: string;
  firstResponse?: SlaTimer;
  resolution?: SlaTimer;
}

/** Why a value was chosen: a rule, the input, or a default. */
export interface Decision<T = string> {
  value: T;
  by: 'rule' | 'input' | 'default' | 'fallback' | 'round-robin' | 'least-loaded' | 'most-spare-capacity' | 'explicit' | 'lead' | 'none';
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
  decisions: TicketDecisions;
  routing?: TicketRouting;
  history: HistoryEntry[];
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
