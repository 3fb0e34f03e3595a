import type { Ticket } from '../core/model/ticket.ts';
import { createTicketTable, type TicketTable } from './ticket-table.ts';
import { toRow, rowFromJson, type TicketRow } from './ticket-row.ts';
import type { JsonMemo } from './json-memo.ts';
import { checkNextVersion, checkStoredTicket, duplicateTicket, staleVersion, ticketNotFound } from './store-errors.ts';

/** One state change; the lowdb store journals exactly these, and replays them on open. */
export type StoreRecord =
  | { op: 'put'; json: string }
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
  insert(ticket: Ticket): StoreRecord;
  /**
   * `stored` is the current row when it lives outside the table (an archived ticket the caller
   * loaded); the updated ticket then goes into the table.
   */
  update(ticket: Ticket, expectedVersion: number, stored?: TicketRow): StoreRecord;
  nextSequence(name: string): { value: number; record: StoreRecord };
  setMeta(key: string, value: unknown): StoreRecord;
  metaJson(key: string): string | undefined;
  /** Replays a record without checks (it was checked when first written). */
  apply(record: StoreRecord): void;
  /** `tickets` replaces the table's tickets (a caller that already walked the rows, e.g. to archive some). */
  image(tickets?: string[]): StateImage;
}

export interface StoreStateOptions {
  /** Ids stored outside the table (archived): insert refuses them as duplicates. */
  storedElsewhere?: (id: string) => boolean;
  /** Receives the text of every ticket written (the store's answer memo). */
  memo?: JsonMemo;
}

export function createStoreState(options: StoreStateOptions = {}): StoreState {
  const elsewhere = options.storedElsewhere ?? (() => false);
  const memo = options.memo;
  const table = createTicketTable();
  const sequences = new Map<string, number>();
  const meta = new Map<string, string>();

  function apply(record: StoreRecord): void {
    switch (record.op) {
      case 'put':
        table.put(rowFromJson(record.json));
        return;
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
    insert(ticket) {
      checkStoredTicket(ticket);
      if (table.get(ticket.id) || elsewhere(ticket.id)) throw duplicateTicket(ticket.id);
      // the ticket service may have serialised it already to check its size
      const json = memo?.recall(ticket) ?? JSON.stringify(ticket);
      memo?.remember(ticket, json);
      table.put(toRow(ticket, json));
      return { op: 'put', json };
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
      return { op: 'put', json };
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
