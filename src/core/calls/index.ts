// Calls of voice channels: the events a phone system reports, recorded on tickets and measured.
export * from './call-event.ts';
export { callTimeline, handlingTimes, type CallTimeline } from './call-timeline.ts';
export { checkCallEvent, contradiction } from './check-call-event.ts';
export { callEventOf, recordCallEvent } from './record-call-event.ts';
