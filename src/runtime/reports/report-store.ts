import type { Store } from '../../store/types.ts';
import type { ReportKind } from '../../core/reports/schedule.ts';
import type { DailyReport } from '../../report/daily-report.ts';
import type { PeriodReport } from '../../report/period-report.ts';

/** What the list of kept reports says of each. */
export interface KeptReportEntry {
  id: string;
  kind: ReportKind;
  from: string;
  to: string;
  /** The instant the schedule named. */
  scheduledAt: string;
  /** When the server made it (later than scheduledAt after a stop). */
  madeAt: string;
}

export type KeptReport =
  | (KeptReportEntry & { kind: 'daily'; report: DailyReport })
  | (KeptReportEntry & { kind: 'weekly' | 'monthly'; report: PeriodReport });

/**
 * Scheduled reports live in the Store's durable key/value meta (lowdb and PostgreSQL alike): one
 * entry per report, the list of them, and the instant up to which the schedule has been run, so a
 * restart neither repeats nor skips a report.
 */
export function createReportStore(store: Store) {
  return {
    list: async () => (await store.getMeta<KeptReportEntry[]>('reports:list')) ?? [],
    get: (id: string) => store.getMeta<KeptReport>(`reports:report:${id}`),
    async keep(kept: KeptReport) {
      await store.setMeta(`reports:report:${kept.id}`, kept);
      const { report: _report, ...entry } = kept;
      const list = (await this.list()).filter((e) => e.id !== kept.id);
      list.push(entry);
      list.sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt) || a.id.localeCompare(b.id));
      await store.setMeta('reports:list', list);
    },
    ranUntil: () => store.getMeta<number>('reports:ranUntil'),
    saveRanUntil: (ms: number) => store.setMeta('reports:ranUntil', ms),
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;
