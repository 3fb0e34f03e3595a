import { createPostgresStore } from '../../postgres/index.ts';
import { markBeforeViews, type JoinMark } from '../../runtime/cluster-views.ts';
import { createLowdbStore } from '../../store/lowdb/index.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

export interface OpenedStore {
  store: Store;
  /** Where a process joining others catches up from (PostgreSQL), marked before any view reads. */
  joinMark: JoinMark | undefined;
}

/** The host's store, else PostgreSQL when `postgres.url` is set, else lowdb in the data directory. */
export async function openStore(ctx: BootContext): Promise<OpenedStore> {
  const store = ctx.options.store ?? defaultStore(ctx);
  await store.open();
  ctx.life.onClose(() => store.close());
  return { store, joinMark: await markBeforeViews(store.cluster?.changes) };
}

function defaultStore(ctx: BootContext): Store {
  const pg = ctx.options.postgres;
  if (pg) return createPostgresStore({ connectionString: pg.url, ...(pg.schema ? { schema: pg.schema } : {}) });
  const archive = ctx.options.lowdb?.archiveClosedAfterDays;
  return createLowdbStore({
    dir: ctx.dataDir,
    clock: ctx.clock,
    ...(archive !== undefined ? { archiveClosedAfterDays: archive } : {}),
    // What an operator must hear about: a torn journal tail cut on open, a snapshot that failed.
    onEvent: (event) => {
      if (event.type === 'journal-truncated')
        ctx.logger.warn(
          `journal ${event.path}: cut a torn last write of ${event.bytes} bytes at byte ${event.offset} (kept as ${event.savedAs})`,
          { ...event },
        );
      else if (event.type === 'snapshot-failed') ctx.logger.error('snapshot failed', { error: String(event.error) });
    },
  });
}
