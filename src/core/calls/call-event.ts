/** What a phone system (PBX / CTI) reports about one call; the ticket side is in model/ticket-call.ts. */
import type { CallEvent, CallEventType } from '../model/ticket-call.ts';

export { callEventTypes, type CallEvent, type CallEventType, type TicketCall } from '../model/ticket-call.ts';

/** Events a call has at most once: a repeat with another time is a conflict, not a new event. */
export const onceOnlyEvents: ReadonlySet<CallEventType> = new Set([
  'offered',
  'answered',
  'ended',
  'abandoned',
  'wrapup-ended',
]);

/** One event as the webhook (`POST /api/calls/events`) takes it. */
export interface CallEventInput {
  callId: string;
  event: CallEventType;
  /** When the phone system saw it (ISO-8601). */
  at: string;
  /** A voice channel of the policy. */
  channel: string;
  /** The agent who answered, held, transferred or wrapped up. */
  agent?: string;
  /** The caller's number (the customer of a new ticket). */
  callerNumber?: string;
  /** Where the phone system keeps the call's recording. */
  recordingUrl?: string;
  /** Attach the call to this ticket instead of opening one (first event of the call only). */
  ticketId?: string;
  /** `transferred`: to whom (agent, group or number). */
  transferTo?: string;
}

/** The key that makes an event idempotent: once-only events by type, the others by type and time. */
export function eventKey(e: Pick<CallEvent, 'type' | 'at'>): string {
  return onceOnlyEvents.has(e.type) ? e.type : `${e.type}@${Date.parse(e.at)}`;
}
