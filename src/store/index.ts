// Where tickets live: the Store interface, the in-memory store (tests, simulations) and the
// lowdb store (the embedded default). Every store passes test/store/contract.ts.
export type { Store, TicketFilter, TicketPage } from './types.ts';
export { createMemoryStore } from './memory.ts';
export { createLowdbStore, type LowdbStore, type LowdbStoreOptions, type LowdbStoreEvent, type LowdbStoreStats } from './lowdb/index.ts';
