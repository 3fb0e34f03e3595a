// switchboard/sla: the deadline scheduler and how the SLA runner waits.
export { createDeadlineScheduler, type DeadlineScheduler } from '../core/sla/scheduler.ts';
export { manualTimers, realTimers, type SlaRunner, type TimerHost } from '../runtime/sla/sla-runner.ts';
export type { TimerKind, SlaAction } from '../core/policy/types.ts';
