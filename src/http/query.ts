import type { TicketFilter } from '../store/types.ts';

const listOf = (v: unknown): string[] | undefined => {
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v])
    .flatMap((x) => String(x).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length ? parts : undefined;
};

/**
 * GET /api/tickets query → store filter: `?status=open,pending&group=tech-ops&limit=20`. The
 * guard has validated the query against TicketListQuery (names, lengths, limit 1–500).
 */
export function ticketFilterOf(query: Record<string, unknown>): TicketFilter {
  const filter: TicketFilter = {};
  const status = listOf(query.status);
  const group = listOf(query.group);
  const priority = listOf(query.priority);
  const channel = listOf(query.channel);
  if (status) filter.status = status;
  if (group) filter.group = group;
  if (priority) filter.priority = priority;
  if (channel) filter.channel = channel;
  if (typeof query.assignee === 'string') filter.assignee = query.assignee;
  if (query.limit !== undefined) filter.limit = Number(query.limit);
  if (typeof query.cursor === 'string') filter.cursor = query.cursor;
  return filter;
}
