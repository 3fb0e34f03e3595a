import { csvDocument } from '../../core/util/csv.ts';
import type { QueueItem } from './qa-service.ts';

/**
 * One row per sampled ticket: the sampling decision (period, weight, seeded u and key) and,
 * when reviewed, the review with one column per checklist item. UTF-8 with a BOM, like the other
 * CSV exports, so spreadsheet programs read Chinese comments as UTF-8.
 */
export function queueToCsv(items: readonly QueueItem[], checklist: readonly string[]): string {
  const header = [
    'ticketId',
    'period',
    'agent',
    'weight',
    'u',
    'key',
    'csat',
    'breached',
    'newAgent',
    'reviewed',
    'reviewer',
    'reviewedAt',
    'score',
    'failed',
    'scored',
    ...checklist,
    'comment',
  ];
  const rows = items.map((i) => [
    i.ticketId,
    i.period,
    i.agent,
    i.weight,
    i.u,
    i.key,
    i.csat,
    i.breached,
    i.newAgent,
    i.review ? 'yes' : 'no',
    i.review?.reviewer,
    i.review?.at,
    i.review?.score,
    i.review?.failed,
    i.review?.scored,
    ...checklist.map((c) => i.review?.results[c]),
    i.review?.comment,
  ]);
  return csvDocument([header, ...rows]);
}
