import type { ServerOptions } from 'socket.io';
import type { ChangeFeed, SharedAuditLog, SharedRecords } from './shared-records.ts';
import type { TimerStore } from './timer-types.ts';

/**
 * What a store offers so that several runtime processes serve one team (PostgreSQL): each part
 * replaces something a single process keeps for itself. A store without it (memory, lowdb) is
 * owned by one process, which keeps deadlines in its heap, tokens and audit in its data
 * directory, and publishes events only to its own sockets.
 */
export interface StoreCluster {
  /** Deadlines that fire once across the processes (the SLA runner's). */
  readonly timers: TimerStore;
  /** Access tokens every process accepts (hashes only). */
  readonly tokens: SharedRecords<{ id: string }>;
  /** One audit log for all the processes. */
  readonly audit: SharedAuditLog;
  /** Tickets changed since a moment: what a process joining the others catches up with. */
  readonly changes: ChangeFeed;
  /** A socket.io adapter through the same database, so every process's sockets get every event. */
  socketAdapter(): NonNullable<ServerOptions['adapter']>;
}
