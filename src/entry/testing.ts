// switchboard/testing: what a host's tests use to drive Switchboard without waiting for time.
export { createManualClock, type ManualClock } from '../core/util/clock.ts';
export { createSequentialIds } from '../core/util/ids.ts';
export { createMemoryStore } from '../store/memory.ts';
export { silentLogger } from '../telemetry/logger.ts';
