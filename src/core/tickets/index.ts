// The ticket lifecycle (statuses and moves), intake checks and the event types a change publishes.
export {};
