import type { Namespace } from 'socket.io';
import type { ChangeFeed } from '../store/shared-records.ts';
import type { Ticket } from '../core/model/ticket.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { RoutingService } from './routing-service.ts';
import type { TicketView } from './ticket-views.ts';

/**
 * How other processes' changes reach this process's views (routing loads, queue and presence;
 * the metrics and task indexes) when several share one database: the events they forward, and
 * once, when this process joins them, the tickets they wrote while it started (`catchUpAfterJoin`).
 */
export function clusterViews(deps: {
  routing: Pick<RoutingService, 'observeRemote'>;
  views: readonly TicketView[];
  logger: Logger;
  joinMark: JoinMark | undefined;
}) {
  let joining = false;
  const onRemote = (event: { type: string; ticket?: Ticket; [field: string]: unknown }) => {
    deps.routing.observeRemote(event);
    const ticket = event.ticket;
    if (ticket && typeof ticket.id === 'string') for (const v of deps.views) v.apply(ticket);
  };
  return {
    /** Takes in one event another process forwarded. */
    onRemote,
    /** Starts the catch-up on the first cluster namespace (once); returns what stops it. */
    join(nsp: Namespace): (() => void) | undefined {
      if (joining || !deps.joinMark) return undefined;
      joining = true;
      const { feed, mark } = deps.joinMark;
      return catchUpAfterJoin({
        feed,
        mark,
        serverCount: () => nsp.adapter.serverCount(),
        apply: (ticket) => onRemote({ type: 'ticket.updated', ticket }),
        logger: deps.logger,
      }).stop;
    },
  };
}

/** A store's change feed and its mark, taken before the process reads the store to build its views. */
export interface JoinMark {
  feed: ChangeFeed;
  mark: string;
}

/** The mark to catch up from (a store's cluster change feed: PostgreSQL), else undefined. */
export async function markBeforeViews(feed: ChangeFeed | undefined): Promise<JoinMark | undefined> {
  return feed ? { feed, mark: await feed.mark() } : undefined;
}

export interface CatchUpOptions {
  feed: ChangeFeed;
  /** The feed's mark taken before this process read the store to build its views. */
  mark: string;
  /** How many processes the cluster adapter knows (itself included). */
  serverCount: () => Promise<number>;
  /** Takes one ticket version into this process's views (routing, metrics, tasks); older versions change nothing. */
  apply: (ticket: Ticket) => void;
  logger: Logger;
  /** Longest wait for another process to answer this one's announcement (default 5000 ms). */
  waitMs?: number;
  /** Wait after the first answer, for the others (default 500 ms). */
  settleMs?: number;
  pollMs?: number;
}

/**
 * A process that joins others builds its views (loads, queue, metrics) from the store, then
 * announces itself; the others forward their events from the moment they hear it. Changes they
 * made in between reach it through neither path, so once they have answered it reads the
 * tickets changed since before its first read and applies them. A process that hears from
 * nobody within `waitMs` is alone and reads nothing (measured: reading back its own first
 * seconds of writes cost a lone process ~0.04 ms of database CPU per ticket in the intake bench).
 * Resolves with how many it read.
 */
export function catchUpAfterJoin(opts: CatchUpOptions): { done: Promise<number>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let stopped = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
      timer.unref();
    });
  const done = (async () => {
    const pollMs = opts.pollMs ?? 200;
    let joined = false;
    for (let waited = 0; waited < (opts.waitMs ?? 5000) && !stopped && !joined; waited += pollMs) {
      joined = (await opts.serverCount()) > 1;
      await sleep(joined ? (opts.settleMs ?? 500) : pollMs);
    }
    // alone: every write since the mark was this process's own, and its views have them
    if (stopped || !joined) return 0;
    let read = 0;
    // a page at a time, with a turn of the event loop between pages: requests go on meanwhile
    for await (const page of opts.feed.since(opts.mark)) {
      if (stopped) return read;
      for (const t of page) opts.apply(t);
      read += page.length;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    opts.logger.info('caught up with the other processes', { tickets: read });
    return read;
  })().catch((err: unknown) => {
    if (stopped) return 0; // the process is closing (its pool with it)
    opts.logger.warn('catching up with the other processes failed; views fill in as tickets change', {
      error: String(err),
    });
    return 0;
  });
  return {
    done,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
    },
  };
}
