import type { Problem } from '../config/problem.ts';
import type { Ticket } from '../tickets/types.ts';

/** Field-level changes: field → [before, after]. */
export type Changes = Record<string, [unknown, unknown]>;

/** Every event the runtime publishes, by name. Dashboards and plugins subscribe to these. */
export interface EventMap {
  'ticket.created': { ticket: Ticket };
  'ticket.updated': { ticket: Ticket; changes: Changes };
  'ticket.assigned': { ticket: Ticket; assignee: string | null; previous: string | null; collaborators: Ticket['collaborators'] };
  'ticket.queued': { ticket: Ticket; group: string; slots: ('primary' | string)[]; reason: string[] };
  'agent.presence': { agent: string; status: 'online' | 'away' | 'offline'; previous: 'online' | 'away' | 'offline'; since: string };
  'ticket.replied': { ticket: Ticket; reply: Ticket['replies'][number] };
  'sla.warning': { ticket: Ticket; timer: 'firstResponse' | 'resolution'; dueAt: string; warnAt: string; late: boolean };
  'sla.breached': { ticket: Ticket; timer: 'firstResponse' | 'resolution'; dueAt: string; late: boolean };
  'sla.met': { ticket: Ticket; timer: 'firstResponse' | 'resolution'; dueAt: string; metAt: string };
  'sla.paused': { ticket: Ticket; timers: string[] };
  'sla.resumed': { ticket: Ticket; timers: string[] };
  'config.applied': { version: string; sources: readonly string[] };
  'config.rejected': { problems: Problem[] };
  /** A plugin's hook, fact, operator, action or listener failed or timed out; the operation went on. */
  'plugin.error': { plugin: string; where: string; message: string; ticketId?: string };
}

export type EventName = keyof EventMap;

/** What subscribers receive: the payload plus a name, time and per-process sequence number. */
export type SwitchboardEvent<K extends EventName = EventName> = {
  [N in K]: { type: N; seq: number; at: string; data: EventMap[N] };
}[K];

/** An event the pure core asks the shell to publish. */
export type PendingEvent = { [N in EventName]: { type: N; data: EventMap[N] } }[EventName];
