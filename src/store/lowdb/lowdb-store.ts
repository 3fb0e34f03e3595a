import { resolve } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Ticket } from '../../core/model/ticket.ts';
import { systemClock } from '../../core/util/clock.ts';
import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import { createJsonMemo } from '../json-memo.ts';
import type { StoreRecord } from '../store-state.ts';
import { anyDue } from './archive-plan.ts';
import { listRows, withCurrentRow } from './archive-reads.ts';
import { runCompaction } from './compaction.ts';
import type { LowdbContext, Opened } from './context.ts';
import { encodeLine } from './journal-line.ts';
import { openStore } from './open-store.ts';
import { loadSavedViews } from './saved-views.ts';
import { lowdbSettings, type LowdbStore, type LowdbStoreOptions } from './options.ts';

export type { LowdbStore, LowdbStoreOptions, LowdbStoreEvent, LowdbStoreStats } from './options.ts';

/** Parsing costs about 13 µs per ticket: big results are parsed in slices between event-loop turns. */
const sliceSize = 1000;
const parse = (json: string): Ticket => JSON.parse(json) as Ticket;

async function parseRows(rows: readonly { json: string }[]): Promise<Ticket[]> {
  const out: Ticket[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % sliceSize === 0) await yieldToLoop();
    out.push(parse(rows[i]!.json));
  }
  return out;
}

/**
 * The embedded default store: a write-ahead journal with group commit (a resolved write is on
 * disk) plus a lowdb snapshot written in the background, after which the journal it covers is
 * dropped; old closed tickets move to monthly archive files at snapshot time. Open = read
 * snapshot, replay journal, cut a torn tail. See src/store/lowdb/README.md.
 */
