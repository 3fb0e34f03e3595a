// The embedded default store: journal + lowdb snapshot + directory lock in one data directory.
export { createLowdbStore, type LowdbStore, type LowdbStoreOptions, type LowdbStoreEvent, type LowdbStoreStats } from './lowdb-store.ts';
