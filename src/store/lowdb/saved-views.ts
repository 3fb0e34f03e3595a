import type { Ticket } from '../../core/model/ticket.ts';
import type { LoadedViews } from '../types.ts';
import { withCurrentRow } from './archive-reads.ts';
import type { LowdbContext, Opened } from './context.ts';
import { readViewsFile } from './views-file.ts';

const pageSize = 1000;

/**
 * The views saved with the snapshot, and what changed since: every hot ticket at a version the
 * views do not hold (what the journal replayed, what was written since the open, what the views
 * had not applied yet when saved), plus the tickets the saving compaction archived at such a
 * version. Archived tickets are otherwise as the views saw them: a change brings a ticket back
 * into the hot state. Views older than the snapshot are unusable (a ticket may have changed and
 * been archived since, unseen).
 */
export async function loadSavedViews(ctx: LowdbContext, o: Opened): Promise<LoadedViews | { unusable: string }> {
  const read = await readViewsFile(ctx.dir);
  if (typeof read === 'string') return { unusable: read };
  const { trailer, lines } = read;
  if (trailer.seq < ctx.snapshotSeq)
    return {
      unusable: `the saved views cover journal record ${trailer.seq}, the snapshot ${ctx.snapshotSeq} (saved without them)`,
    };
  if (trailer.seq > ctx.seq)
    return { unusable: `the saved views cover journal record ${trailer.seq}, but the store holds only ${ctx.seq}` };
  return {
    lines,
    async *changed(versionOf) {
      let page: Ticket[] = [];
      for (const row of o.state.table.all()) {
        if (versionOf(row.id) === row.version) continue;
        page.push(JSON.parse(row.json) as Ticket);
        if (page.length >= pageSize) {
          await o.journal.barrier();
          yield page;
          page = [];
        }
      }
      for (const id of trailer.lagging) {
        const row = await withCurrentRow(o, id, (r) => r);
        if (row && versionOf(id) !== row.version) page.push(JSON.parse(row.json) as Ticket);
      }
      await o.journal.barrier();
      if (page.length > 0) yield page;
    },
  };
}
