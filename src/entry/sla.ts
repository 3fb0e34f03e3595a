// switchboard/sla: the deadline scheduler and the SLA runner's type.
export { createDeadlineScheduler, type DeadlineScheduler } from '../core/sla/scheduler.ts';
export type { SlaRunner } from '../runtime/sla/sla-runner.ts';
export type { TimerKind, SlaAction } from '../core/policy/types.ts';
