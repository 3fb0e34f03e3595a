// Where tickets live: the Store interface, the in-memory store (tests, simulations) and the
// lowdb store (the embedded default) and the PostgreSQL store (several processes on one
// database). Every store passes test/store/contract.ts.
export type { Store, TicketFilter, TicketPage } from './types.ts';
export { createMemoryStore } from './memory.ts';
export {
  createLowdbStore,
  type LowdbStore,
  type LowdbStoreOptions,
  type LowdbStoreEvent,
  type LowdbStoreStats,
} from './lowdb/index.ts';
export type { TimerStore, StoredTimer, ClaimedTimer } from './timer-types.ts';
export type { StoreCluster } from './cluster.ts';
export type { ChangeFeed, SharedAuditLog, SharedRecords, AuditRecord } from './shared-records.ts';
