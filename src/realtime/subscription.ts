import { canSeeTask, canSeeTicket, visibleGroups, type Principal } from '../auth/principal.ts';
import type { Policy } from '../core/policy/types.ts';
import type { Ticket, TicketTask } from '../core/model/ticket.ts';
import type { SubscribeRequest } from './types.ts';

/** A parsed, authorised subscription. Empty sets mean "no constraint". */
export interface Filter {
  groups: Set<string>;
  priorities: Set<string>;
  channels: Set<string>;
  tickets: Set<string>;
}

export const everything = (): Filter => ({
  groups: new Set(),
  priorities: new Set(),
  channels: new Set(),
  tickets: new Set(),
});

const list = (v: unknown) =>
  v === undefined ||
  (Array.isArray(v) && v.length <= 500 && v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 200));
const allowedKeys = new Set([
  'groups',
  'priorities',
  'channels',
  'tickets',
  'all',
  'sinceSeq',
  'batch',
  'snapshot',
  'limit',
]);

/** Checks the shape of an untrusted subscribe message; returns an error message or undefined. */
export function checkRequest(req: unknown): string | undefined {
  const usage =
    'subscribe takes { groups?, priorities?, channels?, tickets?: string[], all?, batch?, snapshot?: boolean, sinceSeq?, limit?: number }';
  if (!req || typeof req !== 'object' || Array.isArray(req)) return usage;
  const r = req as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!allowedKeys.has(k)) return `unknown field "${k}"; ${usage}`;
  if (!list(r.groups) || !list(r.priorities) || !list(r.channels) || !list(r.tickets)) return usage;
  for (const k of ['all', 'batch', 'snapshot'])
    if (r[k] !== undefined && typeof r[k] !== 'boolean') return `${k} must be a boolean`;
  if (r.sinceSeq !== undefined && !(Number.isSafeInteger(r.sinceSeq) && (r.sinceSeq as number) >= 0))
    return 'sinceSeq must be a whole number ≥ 0';
  if (r.limit !== undefined && !(Number.isInteger(r.limit) && (r.limit as number) >= 1 && (r.limit as number) <= 1000))
    return 'limit must be a whole number from 1 to 1000';
  return undefined;
}

/**
 * Builds the filter, enforcing the role: agents may name only their own groups (none named →
 * all of theirs). Returns an error message for a group the token does not cover.
 */
export function authorise(req: SubscribeRequest, p: Principal, policy: Policy): Filter | string {
  const f: Filter = req.all
    ? everything()
    : {
        groups: new Set(req.groups ?? []),
        priorities: new Set(req.priorities ?? []),
        channels: new Set(req.channels ?? []),
        tickets: new Set(req.tickets ?? []),
      };
  const visible = visibleGroups(p, policy);
  if (visible !== 'all') {
    const outside = [...f.groups].filter((g) => !visible.has(g));
    if (outside.length) return `this agent token does not cover group(s) ${outside.join(', ')}`;
  }
  return f;
}

/** Does a ticket pass the filter (and the principal's scope, re-read per event)? */
export function matches(f: Filter, ticket: Ticket, p: Principal, policy: Policy): boolean {
  if (!canSeeTicket(p, ticket, policy)) return false;
  if (f.tickets.has(ticket.id)) return true;
  const dims = f.groups.size + f.priorities.size + f.channels.size;
  if (dims === 0) return f.tickets.size === 0;
  if (f.groups.size && !f.groups.has(ticket.group) && !ticket.collaborators.some((c) => f.groups.has(c.group)))
    return false;
  if (f.priorities.size && !f.priorities.has(ticket.priority)) return false;
  if (f.channels.size && !f.channels.has(ticket.channel)) return false;
  return true;
}

/**
 * A task event on a ticket the principal may not see passes when the task is handed to the
 * token's agent or one of its groups (as GET /api/tasks lists it), and the filter names that
 * group, that ticket, or nothing.
 */
export function matchesTask(
  f: Filter,
  ticket: Ticket,
  task: Pick<TicketTask, 'assignee' | 'group'>,
  p: Principal,
  policy: Policy,
): boolean {
  if (canSeeTicket(p, ticket, policy)) return matches(f, ticket, p, policy);
  if (!canSeeTask(p, ticket, task, policy)) return false;
  if (f.tickets.has(ticket.id)) return true;
  if (f.priorities.size + f.channels.size > 0) return matches({ ...f, groups: new Set() }, ticket, anyone, policy);
  return f.groups.size === 0 ? f.tickets.size === 0 : task.group !== undefined && f.groups.has(task.group);
}

/** Sees every ticket: for filter checks once the scope is settled. */
const anyone: Principal = { tokenId: '', name: '', role: 'admin' };

/** Room-style names for the ack (what the client is subscribed to). */
export function describe(f: Filter): string[] {
  const out = [
    ...[...f.groups].map((g) => `group:${g}`),
    ...[...f.priorities].map((x) => `priority:${x}`),
    ...[...f.channels].map((x) => `channel:${x}`),
    ...[...f.tickets].map((t) => `ticket:${t}`),
  ];
  return out.length ? out : ['dashboard'];
}
