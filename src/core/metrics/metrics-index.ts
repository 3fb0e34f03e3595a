import type { Policy } from '../policy/types.ts';
import type { Ticket } from '../model/ticket.ts';
import { emptyBucket, mergeInto, type Bucket } from './bucket.ts';
import { addDays, createDayKeyer, createHourKeyer, daysFrom } from './days.ts';
import { bucketMembers } from './packed-bucket.ts';
import { createProjection, keepsHistograms, type Contribution, type Projection } from './projection.ts';
import { metricsSettings } from './settings.ts';
import { summarize, type MetricSummary } from './summarize.ts';
import { dimensionNames, measureTicket, type Dimension, type Dimensions } from './ticket-measures.ts';
import { isFieldDimension } from './field-dimensions.ts';
import { createTaskProjection, type TaskContribution, type TaskMetricsResult } from './task-projection.ts';
import { measureTasks, type TaskDimension } from './task-measures.ts';
import {
  createDimsTable,
  decodeTicket,
  encodeTicket,
  restoreProjection,
  savedHeadLines,
  type SavedMetrics,
  type SavedTicket,
} from './saved-metrics.ts';
import { headPartLines } from './saved-parts.ts';

export interface MetricsQuery {
  /** First local day ("YYYY-MM-DD", policy time zone), included. */
  from: string;
  /** Last local day, included. */
  to: string;
  groupBy?: readonly Dimension[];
}

export interface MetricsGroup extends MetricSummary {
  key: Partial<Dimensions>;
  /** Tickets open (arrived, not resolved or closed) at the end of `to`. */
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

/** Tasks due in a window of local days, grouped by task dimensions. */
export interface TaskMetricsQuery {
  from: string;
  to: string;
  groupBy?: readonly TaskDimension[];
}

export interface MetricsIndex {
  /** Adds or replaces a ticket (older versions than the one held are ignored). */
  apply(ticket: Ticket): void;
  query(q: MetricsQuery): MetricsResult;
  /** The tasks due in the window (local due days): done on time, late, overdue now, open, cancelled. */
  tasks(q: TaskMetricsQuery): TaskMetricsResult;
  /** Per-day totals (no grouping) for charts; backlog at the end of each day. */
  daily(from: string, to: string): { day: string; summary: MetricSummary; backlog: number }[];
  /** Days (ascending) on which each value of a dimension had arrivals, e.g. when a policy version started. */
  daysByDimension(dim: Dimension, from: string, to: string): { day: string; value: string }[];
  readonly size: number;
  readonly timezone: string;
  /** The version of a ticket the aggregates hold, undefined when they hold none. */
  versionOf(id: string): number | undefined;
  /**
   * The aggregates as lines (saved-metrics.ts): loading them gives an index equal to this one.
   * `pieceChars`: the longest a head part line may be (default saved-parts.ts), whatever the size.
   */
  save(opts?: { pieceChars?: number }): string[];
}

const rank = (d: Dimension) => {
  const i = (dimensionNames as readonly string[]).indexOf(d);
  return i === -1 ? dimensionNames.length : i;
};
/** Built-in dimensions in their fixed order, then fields by name. */
const canonical = (dims: readonly Dimension[]) =>
  [...dims].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));

/** Projections over declared fields are built on first use; this many are kept (oldest dropped). */
const maxFieldProjections = 16;

/**
 * Metrics aggregates maintained incrementally, as projections: no grouping, each dimension, each
 * pair of dimensions (channel × priority, ...), and on first use all dimensions together; and its
 * tasks by due day (task-projection.ts). Each ticket's last contribution is remembered so an update
 * subtracts it before adding the new one. Metrics describe the tickets that arrived in the
 * window; the backlog is a snapshot at the end of its last day.
 */
