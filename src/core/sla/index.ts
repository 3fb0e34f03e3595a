// SLA clocks: compiled SLAs, timers, pauses, workflows and the deadline scheduler.
export {};
