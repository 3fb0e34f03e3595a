import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import { decodeCursor, type CursorKey } from '../cursor.ts';
import type { TicketRow } from '../ticket-row.ts';
import { pageLimit, rowMatches, seekRows, toPage, type RowPage } from '../ticket-table.ts';
import type { TicketFilter } from '../types.ts';
import type { LoadedMonth } from './archive-state.ts';
import { facetsMayMatch, monthEndMs, monthOf, type MonthKey } from './archive-month.ts';
import { mergeRows } from './archive-plan.ts';
import type { Opened } from './context.ts';

/**
 * Reads that see the hot table and the archive as one set of tickets. A ticket is visible in
 * exactly one place: the hot table if it is there, else the archive month its id maps to.
 * Loading a month is asynchronous; the decision that uses the loaded rows is made synchronously
 * after the last await, against the state as it is then.
 */

/**
 * Calls `use` synchronously with the ticket's current row (hot or archived; undefined when the
 * id is unknown), loading its archive month first when needed.
 */
export async function withCurrentRow<T>(
  o: Opened,
  id: string,
  use: (row: TicketRow | undefined, archived: boolean) => T,
): Promise<T> {
  for (;;) {
    const hot = o.state.table.get(id);
    const month = o.archive.monthOf(id);
    if (hot || month === undefined) return use(hot, false);
    const loaded = await o.archive.load(month);
    if (o.state.table.get(id) || o.archive.monthOf(id) !== month || o.archive.gen(month) !== loaded.gen) continue; // moved meanwhile
    const row = loaded.byId.get(id);
    if (!row) {
      throw new SwitchboardError(
        'SWB_STORE_CORRUPT',
        `Archive month ${month} lacks ticket ${id} that the snapshot places there; restore the archive file from a backup.`,
        {
          month,
          id,
        },
      );
    }
    return use(row, true);
  }
}

type Attempt = { rows: TicketRow[] } | { missing: MonthKey };

/**
 * One synchronous try at a page over hot ∪ archive: up to `need` rows after `after`, or the
 * first archive month it needs that is not loaded (current) yet. Months are newest first and
 * each holds one createdAt range, so a month whose end is at or before the last hot row needed
 * cannot contribute, and neither can months after `need` archived rows were found.
 */
function attempt(
  o: Opened,
  filter: TicketFilter,
  after: CursorKey | undefined,
  need: number,
  loaded: Map<MonthKey, LoadedMonth>,
): Attempt {
  const hot = o.state.table.scan(filter, after, need);
  if (o.archive.size === 0) return { rows: hot };
  const lastHot = hot.length === need ? hot[need - 1] : undefined;
  const afterMonth = after === undefined ? undefined : monthOf(after.at);
  const archived: TicketRow[] = [];
  for (const month of o.archive.months()) {
    if (archived.length >= need) break;
    if (afterMonth !== undefined && month > afterMonth) continue;
    if (lastHot && monthEndMs(month) <= lastHot.at) break;
    if (!facetsMayMatch(o.archive.facets(month)!, filter)) continue;
    const m = loaded.get(month);
    if (!m || m.gen !== o.archive.gen(month)) return { missing: month };
    for (
      let i = after === undefined ? 0 : seekRows(m.ordered, after, false);
      i < m.ordered.length && archived.length < need;
      i++
    ) {
      const row = m.ordered[i]!;
      if (o.archive.monthOf(row.id) !== month || o.state.table.get(row.id)) continue;
      if (rowMatches(row, filter)) archived.push(row);
    }
  }
  return { rows: mergeRows(hot, archived).slice(0, need) };
}

/** A page of list(), hot and archived tickets merged in list order; the cursor works across both. */
export async function listRows(o: Opened, filter: TicketFilter): Promise<RowPage> {
  const limit = pageLimit(filter);
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  const loaded = new Map<MonthKey, LoadedMonth>();
  for (;;) {
    const result = attempt(o, filter, after, limit + 1, loaded);
    if ('rows' in result) return toPage(result.rows, limit);
    loaded.set(result.missing, await o.archive.load(result.missing));
  }
}
