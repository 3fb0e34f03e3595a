/** A call of a voice channel as a ticket records it (the events a phone system reported). */

/** The events of a call, in the order a call normally goes through them. */
export const callEventTypes = [
  'offered',
  'answered',
  'held',
  'resumed',
  'transferred',
  'ended',
  'abandoned',
  'wrapup-ended',
] as const;
export type CallEventType = (typeof callEventTypes)[number];

/** One event as the ticket keeps it. */
export interface CallEvent {
  type: CallEventType;
  at: string;
  agent?: string;
  transferTo?: string;
  recordingUrl?: string;
  /** When Switchboard took it in. */
  receivedAt: string;
}

/** A call recorded on a ticket: its events sorted by `at` (the order they happened, not arrived). */
export interface TicketCall {
  id: string;
  channel: string;
  callerNumber?: string;
  /** The latest recording link any event carried. */
  recordingUrl?: string;
  events: CallEvent[];
}
