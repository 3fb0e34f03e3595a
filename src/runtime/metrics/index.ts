// Keeps the metrics aggregates of the core up to date from the event bus and the store (attach, scan, import).
export {};
