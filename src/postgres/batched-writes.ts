import type { Pool } from 'pg';
import type { Ticket } from '../core/model/ticket.ts';
import { toRow } from '../store/ticket-row.ts';
import { claimTaken, duplicateTicket, staleVersion, ticketNotFound } from '../store/store-errors.ts';
import type { KnownStored } from './known-stored.ts';
import { splitTicket, ticketLists, type TicketList, type TicketParts } from './ticket-layout.ts';
import { createBatcher, type Batcher } from './batcher.ts';
import { guarded } from './pg-errors.ts';
import type { SqlNames } from './sql-names.ts';

/**
 * The store's hot writes, each one statement per batch (see batcher.ts). Rows travel as JSON
 * arrays expanded server-side (json_to_recordset), so a batch of any size is a few parameters,
 * and each statement is prepared once per connection. A ticket write is one statement over the
 * ticket row and its child rows (data-modifying CTEs), so it commits whole or not at all; an
 * update writes the small row, the body only when it changed, and the list elements that are
 * not known to be stored already (known-stored.ts): a reply adds one row, not the ticket again.
 */
/** A new ticket, and the meta key it claims in the same statement (an intake idempotency key). */
export interface TicketInsert {
  ticket: Ticket;
  claim?: string;
}

export interface BatchedWrites {
  insert: Batcher<TicketInsert, void>;
  update: Batcher<{ ticket: Ticket; expectedVersion: number }, void>;
  sequence: Batcher<string, number>;
  /** `json` undefined deletes the key. */
  meta: Batcher<{ key: string; json: string | undefined }, void>;
}

/** The indexed columns and the parts of a ticket, as one JSON object (the array element the statements read). */
function rowJson(ticket: Ticket, parts: TicketParts, withBody: boolean, expected?: number, claim?: string): string {
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
    body_hash: parts.bodyHash,
    replies_n: parts.lists.replies.length,
    history_n: parts.lists.history.length,
    tasks_n: parts.lists.tasks.length,
    ...(expected !== undefined ? { expected } : {}),
    ...(claim !== undefined ? { claim } : {}),
  };
  const head = JSON.stringify(cols);
  return `${head.slice(0, -1)},"doc":${parts.doc},"body":${withBody ? parts.body : 'null'}}`;
}

/** Child rows of one list for the statements: `{t: ticket id, s: index, d: element}` per element written. */
function childRows(out: string[], id: string, items: readonly unknown[], indexes?: number[]): void {
  const idJson = JSON.stringify(id);
  const each = (i: number) => out.push(`{"t":${idJson},"s":${i},"d":${JSON.stringify(items[i]) ?? 'null'}}`);
  if (indexes) for (const i of indexes) each(i);
  else for (let i = 0; i < items.length; i++) each(i);
}

const recordColumns = `id text, version integer, status text, "group" text, priority text, channel text, assignee text,
  closed boolean, created_at timestamptz, doc jsonb, body jsonb, body_hash text, replies_n integer, history_n integer, tasks_n integer`;

