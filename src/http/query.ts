import { SwitchboardError } from '../core/errors/index.ts';
import type { TicketFilter } from '../store/types.ts';

const listOf = (v: unknown): string[] | undefined => {
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v])
    .flatMap((x) => String(x).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length ? parts : undefined;
};

const allowed = new Set(['status', 'group', 'priority', 'channel', 'assignee', 'limit', 'cursor', 'explain']);

/** GET /api/tickets query → store filter: `?status=open,pending&group=tech-ops&limit=20`. */
export function parseTicketQuery(query: Record<string, unknown>): TicketFilter {
  for (const key of Object.keys(query)) {
    if (!allowed.has(key))
      throw new SwitchboardError(
        'SWB_API_VALIDATION',
        `unknown query parameter "${key}"; use status, group, priority, channel, assignee, limit, cursor`,
        { path: `?${key}` },
      );
  }
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
  if (query.limit !== undefined) {
    const n = Number(query.limit);
    if (!Number.isInteger(n) || n < 1 || n > 500)
      throw new SwitchboardError('SWB_API_VALIDATION', 'limit must be a whole number from 1 to 500', {
        path: '?limit',
      });
    filter.limit = n;
  }
  if (typeof query.cursor === 'string') filter.cursor = query.cursor;
  return filter;
}
