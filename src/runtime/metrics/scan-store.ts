import type { Store } from '../../store/types.ts';
import type { Ticket } from '../../core/model/ticket.ts';

/** Every stored ticket, newest first, page by page (keyset paging: nothing skipped or repeated). */
export async function* scanTickets(store: Store, opts: { pageSize?: number } = {}): AsyncGenerator<Ticket> {
  let cursor: string | undefined;
  do {
    const page = await store.list({ limit: opts.pageSize ?? 500, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
