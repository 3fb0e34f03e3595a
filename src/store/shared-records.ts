import type { Store } from './types.ts';

/**
 * Small records every process on one database shares and each keeps in memory: the access
 * tokens (only their hashes). Changes are rare and every read of them is in memory, so a
 * process re-reads the records when the change mark moved (it polls the mark).
 */
export interface SharedRecords<T extends { id: string }> {
  all(): Promise<T[]>;
  /** Inserts or replaces one record (by id) and moves the change mark in the same statement. */
  put(record: T): Promise<void>;
  /** A value that changes whenever any process put a record; one cheap read. */
  mark(): Promise<string>;
  /** Runs `fn` while no other process runs an `exclusively` of these records (bootstrap). */
  exclusively<R>(fn: () => Promise<R>): Promise<R>;
}

/** A store whose access tokens live in its database (PostgreSQL), shared by all its processes. */
export interface StoreWithSharedTokens extends Store {
  readonly sharedTokens: SharedRecords<{ id: string }>;
}

export function sharedTokensOf(store: Store | undefined): SharedRecords<{ id: string }> | undefined {
  return store && 'sharedTokens' in store ? (store as StoreWithSharedTokens).sharedTokens : undefined;
}
