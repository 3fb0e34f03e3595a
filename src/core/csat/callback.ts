import type { Policy } from '../policy/types.ts';
import type { Ticket, TicketTask } from '../model/ticket.ts';
import { isUnfinished } from '../tasks/task-state.ts';

/** Words customers use when the problem was the wait (zh and en); matched case-insensitively. */
export const slowKeywords = [
  '太慢',
  '好慢',
  '很慢',
  '慢死',
  '等太久',
  '等了很久',
  '等了好久',
  '响应慢',
  '回复慢',
  'too slow',
  'slow',
  'too long',
  'took forever',
  'long wait',
  'waited so long',
  'forever',
];

export const callbackWithinMs = 24 * 3_600_000;

/** Why this rating needs a call-back (a score ≤ 2 or a "too slow" comment), or undefined. */
export function callbackReason(score: number, comment: string | undefined): string | undefined {
  const text = (comment ?? '').toLowerCase();
  const word = slowKeywords.find((k) => text.includes(k));
  if (score <= 2 && word) return `rated ${score}/5 and said "${word}"`;
  if (score <= 2) return `rated ${score}/5`;
  if (word) return `said "${word}" (rated ${score}/5)`;
  return undefined;
}

/**
 * The call-back task for a poor rating: due within 24 h, for the lead of the ticket's group
 * (else the named ticket lead, else the assignee). Pure; undefined while one is unfinished.
 */
export function callbackTask(
  policy: Policy,
  ticket: Ticket,
  reason: string,
  ctx: { now: Date; id: string },
): TicketTask | undefined {
  // One unfinished call-back at a time: an overdue one (`due`) still counts.
  if ((ticket.tasks ?? []).some((t) => t.kind === 'callback' && isUnfinished(t))) return undefined;
  const assignee = policy.groups.get(ticket.group)?.lead ?? ticket.lead ?? ticket.assignee ?? undefined;
  return {
    id: ctx.id,
    name: 'Call the customer back',
    kind: 'callback',
    dueAt: new Date(ctx.now.getTime() + callbackWithinMs).toISOString(),
    ...(assignee ? { assignee } : {}),
    state: 'open',
    createdAt: ctx.now.toISOString(),
    reason,
  };
}