/** A data exception (22) or integrity violation (23): one row's fault, so worth retrying rows alone. */
export function rowFault(err: unknown): boolean {
  const code = (err as { details?: { pgCode?: unknown } }).details?.pgCode;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

export function createBatchedWrites(pool: Pool, n: SqlNames, known: KnownStored): BatchedWrites {
  // prepared-statement names are per connection; the schema is part of the text, so of the name
  const name = (what: string) => `swb_${what}_${n.schema}`;

  const listParams = (first: number) => ticketLists.map((_, i) => `$${first + i}::json`);
  /** One CTE per list writing its rows for the tickets `written` returned: `e(t, s, d)` from the list's parameter. */
  const putLists = (written: string, upsert: boolean) =>
    ticketLists
      .map(
        (list, i) => `put_${list} AS (
          INSERT INTO ${n.lists[list]} (ticket_id, seq, doc)
          SELECT e.t, e.s, e.d FROM json_to_recordset(${listParams(2)[i]}) AS e(t text, s integer, d jsonb)
          WHERE e.t IN (SELECT id FROM ${written})
          ${upsert ? 'ON CONFLICT (ticket_id, seq) DO UPDATE SET doc = EXCLUDED.doc' : ''})`,
      )
      .join(',\n');
  const listValues = (rows: Record<TicketList, string[]>) => ticketLists.map((list) => `[${rows[list].join(',')}]`);
  const noRows = (): Record<TicketList, string[]> => ({ replies: [], history: [], tasks: [] });

  // A claimed key is set in the same statement as its ticket: the ticket is written only when
  // the key was free (a concurrent insert claiming it waits for the other to commit, then skips).
  const insert = createBatcher<TicketInsert, void>({
    key: (w) => w.ticket.id,
    isolate: rowFault,
    async run(writes) {
      const tickets = writes.map((w) => w.ticket);
      const parts = tickets.map(splitTicket);
      const children = noRows();
      tickets.forEach((t, i) => {
        for (const list of ticketLists) childRows(children[list], t.id, parts[i]!.lists[list]);
      });
      const res = await guarded('inserting tickets', () =>
        pool.query<{ id: string; claimed: boolean }>({
          name: name('ins3'),
          text: `WITH x AS MATERIALIZED (SELECT * FROM json_to_recordset($1::json) AS x(${recordColumns}, claim text)),
                 claimed AS (
                   INSERT INTO ${n.meta} (key, value)
                   SELECT x.claim, to_jsonb(x.id) FROM x
                   WHERE x.claim IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${n.tickets} t WHERE t.id = x.id)
                   ON CONFLICT (key) DO NOTHING RETURNING key),
                 ins AS (
                   INSERT INTO ${n.tickets} (id, version, status, "group", priority, channel, assignee, closed, created_at, doc, body, body_hash)
                   SELECT id, version, status, "group", priority, channel, assignee, closed, created_at, doc, body, body_hash
                   FROM x WHERE x.claim IS NULL OR x.claim IN (SELECT key FROM claimed)
                   ON CONFLICT (id) DO NOTHING RETURNING id),
                 ${putLists('ins', false)}
                 SELECT x.id, (x.claim IS NULL OR x.claim IN (SELECT key FROM claimed)) AS claimed
                 FROM x WHERE x.id IN (SELECT id FROM ins) OR NOT (x.claim IS NULL OR x.claim IN (SELECT key FROM claimed))`,
          values: [
            `[${writes.map((w, i) => rowJson(w.ticket, parts[i]!, true, undefined, w.claim)).join(',')}]`,
            ...listValues(children),
          ],
        }),
      );
      const inserted = new Set(res.rows.filter((r) => r.claimed).map((r) => r.id));
      const lostClaim = new Set(res.rows.filter((r) => !r.claimed).map((r) => r.id));
      return writes.map(({ ticket: t, claim }, i) => {
        if (lostClaim.has(t.id)) return claimTaken(t.id, claim!);
        if (!inserted.has(t.id)) return duplicateTicket(t.id);
        known.remember(t, parts[i]!.bodyHash);
        return undefined;
      });
    },
  });

  const update = createBatcher<{ ticket: Ticket; expectedVersion: number }, void>({
    key: (u) => u.ticket.id,
    isolate: rowFault,
    async run(updates) {
      const parts = updates.map((u) => splitTicket(u.ticket));
      const children = noRows();
      const rows = updates.map(({ ticket, expectedVersion }, i) => {
        const p = parts[i]!;
        for (const list of ticketLists)
          childRows(children[list], ticket.id, p.lists[list], known.changed(ticket, list, expectedVersion));
        return rowJson(ticket, p, !known.sameBody(ticket.id, expectedVersion, p.bodyHash), expectedVersion);
      });
      const res = await guarded('updating tickets', () =>
        pool.query<{ id: string }>({
          name: name('upd2'),
          // the body keeps its stored value (and its out-of-line copy) when it did not change
          text: `WITH upd AS (
                   UPDATE ${n.tickets} t SET version = x.version, status = x.status, "group" = x."group", priority = x.priority,
                     channel = x.channel, assignee = x.assignee, closed = x.closed, created_at = x.created_at, doc = x.doc,
                     body = CASE WHEN x.body IS NULL OR t.body_hash = x.body_hash THEN t.body ELSE x.body END,
                     body_hash = x.body_hash, updated_at = now()
                   FROM json_to_recordset($1::json) AS x(${recordColumns}, expected integer)
                   WHERE t.id = x.id AND t.version = x.expected
                   RETURNING t.id, x.replies_n, x.history_n, x.tasks_n),
                 ${ticketLists
                   .map(
                     (list) => `cut_${list} AS (
                   DELETE FROM ${n.lists[list]} c USING upd WHERE c.ticket_id = upd.id AND c.seq >= upd.${list}_n)`,
                   )
                   .join(',\n')},
                 ${putLists('upd', true)}
                 SELECT id FROM upd`,
          values: [`[${rows.join(',')}]`, ...listValues(children)],
        }),
      );
      const done = new Set(res.rows.map((r) => r.id));
      updates.forEach((u, i) => {
        if (done.has(u.ticket.id)) known.remember(u.ticket, parts[i]!.bodyHash);
      });
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
