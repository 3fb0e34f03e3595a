import type { TicketFilter } from './types.ts';
import type { TicketRow } from './ticket-row.ts';
import { decodeCursor, encodeCursor, type CursorKey } from './cursor.ts';

export const defaultPageSize = 50;
export const maxPageSize = 500;

/** A page of rows, captured synchronously; parse them when (and only when) handing them out. */
export interface RowPage {
  rows: TicketRow[];
  nextCursor?: string;
}

/** Tickets by id plus an array kept in order (list order is createdAt desc, id desc), for keyset paging. */
export interface TicketTable {
  readonly size: number;
  get(id: string): TicketRow | undefined;
  put(row: TicketRow): void;
  /** Removes these ids in one pass over the ordered array (not one splice each). */
  deleteMany(ids: ReadonlySet<string>): void;
  list(filter?: TicketFilter): RowPage;
  /** Up to `max` rows matching `filter` that sort strictly after `after` (from the start when undefined). */
  scan(filter: TicketFilter, after: CursorKey | undefined, max: number): TicketRow[];
  open(): TicketRow[];
  all(): TicketRow[];
}

/** Negative when a comes first (newer), positive when b does. */
export function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

export function rowMatches(row: TicketRow, f: TicketFilter): boolean {
  if (f.status && f.status.length > 0 && !f.status.includes(row.status)) return false;
  if (f.group && f.group.length > 0 && !f.group.includes(row.group)) return false;
  if (f.priority && f.priority.length > 0 && !f.priority.includes(row.priority)) return false;
  if (f.channel && f.channel.length > 0 && !f.channel.includes(row.channel)) return false;
  if (f.assignee !== undefined && row.assignee !== f.assignee) return false;
  return true;
}

export function pageLimit(filter: TicketFilter): number {
  return Math.min(maxPageSize, Math.max(1, Math.floor(filter.limit ?? defaultPageSize)));
}

/** First index in `ordered` (list order) whose row sorts strictly after `key` (or at it, when inclusive). */
export function seekRows(ordered: readonly CursorKey[], key: CursorKey, inclusive: boolean): number {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeys(ordered[mid]!, key);
    if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `limit` rows make a page; a (limit + 1)th means there is a next page, named by the last row shown. */
export function toPage(rows: TicketRow[], limit: number): RowPage {
  if (rows.length <= limit) return { rows };
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1]!;
  return { rows: shown, nextCursor: encodeCursor({ at: last.at, id: last.id }) };
}

export function createTicketTable(): TicketTable {
  const byId = new Map<string, TicketRow>();
  // Oldest first, so the usual write (a ticket newer than all others) is a push, not a shift of
  // the whole array; list order is this array walked backwards. A ticket older than the newest
  // (a snapshot loading newest first, an import of history) is appended out of order, and the
  // next read sorts once: a sorted run plus a few strays, or a reversed run, sorts in linear
  // time, where a splice per row made loading a large snapshot quadratic. Rows replaced or
  // deleted while unsorted stay in the array until that sort drops them.
  let ordered: TicketRow[] = [];
  let sorted = true;

  function rows(): TicketRow[] {
    if (!sorted) {
      const current = ordered.filter((r) => byId.get(r.id) === r).sort((a, b) => compareKeys(b, a));
      ordered = current.filter((r, i) => i === 0 || current[i - 1] !== r);
      sorted = true;
    }
    return ordered;
  }

  /** First index whose row is at `key` or newer. */
  function lowerBound(key: CursorKey): number {
    const all = rows();
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(all[mid]!, key) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function scan(filter: TicketFilter, after: CursorKey | undefined, max: number): TicketRow[] {
    const all = rows();
    const start = after === undefined ? all.length - 1 : lowerBound(after) - 1;
    const out: TicketRow[] = [];
    for (let i = start; i >= 0 && out.length < max; i--) {
      const row = all[i]!;
      if (rowMatches(row, filter)) out.push(row);
    }
    return out;
  }

  return {
    get size() {
      return byId.size;
    },
    get: (id) => byId.get(id),
    put(row) {
      const old = byId.get(row.id);
      byId.set(row.id, row);
      if (sorted && old && old.at === row.at) {
        ordered[lowerBound(old)] = row;
        return;
      }
      if (sorted && old) ordered.splice(lowerBound(old), 1);
      const last = ordered[ordered.length - 1];
      if (sorted && last && compareKeys(last, row) <= 0) sorted = false;
      ordered.push(row);
    },
    deleteMany(ids) {
      let hit = false;
      for (const id of ids) hit = byId.delete(id) || hit;
      if (hit && sorted) ordered = ordered.filter((row) => !ids.has(row.id));
    },
    list(filter = {}) {
      const limit = pageLimit(filter);
      const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
      return toPage(scan(filter, after, limit + 1), limit);
    },
    scan,
    open() {
      const all = rows();
      const out: TicketRow[] = [];
      for (let i = all.length - 1; i >= 0; i--) if (!all[i]!.closed) out.push(all[i]!);
      return out;
    },
    all: () => rows().slice().reverse(),
  };
}
