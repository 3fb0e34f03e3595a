import type { TicketFilter } from '../types.ts';
import type { TicketRow } from '../ticket-row.ts';

/**
 * Archived tickets are grouped by the UTC month of their createdAt ("2026-10"), the key of the
 * list order: a page can then skip whole months, and a month's file holds one contiguous run of
 * that order.
 */
export type MonthKey = string;

export function monthOf(at: number): MonthKey {
  return new Date(at).toISOString().slice(0, 7);
}

/**
 * monthOf for many rows in a row: remembers the last month's range, so rows in list order cost a
 * comparison each instead of a Date → ISO string (about 2 µs).
 */
export function monthKeyer(): (at: number) => MonthKey {
  let from = 1;
  let to = 0;
  let key: MonthKey = '';
  return (at) => {
    if (at >= from && at < to) return key;
    key = monthOf(at);
    const d = new Date(at);
    from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return key;
  };
}

/** The first instant (ms) after the month: every row of the month has `at` before it. */
export function monthEndMs(month: MonthKey): number {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y!, m!, 1);
}

/** The distinct values of a month's filterable fields: lets a filtered list skip the month unread. */
export interface Facets {
  status: string[];
  group: string[];
  priority: string[];
  channel: string[];
}

/** What the snapshot records of one archive month: which ids live there, and its facets. */
export interface ArchiveMonthImage {
  facets: Facets;
  ids: readonly string[];
}

export type ArchiveImage = Record<MonthKey, ArchiveMonthImage>;

export function emptyFacets(): Facets {
  return { status: [], group: [], priority: [], channel: [] };
}

/** The union of `facets` and the values of `rows`. */
export function addFacets(facets: Facets, rows: readonly TicketRow[]): Facets {
  const sets = {
    status: new Set(facets.status),
    group: new Set(facets.group),
    priority: new Set(facets.priority),
    channel: new Set(facets.channel),
  };
  for (const r of rows) {
    sets.status.add(r.status);
    sets.group.add(r.group);
    sets.priority.add(r.priority);
    sets.channel.add(r.channel);
  }
  return { status: [...sets.status], group: [...sets.group], priority: [...sets.priority], channel: [...sets.channel] };
}

/** False when no ticket of a month with these facets can match the filter. */
export function facetsMayMatch(facets: Facets, f: TicketFilter): boolean {
  const any = (wanted: string[] | undefined, have: string[]) =>
    !wanted || wanted.length === 0 || wanted.some((w) => have.includes(w));
  return (
    any(f.status, facets.status) &&
    any(f.group, facets.group) &&
    any(f.priority, facets.priority) &&
    any(f.channel, facets.channel)
  );
}
