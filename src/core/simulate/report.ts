import { formatDuration } from '../util/duration.ts';
import type { ReplayOutcome } from './replay.ts';

/** Counts for one policy over the replayed tickets. */
export interface PolicySummary {
  source: string;
  version: string;
  byPriority: Record<string, number>;
  byGroup: Record<string, number>;
  byCategory: Record<string, number>;
  bySla: Record<string, number>;
  firstResponseTargets: Record<string, number>;
  resolutionTargets: Record<string, number>;
  breaches: { firstResponse: number; resolution: number };
  /** Share of tickets with a target that met it (0..1). */
  compliance: { firstResponse: number; resolution: number };
}

export interface TicketChange {
  id: string;
  changes: Record<string, [unknown, unknown]>;
  /** Rule ids behind the baseline and candidate decisions. */
  reasons: { baseline: ReplayOutcome['rules']; candidate: ReplayOutcome['rules'] };
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

/** Accumulates one policy's outcomes without keeping them. */
export function createSummary(source: string, version: string) {
  const s: PolicySummary = {
    source,
    version,
    byPriority: {},
    byGroup: {},
    byCategory: {},
    bySla: {},
    firstResponseTargets: {},
    resolutionTargets: {},
    breaches: { firstResponse: 0, resolution: 0 },
    compliance: { firstResponse: 1, resolution: 1 },
  };
  const withTarget = { firstResponse: 0, resolution: 0 };
  return {
    add(o: ReplayOutcome) {
      bump(s.byPriority, o.priority);
      bump(s.byGroup, o.group);
      bump(s.byCategory, o.category || '(none)');
      bump(s.bySla, o.sla || '(none)');
      if (o.firstResponseTargetMs !== undefined) bump(s.firstResponseTargets, formatDuration(o.firstResponseTargetMs));
      if (o.resolutionTargetMs !== undefined) bump(s.resolutionTargets, formatDuration(o.resolutionTargetMs));
      if (o.firstResponseBreached !== undefined) withTarget.firstResponse++;
      if (o.resolutionBreached !== undefined) withTarget.resolution++;
      if (o.firstResponseBreached) s.breaches.firstResponse++;
      if (o.resolutionBreached) s.breaches.resolution++;
    },
    result(): PolicySummary {
      const share = (breached: number, total: number) =>
        total === 0 ? 1 : Math.round(((total - breached) / total) * 10_000) / 10_000;
      return {
        ...s,
        compliance: {
          firstResponse: share(s.breaches.firstResponse, withTarget.firstResponse),
          resolution: share(s.breaches.resolution, withTarget.resolution),
        },
      };
    },
  };
}

const compared = [
  'category',
  'priority',
  'group',
  'sla',
  'firstResponseTargetMs',
  'resolutionTargetMs',
  'firstResponseBreached',
  'resolutionBreached',
] as const;

/** The fields in which the candidate decides differently, or undefined when it agrees. */
export function diffOutcomes(id: string, baseline: ReplayOutcome, candidate: ReplayOutcome): TicketChange | undefined {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const k of compared) if (baseline[k] !== candidate[k]) changes[k] = [baseline[k], candidate[k]];
  return Object.keys(changes).length === 0
    ? undefined
    : { id, changes, reasons: { baseline: baseline.rules, candidate: candidate.rules } };
}
