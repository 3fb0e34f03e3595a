// Reads for the metrics aggregates of the core: the store scan and history imports.
export {};
