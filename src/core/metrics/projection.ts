import { addMeasures, emptyBucket, type Bucket } from './bucket.ts';
import type { MetricsSettings } from './settings.ts';
import { none, type Dimension, type Dimensions, type TicketMeasures } from './ticket-measures.ts';

export interface Cell {
  dims: Partial<Dimensions>;
  bucket: Bucket;
}
interface Count {
  dims: Partial<Dimensions>;
  n: number;
}

/** One ticket's contribution, resolved to days once. */
export interface Contribution {
  m: TicketMeasures;
  day: string;
  /** Local hour of arrival (0–23, policy time zone). */
  hour: number;
  flowDays: { day: string; delta: number }[];
}

const sep = '\u0001';

/**
 * Aggregates over one subset of the dimensions (e.g. channel × priority): per arrival day a
 * bucket per value combination, per day the backlog moves, and the backlog now. Keeping the
 * 1- and 2-dimension subsets separately keeps each day's cells few (tens, not one per ticket),
 * so a query merges a few thousand buckets at most whatever the ticket count.
 */
export interface Projection {
  readonly dims: readonly Dimension[];
  readonly cells: Map<string, Map<string, Cell>>;
  readonly flow: Map<string, Map<string, Count>>;
  readonly open: Map<string, Count>;
  key(dims: Dimensions | Partial<Dimensions>): string;
  add(c: Contribution, sign: 1 | -1, settings: MetricsSettings): void;
}

/**
 * Histograms (median, p90, arrivals by hour) are kept for the totals and each single dimension
 * only: the reports show them per channel, group and agent, and in the dozens of pair groupings
 * they would cost several map entries per ticket each; a pair grouping reports means alone.
 */
export const keepsHistograms = (dims: readonly Dimension[]): boolean => dims.length <= 1;

export function createProjection(dims: readonly Dimension[]): Projection {
  const cells = new Map<string, Map<string, Cell>>();
  const flow = new Map<string, Map<string, Count>>();
  const open = new Map<string, Count>();
  const histograms = keepsHistograms(dims);
  // a field declared after a ticket was measured has no value in its dims yet: `none`
  const key = (d: Dimensions | Partial<Dimensions>) =>
    dims.length === 0 ? '' : dims.length === 1 ? (d[dims[0]!] ?? none) : dims.map((x) => d[x] ?? none).join(sep);
  const pick = (d: Dimensions) => {
    const out: Partial<Dimensions> = {};
    for (const x of dims) out[x] = d[x] ?? none;
    return out;
  };
  let lastDay = '';
  let lastCells: Map<string, Cell> | undefined;
  const cellsOf = (day: string) => {
    if (day === lastDay && lastCells) return lastCells;
    let byKey = cells.get(day);
    if (!byKey) cells.set(day, (byKey = new Map()));
    lastDay = day;
    lastCells = byKey;
    return byKey;
  };
  const count = (map: Map<string, Count>, k: string, d: Dimensions, n: number) => {
    const c = map.get(k);
    if (c) c.n += n;
    else map.set(k, { dims: pick(d), n });
  };
  return {
    dims,
    cells,
    flow,
    open,
    key,
    add(c, sign, settings) {
      const k = key(c.m.dims);
      const byKey = cellsOf(c.day);
      let cell = byKey.get(k);
      if (!cell) byKey.set(k, (cell = { dims: pick(c.m.dims), bucket: emptyBucket(histograms) }));
      addMeasures(cell.bucket, c.m, sign, settings, c.hour, histograms);
      let openDelta = 0;
      for (const f of c.flowDays) {
        let fk = flow.get(f.day);
        if (!fk) flow.set(f.day, (fk = new Map()));
        count(fk, k, c.m.dims, sign * f.delta);
        openDelta += sign * f.delta;
      }
      if (openDelta !== 0) count(open, k, c.m.dims, openDelta);
    },
  };
}
