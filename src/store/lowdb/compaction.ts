import { mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { archiveDirName, writeArchiveMonth } from './archive-file.ts';
import { prepareMonth, type PreparedMonth } from './archive-state.ts';
import { mergeRows, planArchive, type ArchivePlan } from './archive-plan.ts';
import type { LowdbContext, Opened } from './context.ts';
import { fsyncDir } from './fs-sync.ts';
import { listSegments, segmentName } from './segments.ts';
import { emptyImage, type SnapshotImage } from './snapshot-file.ts';
import { writeViewsFile } from './views-file.ts';

/**
 * Creates the segment that records after N go to, without waiting behind the journal's queue:
 * the snapshot at N, once renamed into place, says this file exists. (The writer appends to the
 * same file; the directory fsync after the snapshot's rename makes both entries durable.)
 */
async function createSegmentFile(dir: string, start: number): Promise<void> {
  const handle = await open(join(dir, segmentName(start)), 'a', 0o600);
  await handle.close();
}

/** Deletes the journal segments whose records are all at or before `covered` (never `keepStart`). */
export async function dropCovered(ctx: LowdbContext, covered: number, keepStart: number): Promise<void> {
  const segments = await listSegments(ctx.dir);
  let dropped = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const next = segments[i + 1];
    const end = next ? next.start - 1 : ctx.seq;
    if (end <= covered && seg.start !== keepStart) {
      await unlink(seg.path);
      dropped++;
    }
  }
  if (dropped > 0) await fsyncDir(ctx.dir);
}

/**
 * Writes the month files of a plan, each the rows its month held at capture plus the rows moving
 * in, and makes them durable (directory fsync) before the caller writes the snapshot that points
 * at them. Returns what each month file now holds.
 */
async function writeArchive(ctx: LowdbContext, o: Opened, plan: ArchivePlan): Promise<Map<string, PreparedMonth>> {
  const written = new Map<string, PreparedMonth>();
  if (plan.moving.size === 0) return written;
  const archiveDir = join(ctx.dir, archiveDirName);
  await mkdir(archiveDir, { recursive: true, mode: 0o700 });
  await fsyncDir(ctx.dir); // the archive directory's own entry (a no-op cost once it exists)
  for (const [month, moving] of plan.moving) {
    const kept = plan.kept.get(month)!;
    const existing = kept.size > 0 ? (await o.archive.load(month)).ordered.filter((r) => kept.has(r.id)) : [];
    const rows = mergeRows(existing, moving);
    await writeArchiveMonth(ctx.dir, month, rows);
    await yieldToLoop();
    written.set(month, prepareMonth(rows));
  }
  await fsyncDir(archiveDir);
  return written;
}

/**
 * After the snapshot is in place: the moved tickets leave the hot table, unless one changed
 * after the capture (then its newer version stays hot and wins over the archived copy).
 */
function installArchive(o: Opened, plan: ArchivePlan, written: Map<string, PreparedMonth>): number {
  const gone = new Set<string>();
  for (const [month, moving] of plan.moving) {
    const moved = moving.filter((row) => o.state.table.get(row.id) === row).map((row) => row.id);
    for (const id of moved) gone.add(id);
    o.archive.install(month, written.get(month)!, moved, plan.image[month]!.facets);
  }
  o.state.table.deleteMany(gone);
  return gone.size;
}

/**
 * One compaction: capture state + archive plan at sequence N in one synchronous step, switch the
 * journal to a new segment, write archive months (durable), then the snapshot (durable), then
 * move the archived tickets out of memory and delete the segments the snapshot covers.
 */
export async function runCompaction(ctx: LowdbContext, o: Opened): Promise<void> {
  const t0 = performance.now();
  const covered = ctx.seq;
  const now = ctx.clock.now();
  const cutoff = ctx.settings.archiveAfterMs === undefined ? undefined : now.getTime() - ctx.settings.archiveAfterMs;
  const plan = planArchive(o.state.table.all(), cutoff, o.archive, ctx.settings.archivePerSnapshot);
  ctx.archiving = new Set([...plan.moving.values()].flatMap((rows) => rows.map((r) => r.id)));
  const image: SnapshotImage = {
    ...o.state.image(plan.hot),
    archive: plan.image,
    seq: covered,
    savedAt: now.toISOString(),
  };
  // the views at the same moment; every ticket at a version they do not hold is named
  const views = ctx.views?.({ pieceChars: ctx.settings.viewsPieceChars });
  const lagging: string[] = [];
  const hotLagging: string[] = [];
  if (views)
    for (const r of o.state.table.all())
      if (views.versionOf(r.id) !== r.version) (ctx.archiving.has(r.id) ? lagging : hotLagging).push(r.id);
  const coveredWritten = o.journal.barrier();
  o.journal.rotate(covered + 1).catch(() => undefined); // a failure is the journal's, reported on the next write
  const nextSegment = createSegmentFile(ctx.dir, covered + 1);
  const taken = ctx.sinceSnapshot;
  ctx.sinceSnapshot = 0;
  const t1 = performance.now();
  let archived = 0;
  try {
    const written = await writeArchive(ctx, o, plan);
    await nextSegment; // a snapshot at N says the segment starting at N+1 exists
    // before the snapshot: views at N beside an older snapshot are still whole (the replay adds the rest)
    if (views) await writeViewsFile(ctx.dir, views.lines, { seq: covered, lagging, hotLagging });
    o.db.data = image;
    await o.db.write();
    archived = installArchive(o, plan, written);
  } catch (e) {
    ctx.sinceSnapshot += taken;
    throw e;
  } finally {
    o.db.data = emptyImage(); // hold no old ticket text between snapshots
    ctx.archiving = new Set();
  }
  ctx.snapshotSeq = covered;
  const t2 = performance.now();
  // Old segments may still be receiving the records just before `covered`.
  await coveredWritten.catch(() => undefined);
  await dropCovered(ctx, covered, covered + 1);
  ctx.snapshots++;
  ctx.lastSnapshot = { tickets: image.tickets.length, archived, captureMs: t1 - t0, writeMs: t2 - t1 };
  ctx.emit({ type: 'snapshot', seq: covered, ...ctx.lastSnapshot });
}
