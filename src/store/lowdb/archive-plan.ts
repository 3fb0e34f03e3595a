import type { TicketRow } from '../ticket-row.ts';
import { compareKeys } from '../ticket-table.ts';
import type { ArchiveState } from './archive-state.ts';
import { addFacets, emptyFacets, monthKeyer, type ArchiveImage, type MonthKey } from './archive-month.ts';

/** What one compaction moves, captured synchronously together with the snapshot image. */
export interface ArchivePlan {
  /** JSON of the tickets that stay in the hot state (the snapshot's tickets). */
  hot: string[];
  /** Rows to archive, by month, in list order. */
  moving: Map<MonthKey, TicketRow[]>;
  /** The ids each of those months held when the plan was made: the rows to keep from its file. */
  kept: Map<MonthKey, ReadonlySet<string>>;
  /** The snapshot's archive index once the move is done. */
  image: ArchiveImage;
}

/**
 * At most this many tickets move per compaction (the oldest due first): bounds the synchronous
 * capture and the month writes of one compaction when a big backlog becomes due at once (the
 * first run over an old data directory); the rest follow at the next compactions.
 */
export const maxArchivedPerCompaction = 10_000;

const isDue = (row: TicketRow, cutoffMs: number) => row.closed && row.closedAtMs <= cutoffMs;

/**
 * Splits the hot rows (list order) into those that stay and closed ones whose close is at or
 * before `cutoffMs` (none when undefined). The month key is the createdAt month, so a ticket
 * closed long after it was opened joins an older month's file.
 */
export function planArchive(
  rows: readonly TicketRow[],
  cutoffMs: number | undefined,
  archive: ArchiveState,
  max = maxArchivedPerCompaction,
): ArchivePlan {
  // The oldest due rows, up to max: from the end of the list order.
  let due = 0;
  let from = rows.length;
  if (cutoffMs !== undefined) {
    while (from > 0 && due < max) if (isDue(rows[--from]!, cutoffMs)) due++;
  }
  const hot: string[] = [];
  const moving = new Map<MonthKey, TicketRow[]>();
  const monthOf = monthKeyer();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (i < from || cutoffMs === undefined || !isDue(row, cutoffMs)) {
      hot.push(row.json);
      continue;
    }
    const month = monthOf(row.at);
    let list = moving.get(month);
    if (!list) moving.set(month, (list = []));
    list.push(row);
  }
  const image = archive.image();
  const kept = new Map<MonthKey, ReadonlySet<string>>();
  for (const [month, list] of moving) {
    const ids = archive.ids(month);
    kept.set(month, new Set(ids));
    image[month] = {
      facets: addFacets(archive.facets(month) ?? emptyFacets(), list),
      ids: [...ids, ...list.map((r) => r.id)],
    };
  }
  return { hot, moving, kept, image };
}

/** True when some closed hot row is due for the archive (an archive-only compaction is worth it). */
export function anyDue(rows: Iterable<TicketRow>, cutoffMs: number | undefined): boolean {
  if (cutoffMs === undefined) return false;
  for (const row of rows) if (row.closed && row.closedAtMs <= cutoffMs) return true;
  return false;
}

/** Merges two row lists that are each in list order (a linear merge: no sort over a whole month). */
export function mergeRows(a: readonly TicketRow[], b: readonly TicketRow[]): TicketRow[] {
  const out: TicketRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareKeys(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
