import type { CallEventInput } from '../core/calls/call-event.ts';
import { checkCallEvent } from '../core/calls/check-call-event.ts';
import { callEventOf, recordCallEvent } from '../core/calls/record-call-event.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { Ticket, TicketInput } from '../core/model/ticket.ts';
import type { Policy } from '../core/policy/types.ts';
import type { Clock } from '../core/util/clock.ts';
import type { Store } from '../store/types.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import type { TicketService } from './ticket-service.ts';

/** What the webhook answers; a repeated event gets the same answer. */
export interface CallEventResult {
  ticketId: string;
  ticketNumber: string;
  callId: string;
  event: string;
  /** The event's time as recorded (ISO-8601 UTC). */
  at: string;
}

export interface CallEventService {
  record(input: CallEventInput, opts?: { actor?: string }): Promise<CallEventResult>;
}

/** Where the ticket of a call is found: written with the ticket that took the call's first event. */
const callKey = (callId: string) => `call:${callId}`;

function newCallTicket(input: CallEventInput, policy: Policy): TicketInput {
  const caller = input.callerNumber;
  const zh = policy.locale.startsWith('zh');
  const subject = caller
    ? zh
      ? `来电 ${caller}`
      : `Call from ${caller}`
    : zh
      ? `来电 ${input.callId}`
      : `Call ${input.callId}`;
  return {
    channel: input.channel,
    subject,
    customer: caller ? { id: `tel:${caller}`, phone: caller } : { id: `call:${input.callId}` },
    createdAt: new Date(Date.parse(input.at)).toISOString(),
  };
}

/**
 * Call events from a phone system onto tickets. The first event of a call opens a ticket on the
 * call's voice channel (or, with `ticketId`, attaches the call to that ticket); later events of
 * the call go to the same ticket. Events of one call are taken one at a time, so two first events
 * arriving together open one ticket.
 */
export function createCallEventService(deps: {
  tickets: TicketService;
  store: Store;
  policy: () => Policy;
  clock: Clock;
}): CallEventService {
  const queue = createKeyedQueue();
  const answer = (ticket: Ticket, input: CallEventInput): CallEventResult => ({
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    callId: input.callId,
    event: input.event,
    at: callEventOf(input, deps.clock.now()).at,
  });

  return {
    record(input, opts = {}) {
      checkCallEvent(deps.policy(), input, deps.clock.now());
      const actor = opts.actor ?? `channel:${input.channel}`;
      return queue(input.callId, async () => {
        const known = await deps.store.getMeta<string>(callKey(input.callId));
        if (known && input.ticketId && input.ticketId !== known)
          throw new SwitchboardError(
            'SWB_CALL_EVENT_CONFLICT',
            `call ${input.callId} is on ticket ${known}, not ${input.ticketId}; send its events without ticketId or with ${known}`,
            { path: '/ticketId', value: input.ticketId },
          );
        const target = known ?? input.ticketId;
        if (target) {
          const ticket = await deps.tickets.apply(target, (t, policy, now) =>
            recordCallEvent(t, input, { now, policy, actor }),
          );
          if (!known) await deps.store.setMeta(callKey(input.callId), ticket.id);
          return answer(ticket, input);
        }
        const { ticket } = await deps.tickets.create(newCallTicket(input, deps.policy()), {
          actor,
          andThen: (t, policy, now) => {
            const r = recordCallEvent(t, input, { now, policy, actor });
            return r && { ...r, alsoWrite: () => deps.store.setMeta(callKey(input.callId), t.id) };
          },
        });
        return answer(ticket, input);
      });
    },
  };
}
