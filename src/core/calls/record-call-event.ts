import { SwitchboardError } from '../errors/index.ts';
import type { Ticket } from '../model/ticket.ts';
import type { OpContext, OpResult } from '../operations/operations.ts';
import { finishChange, statusKind } from '../tickets/lifecycle.ts';
import { type CallEvent, type CallEventInput, eventKey, type TicketCall } from './call-event.ts';
import { contradiction } from './check-call-event.ts';

/** The event as the ticket keeps it. */
export function callEventOf(input: CallEventInput, receivedAt: Date): CallEvent {
  return {
    type: input.event,
    at: new Date(Date.parse(input.at)).toISOString(),
    ...(input.agent ? { agent: input.agent } : {}),
    ...(input.transferTo ? { transferTo: input.transferTo } : {}),
    ...(input.recordingUrl ? { recordingUrl: input.recordingUrl } : {}),
    receivedAt: receivedAt.toISOString(),
  };
}

const sameEvent = (a: CallEvent, b: CallEvent) =>
  a.type === b.type &&
  a.at === b.at &&
  a.agent === b.agent &&
  a.transferTo === b.transferTo &&
  a.recordingUrl === b.recordingUrl;

/**
 * Records one call event on the ticket (pure): the call is added on its first event, the event
 * placed among the call's others by its time, and the change written to the ticket's history.
 * Undefined when the ticket already holds this event (a repeat changes nothing). A once-only
 * event again with another time or other details, or an event that contradicts the call's
 * others, is refused.
 */
export function recordCallEvent(ticket: Ticket, input: CallEventInput, ctx: OpContext): OpResult | undefined {
  const event = callEventOf(input, ctx.now);
  const calls = ticket.calls ?? [];
  const known = calls.find((c) => c.id === input.callId);
  if (!known && statusKind(ctx.policy, ticket.status) === 'closed')
    throw new SwitchboardError(
      'SWB_TICKET_CLOSED',
      `ticket ${ticket.id} is closed; send the call without ticketId to open a new ticket for it`,
    );
  const key = eventKey(event);
  const same = known?.events.find((e) => eventKey(e) === key);
  if (same) {
    if (sameEvent({ ...same, receivedAt: '' }, { ...event, receivedAt: '' })) return undefined;
    throw new SwitchboardError(
      'SWB_CALL_EVENT_CONFLICT',
      `call ${input.callId} already has ${event.type} at ${same.at}${same.agent ? ` by ${same.agent}` : ''}; an event is recorded once (resend it unchanged, or use a new call id for a new call)`,
      { path: '/event', value: event.type },
    );
  }
  const events = [...(known?.events ?? []), event].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const wrong = contradiction(events);
  if (wrong)
    throw new SwitchboardError(
      wrong.code === 'time' ? 'SWB_CALL_EVENT_TIME' : 'SWB_CALL_EVENT_CONFLICT',
      `call ${input.callId}: ${wrong.message}`,
      { path: '/at', value: input.at },
    );
  const call: TicketCall = {
    id: input.callId,
    channel: known?.channel ?? input.channel,
    ...(known?.callerNumber || input.callerNumber ? { callerNumber: known?.callerNumber ?? input.callerNumber } : {}),
    ...(input.recordingUrl || known?.recordingUrl ? { recordingUrl: input.recordingUrl ?? known?.recordingUrl } : {}),
    events,
  };
  const after: Ticket = {
    ...ticket,
    calls: known ? calls.map((c) => (c.id === call.id ? call : c)) : [...calls, call],
  };
  const note = `call ${call.id}: ${event.type} at ${event.at}${event.agent ? ` by ${event.agent}` : ''}${event.transferTo ? ` to ${event.transferTo}` : ''}`;
  const done = finishChange(ticket, after, { ...ctx, type: 'call', policyVersion: ctx.policy.version, note });
  return { ticket: done.ticket, events: done.events };
}
