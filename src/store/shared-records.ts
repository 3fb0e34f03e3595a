import type { Ticket } from '../core/model/ticket.ts';

// What every process on one database shares besides tickets: access tokens, the audit log,
// and a feed of recent ticket changes. Stores that keep them (PostgreSQL) declare them in
// `Store.cluster` (cluster.ts); the runtime uses the files of its data directory otherwise.

/**
 * Small records every process keeps in memory: the access tokens (only their hashes). Changes
 * are rare and every read of them is in memory, so a process re-reads the records when the
 * change mark moved (it polls the mark).
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

/** An audit entry as the database keeps it: the store reads only its time and ticket. */
export interface AuditRecord {
  at: string;
  ticketId?: string;
}

/** The audit log of every process on one database, in one table (PostgreSQL). */
export interface SharedAuditLog {
  /** Appends entries in one statement, in the given order. */
  append(entries: AuditRecord[]): Promise<void>;
  /** Entries at or after `since` (oldest first, in append order within an instant), at most `limit`; `next` is the `since` of the next page. */
  query(q: { since?: string; limit: number; ticket?: string }): Promise<{ items: AuditRecord[]; next?: string }>;
}

/**
 * Tickets changed since a moment, by the database's clock (PostgreSQL): what a process that
 * joins others reads to catch up on changes made between its boot scans and the moment the
 * others began forwarding their events to it.
 */
export interface ChangeFeed {
  /** The database's "now", to pass to `since` later. */
  mark(): Promise<string>;
  /** Tickets written at or after `mark` (and a few seconds before it, for transactions in flight then), a page at a time. */
  since(mark: string, pageSize?: number): AsyncIterable<Ticket[]>;
}
