import type { Ticket } from '../core/model/ticket.ts';
import { createTicketTable, type TicketTable } from './ticket-table.ts';
import { toRow, rowFromJson, type TicketRow } from './ticket-row.ts';
import type { JsonMemo } from './json-memo.ts';
import { applyTicketDelta, ticketDelta } from './ticket-delta.ts';
import {
  checkNextVersion,
  checkStoredTicket,
  claimTaken,
  duplicateTicket,
  staleVersion,
  ticketNotFound,
} from './store-errors.ts';

/** One state change; the lowdb store journals exactly these, and replays them on open. */
export type StoreRecord =
  | { op: 'put'; json: string }
  /** A change of a stored ticket (ticket-delta.ts): `json` is the delta, applied to version `from`. */
  | { op: 'patch'; id: string; from: number; json: string }
  | { op: 'seq'; name: string; value: number }
  | { op: 'meta'; key: string; json: string | undefined };

/** Everything a store holds, in the form a snapshot saves. Values are JSON text. */
export interface StateImage {
  sequences: Record<string, number>;
  meta: Record<string, string>;
  tickets: string[];
}

/**
 * The checks and the in-memory state every embedded store shares. Each mutator validates,
 * applies synchronously (so concurrent callers are serialised by the event loop) and returns
 * the record a durable store must write before acknowledging.
 */
export interface StoreState {
  readonly table: TicketTable;
  /** With `claim`: also the meta record setting that key to the ticket's id (see Store.insert). */
  insert(ticket: Ticket, claim?: string): StoreRecord[];
  /**
   * `stored` is the current row when it lives outside the table (an archived ticket the caller
   * loaded); the updated ticket then goes into the table.
   */
  update(ticket: Ticket, expectedVersion: number, stored?: TicketRow): StoreRecord;
  nextSequence(name: string): { value: number; record: StoreRecord };
  setMeta(key: string, value: unknown): StoreRecord;
  metaJson(key: string): string | undefined;
  /**
   * Replays a record (it was checked when first written); a returned text says why it cannot be
   * applied: a patch whose base version is not the one held.
   */
  apply(record: StoreRecord): string | undefined;
  /** `tickets` replaces the table's tickets (a caller that already walked the rows, e.g. to archive some). */
  image(tickets?: string[]): StateImage;
}

export interface StoreStateOptions {
  /** Ids stored outside the table (archived): insert refuses them as duplicates. */
  storedElsewhere?: (id: string) => boolean;
  /** Receives the text of every ticket written (the store's answer memo). */
  memo?: JsonMemo;
  /** Updates of large tickets these ids name return patch records (only the change) instead of the whole ticket. */
  deltas?: (id: string) => boolean;
}

export function createStoreState(options: StoreStateOptions = {}): StoreState {
  const elsewhere = options.storedElsewhere ?? (() => false);
  const memo = options.memo;
  const table = createTicketTable();
  const sequences = new Map<string, number>();
  const meta = new Map<string, string>();

  function apply(record: StoreRecord): string | undefined {
    switch (record.op) {
      case 'put':
        table.put(rowFromJson(record.json));
        return;
      case 'patch': {
        const row = table.get(record.id);
        if (row?.version !== record.from)
          return `holds a change of ticket ${record.id} from version ${record.from}, but ${row ? `version ${row.version}` : 'no such ticket'} is stored before it`;
        const json = applyTicketDelta(row.json, record.json);
        if (json === undefined) return `holds a change of ticket ${record.id} that does not fit its stored text`;
        table.put(rowFromJson(json));
        return;
      }
      case 'seq':
        sequences.set(record.name, Math.max(sequences.get(record.name) ?? 0, record.value));
        return;
      case 'meta':
        if (record.json === undefined) meta.delete(record.key);
        else meta.set(record.key, record.json);
        return;
    }
  }

  return {
    table,
    insert(ticket, claim) {
      checkStoredTicket(ticket);
      if (table.get(ticket.id) || elsewhere(ticket.id)) throw duplicateTicket(ticket.id);
      if (claim !== undefined && meta.has(claim)) throw claimTaken(ticket.id, claim);
      // the ticket service may have serialised it already to check its size
      const json = memo?.recall(ticket) ?? JSON.stringify(ticket);
      memo?.remember(ticket, json);
      table.put(toRow(ticket, json));
      const put: StoreRecord = { op: 'put', json };
      if (claim === undefined) return [put];
      const key: StoreRecord = { op: 'meta', key: claim, json: JSON.stringify(ticket.id) };
      apply(key);
      return [put, key];
    },
    update(ticket, expectedVersion, stored) {
      checkStoredTicket(ticket);
      const current = table.get(ticket.id) ?? stored;
      if (!current) throw ticketNotFound(ticket.id);
      if (current.version !== expectedVersion) throw staleVersion(ticket.id, expectedVersion, current.version);
      checkNextVersion(ticket, expectedVersion);
      // the ticket service may have serialised it already to check its size
      const json = memo?.recall(ticket) ?? JSON.stringify(ticket);
      memo?.remember(ticket, json);
      table.put(toRow(ticket, json));
      // An archived base is not in the table a replay starts from: that change is written whole.
      const delta =
        !stored && options.deltas?.(ticket.id)
          ? ticketDelta(ticket.id, current.version, current.json, json)
          : undefined;
      return delta ? { op: 'patch', id: ticket.id, from: current.version, json: delta } : { op: 'put', json };
    },
    nextSequence(name) {
      const value = (sequences.get(name) ?? 0) + 1;
      sequences.set(name, value);
      return { value, record: { op: 'seq', name, value } };
    },
    setMeta(key, value) {
      const record: StoreRecord = { op: 'meta', key, json: JSON.stringify(value) as string | undefined };
      apply(record);
      return record;
    },
    metaJson: (key) => meta.get(key),
    apply,
    image(tickets) {
      return {
        sequences: Object.fromEntries(sequences),
        meta: Object.fromEntries(meta),
        tickets: tickets ?? table.all().map((row) => row.json),
      };
    },
  };
}
