import type { Policy } from '../policy/types.ts';
import type { HistoricalTicket } from './history.ts';
import { createIsoParser } from './parse-iso.ts';
import { replayTicket, type ReplayOutcome } from './replay.ts';
import { createSummary, diffOutcomes, type PolicySummary, type TicketChange } from './report.ts';

export interface SimulationResult {
  tickets: number;
  changed: number;
  baseline: PolicySummary;
  candidate: PolicySummary;
  /** The first `maxChanges` tickets whose decisions differ, with the rules behind them. */
  changes: TicketChange[];
  asOf: string;
}

export interface SimulateOptions {
  baseline: { policy: Policy; source: string };
  candidate: { policy: Policy; source: string };
  maxChanges?: number;
  reclassify?: boolean;
  /** Default: the latest time found in the history. */
  asOf?: number;
  onProgress?: (done: number) => void;
}

/**
 * Replays history through two policies side by side, streaming: memory holds only the first
 * `maxChanges` changed tickets and the tickets still open in the history. An open ticket (no
 * response or resolution recorded) breaches when its deadline falls before `asOf`, which by
 * default is the latest time in the history, so open tickets are judged after the last line.
 */
export async function simulate(
  tickets: AsyncIterable<HistoricalTicket> | Iterable<HistoricalTicket>,
  opts: SimulateOptions,
): Promise<SimulationResult> {
  const base = createSummary(opts.baseline.source, opts.baseline.policy.version);
  const cand = createSummary(opts.candidate.source, opts.candidate.policy.version);
  const maxChanges = opts.maxChanges ?? 20;
  const changes: TicketChange[] = [];
  const open: HistoricalTicket[] = [];
  let latest = 0;
  let count = 0;
  let changed = 0;
  const parseTime = createIsoParser();
  // Synchronous when both policies are compiled: no promise per ticket.
  const run = (t: HistoricalTicket, asOf: number): Promise<void> | undefined => {
    const ro = { asOf, parseTime, ...(opts.reclassify ? { reclassify: true } : {}) };
    const rb = replayTicket(opts.baseline.policy, t, ro);
    const rc = replayTicket(opts.candidate.policy, t, ro);
    if (rb instanceof Promise || rc instanceof Promise) return Promise.all([rb, rc]).then(([b, c]) => record(t, b, c));
    record(t, rb, rc);
    return undefined;
  };
  const record = (t: HistoricalTicket, b: ReplayOutcome, c: ReplayOutcome) => {
    base.add(b);
    cand.add(c);
    const diff = diffOutcomes(t.id, b, c);
    if (diff) {
      changed++;
      if (changes.length < maxChanges) changes.push(diff);
    }
  };
  for await (const t of tickets) {
    latest = Math.max(
      latest,
      parseTime(t.createdAt),
      t.firstResponseAt ? parseTime(t.firstResponseAt) : 0,
      t.resolvedAt ? parseTime(t.resolvedAt) : 0,
    );
    count++;
    if (opts.asOf === undefined && (!t.firstResponseAt || !t.resolvedAt)) open.push(t);
    else {
      const pending = run(t, opts.asOf ?? latest);
      if (pending) await pending;
    }
    if (count % 10_000 === 0) opts.onProgress?.(count);
  }
  for (const t of open) {
    const pending = run(t, opts.asOf ?? latest);
    if (pending) await pending;
  }
  opts.onProgress?.(count);
  return {
    tickets: count,
    changed,
    baseline: base.result(),
    candidate: cand.result(),
    changes,
    asOf: new Date(opts.asOf ?? latest).toISOString(),
  };
}
