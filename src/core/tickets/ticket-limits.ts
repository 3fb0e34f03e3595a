import { SwitchboardError } from '../errors/index.ts';
import type { Ticket } from '../model/ticket.ts';

/**
 * What one ticket may hold. The stores write what changed (lowdb journals a patch of a large
 * ticket, PostgreSQL appends rows to its list tables), but every event still carries the whole
 * ticket and the in-memory copy is serialised whole, so an unbounded ticket makes each change
 * dearer than the last; these bound it.
 */
export interface TicketLimits {
  /** Replies and internal notes together. */
  readonly maxReplies: number;
  readonly maxHistory: number;
  /** Characters of one reply, note or description. */
  readonly maxTextChars: number;
  /** The ticket as stored (JSON, UTF-16 code units ≈ bytes for most text). */
  readonly maxTicketBytes: number;
}

export const defaultTicketLimits: TicketLimits = Object.freeze({
  maxReplies: 1000,
  maxHistory: 5000,
  maxTextChars: 100_000,
  maxTicketBytes: 2 * 1024 * 1024,
});

const full = (ticketId: string, what: string, limit: number, details: Record<string, unknown>) =>
  new SwitchboardError(
    'SWB_TICKET_LIMIT',
    `ticket ${ticketId} ${what} (limit ${limit}); continue in a new ticket and refer to this one`,
    { ...details, limit },
  );

/**
 * Refuses a change that takes a ticket past a limit in a dimension the change grows (a ticket
 * already past one, under a lowered limit, still takes changes that do not add to it).
 * `bytes` is the stored size of `after`; `before` is undefined for a new ticket.
 */
export function checkTicketLimits(
  limits: TicketLimits,
  before: Ticket | undefined,
  after: Ticket,
  bytes: number,
): void {
  const replies = before?.replies.length ?? 0;
  for (let i = replies; i < after.replies.length; i++) {
    const body = after.replies[i]!.body;
    if (body.length > limits.maxTextChars)
      throw new SwitchboardError(
        'SWB_TICKET_LIMIT',
        `a reply of ${body.length} characters is longer than ${limits.maxTextChars}; split it or attach the text elsewhere`,
        { path: '/body', limit: limits.maxTextChars },
      );
  }
  if (!before && (after.description?.length ?? 0) > limits.maxTextChars)
    throw new SwitchboardError(
      'SWB_TICKET_LIMIT',
      `the description is longer than ${limits.maxTextChars} characters; shorten it`,
      { path: '/description', limit: limits.maxTextChars },
    );
  if (after.replies.length > limits.maxReplies && after.replies.length > replies)
    throw full(after.id, `would hold ${after.replies.length} replies and notes`, limits.maxReplies, {
      replies: after.replies.length,
    });
  const history = before?.history.length ?? 0;
  if (after.history.length > limits.maxHistory && after.history.length > history)
    throw full(after.id, `would have ${after.history.length} history entries`, limits.maxHistory, {
      history: after.history.length,
    });
  // Only what adds text is held to the byte limit: a full ticket can still be resolved, assigned
  // or closed, and those changes are bounded by maxHistory.
  if (bytes > limits.maxTicketBytes && (!before || after.replies.length > replies))
    throw full(after.id, `would take ${bytes} bytes`, limits.maxTicketBytes, { bytes });
}
