import { SwitchboardError } from '../errors/index.ts';
import { listValues } from '../util/suggest.ts';
import type { ChecklistItem, QaConfig } from './config.ts';
import type { ItemResult, QaReview } from '../model/qa-review.ts';

export type { ItemResult, QaReview } from '../model/qa-review.ts';

/** Checks a reviewer's results against the checklist: every item exactly once. */
export function checkResults(results: Record<string, ItemResult>, checklist: readonly ChecklistItem[]): void {
  const ids = checklist.map((c) => c.id);
  const unknown = Object.keys(results).filter((k) => !ids.includes(k));
  if (unknown.length)
    throw new SwitchboardError(
      'SWB_QA_RESULTS',
      `unknown checklist item(s) ${listValues(unknown)}; the checklist has ${listValues(ids)}`,
      { path: '/results', unknown },
    );
  const missing = ids.filter((id) => !(id in results));
  if (missing.length)
    throw new SwitchboardError(
      'SWB_QA_RESULTS',
      `no result for checklist item(s) ${listValues(missing)}: give each pass, fail or na`,
      { path: '/results', missing },
    );
}

export function tally(
  results: Record<string, ItemResult>,
  checklist: readonly ChecklistItem[],
): { scored: number; failed: number; score: number } {
  let scored = 0;
  let failed = 0;
  for (const item of checklist) {
    const r = results[item.id];
    if (r === 'pass' || r === 'fail') scored += item.weight;
    if (r === 'fail') failed += item.weight;
  }
  return { scored, failed, score: scored === 0 ? 1 : (scored - failed) / scored };
}

export interface AgentQuality {
  agent: string;
  reviews: number;
  failedReviews: number;
  scoredItems: number;
  failedItems: number;
  /** As `qa.errorRate` defines it: items (default) or reviews. */
  errorRate: number;
  flagged: boolean;
}

/**
 * Per-agent error rate over the reviews given (the caller picks those in the window).
 * items: weighted failed items / weighted scored items; reviews: reviews with a failure / reviews.
 */
export function agentQuality(reviews: readonly QaReview[], qa: QaConfig): AgentQuality[] {
  const by = new Map<string, QaReview[]>();
  for (const r of reviews) {
    if (r.agent === null) continue;
    by.set(r.agent, [...(by.get(r.agent) ?? []), r]);
  }
  return [...by]
    .map(([agent, list]) => {
      const scoredItems = list.reduce((s, r) => s + r.scored, 0);
      const failedItems = list.reduce((s, r) => s + r.failed, 0);
      const failedReviews = list.filter((r) => r.failed > 0).length;
      const errorRate =
        qa.errorRate === 'reviews' ? failedReviews / list.length : scoredItems === 0 ? 0 : failedItems / scoredItems;
      return {
        agent,
        reviews: list.length,
        failedReviews,
        scoredItems,
        failedItems,
        errorRate,
        flagged: list.length >= qa.minReviews && errorRate > qa.flagAbove,
      };
    })
    .sort((a, b) => b.errorRate - a.errorRate || a.agent.localeCompare(b.agent));
}
