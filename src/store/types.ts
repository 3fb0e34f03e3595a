import type { Ticket } from '../core/model/ticket.ts';
import type { StoreCluster } from './cluster.ts';

export interface TicketFilter {
  status?: string[];
  group?: string[];
  priority?: string[];
  channel?: string[];
  assignee?: string;
  /** Return at most this many (default 50, max 500). */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface TicketPage {
  items: Ticket[];
  nextCursor?: string;
}

/**
 * Where tickets live. Every implementation passes test/store/contract.ts.
 * A promise that resolves means the write is durable: the API acknowledges only after it.
 */
export interface Store {
  readonly kind: string;
  open(): Promise<void>;
  close(): Promise<void>;
  /**
   * Fails with SWB_STORE_DUPLICATE when the id exists. With `claim`, the meta key `claim` is set
   * to the ticket's id in the same write, and the ticket is stored only if the key was not set:
   * otherwise it fails with SWB_STORE_DUPLICATE (details.claim), and getMeta(claim) names the
   * ticket that holds it. Two concurrent inserts claiming one key store one ticket.
   */
  insert(ticket: Ticket, opts?: { claim?: string }): Promise<void>;
  /**
   * Replaces the ticket when the stored version equals `expectedVersion`
   * (the new ticket carries expectedVersion + 1); else SWB_STORE_CONFLICT.
   */
  update(ticket: Ticket, expectedVersion: number): Promise<void>;
  get(id: string): Promise<Ticket | undefined>;
  /** Newest first (createdAt desc, then id desc). */
  list(filter?: TicketFilter): Promise<TicketPage>;
  /** Every ticket not closed: used to re-arm timers on boot. */
  openTickets(): Promise<Ticket[]>;
  /**
   * Atomically returns the next number (1, 2, ...) of a named counter, e.g. `ticket:20261123`.
   * `durable: false` answers without waiting for the number to be durable: for a caller that
   * next awaits a write carrying it (the ticket with its number). Stores that write in order
   * make the number durable with that write; a number whose write never came may be handed out
   * again after a crash, which is harmless since nobody was told it.
   */
  nextSequence(name: string, opts?: { durable?: boolean }): Promise<number>;
  /** Small durable key/value state (routing cursors, ...). */
  getMeta<T = unknown>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
  /**
   * The JSON text this store wrote for this very object (a ticket it was just given), if any:
   * the API answers with it instead of serialising the ticket again.
   */
  storedJson?(value: unknown): string | undefined;
  /** Records text a caller already made with JSON.stringify(ticket) for a ticket it will give this store, so the write reuses it. */
  rememberJson?(value: object, json: string): void;
  /**
   * Present when several processes may share this store (PostgreSQL); the runtime reads it once
   * at start (create-switchboard.ts) and hands each part to what uses it.
   */
  readonly cluster?: StoreCluster;
  /** Where the views of every ticket (metrics, tasks) are saved with the store, when it saves them. */
  readonly savedViews?: SavedViewsSlot;
}

/**
 * Views built from every ticket (the metrics aggregates, the task index), saved with the store
 * so a start loads them and applies only what changed since, instead of reading every ticket.
 * The lines are the views' own text: the store keeps them whole (a checksum) and knows the
 * position they cover.
 */
export interface SavedViewsSlot {
  /**
   * Registers what a save writes. `capture` runs synchronously when the store saves (lowdb: in
   * each snapshot's capture step; PostgreSQL: on a timer and at close), so the lines and the
   * versions it names describe one moment.
   */
  keep(capture: (limits: ViewsLimits) => ViewsCapture): void;
  /** The lines last saved, or why there are none that can be used (missing, damaged, older than the store). */
  load(): Promise<LoadedViews | { unusable: string }>;
}

/** What a store asks of the lines it saves. */
export interface ViewsLimits {
  /** The longest a line of the metrics head may be (the views cut their bulk into lines this size). */
  pieceChars?: number;
}

export interface ViewsCapture {
  lines: string[];
  /** The version of a ticket the lines hold (undefined: none). */
  versionOf(id: string): number | undefined;
}

export interface LoadedViews {
  lines: string[];
  /**
   * Every ticket whose stored version differs from the one the loaded views hold (`versionOf`),
   * a page at a time; it may add tickets that did not change (applying them again changes nothing).
   */
  changed(versionOf: (id: string) => number | undefined): AsyncIterable<Ticket[]>;
}
