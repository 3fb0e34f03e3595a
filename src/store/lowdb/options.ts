import type { SavedViewsSlot, Store } from '../types.ts';
import type { Clock } from '../../core/util/clock.ts';

export interface LowdbStoreOptions {
  /** The data directory; created when missing. One process at a time (switchboard.lock). */
  dir: string;
  /** Decides when a closed ticket is old enough to archive. */
  clock?: Clock;
  /**
   * Write a snapshot after this many journal records. Default: as many records as there are
   * hot tickets, at least 10,000, so a snapshot (which writes every hot ticket) costs O(1) per
   * write however many tickets are resident, and replay on open reads at most about one
   * snapshot's worth of journal.
   */
  snapshotEveryRecords?: number;
  /** ...and this often while there are a tenth that many records since the last one, or tickets to archive (default 60 s; 0 = never by time). */
  snapshotEveryMs?: number;
  /** Snapshot on close so the next open replays nothing (default true). */
  snapshotOnClose?: boolean;
  /**
   * Closed tickets whose closedAt is at least this many days old move out of the hot state into
   * monthly archive files at the next snapshot (default 30; 0 or false = never archive).
   */
  archiveClosedAfterDays?: number | false;
  /** How many archive months to keep loaded for reads (LRU, default 2). */
  archiveCacheMonths?: number;
  /**
   * At most this many tickets move to the archive per snapshot (default 10,000), so one
   * snapshot never holds a long pause; a store that takes on a large closed history (an import)
   * may raise it to archive that history in one snapshot.
   */
  archivePerSnapshot?: number;
  /**
   * The longest a line of views.ndjson's metrics head may be, in characters (default 8,000,000):
   * the views cut their bulk into lines this size, so no line nears a string's size limit at any
   * ticket count. Internal: tests use a tiny bound to save the views in many pieces.
   */
  viewsPieceChars?: number;
  /** Things an operator may want in the log. */
  onEvent?: (event: LowdbStoreEvent) => void;
}

export type LowdbStoreEvent =
  | { type: 'journal-truncated'; path: string; offset: number; bytes: number; savedAs?: string }
  | { type: 'snapshot'; seq: number; tickets: number; archived: number; captureMs: number; writeMs: number }
  | { type: 'snapshot-failed'; error: unknown };

export interface LowdbStoreStats {
  seq: number;
  snapshotSeq: number;
  /** Tickets in the hot state (memory and tickets.json). */
  tickets: number;
  /** Tickets in archive month files, how many months, how many are loaded now. */
  archive: { tickets: number; months: number; cachedMonths: number };
  journal: { batches: number; records: number; bytes: number };
  snapshots: number;
  /** A background snapshot is being written now. */
  compacting: boolean;
  lastSnapshot?: { tickets: number; archived: number; captureMs: number; writeMs: number };
}

/** The lowdb store adds operational methods to Store; the app depends only on Store. */
export interface LowdbStore extends Store {
  /** views.ndjson beside tickets.json (views-file.ts), written by every compaction once views are registered. */
  readonly savedViews: SavedViewsSlot;
  /** Writes a snapshot now (waiting for one in progress), archives what is due, drops the journal it covers. */
  compact(): Promise<void>;
  stats(): LowdbStoreStats;
}

import { maxArchivedPerCompaction } from './archive-plan.ts';

const dayMs = 86_400_000;

/** Options with their defaults applied. */
export interface LowdbSettings {
  /** Journal records that make a snapshot due, given the hot ticket count. */
  everyRecords: (hotTickets: number) => number;
  everyMs: number;
  snapshotOnClose: boolean;
  /** Age in ms after which a closed ticket is archived; undefined = never. */
  archiveAfterMs: number | undefined;
  cacheMonths: number;
  archivePerSnapshot: number;
  viewsPieceChars: number | undefined;
}

export function lowdbSettings(options: LowdbStoreOptions): LowdbSettings {
  const days = options.archiveClosedAfterDays ?? 30;
  return {
    everyRecords:
      options.snapshotEveryRecords !== undefined ? () => options.snapshotEveryRecords! : (hot) => Math.max(10_000, hot),
    everyMs: options.snapshotEveryMs ?? 60_000,
    snapshotOnClose: options.snapshotOnClose ?? true,
    archiveAfterMs: days === false || !(days > 0) ? undefined : days * dayMs,
    cacheMonths: Math.max(1, Math.floor(options.archiveCacheMonths ?? 2)),
    archivePerSnapshot: Math.max(1, Math.floor(options.archivePerSnapshot ?? maxArchivedPerCompaction)),
    viewsPieceChars: options.viewsPieceChars,
  };
}
