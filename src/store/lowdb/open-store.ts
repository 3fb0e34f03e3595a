import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Low } from 'lowdb';
import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import { createStoreState, type StoreState } from '../store-state.ts';
import { archiveDirName } from './archive-file.ts';
import { createArchiveState } from './archive-state.ts';
import { dropCovered } from './compaction.ts';
import { snapshotFile, type LowdbContext, type Opened } from './context.ts';
import { acquireDirLock } from './dir-lock.ts';
import { replaySegments } from './journal-reader.ts';
import { createJournalWriter } from './journal-writer.ts';
import { removeTempFiles } from './line-file.ts';
import { listSegments } from './segments.ts';
import { createSnapshotAdapter, emptyImage, type SnapshotImage } from './snapshot-file.ts';

const sliceSize = 1000;

/** Loads a snapshot image's hot part into a fresh state, yielding between slices of tickets. */
async function loadImage(state: StoreState, image: SnapshotImage, path: string): Promise<void> {
  for (const [name, value] of Object.entries(image.sequences)) state.apply({ op: 'seq', name, value });
  for (const [key, json] of Object.entries(image.meta)) state.apply({ op: 'meta', key, json });
  try {
    for (let i = 0; i < image.tickets.length; i++) {
      if (i > 0 && i % sliceSize === 0) await yieldToLoop();
      state.apply({ op: 'put', json: image.tickets[i]! });
    }
  } catch (e) {
    throw new SwitchboardError(
      'SWB_STORE_CORRUPT',
      `Snapshot ${path} holds a ticket that is not valid JSON.`,
      { path },
      { cause: e },
    );
  }
}

/**
 * Opens the data directory: take the lock, remove temp files, load the snapshot (hot tickets and
 * the archive index), replay the journal after it, cut a torn tail. A ticket both in the hot
 * state and the archive index is hot: the hot copy is never older (see README.md).
 */
export async function openStore(ctx: LowdbContext, startTimer: () => NodeJS.Timeout | undefined): Promise<Opened> {
  const { dir } = ctx;
  await mkdir(dir, { recursive: true });
  const lock = await acquireDirLock(dir, ctx.clock.now().toISOString());
  try {
    await removeTempFiles(dir, `${snapshotFile}.`);
    await removeTempFiles(join(dir, archiveDirName), '');
    const path = join(dir, snapshotFile);
    const db = new Low<SnapshotImage>(createSnapshotAdapter(path), emptyImage());
    await db.read();
    const archive = createArchiveState(dir, db.data.archive, ctx.settings.cacheMonths);
    const state = createStoreState({ storedElsewhere: (id) => archive.monthOf(id) !== undefined, memo: ctx.memo });
    await loadImage(state, db.data, path);
    ctx.snapshotSeq = db.data.seq;
    db.data = emptyImage();
    const replay = await replaySegments(await listSegments(dir), ctx.snapshotSeq, (entry) => state.apply(entry.record));
    for (const cut of replay.truncated) ctx.emit({ type: 'journal-truncated', ...cut });
    archive.release(state.table.all().map((row) => row.id)); // hot wins
    ctx.seq = replay.lastSeq;
    ctx.sinceSnapshot = ctx.seq - ctx.snapshotSeq;
    await dropCovered(ctx, ctx.snapshotSeq, ctx.seq + 1);
    const journal = createJournalWriter(dir, ctx.seq + 1);
    return { state, archive, journal, lock, db, timer: startTimer() };
  } catch (e) {
    await lock.release();
    throw e;
  }
}
