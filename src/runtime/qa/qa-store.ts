import type { Store } from '../../store/types.ts';
import type { SampleRecord } from '../../core/qa/sample.ts';
import type { QaReview } from '../../core/qa/score.ts';

export interface AgentFlag {
  flagged: boolean;
  at: string;
  errorRate: number;
  reviews: number;
}

/**
 * QA state lives in the Store's durable key/value meta (every store implements it), never only
 * in memory: one audit record per sampled period, one review per ticket, the picked-ticket index,
 * agent flags and the last period the daily step sampled.
 */
export function createQaStore(store: Store) {
  return {
    periods: async () => (await store.getMeta<string[]>('qa:periods')) ?? [],
    sample: (period: string) => store.getMeta<SampleRecord>(`qa:sample:${period}`),
    async saveSample(record: SampleRecord) {
      await store.setMeta(`qa:sample:${record.period}`, record);
      const periods = new Set(await this.periods());
      periods.add(record.period);
      await store.setMeta('qa:periods', [...periods].sort());
      const picked = await this.picked();
      for (const d of record.decisions) if (d.picked) picked[d.ticketId] = record.period;
      await store.setMeta('qa:picked', picked);
    },
    /** Ticket id → the period it was sampled in. */
    picked: async () => ({ ...((await store.getMeta<Record<string, string>>('qa:picked')) ?? {}) }),
    review: (ticketId: string) => store.getMeta<QaReview>(`qa:review:${ticketId}`),
    saveReview: (review: QaReview) => store.setMeta(`qa:review:${review.ticketId}`, review),
    flags: async () => ({ ...((await store.getMeta<Record<string, AgentFlag>>('qa:flags')) ?? {}) }),
    saveFlags: (flags: Record<string, AgentFlag>) => store.setMeta('qa:flags', flags),
    lastAuto: () => store.getMeta<string>('qa:lastAuto'),
    saveLastAuto: (period: string) => store.setMeta('qa:lastAuto', period),
  };
}

export type QaStore = ReturnType<typeof createQaStore>;
