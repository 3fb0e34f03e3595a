import { chmod, mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Low } from 'lowdb';
import { createStoreState, type StoreState } from '../store-state.ts';
import { archiveDirName } from './archive-file.ts';
import { createArchiveState } from './archive-state.ts';
import { dropCovered } from './compaction.ts';
import { snapshotFile, type LowdbContext, type Opened } from './context.ts';
import { acquireDirLock } from './dir-lock.ts';
import { replaySegments } from './journal-reader.ts';
import { decodeAny } from './journal-line.ts';
import { fsyncDir } from './fs-sync.ts';
import { createJournalWriter } from './journal-writer.ts';
import { removeTempFiles } from './line-file.ts';
import { listSegments, segmentName, type Segment } from './segments.ts';
import { storeCorrupt } from './store-corrupt.ts';
import { createSnapshotAdapter, emptyImage, type SnapshotImage } from './snapshot-file.ts';
import { viewsFile } from './views-file.ts';

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
    throw storeCorrupt(path, 0, 'holds a ticket that is not valid JSON', e);
  }
}

/**
 * What the segments on disk must look like for the snapshot found: a format-2 snapshot at N was
 * written after the segment starting at N+1 existed; without a snapshot the journal starts at 1.
 */
/**
 * A compaction creates the segment after its snapshot's sequence before the snapshot lands, while
 * the journal may still hold the last records (and the end line naming that segment) in its
 * queue. Killed in between, an empty newest segment stands after a predecessor that never got
 * its end line: it holds nothing and nothing names it, so it is removed and new records continue
 * the predecessor. Records that never reached the journal were never acknowledged.
 */
async function dropUnreachedSegment(dir: string, snapshotSeq: number, segments: Segment[]): Promise<Segment[]> {
  const last = segments.at(-1);
  const before = segments.at(-2);
  if (!last || !before || snapshotSeq >= last.start - 1) return segments;
  if ((await readFile(last.path)).length > 0) return segments;
  const buf = await readFile(before.path);
  const end = buf.lastIndexOf(0x0a);
  const start = end > 0 ? buf.lastIndexOf(0x0a, end - 1) + 1 : 0;
  const line = end > 0 ? decodeAny(buf, start, end) : undefined;
  if (line && 'next' in line) return segments; // named by its predecessor: part of the series
  await unlink(last.path);
  await fsyncDir(dir);
  return segments.slice(0, -1);
}

function checkSeries(dir: string, image: SnapshotImage, segments: Segment[]): void {
  const path = join(dir, snapshotFile);
  if (image.readFormat === undefined && segments.length > 0 && segments[0]!.start > 1) {
    throw storeCorrupt(
      path,
      0,
      `is missing, but the journal starts at record ${segments[0]!.start}: the snapshot holding records 1 to ${segments[0]!.start - 1} is gone`,
    );
  }
  if ((image.readFormat ?? 0) >= 2 && !segments.some((s) => s.start === image.seq + 1)) {
    throw storeCorrupt(
      join(dir, segmentName(image.seq + 1)),
      0,
      `is missing: the snapshot covers records up to ${image.seq} and the journal after it starts in this segment`,
    );
  }
}

/**
 * Tickets hold personal data: the directory is the owner's alone, and so is every file in it.
 * A directory owned by someone else (a mounted volume) stays as it is: then its owner decides.
 */
async function restrictAccess(dir: string): Promise<void> {
  const restrict = (path: string, mode: number) =>
    chmod(path, mode).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPERM') throw e;
    });
  await restrict(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) await restrict(join(dir, entry.name), 0o600);
    else if (entry.isDirectory() && entry.name === archiveDirName) {
      await restrict(join(dir, entry.name), 0o700);
      for (const name of await readdir(join(dir, entry.name))) await restrict(join(dir, entry.name, name), 0o600);
    }
  }
}

/**
 * Opens the data directory: take the lock, remove temp files, load the snapshot (hot tickets and
 * the archive index), replay the journal after it, cut a torn tail. A ticket both in the hot
 * state and the archive index is hot: the hot copy is never older (see README.md).
 */
export async function openStore(ctx: LowdbContext, startTimer: () => NodeJS.Timeout | undefined): Promise<Opened> {
  const { dir } = ctx;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await restrictAccess(dir);
  const lock = await acquireDirLock(dir, ctx.clock.now().toISOString());
  try {
    await removeTempFiles(dir, `${snapshotFile}.`);
    await removeTempFiles(dir, `${viewsFile}.`);
    await removeTempFiles(join(dir, archiveDirName), '');
    const path = join(dir, snapshotFile);
    const db = new Low<SnapshotImage>(createSnapshotAdapter(path), emptyImage());
    await db.read();
    const segments = await dropUnreachedSegment(dir, db.data.seq, await listSegments(dir));
    checkSeries(dir, db.data, segments);
    const archive = createArchiveState(dir, db.data.archive, ctx.settings.cacheMonths);
    const state = createStoreState({
      storedElsewhere: (id) => archive.monthOf(id) !== undefined,
      memo: ctx.memo,
      deltas: (id) => !ctx.archiving.has(id),
    });
    await loadImage(state, db.data, path);
    ctx.snapshotSeq = db.data.seq;
    db.data = emptyImage();
    const replay = await replaySegments(segments, ctx.snapshotSeq, (entry) => state.apply(entry.record));
    for (const cut of replay.truncated) ctx.emit({ type: 'journal-truncated', ...cut });
    archive.release(state.table.all().map((row) => row.id)); // hot wins
    ctx.seq = replay.lastSeq;
    ctx.sinceSnapshot = ctx.seq - ctx.snapshotSeq;
    // New records continue the newest segment (its torn tail, if any, is cut by now), so the
    // series never has a segment that ended without an end line naming its successor.
    const current = segments.at(-1)?.start ?? ctx.seq + 1;
    await dropCovered(ctx, ctx.snapshotSeq, current);
    const journal = createJournalWriter(dir, current);
    await journal.rotate(current); // the segment exists before any snapshot says it must
    return { state, archive, journal, lock, db, timer: startTimer() };
  } catch (e) {
    await lock.release();
    throw e;
  }
}
