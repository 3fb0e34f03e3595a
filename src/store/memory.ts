import type { Store } from './types.ts';
import type { Ticket } from '../core/model/ticket.ts';
import { SwitchboardError } from '../core/errors/switchboard-error.ts';
import { createStoreState } from './store-state.ts';
import { createJsonMemo } from './json-memo.ts';

/** Tickets in process memory only: for tests and simulations. Copies on the way in and out. */
export function createMemoryStore(): Store {
  const memo = createJsonMemo();
  const state = createStoreState({ memo });
  let closed = false;

  function live(): void {
    if (closed) throw new SwitchboardError('SWB_INTERNAL', 'The memory store is closed; open it again before use.');
  }
  const parse = (json: string): Ticket => JSON.parse(json) as Ticket;

  return {
    kind: 'memory',
    async open() {
      closed = false;
    },
    async close() {
      closed = true;
    },
    async insert(ticket, opts) {
      live();
      state.insert(ticket, opts?.claim);
    },
    async update(ticket, expectedVersion) {
      live();
      state.update(ticket, expectedVersion);
    },
    async get(id) {
      live();
      const row = state.table.get(id);
      return row && parse(row.json);
    },
    async list(filter) {
      live();
      const page = state.table.list(filter);
      const items = page.rows.map((row) => parse(row.json));
      return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
    },
    async openTickets() {
      live();
      return state.table.open().map((row) => parse(row.json));
    },
    async nextSequence(name) {
      live();
      return state.nextSequence(name).value;
    },
    async getMeta<T>(key: string) {
      live();
      const json = state.metaJson(key);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
    async setMeta(key, value) {
      live();
      state.setMeta(key, value);
    },
    storedJson: memo.recall,
    rememberJson: memo.remember,
  };
}
