import { mkdir, readdir, unlink } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { Store } from '../types.ts';
import type { Ticket } from '../../tickets/types.ts';
import type { Clock } from '../../util/clock.ts';
import { systemClock } from '../../util/clock.ts';
import { SwitchboardError } from '../../errors/switchboard-error.ts';
import { createStoreState, type StoreRecord, type StoreState } from '../store-state.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';
import { createJournalWriter, type JournalWriter } from './journal-writer.ts';
import { encodeLine } from './journal-line.ts';
import { replaySegments } from './journal-reader.ts';
import { listSegments } from './segments.ts';
import { createSnapshotAdapter, emptyImage, type SnapshotImage } from './snapshot-file.ts';
import { fsyncDir } from './fs-sync.ts';

export interface LowdbStoreOptions {
  /** The data directory; created when missing. One process at a time (switchboard.lock). */
  dir: string;
  clock?: Clock;
  /** Write a snapshot after this many journal records (default 10,000). */
  snapshotEveryRecords?: number;
  /** ...and this often while there are records since the last one (default 60 s; 0 = never by time). */
  snapshotEveryMs?: number;
  /** Snapshot on close so the next open replays nothing (default true). */
  snapshotOnClose?: boolean;
  /** Things an operator may want in the log. */
  onEvent?: (event: LowdbStoreEvent) => void;
}

export type LowdbStoreEvent =
  | { type: 'journal-truncated'; path: string; offset: number; bytes: number; savedAs?: string }
  | { type: 'snapshot'; seq: number; tickets: number; captureMs: number; writeMs: number }
  | { type: 'snapshot-failed'; error: unknown };

export interface LowdbStoreStats {
  seq: number;
  snapshotSeq: number;
  tickets: number;
  journal: { batches: number; records: number; bytes: number };
  snapshots: number;
  /** A background snapshot is being written now. */
  compacting: boolean;
  lastSnapshot?: { tickets: number; captureMs: number; writeMs: number };
}

/** The lowdb store adds operational methods to Store; the app depends only on Store. */
export interface LowdbStore extends Store {
  /** Writes a snapshot now (waiting for one in progress) and drops the journal it covers. */
  compact(): Promise<void>;
  stats(): LowdbStoreStats;
}

interface Opened {
  state: StoreState;
  journal: JournalWriter;
  lock: DirLock;
  db: Low<SnapshotImage>;
  timer: NodeJS.Timeout | undefined;
}

const snapshotFile = 'tickets.json';
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

/** Loads a snapshot image into a fresh state, yielding between slices of tickets. */
async function loadImage(state: StoreState, image: SnapshotImage, path: string): Promise<void> {
  for (const [name, value] of Object.entries(image.sequences)) state.apply({ op: 'seq', name, value });
  for (const [key, json] of Object.entries(image.meta)) state.apply({ op: 'meta', key, json });
  try {
    for (let i = 0; i < image.tickets.length; i++) {
      if (i > 0 && i % sliceSize === 0) await yieldToLoop();
      state.apply({ op: 'put', json: image.tickets[i]! });
    }
  } catch (e) {
    throw new SwitchboardError('SWB_STORE_CORRUPT', `Snapshot ${path} holds a ticket that is not valid JSON.`, { path }, { cause: e });
  }
}

/**
 * The embedded default store: a write-ahead journal with group commit (a resolved write is on
 * disk) plus a lowdb snapshot written in the background, after which the journal it covers is
 * dropped. Open = read snapshot, replay journal, cut a torn tail. See src/store/lowdb/README.md.
 */
