import type { Request } from 'express';
import type { HistoryEntry, Ticket } from '../core/model/ticket.ts';
import type { ApiContext, ApiRoute } from './api-context.ts';

/** One trigger run as GET /api/tickets/:id/trace and `?explain=1` show it. */
export interface TriggerRunTrace {
  at: string;
  policyVersion: string | undefined;
  triggers: { id: string; did: string[] }[];
  changes: Record<string, unknown>;
}

export const triggerRunsOf = (history: readonly HistoryEntry[]): TriggerRunTrace[] =>
  history
    .filter((h) => h.type === 'trigger')
    .map((h) => ({
      at: h.at,
      policyVersion: h.policyVersion,
      triggers: h.triggers ?? [],
      changes: h.changes ?? {},
    }));

/** `?explain=1` (or `true`) on the request. */
export const wantsExplain = (req: Request): boolean => req.query.explain === '1' || req.query.explain === 'true';

const isTicket = (v: unknown): v is Ticket =>
  typeof v === 'object' && v !== null && 'id' in v && 'history' in v && Array.isArray((v as Ticket).history);

/** The ticket a change answered with: the ticket itself, `{ ticket, task }`, or a merge's `{ target }`. */
function changedTicket(body: unknown): { ticket: Ticket; put: (t: Ticket) => unknown } | undefined {
  if (isTicket(body)) return { ticket: body, put: (t) => t };
  if (typeof body !== 'object' || body === null) return undefined;
  for (const key of ['ticket', 'target'] as const) {
    const inner = (body as Record<string, unknown>)[key];
    if (isTicket(inner)) return { ticket: inner, put: (t) => ({ ...body, [key]: t }) };
  }
  return undefined;
}

/**
 * `?explain=1` on a change: waits until the triggers and workflows the change set off have run,
 * then answers with the ticket as they left it and `triggerRuns`, the trigger runs after the
 * change (each trigger id with what it did, and the fields each run changed).
 */
export async function explainChange(req: Request, ctx: ApiContext, body: unknown): Promise<unknown> {
  if (!wantsExplain(req)) return body;
  const found = changedTicket(body);
  if (!found) return body;
  const before = found.ticket.history.length;
  await ctx.settled(found.ticket.id);
  const now = await ctx.tickets.get(found.ticket.id);
  // history only grows: what the change's triggers wrote comes after the answer's last entry
  const triggerRuns = triggerRunsOf(now.history.slice(before));
  // intake's own `trace` (its decision steps) stays
  const prior = (body as { trace?: unknown }).trace;
  return { ...(found.put(now) as object), ...(prior !== undefined ? { trace: prior } : {}), triggerRuns };
}

/** The route, taking `?explain=1` (ExplainQuery) and answering with the trigger runs it set off. */
export function explainable(route: ApiRoute): ApiRoute {
  return {
    ...route,
    query: route.query ?? 'ExplainQuery',
    handle: async (req, res, ctx) => explainChange(req, ctx, await route.handle(req, res, ctx)),
  };
}
