import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import type { TicketRow } from '../ticket-row.ts';
import { readArchiveMonth } from './archive-file.ts';
import type { ArchiveImage, Facets, MonthKey } from './archive-month.ts';

/** One month file's rows in list order; `gen` says which write of the month they come from. */
export interface LoadedMonth {
  month: MonthKey;
  gen: number;
  ordered: TicketRow[];
  byId: Map<string, TicketRow>;
}

/**
 * What the store knows of its archive in memory: id → month for every archived ticket (so get()
 * and insert() need no file), each month's facets, and an LRU cache of loaded months. A month
 * file may hold rows that are not archived there any more (the ticket was updated back into the
 * hot table, or a compaction that wrote the file died before its snapshot): only rows whose id
 * maps to that month count.
 */
export interface ArchiveState {
  /** Archived tickets. */
  readonly size: number;
  readonly cachedMonths: number;
  monthOf(id: string): MonthKey | undefined;
  /** Months that hold archived tickets, newest first. */
  months(): readonly MonthKey[];
  facets(month: MonthKey): Facets | undefined;
  /** Which write of the month file is current (a LoadedMonth of another gen is stale). */
  gen(month: MonthKey): number | undefined;
  ids(month: MonthKey): readonly string[];
  /** The month's rows as its current file has them: from the cache, else read (once for concurrent callers). */
  load(month: MonthKey): Promise<LoadedMonth>;
  /** These tickets are in the hot table again (updated, or found there on open): forget them here. */
  release(ids: Iterable<string>): void;
  /** A compaction wrote `prepared` as the month's new file; `moved` now live there. Cheap: the caller prepared the rows. */
  install(month: MonthKey, prepared: PreparedMonth, moved: readonly string[], facets: Facets): void;
  /** For the snapshot: month → ids and facets (arrays are shared, never mutated). */
  image(): ArchiveImage;
}

interface MonthMeta {
  ids: readonly string[];
  facets: Facets;
  gen: number;
}

/** A month's rows indexed by id, before it is installed (building the index costs ~0.1 µs per row). */
export type PreparedMonth = Pick<LoadedMonth, 'ordered' | 'byId'>;

export function prepareMonth(ordered: TicketRow[]): PreparedMonth {
  return { ordered, byId: new Map(ordered.map((r) => [r.id, r])) };
}

function loaded(month: MonthKey, gen: number, ordered: TicketRow[]): LoadedMonth {
  return { month, gen, ...prepareMonth(ordered) };
}

export function createArchiveState(dir: string, image: ArchiveImage, cacheMonths: number): ArchiveState {
  const metas = new Map<MonthKey, MonthMeta>();
  const index = new Map<string, MonthKey>();
  const cache = new Map<MonthKey, LoadedMonth>(); // insertion order = least recently used first
  const reading = new Map<MonthKey, { gen: number; promise: Promise<LoadedMonth> }>();
  let sortedMonths: MonthKey[] = [];

  function resort(): void {
    sortedMonths = [...metas.keys()]
      .filter((m) => metas.get(m)!.ids.length > 0)
      .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  }

  function remember(entry: LoadedMonth): void {
    cache.delete(entry.month);
    cache.set(entry.month, entry);
    while (cache.size > Math.max(1, cacheMonths)) cache.delete(cache.keys().next().value!);
  }

  for (const [month, m] of Object.entries(image)) {
    metas.set(month, { ids: m.ids, facets: m.facets, gen: 0 });
    for (const id of m.ids) index.set(id, month);
  }
  resort();

  async function read(month: MonthKey, gen: number): Promise<LoadedMonth> {
    const entry = loaded(month, gen, await readArchiveMonth(dir, month));
    const meta = metas.get(month);
    if (meta && meta.gen === gen) {
      const missing = meta.ids.find((id) => !entry.byId.has(id) && index.get(id) === month);
      if (missing !== undefined) {
        throw new SwitchboardError(
          'SWB_STORE_CORRUPT',
          `Archive month ${month} in ${dir} lacks ticket ${missing} that the snapshot places there; restore the archive file from a backup.`,
          {
            dir,
            month,
            id: missing,
          },
        );
      }
    }
    return entry;
  }

  return {
    get size() {
      return index.size;
    },
    get cachedMonths() {
      return cache.size;
    },
    monthOf: (id) => index.get(id),
    months: () => sortedMonths,
    facets: (month) => metas.get(month)?.facets,
    gen: (month) => metas.get(month)?.gen,
    ids: (month) => metas.get(month)?.ids ?? [],
    async load(month) {
      for (;;) {
        const meta = metas.get(month);
        if (!meta) throw new SwitchboardError('SWB_INTERNAL', `No archive month ${month} in ${dir}.`);
        const hit = cache.get(month);
        if (hit && hit.gen === meta.gen) {
          remember(hit);
          return hit;
        }
        let pending = reading.get(month);
        if (!pending || pending.gen !== meta.gen) {
          const promise = read(month, meta.gen).finally(() => {
            if (reading.get(month)?.promise === promise) reading.delete(month);
          });
          pending = { gen: meta.gen, promise };
          reading.set(month, pending);
        }
        const entry = await pending.promise;
        // A compaction may have rewritten the month meanwhile: then read the new file.
        if (entry.gen === metas.get(month)?.gen) {
          if (cache.get(month) !== entry) remember(entry);
          return entry;
        }
      }
    },
    release(ids) {
      const byMonth = new Map<MonthKey, Set<string>>();
      for (const id of ids) {
        const month = index.get(id);
        if (month === undefined) continue;
        index.delete(id);
        let set = byMonth.get(month);
        if (!set) byMonth.set(month, (set = new Set()));
        set.add(id);
      }
      for (const [month, gone] of byMonth) {
        const meta = metas.get(month)!;
        meta.ids = meta.ids.filter((id) => !gone.has(id));
      }
      if (byMonth.size > 0) resort();
    },
    install(month, prepared, moved, facets) {
      const old = metas.get(month);
      const gen = (old?.gen ?? 0) + 1;
      metas.set(month, { ids: old ? [...old.ids, ...moved] : [...moved], facets, gen });
      for (const id of moved) index.set(id, month);
      remember({ month, gen, ...prepared });
      resort();
    },
    image() {
      const out: ArchiveImage = {};
      for (const month of [...sortedMonths].reverse()) {
        const meta = metas.get(month)!;
        out[month] = { facets: meta.facets, ids: meta.ids };
      }
      return out;
    },
  };
}