export function createLowdbStore(options: LowdbStoreOptions): LowdbStore {
  const settings = lowdbSettings(options);
  const ctx: LowdbContext = {
    dir: resolve(options.dir),
    clock: options.clock ?? systemClock,
    settings,
    archiving: new Set(),
    emit: options.onEvent ?? (() => undefined),
    memo: createJsonMemo(),
    seq: 0,
    snapshotSeq: 0,
    sinceSnapshot: 0,
    snapshots: 0,
    lastSnapshot: undefined,
    compacting: undefined,
    views: undefined,
  };
  const { dir } = ctx;
  let opened: Opened | undefined;
  let phase: 'closed' | 'opening' | 'open' | 'closing' = 'closed';

  function live(): Opened {
    if (phase !== 'open' || !opened) {
      throw new SwitchboardError(
        'SWB_INTERNAL',
        `The lowdb store at ${dir} is not open (${phase}); call open() first.`,
      );
    }
    if (opened.journal.failure) throw opened.journal.failure;
    return opened;
  }

  function commit(o: Opened, record: StoreRecord): Promise<void> {
    ctx.seq++;
    const done = o.journal.append(encodeLine(ctx.seq, record));
    ctx.sinceSnapshot++;
    if (ctx.sinceSnapshot >= settings.everyRecords(o.state.table.size)) startCompaction();
    return done;
  }

  /** Compactions run one at a time: an older snapshot must never be renamed over a newer one. */
  function compactNow(o: Opened): Promise<void> {
    const run = runCompaction(ctx, o);
    ctx.compacting = run
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        ctx.compacting = undefined;
      });
    return run;
  }

  function startCompaction(): void {
    if (ctx.compacting || !opened || phase !== 'open') return;
    compactNow(opened).catch((error: unknown) => ctx.emit({ type: 'snapshot-failed', error }));
  }

  /**
   * Worth a compaction: journal records since the last snapshot (for a timed one, a tenth of a
   * snapshot's worth: a trickle of writes replays in no time and is not worth rewriting every
   * hot ticket each minute), or closed tickets due for the archive.
   */
  function due(o: Opened, timed = false): boolean {
    const enough = timed ? Math.max(1, settings.everyRecords(o.state.table.size) / 10) : 1;
    if (ctx.sinceSnapshot >= enough) return true;
    const after = settings.archiveAfterMs;
    return after !== undefined && anyDue(o.state.table.all(), ctx.clock.now().getTime() - after);
  }

  const startTimer = () =>
    settings.everyMs > 0
      ? setInterval(() => opened && due(opened, true) && startCompaction(), settings.everyMs).unref()
      : undefined;

  return {
    kind: 'lowdb',
    storedJson: ctx.memo.recall,
    rememberJson: ctx.memo.remember,
    async open() {
      if (phase !== 'closed') {
        throw new SwitchboardError('SWB_INTERNAL', `The lowdb store at ${dir} is already ${phase}.`);
      }
      phase = 'opening';
      try {
        opened = await openStore(ctx, startTimer);
        phase = 'open';
      } catch (e) {
        phase = 'closed';
        throw e;
      }
    },
    async close() {
      if (phase !== 'open' || !opened) return;
      const o = opened;
      phase = 'closing';
      clearInterval(o.timer);
      try {
        while (ctx.compacting) await ctx.compacting;
        if (settings.snapshotOnClose && ctx.sinceSnapshot > 0 && !o.journal.failure) {
          await compactNow(o).catch((error: unknown) => ctx.emit({ type: 'snapshot-failed', error }));
        }
      } finally {
        await o.journal.close();
        await o.lock.release();
        opened = undefined;
        phase = 'closed';
      }
    },
    async insert(ticket, opts) {
      const o = live();
      // the ticket and its claimed key are appended in one synchronous step, so they share a sync
      await Promise.all(o.state.insert(ticket, opts?.claim).map((record) => commit(o, record)));
    },
    // An archived ticket can be updated (a late CSAT score on a closed ticket): the check runs
    // against its archived row, and the new version lives in the hot state from then on.
    async update(ticket, expectedVersion) {
      const o = live();
      // The change and its sequence number in one synchronous step: a compaction capturing in
      // between would otherwise hold the change in a snapshot that says it covers less.
      const written = await withCurrentRow(o, ticket.id, (row, archived) => {
        live();
        const rec = o.state.update(ticket, expectedVersion, archived ? row : undefined);
        if (archived) o.archive.release([ticket.id]);
        return { done: commit(o, rec) };
      });
      await written.done;
    },
    // Reads capture rows now, then wait until every write issued before them is durable:
    // nobody reads what a crash could still take back.
    async get(id) {
      const o = live();
      const row = await withCurrentRow(o, id, (r) => r);
      await o.journal.barrier();
      return row && parse(row.json);
    },
    async list(filter = {}) {
      const o = live();
      const page = await listRows(o, filter);
      await o.journal.barrier();
      const items = page.rows.map((row) => parse(row.json));
      return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
    },
    async openTickets() {
      const o = live();
      const rows = o.state.table.open();
      await o.journal.barrier();
      return parseRows(rows);
    },
    async nextSequence(name, opts) {
      const o = live();
      const { value, record } = o.state.nextSequence(name);
      const durable = commit(o, record);
      // Not awaited: a journal failure is sticky, so the caller's next write reports it.
      if (opts?.durable === false) durable.catch(() => {});
      else await durable;
      return value;
    },
    async getMeta<T>(key: string) {
      const o = live();
      const json = o.state.metaJson(key);
      await o.journal.barrier();
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
    async setMeta(key, value) {
      const o = live();
      await commit(o, o.state.setMeta(key, value));
    },
    savedViews: {
      keep(capture) {
        ctx.views = capture;
      },
      load: () => loadSavedViews(ctx, live()),
    },
    async compact() {
      const o = live();
      while (ctx.compacting) await ctx.compacting;
      if (due(o)) await compactNow(o);
    },
    stats() {
      return {
        seq: ctx.seq,
        snapshotSeq: ctx.snapshotSeq,
        tickets: opened?.state.table.size ?? 0,
        archive: {
          tickets: opened?.archive.size ?? 0,
          months: opened?.archive.months().length ?? 0,
          cachedMonths: opened?.archive.cachedMonths ?? 0,
        },
        journal: { ...(opened?.journal.stats ?? { batches: 0, records: 0, bytes: 0 }) },
        snapshots: ctx.snapshots,
        compacting: ctx.compacting !== undefined,
        ...(ctx.lastSnapshot ? { lastSnapshot: ctx.lastSnapshot } : {}),
      };
    },
  };
}
