import type { Ticket } from '../model/ticket.ts';

/** Who made a change, as the history's actor strings tell people apart. */
export type ActorKind = 'agent' | 'customer' | 'bot' | 'system' | 'plugin';

/** `admin:ops`, `agent:li`, `customer:c1`, `bot`, `bot:faq:reset`, `plugin:x`, `sla`, `routing` → who it was. */
export function actorKind(actor: string): ActorKind {
  const head = actor.split(':')[0] ?? '';
  if (head === 'customer') return 'customer';
  if (head === 'agent' || head === 'admin' || head === 'supervisor' || head === 'api') return 'agent';
  if (head === 'bot' || head === 'faq') return 'bot';
  if (head === 'plugin') return 'plugin';
  return 'system';
}

/**
 * Resolved now by a bot (the customer confirmed its answer, e.g. the FAQ's) with no public agent
 * reply on the ticket: a resolution no person worked on.
 */
export function resolvedByBot(ticket: Pick<Ticket, 'resolver' | 'replies'>): boolean {
  if (ticket.resolver === undefined || actorKind(ticket.resolver) !== 'bot') return false;
  return !ticket.replies.some((r) => !r.internal && r.author.type === 'agent');
}
