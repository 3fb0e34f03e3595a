import type { Low } from 'lowdb';
import type { Clock } from '../../core/util/clock.ts';
import type { JsonMemo } from '../json-memo.ts';
import type { StoreState } from '../store-state.ts';
import type { ArchiveState } from './archive-state.ts';
import type { DirLock } from './dir-lock.ts';
import type { JournalWriter } from './journal-writer.ts';
import type { LowdbSettings, LowdbStoreEvent, LowdbStoreStats } from './options.ts';
import type { SnapshotImage } from './snapshot-file.ts';
import type { ViewsCapture, ViewsLimits } from '../types.ts';

/** An open store's parts. */
export interface Opened {
  state: StoreState;
  archive: ArchiveState;
  journal: JournalWriter;
  lock: DirLock;
  db: Low<SnapshotImage>;
  timer: NodeJS.Timeout | undefined;
}

/** The counters and settings the store's modules share (one instance per store). */
export interface LowdbContext {
  readonly dir: string;
  readonly clock: Clock;
  readonly settings: LowdbSettings;
  readonly emit: (event: LowdbStoreEvent) => void;
  readonly memo: JsonMemo;
  /** Last journal sequence number handed out. */
  seq: number;
  /** The sequence number the snapshot on disk covers. */
  snapshotSeq: number;
  sinceSnapshot: number;
  snapshots: number;
  lastSnapshot: LowdbStoreStats['lastSnapshot'];
  /** Set while a compaction runs: they run one at a time. */
  compacting: Promise<void> | undefined;
  /**
   * Tickets a running compaction moves to the archive: the snapshot will not hold them hot, so a
   * change of one is journaled whole, never as a patch a replay could not apply.
   */
  archiving: ReadonlySet<string>;
  /** What each compaction saves as views.ndjson beside the snapshot (the runtime's views), once registered. */
  views: ((limits: ViewsLimits) => ViewsCapture) | undefined;
}

export const snapshotFile = 'tickets.json';