export function createLowdbStore(options: LowdbStoreOptions): LowdbStore {
  const dir = resolve(options.dir);
  const clock = options.clock ?? systemClock;
  const everyRecords = options.snapshotEveryRecords ?? 10_000;
  const everyMs = options.snapshotEveryMs ?? 60_000;
  const emit = options.onEvent ?? (() => undefined);

  let opened: Opened | undefined;
  let phase: 'closed' | 'opening' | 'open' | 'closing' = 'closed';
  let seq = 0;
  let snapshotSeq = 0;
  let sinceSnapshot = 0;
  let compacting: Promise<void> | undefined;
  let snapshots = 0;
  let lastSnapshot: LowdbStoreStats['lastSnapshot'];

  function live(): Opened {
    if (phase !== 'open' || !opened) {
      throw new SwitchboardError('SWB_INTERNAL', `The lowdb store at ${dir} is not open (${phase}); call open() first.`);
    }
    if (opened.journal.failure) throw opened.journal.failure;
    return opened;
  }

  function commit(o: Opened, record: StoreRecord): Promise<void> {
    seq++;
    const done = o.journal.append(encodeLine(seq, record));
    sinceSnapshot++;
    if (sinceSnapshot >= everyRecords) startCompaction();
    return done;
  }

  async function dropCovered(covered: number, keepStart: number): Promise<void> {
    const segments = await listSegments(dir);
    let dropped = 0;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      const next = segments[i + 1];
      const end = next ? next.start - 1 : seq;
      if (end <= covered && seg.start !== keepStart) {
        await unlink(seg.path);
        dropped++;
      }
    }
    if (dropped > 0) await fsyncDir(dir);
  }

  async function runCompaction(o: Opened): Promise<void> {
    const t0 = performance.now();
    const covered = seq;
    const image: SnapshotImage = { ...o.state.image(), seq: covered, savedAt: clock.now().toISOString() };
    const coveredWritten = o.journal.barrier();
    o.journal.rotate(covered + 1);
    const taken = sinceSnapshot;
    sinceSnapshot = 0;
    const t1 = performance.now();
    try {
      o.db.data = image;
      await o.db.write();
    } catch (e) {
      sinceSnapshot += taken;
      throw e;
    } finally {
      o.db.data = emptyImage(); // hold no old ticket text between snapshots
    }
    snapshotSeq = covered;
    const t2 = performance.now();
    // Old segments may still be receiving the records just before `covered`.
    await coveredWritten.catch(() => undefined);
    await dropCovered(covered, covered + 1);
    snapshots++;
    lastSnapshot = { tickets: image.tickets.length, captureMs: t1 - t0, writeMs: t2 - t1 };
    emit({ type: 'snapshot', seq: covered, ...lastSnapshot });
  }

  /** Compactions run one at a time: an older snapshot must never be renamed over a newer one. */
  function compactNow(o: Opened): Promise<void> {
    const run = runCompaction(o);
    compacting = run
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        compacting = undefined;
      });
    return run;
  }

  function startCompaction(): void {
    if (compacting || !opened || phase !== 'open') return;
    compactNow(opened).catch((error: unknown) => emit({ type: 'snapshot-failed', error }));
  }

  async function doOpen(): Promise<void> {
    await mkdir(dir, { recursive: true });
    const lock = await acquireDirLock(dir, clock.now().toISOString());
    try {
      for (const name of await readdir(dir)) {
        if (name.startsWith(`${snapshotFile}.`) && name.endsWith('.tmp')) await unlink(join(dir, name));
      }
      const db = new Low<SnapshotImage>(createSnapshotAdapter(join(dir, snapshotFile)), emptyImage());
      await db.read();
      const state = createStoreState();
      await loadImage(state, db.data, join(dir, snapshotFile));
      snapshotSeq = db.data.seq;
      db.data = emptyImage();
      const replay = await replaySegments(await listSegments(dir), snapshotSeq, (entry) => state.apply(entry.record));
      for (const cut of replay.truncated) emit({ type: 'journal-truncated', ...cut });
      seq = replay.lastSeq;
      sinceSnapshot = seq - snapshotSeq;
      await dropCovered(snapshotSeq, seq + 1);
      const journal = createJournalWriter(dir, seq + 1);
      const timer = everyMs > 0 ? setInterval(() => sinceSnapshot > 0 && startCompaction(), everyMs).unref() : undefined;
      opened = { state, journal, lock, db, timer };
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  return {
    kind: 'lowdb',
    async open() {
      if (phase !== 'closed') {
        throw new SwitchboardError('SWB_INTERNAL', `The lowdb store at ${dir} is already ${phase}.`);
      }
      phase = 'opening';
      try {
        await doOpen();
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
        while (compacting) await compacting;
        if ((options.snapshotOnClose ?? true) && sinceSnapshot > 0 && !o.journal.failure) {
          await compactNow(o).catch((error: unknown) => emit({ type: 'snapshot-failed', error }));
        }
      } finally {
        await o.journal.close();
        await o.lock.release();
        opened = undefined;
        phase = 'closed';
      }
    },
    async insert(ticket) {
      const o = live();
      await commit(o, o.state.insert(ticket));
    },
    async update(ticket, expectedVersion) {
      const o = live();
      await commit(o, o.state.update(ticket, expectedVersion));
    },
    // Reads capture rows now, then wait until every write issued before them is durable:
    // nobody reads what a crash could still take back.
    async get(id) {
      const o = live();
      const row = o.state.table.get(id);
      await o.journal.barrier();
      return row && parse(row.json);
    },
    async list(filter) {
      const o = live();
      const page = o.state.table.list(filter);
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
    async nextSequence(name) {
      const o = live();
      const { value, record } = o.state.nextSequence(name);
      await commit(o, record);
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
    async compact() {
      const o = live();
      while (compacting) await compacting;
      if (sinceSnapshot > 0) await compactNow(o);
    },
    stats() {
      return {
        seq,
        snapshotSeq,
        tickets: opened?.state.table.size ?? 0,
        journal: { ...(opened?.journal.stats ?? { batches: 0, records: 0, bytes: 0 }) },
        snapshots,
        compacting: compacting !== undefined,
        ...(lastSnapshot ? { lastSnapshot } : {}),
      };
    },
  };
}
