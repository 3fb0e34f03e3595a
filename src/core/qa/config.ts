import type { PolicyDoc } from '../policy/types.ts';
import { parseDuration } from '../util/duration.ts';

export interface ChecklistItem {
  id: string;
  text: string | Record<string, string>;
  weight: number;
}

/** The `qa:` section with its defaults applied, shares as fractions and durations in ms. */
export interface QaConfig {
  rate: number;
  seed: string;
  auto: boolean;
  weights: { lowCsat: number; breached: number; newAgent: number };
  lowCsatAtMost: number;
  /** Agent id → first day (ms) they count as new; -Infinity = always new. */
  newAgents: ReadonlyMap<string, number>;
  newAgentPeriodMs: number;
  checklist: ChecklistItem[];
  windowMs: number;
  errorRate: 'items' | 'reviews';
  flagAbove: number;
  minReviews: number;
}

interface QaDoc {
  rate?: string | number;
  seed?: string | number;
  auto?: boolean;
  weights?: Partial<QaConfig['weights']>;
  lowCsatAtMost?: number;
  newAgents?: (string | { agent: string; since: string })[];
  newAgentPeriod?: string;
  checklist?: { id: string; text: string | Record<string, string>; weight?: number }[];
  window?: string;
  errorRate?: 'items' | 'reviews';
  flagAbove?: string | number;
  minReviews?: number;
}

/** "15%" → 0.15; 0.15 → 0.15. */
export function parseShare(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  return Number(value.trim().replace('%', '')) / 100;
}

/** The policy's QA settings, or undefined when the policy has no `qa:` section. */
export function qaConfigOf(doc: PolicyDoc): QaConfig | undefined {
  const qa = doc.qa as QaDoc | undefined;
  if (!qa) return undefined;
  const newAgents = new Map<string, number>();
  for (const n of qa.newAgents ?? []) {
    if (typeof n === 'string') newAgents.set(n, Number.NEGATIVE_INFINITY);
    else newAgents.set(n.agent, Date.parse(`${n.since}T00:00:00Z`));
  }
  return {
    rate: parseShare(qa.rate, 0.15),
    seed: String(qa.seed ?? doc.id),
    auto: qa.auto ?? true,
    weights: { lowCsat: 1, breached: 1, newAgent: 1, ...qa.weights },
    lowCsatAtMost: qa.lowCsatAtMost ?? 2,
    newAgents,
    newAgentPeriodMs: parseDuration(qa.newAgentPeriod ?? '90d') ?? 90 * 86_400_000,
    checklist: (qa.checklist ?? []).map((c) => ({ id: c.id, text: c.text, weight: c.weight ?? 1 })),
    windowMs: parseDuration(qa.window ?? '30d') ?? 30 * 86_400_000,
    errorRate: qa.errorRate ?? 'items',
    flagAbove: parseShare(qa.flagAbove, 0.05),
    minReviews: qa.minReviews ?? 1,
  };
}
