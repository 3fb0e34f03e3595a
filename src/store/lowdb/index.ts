// The embedded default store: journal + lowdb snapshot + monthly archives + directory lock in one data directory.
export { createLowdbStore } from './lowdb-store.ts';
export type { LowdbStore, LowdbStoreOptions, LowdbStoreEvent, LowdbStoreStats } from './options.ts';
export { readSavedViews } from './read-saved-views.ts';
