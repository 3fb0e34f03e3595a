import type { Pool } from 'pg';
import type { Ticket } from '../core/model/ticket.ts';
import { toRow } from '../store/ticket-row.ts';
import { duplicateTicket, staleVersion, ticketNotFound } from '../store/store-errors.ts';
import type { JsonMemo } from '../store/json-memo.ts';
import { createBatcher, type Batcher } from './batcher.ts';
import { guarded } from './pg-errors.ts';
import type { SqlNames } from './sql-names.ts';

/**
 * The store's hot writes, each one statement per batch (see batcher.ts). Rows travel as one JSON
 * array expanded server-side (json_to_recordset), so a batch of any size is one parameter, and
 * each statement is prepared once per connection.
 */
export interface BatchedWrites {
  insert: Batcher<Ticket, void>;
  update: Batcher<{ ticket: Ticket; expectedVersion: number }, void>;
  sequence: Batcher<string, number>;
  /** `json` undefined deletes the key. */
  meta: Batcher<{ key: string; json: string | undefined }, void>;
}

/** The indexed columns and the document of a ticket, as one JSON object (the array element the statements read). */
function rowJson(memo: JsonMemo, ticket: Ticket, expected?: number): string {
  const row = toRow(ticket, '');
  const cols = {
    id: row.id,
    version: row.version,
    status: row.status,
    group: row.group,
    priority: row.priority,
    channel: row.channel,
    assignee: row.assignee,
    closed: row.closed,
    created_at: new Date(row.at).toISOString(),
    ...(expected !== undefined ? { expected } : {}),
  };
  const head = JSON.stringify(cols);
  // the ticket service may have serialised it already to check its size
  const doc = memo.recall(ticket) ?? JSON.stringify(ticket);
  memo.remember(ticket, doc);
  return `${head.slice(0, -1)},"doc":${doc}}`;
}

const recordColumns = `id text, version integer, status text, "group" text, priority text, channel text, assignee text,
  closed boolean, created_at timestamptz, doc jsonb`;

/** A data exception (22) or integrity violation (23): one row's fault, so worth retrying rows alone. */
export function rowFault(err: unknown): boolean {
  const code = (err as { details?: { pgCode?: unknown } }).details?.pgCode;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

export function createBatchedWrites(pool: Pool, n: SqlNames, memo: JsonMemo): BatchedWrites {
  // prepared-statement names are per connection; the schema is part of the text, so of the name
  const name = (what: string) => `swb_${what}_${n.schema}`;

  const insert = createBatcher<Ticket, void>({
    key: (t) => t.id,
    isolate: rowFault,
    async run(tickets) {
      const res = await guarded('inserting tickets', () =>
        pool.query<{ id: string }>({
          name: name('ins'),
          text: `INSERT INTO ${n.tickets} (id, version, status, "group", priority, channel, assignee, closed, created_at, doc)
                 SELECT id, version, status, "group", priority, channel, assignee, closed, created_at, doc
                 FROM json_to_recordset($1::json) AS x(${recordColumns})
                 ON CONFLICT (id) DO NOTHING RETURNING id`,
          values: [`[${tickets.map((t) => rowJson(memo, t)).join(',')}]`],
        }),
      );
      const inserted = new Set(res.rows.map((r) => r.id));
      return tickets.map((t) => (inserted.has(t.id) ? undefined : duplicateTicket(t.id)));
    },
  });

  const update = createBatcher<{ ticket: Ticket; expectedVersion: number }, void>({
    key: (u) => u.ticket.id,
    isolate: rowFault,
    async run(updates) {
      const res = await guarded('updating tickets', () =>
        pool.query<{ id: string }>({
          name: name('upd'),
          text: `UPDATE ${n.tickets} t SET version = x.version, status = x.status, "group" = x."group", priority = x.priority,
                   channel = x.channel, assignee = x.assignee, closed = x.closed, created_at = x.created_at, doc = x.doc, updated_at = now()
                 FROM json_to_recordset($1::json) AS x(${recordColumns}, expected integer)
                 WHERE t.id = x.id AND t.version = x.expected RETURNING t.id`,
          values: [`[${updates.map((u) => rowJson(memo, u.ticket, u.expectedVersion)).join(',')}]`],
        }),
      );
      const done = new Set(res.rows.map((r) => r.id));
      const lost = updates.filter((u) => !done.has(u.ticket.id));
      if (lost.length === 0) return updates.map(() => undefined);
      // why each lost: another writer got there first, or the ticket does not exist
      const now = await guarded('reading ticket versions', () =>
        pool.query<{ id: string; version: number }>(`SELECT id, version FROM ${n.tickets} WHERE id = ANY($1::text[])`, [
          lost.map((u) => u.ticket.id),
        ]),
      );
      const actual = new Map(now.rows.map((r) => [r.id, r.version]));
      return updates.map(({ ticket, expectedVersion }) => {
        if (done.has(ticket.id)) return undefined;
        const v = actual.get(ticket.id);
        return v === undefined ? ticketNotFound(ticket.id) : staleVersion(ticket.id, expectedVersion, v);
      });
    },
  });

  // many calls for one counter in a batch advance it once by their count, then share the range out in push order
  const sequence = createBatcher<string, number>({
    async run(names) {
      const counts = new Map<string, number>();
      for (const s of names) counts.set(s, (counts.get(s) ?? 0) + 1);
      const res = await guarded('counting sequences', () =>
        pool.query<{ name: string; value: string }>({
          name: name('seq'),
          text: `INSERT INTO ${n.sequences} AS s (name, value)
                 SELECT name, k FROM json_to_recordset($1::json) AS x(name text, k bigint)
                 ON CONFLICT (name) DO UPDATE SET value = s.value + EXCLUDED.value RETURNING name, value`,
          values: [JSON.stringify([...counts].map(([s, k]) => ({ name: s, k })))],
        }),
      );
      const next = new Map(res.rows.map((r) => [r.name, Number(r.value) - counts.get(r.name)! + 1]));
      return names.map((s) => {
        const v = next.get(s)!;
        next.set(s, v + 1);
        return v;
      });
    },
  });

  // the last write of a key in a batch is the one stored; every caller's write is then durable (superseded)
  const meta = createBatcher<{ key: string; json: string | undefined }, void>({
    isolate: rowFault,
    async run(writes) {
      const last = new Map<string, string | undefined>();
      for (const w of writes) last.set(w.key, w.json);
      const sets: string[] = [];
      const deletes: string[] = [];
      for (const [key, json] of last) {
        if (json === undefined) deletes.push(key);
        else sets.push(`{"key":${JSON.stringify(key)},"value":${json}}`);
      }
      await guarded('writing meta', () =>
        pool.query({
          name: name('meta'),
          // e->'value' keeps a JSON null as JSON (the column is NOT NULL); ->> would make it SQL NULL
          text: `WITH gone AS (DELETE FROM ${n.meta} WHERE key = ANY($2::text[]))
                 INSERT INTO ${n.meta} (key, value)
                 SELECT e->>'key', (e->'value')::jsonb FROM json_array_elements($1::json) AS e
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
          values: [`[${sets.join(',')}]`, deletes],
        }),
      );
      return writes.map(() => undefined);
    },
  });

  return { insert, update, sequence, meta };
}
