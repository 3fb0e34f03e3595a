import type { TicketFilter } from '../store/types.ts';
import { decodeCursor } from '../store/cursor.ts';
import { defaultPageSize, maxPageSize } from '../store/ticket-table.ts';

export interface ListQuery {
  text: string;
  values: unknown[];
  /** Page size; the query asks for one more row to know whether a next page exists. */
  limit: number;
}

/**
 * One page of tickets in list order (created_at desc, id desc). The cursor is a keyset
 * position, so the row comparison `(created_at, id) < (...)` walks the order indexes. The page
 * is chosen first and `columns` (which may gather child rows) read for its rows alone, from the
 * page aliased `p`.
 */
export function listQuery(table: string, columns: string, filter: TicketFilter = {}, where: string[] = []): ListQuery {
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const conditions = [...where];
  const anyOf = (column: string, list: string[] | undefined) => {
    if (list && list.length > 0) conditions.push(`${column} = ANY(${param(list)}::text[])`);
  };
  anyOf('status', filter.status);
  anyOf('"group"', filter.group);
  anyOf('priority', filter.priority);
  anyOf('channel', filter.channel);
  if (filter.assignee !== undefined) conditions.push(`assignee = ${param(filter.assignee)}`);
  if (filter.cursor !== undefined) {
    const key = decodeCursor(filter.cursor);
    conditions.push(`(created_at, id) < (${param(new Date(key.at).toISOString())}::timestamptz, ${param(key.id)})`);
  }
  const limit = Math.min(maxPageSize, Math.max(1, Math.floor(filter.limit ?? defaultPageSize)));
  const whereSql = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  return {
    text: `SELECT ${columns} FROM (SELECT * FROM ${table} ${whereSql} ORDER BY created_at DESC, id DESC LIMIT ${param(limit + 1)}) p
           ORDER BY p.created_at DESC, p.id DESC`,
    values,
    limit,
  };
}
