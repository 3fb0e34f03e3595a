import { SwitchboardError } from '../errors/index.ts';
import type { DeliveryState, Reply, Ticket } from '../model/ticket.ts';
import { finishChange } from '../tickets/lifecycle.ts';
import type { OpContext, OpResult } from './operations.ts';

/** What a channel's delivery reports about one reply. */
export interface DeliveryOutcome {
  state: Extract<DeliveryState, 'sent' | 'failed'>;
  /** The plugin that delivers the ticket's channel. */
  via: string;
  error?: string;
}

/**
 * Records how a reply's delivery ended, with `reply.sent` or `reply.failed`. Reporting the same
 * outcome twice changes nothing (deliveries are at least once), and a sent reply stays sent.
 * Works on closed tickets too: the mail went out either way.
 */
export function recordDelivery(
  ticket: Ticket,
  replyId: string,
  outcome: DeliveryOutcome,
  ctx: OpContext,
): OpResult | undefined {
  const index = ticket.replies.findIndex((r) => r.id === replyId);
  if (index < 0)
    throw new SwitchboardError(
      'SWB_TICKET_REPLY_NOT_FOUND',
      `ticket ${ticket.id} has no reply "${replyId}"; pass the id of one of its replies`,
      { ticketId: ticket.id, replyId },
    );
  const before = ticket.replies[index] as Reply;
  if (before.delivery === outcome.state || before.delivery === 'sent') return undefined;
  const { deliveryError: _previous, ...rest } = before;
  const reply: Reply = {
    ...rest,
    delivery: outcome.state,
    deliveredBy: outcome.via,
    ...(outcome.state === 'sent' ? { deliveredAt: ctx.now.toISOString() } : {}),
    ...(outcome.state === 'failed' ? { deliveryError: outcome.error ?? 'delivery failed' } : {}),
  };
  const replies = ticket.replies.map((r, i) => (i === index ? reply : r));
  const event =
    outcome.state === 'sent'
      ? ({ type: 'reply.sent', data: { ticket, reply, via: outcome.via } } as const)
      : ({
          type: 'reply.failed',
          data: { ticket, reply, via: outcome.via, error: reply.deliveryError ?? '' },
        } as const);
  const done = finishChange(
    ticket,
    { ...ticket, replies },
    {
      ...ctx,
      type: 'delivery',
      policyVersion: ctx.policy.version,
      note: `reply ${replyId} ${outcome.state}${reply.deliveryError ? `: ${reply.deliveryError}` : ''}`,
    },
    [event],
  );
  return { ticket: done.ticket, events: done.events };
}