export function createMetricsIndex(options: {
  policy: () => Policy;
  /** Keep every pair of dimensions from the start (default true); false keeps totals and single dimensions only and builds others on first use (one-shot reports). */
  pairs?: boolean;
  /** With `pairs: false`: the single dimensions kept from the start (default all; others are built on first use). */
  dimensions?: readonly Dimension[];
  /** Saved aggregates to start from (the caller checked they were saved under this policy). */
  saved?: SavedMetrics;
}): MetricsIndex {
  // The saved aggregates are read here once and not held: closures see only what they need.
  const saved = options.saved;
  const opts = { policy: options.policy, pairs: options.pairs, dimensions: options.dimensions };
  const timezone = opts.policy().timezone;
  const dayOf = createDayKeyer(timezone);
  const hourOf = createHourKeyer(timezone);
  const projections = new Map<string, Projection>();
  // a saved ticket stays text until it changes or a new projection needs every contribution
  const tracked = new Map<string, Contribution | SavedTicket>(saved?.tickets);
  const taskCells = createTaskProjection(saved?.tasks);
  const trackedTasks = new Map<string, TaskContribution[]>();
  const dimsTable = createDimsTable(saved?.dims);
  const policies = new Set<string>(saved?.head.policies);
  const contributionOf = (id: string, held: Contribution | SavedTicket): Contribution => {
    if (!('line' in held)) return held;
    const { m, tasks } = decodeTicket(held.line, dimsTable);
    const c: Contribution = { m, day: dayOf(m.createdMs), hour: hourOf(m.createdMs), flowDays: flowDaysOf(m) };
    tracked.set(id, c);
    if (tasks.length > 0)
      trackedTasks.set(
        id,
        tasks.map((tm) => ({ m: tm, day: dayOf(tm.dueMs) })),
      );
    return c;
  };
  const flowDaysOf = (m: Contribution['m']) => netByDay(m.flow.map((f) => ({ day: dayOf(f.at), delta: f.delta })));
  // Always kept: the totals, each dimension and each pair of dimensions (queries answer in
  // milliseconds). All dimensions together, for rarer 3+ dimension groupings, is built from the
  // remembered contributions on first use (seconds at a million tickets), then kept.
  const fieldProjections: string[] = [];
  const ensure = (dims: readonly Dimension[]): Projection => {
    const name = dims.join(',');
    let p = projections.get(name);
    if (!p) {
      p = createProjection(dims);
      const settings = metricsSettings(opts.policy());
      for (const [id, held] of tracked) p.add(contributionOf(id, held), 1, settings);
      projections.set(name, p);
      if (dims.some(isFieldDimension)) {
        fieldProjections.push(name);
        if (fieldProjections.length > maxFieldProjections) projections.delete(fieldProjections.shift()!);
      }
    }
    return p;
  };
  for (const [name, data] of saved?.projections ?? []) {
    const p = createProjection(name === '' ? [] : (name.split(',') as Dimension[]));
    restoreProjection(p, data, saved!.head.bucket);
    projections.set(name, p);
    if (p.dims.some(isFieldDimension)) fieldProjections.push(name);
  }
  ensure([]);
  for (let i = 0; i < dimensionNames.length; i++) {
    if (opts.pairs !== false || !opts.dimensions || opts.dimensions.includes(dimensionNames[i]!))
      ensure([dimensionNames[i]!]);
    if (opts.pairs !== false)
      for (let j = i + 1; j < dimensionNames.length; j++) ensure([dimensionNames[i]!, dimensionNames[j]!]);
  }

  const contribute = (c: Contribution, sign: 1 | -1) => {
    const settings = metricsSettings(opts.policy());
    for (const p of projections.values()) p.add(c, sign, settings);
  };

  /** Open at the end of `to` = open now minus the backlog moves of the days after `to`. */
  const backlogAt = (p: Projection, to: string, into: (dims: Partial<Dimensions>, key: string, n: number) => void) => {
    for (const [k, c] of p.open) if (c.n !== 0) into(c.dims, k, c.n);
    for (const [day, byKey] of p.flow) {
      if (day <= to) continue;
      for (const [k, c] of byKey) if (c.n !== 0) into(c.dims, k, -c.n);
    }
  };

  return {
    timezone,
    get size() {
      return tracked.size;
    },

    versionOf(id) {
      const held = tracked.get(id);
      return held === undefined ? undefined : 'line' in held ? held.version : held.m.version;
    },

    save(saveOpts) {
      const lines = [''];
      // a ticket's text is kept from then on (until it changes): the next save reuses it
      for (const [id, held] of tracked) {
        if ('line' in held) lines.push(held.line);
        else {
          const line = encodeTicket(held, trackedTasks.get(id) ?? [], dimsTable);
          tracked.set(id, { version: held.m.version, line });
          trackedTasks.delete(id);
          lines.push(line);
        }
      }
      const parts = headPartLines(
        { dims: dimsTable.texts, projections, tasks: taskCells.data() },
        saveOpts?.pieceChars,
      );
      const head = savedHeadLines({ timezone, policies: [...policies], bucket: [...bucketMembers] }, parts);
      lines.splice(0, 1, ...head);
      return lines;
    },

    apply(ticket) {
      const held = tracked.get(ticket.id);
      if (held && ('line' in held ? held.version : held.m.version) > ticket.version) return;
      const old = held && contributionOf(ticket.id, held);
      const policy = opts.policy();
      const m = measureTicket(ticket, policy, metricsSettings(policy));
      policies.add(policy.version);
      if (old) contribute(old, -1);
      const c: Contribution = { m, day: dayOf(m.createdMs), hour: hourOf(m.createdMs), flowDays: flowDaysOf(m) };
      tracked.set(ticket.id, c);
      contribute(c, 1);
      for (const t of trackedTasks.get(ticket.id) ?? []) taskCells.add(t, -1);
      const tasks = measureTasks(ticket).map((tm) => ({ m: tm, day: dayOf(tm.dueMs) }));
      for (const t of tasks) taskCells.add(t, 1);
      if (ticket.resolvedAt !== undefined || ticket.closedAt !== undefined) {
        // a finished ticket seldom changes again: remembered as its saved line (a fraction of
        // the memory of the objects) until it does; a store of a million closed tickets fits
        tracked.set(ticket.id, { version: m.version, line: encodeTicket(c, tasks, dimsTable) });
        trackedTasks.delete(ticket.id);
      } else if (tasks.length > 0) trackedTasks.set(ticket.id, tasks);
      else trackedTasks.delete(ticket.id);
    },

    tasks({ from, to, groupBy = [] }) {
      return { from, to, timezone, groupBy: [...groupBy], ...taskCells.query(from, to, groupBy) };
    },

    query({ from, to, groupBy = [] }) {
      const settings = metricsSettings(opts.policy());
      const wanted = canonical(groupBy);
      // fields are not in the all-dimensions projection: a grouping with one gets its own
      const exact = wanted.length <= 2 || wanted.some(isFieldDimension);
      const p = ensure(exact ? wanted : dimensionNames);
      const regroup = (d: Partial<Dimensions>) => wanted.map((x) => d[x]).join('\u0001');
      const groups = new Map<string, { key: Partial<Dimensions>; bucket: Bucket; backlog: number }>();
      const groupOf = (dims: Partial<Dimensions>, k: string) => {
        const gk = exact ? k : regroup(dims);
        let g = groups.get(gk);
        if (!g) {
          const key: Partial<Dimensions> = {};
          for (const d of groupBy) key[d] = dims[d];
          groups.set(gk, (g = { key, bucket: emptyBucket(), backlog: 0 }));
        }
        return g;
      };
      const total = emptyBucket();
      const totalP = projections.get('')!;
      for (const day of daysFrom(from, to)) {
        const t = totalP.cells.get(day)?.get('');
        if (t) mergeInto(total, t.bucket);
        if (!groupBy.length) continue;
        for (const [k, cell] of p.cells.get(day) ?? []) mergeInto(groupOf(cell.dims, k).bucket, cell.bucket);
      }
      let backlog = 0;
      backlogAt(totalP, to, (_d, _k, n) => (backlog += n));
      if (groupBy.length) backlogAt(p, to, (d, k, n) => (groupOf(d, k).backlog += n));
      const out = [...groups.values()]
        .map((g) => ({ key: g.key, ...summarize(g.bucket, settings, keepsHistograms(p.dims)), backlog: g.backlog }))
        .filter((g) => g.tickets > 0 || g.backlog !== 0)
        .sort((a, b) => b.tickets - a.tickets || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
      return {
        from,
        to,
        timezone,
        groupBy: [...groupBy],
        totals: { key: {}, ...summarize(total, settings), backlog },
        groups: out,
      };
    },

    daysByDimension(dim, from, to) {
      const p = projections.get(dim)!;
      const out: { day: string; value: string }[] = [];
      for (const day of daysFrom(from, to)) {
        for (const cell of p.cells.get(day)?.values() ?? [])
          if (cell.bucket.tickets > 0) out.push({ day, value: cell.dims[dim]! });
      }
      return out;
    },

    daily(from, to) {
      const settings = metricsSettings(opts.policy());
      const p = projections.get('')!;
      let backlog = 0;
      backlogAt(p, addDays(from, -1), (_d, _k, n) => (backlog += n));
      return daysFrom(from, to).map((day) => {
        const cell = p.cells.get(day)?.get('');
        backlog += p.flow.get(day)?.get('')?.n ?? 0;
        return { day, summary: summarize(cell?.bucket ?? emptyBucket(), settings), backlog };
      });
    },
  };
}

/** Moves on one day that cancel out (arrived and resolved the same day) touch nothing. */
function netByDay(moves: { day: string; delta: number }[]): { day: string; delta: number }[] {
  if (moves.length === 2 && moves[0]!.day === moves[1]!.day && moves[0]!.delta + moves[1]!.delta === 0) return [];
  const byDay = new Map<string, number>();
  for (const m of moves) byDay.set(m.day, (byDay.get(m.day) ?? 0) + m.delta);
  return [...byDay].filter(([, d]) => d !== 0).map(([day, delta]) => ({ day, delta }));
}
