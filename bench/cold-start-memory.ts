import { join } from 'node:path';
import type { Ticket } from '../src/core/model/ticket.ts';
import type { Policy } from '../src/core/policy/types.ts';
import { createLowdbStore } from '../src/store/lowdb/index.ts';
import { coldStart, storeTickets } from './cold-start.ts';

/** A ticket as one still being worked on: open, its clocks settled (nothing due at boot), as the intake bench's residents. */
const opened = (t: Ticket): Ticket => {
  const { resolvedAt: _r, closedAt: _c, ...rest } = t as Ticket & { resolvedAt?: string; closedAt?: string };
  return { ...rest, status: 'open', sla: { policyId: t.sla.policyId, calendarId: t.sla.calendarId } } as Ticket;
};

async function fill(dir: string, tickets: Iterable<Ticket>): Promise<void> {
  const store = createLowdbStore({ dir, snapshotEveryMs: 0 });
  await store.open();
  let batch: Promise<void>[] = [];
  for (const t of tickets) {
    batch.push(store.insert(t));
    if (batch.length >= 1000) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
  await store.close();
}

/** A start that loads saved views (the first start of a new store saves them at its close). */
async function steadyStart(dir: string) {
  await coldStart({ dir });
  return coldStart({ dir });
}

function* asOpen(from: Iterable<Ticket>): Generator<Ticket> {
  for (const t of from) yield opened(t);
}

/**
 * Resident memory by what a store holds, each from a start on a store of only that kind, after
 * the views were saved once: per hot (resolved, in the snapshot) ticket, per open ticket (the
 * same number of tickets, open: also in routing and the SLA scheduler), and per archived month,
 * the difference between the full store's start and the start of its hot part alone. Each
 * figure includes the process's own share (code, policy, views), which small stores magnify.
 */
export async function memoryByKind(
  policy: Policy,
  root: string,
  sizes: { hot: number; open: number; archivedMonths: number },
  starts: { emptyRss: number; fullRss: number },
): Promise<Record<string, number | string>> {
  const hotDir = join(root, 'hot-only');
  await fill(hotDir, storeTickets(policy, sizes.hot, 0));
  const hot = await steadyStart(hotDir);
  const openDir = join(root, 'open-only');
  await fill(openDir, asOpen(storeTickets(policy, sizes.open, 0)));
  const open = await steadyStart(openDir);
  const per = (bytes: number, n: number) => Math.round(bytes / Math.max(1, n));
  return {
    rssPerHotTicketBytes: per(hot.rss - starts.emptyRss, sizes.hot),
    rssPerOpenTicketBytes: per(open.rss - starts.emptyRss, sizes.open),
    rssPerArchivedMonthBytes: per(starts.fullRss - hot.rss, sizes.archivedMonths),
    hotOnlyRssMiB: Math.round(hot.rss / 2 ** 20),
    openOnlyRssMiB: Math.round(open.rss / 2 ** 20),
    rssMiB: Math.round(starts.fullRss / 2 ** 20),
    hot: sizes.hot,
    open: sizes.open,
    archivedMonths: sizes.archivedMonths,
    goal: '200,000 hot tickets under 1 GiB RSS',
  };
}
