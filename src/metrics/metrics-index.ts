import type { Policy } from '../config/types.ts';
import type { Ticket } from '../tickets/types.ts';
import { addMeasures, emptyBucket, mergeInto, type Bucket } from './bucket.ts';
import { createDayKeyer, daysFrom } from './days.ts';
import { metricsSettings } from './settings.ts';
import { summarize, type MetricSummary } from './summarize.ts';
import { dimensionNames, measureTicket, type Dimension, type Dimensions, type TicketMeasures } from './ticket-measures.ts';

interface Cell {
  dims: Dimensions;
  bucket: Bucket;
}
interface FlowCell {
  dims: Dimensions;
  /** Tickets that arrived this day minus tickets resolved this day (backlog = running sum). */
  net: number;
}
interface Tracked {
  m: TicketMeasures;
  key: string;
  day: string;
  flowDays: { day: string; delta: number }[];
}

export interface MetricsQuery {
  /** First local day ("YYYY-MM-DD", policy time zone), included. */
  from: string;
  /** Last local day, included. */
  to: string;
  groupBy?: readonly Dimension[];
}

export interface MetricsGroup extends MetricSummary {
  key: Partial<Dimensions>;
  /** Tickets open (created, not resolved) at the end of `to`. */
  backlog: number;
}

export interface MetricsResult {
  from: string;
  to: string;
  timezone: string;
  groupBy: Dimension[];
  totals: MetricsGroup;
  groups: MetricsGroup[];
}

export interface MetricsIndex {
  /** Adds or replaces a ticket (older versions than the one held are ignored). */
  apply(ticket: Ticket): void;
  query(q: MetricsQuery): MetricsResult;
  /** Per-day totals (no grouping) for charts. */
  daily(from: string, to: string): { day: string; summary: MetricSummary; backlog: number }[];
  /** Days (ascending) on which each value of a dimension had arrivals, e.g. when a policy version started. */
  daysByDimension(dim: Dimension, from: string, to: string): { day: string; value: string }[];
  readonly size: number;
  readonly timezone: string;
}

const sep = '\u0001';

/**
 * Metrics aggregates maintained incrementally: one bucket of sums per (local day of arrival,
 * dimension values), plus a per-day arrivals-minus-resolutions cell for the backlog. Each ticket's
 * last contribution is remembered so an update subtracts it before adding the new one.
 * Metrics describe the tickets that arrived in the window; the backlog is a snapshot at its end.
 */
export function createMetricsIndex(opts: { policy: () => Policy }): MetricsIndex {
  const timezone = opts.policy().timezone;
  const dayOf = createDayKeyer(timezone);
  const cells = new Map<string, Map<string, Cell>>();
  const flow = new Map<string, Map<string, FlowCell>>();
  const tracked = new Map<string, Tracked>();

  const cellOf = (day: string, key: string, dims: Dimensions) => {
    let byKey = cells.get(day);
    if (!byKey) cells.set(day, (byKey = new Map()));
    let cell = byKey.get(key);
    if (!cell) byKey.set(key, (cell = { dims, bucket: emptyBucket() }));
    return cell;
  };
  const addFlow = (day: string, key: string, dims: Dimensions, n: number) => {
    let byKey = flow.get(day);
    if (!byKey) flow.set(day, (byKey = new Map()));
    const cell = byKey.get(key);
    if (cell) cell.net += n;
    else byKey.set(key, { dims, net: n });
  };

  const contribute = (t: Tracked, sign: 1 | -1) => {
    const settings = metricsSettings(opts.policy());
    addMeasures(cellOf(t.day, t.key, t.m.dims).bucket, t.m, sign, settings);
    for (const f of t.flowDays) addFlow(f.day, t.key, t.m.dims, sign * f.delta);
  };

  const project = (dims: Dimensions, groupBy: readonly Dimension[]) => (groupBy.length === 1 ? dims[groupBy[0]!] : groupBy.map((d) => dims[d]).join(sep));

  return {
    timezone,
    get size() {
      return tracked.size;
    },

    apply(ticket) {
      const old = tracked.get(ticket.id);
      if (old && old.m.version > ticket.version) return;
      const m = measureTicket(ticket, opts.policy(), metricsSettings(opts.policy()));
      if (old) contribute(old, -1);
      const t: Tracked = {
        m,
        key: dimensionNames.map((d) => m.dims[d]).join(sep),
        day: dayOf(m.createdMs),
        flowDays: m.flow.map((f) => ({ day: dayOf(f.at), delta: f.delta })),
      };
      tracked.set(ticket.id, t);
      contribute(t, 1);
    },

    query({ from, to, groupBy = [] }) {
      const settings = metricsSettings(opts.policy());
      const groups = new Map<string, { key: Partial<Dimensions>; bucket: Bucket; backlog: number }>();
      const groupOf = (dims: Dimensions) => {
        const k = project(dims, groupBy);
        let g = groups.get(k);
        if (!g) {
          const key: Partial<Dimensions> = {};
          for (const d of groupBy) key[d] = dims[d];
          groups.set(k, (g = { key, bucket: emptyBucket(), backlog: 0 }));
        }
        return g;
      };
      const total = emptyBucket();
      for (const day of daysFrom(from, to)) {
        for (const cell of cells.get(day)?.values() ?? []) {
          mergeInto(total, cell.bucket);
          if (groupBy.length) mergeInto(groupOf(cell.dims).bucket, cell.bucket);
        }
      }
      let backlog = 0;
      for (const [day, byKey] of flow) {
        if (day > to) continue;
        for (const cell of byKey.values()) {
          if (cell.net === 0) continue;
          backlog += cell.net;
          if (groupBy.length) groupOf(cell.dims).backlog += cell.net;
        }
      }
      const out = [...groups.values()]
        .map((g) => ({ key: g.key, ...summarize(g.bucket, settings), backlog: g.backlog }))
        .filter((g) => g.tickets > 0 || g.backlog !== 0)
        .sort((a, b) => b.tickets - a.tickets || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
      return { from, to, timezone, groupBy: [...groupBy], totals: { key: {}, ...summarize(total, settings), backlog }, groups: out };
    },

    daysByDimension(dim, from, to) {
      const out: { day: string; value: string }[] = [];
      for (const day of daysFrom(from, to)) {
        const values = new Set<string>();
        for (const cell of cells.get(day)?.values() ?? []) if (cell.bucket.tickets > 0) values.add(cell.dims[dim]);
        for (const value of values) out.push({ day, value });
      }
      return out;
    },

    daily(from, to) {
      const settings = metricsSettings(opts.policy());
      let backlog = 0;
      for (const [day, byKey] of flow) if (day < from) for (const c of byKey.values()) backlog += c.net;
      return daysFrom(from, to).map((day) => {
        const b = emptyBucket();
        for (const cell of cells.get(day)?.values() ?? []) mergeInto(b, cell.bucket);
        for (const c of flow.get(day)?.values() ?? []) backlog += c.net;
        return { day, summary: summarize(b, settings), backlog };
      });
    },
  };
}
