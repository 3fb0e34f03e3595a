// The in-process event bus and event streams.
export {};
