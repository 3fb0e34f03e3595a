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

/** Tickets by id plus an array kept in list order (createdAt desc, id desc), for keyset paging. */
export interface TicketTable {
  readonly size: number;
  get(id: string): TicketRow | undefined;
  put(row: TicketRow): void;
  list(filter?: TicketFilter): RowPage;
  open(): TicketRow[];
  all(): TicketRow[];
}

/** Negative when a comes first (newer), positive when b does. */
function compare(a: CursorKey, b: CursorKey): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

function matches(row: TicketRow, f: TicketFilter): boolean {
  if (f.status && f.status.length > 0 && !f.status.includes(row.status)) return false;
  if (f.group && f.group.length > 0 && !f.group.includes(row.group)) return false;
  if (f.priority && f.priority.length > 0 && !f.priority.includes(row.priority)) return false;
  if (f.channel && f.channel.length > 0 && !f.channel.includes(row.channel)) return false;
  if (f.assignee !== undefined && row.assignee !== f.assignee) return false;
  return true;
}

export function createTicketTable(): TicketTable {
  const byId = new Map<string, TicketRow>();
  // Oldest first, so the usual write (a ticket newer than all others) is a push, not a shift of
  // the whole array; pages walk it backwards.
  const ordered: TicketRow[] = [];

  /** First index whose row is at `key` or newer. */
  function lowerBound(key: CursorKey): number {
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(ordered[mid]!, key) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  const add = (row: TicketRow) => {
    const last = ordered[ordered.length - 1];
    if (!last || compare(last, row) > 0) ordered.push(row);
    else ordered.splice(lowerBound(row), 0, row);
  };

  return {
    get size() {
      return byId.size;
    },
    get: (id) => byId.get(id),
    put(row) {
      const old = byId.get(row.id);
      byId.set(row.id, row);
      if (old && old.at === row.at) {
        ordered[lowerBound(old)] = row;
        return;
      }
      if (old) ordered.splice(lowerBound(old), 1);
      add(row);
    },
    list(filter = {}) {
      const limit = Math.min(maxPageSize, Math.max(1, Math.floor(filter.limit ?? defaultPageSize)));
      const start = filter.cursor === undefined ? ordered.length - 1 : lowerBound(decodeCursor(filter.cursor)) - 1;
      const rows: TicketRow[] = [];
      for (let i = start; i >= 0; i--) {
        const row = ordered[i]!;
        if (!matches(row, filter)) continue;
        if (rows.length === limit) {
          const last = rows[rows.length - 1]!;
          return { rows, nextCursor: encodeCursor({ at: last.at, id: last.id }) };
        }
        rows.push(row);
      }
      return { rows };
    },
    open() {
      const out: TicketRow[] = [];
      for (let i = ordered.length - 1; i >= 0; i--) if (!ordered[i]!.closed) out.push(ordered[i]!);
      return out;
    },
    all: () => ordered.slice().reverse(),
  };
}
