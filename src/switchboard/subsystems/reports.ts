import type { MetricsIndex } from '../../core/metrics/metrics-index.ts';
import type { Policy } from '../../core/policy/types.ts';
import { reportDirOf } from '../../runtime/reports/report-files.ts';
import { createReportService, type ReportService } from '../../runtime/reports/report-scheduler.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

/** Scheduled reports; the schedule is looked at once at start (reports owed since a stop), then on the clock's ticks. */
export async function openReports(
  ctx: BootContext,
  deps: { store: Store; policy: () => Policy; metrics: MetricsIndex },
): Promise<ReportService> {
  const reports = createReportService({
    ...deps,
    clock: ctx.clock,
    bus: ctx.bus,
    dir: (policy) => reportDirOf(policy, ctx.dataDir, ctx.options.reports?.dir),
  });
  if ((ctx.options.reports?.tickMs ?? 60_000) > 0)
    await reports.tick().catch((err: unknown) => ctx.logger.error('scheduled reports failed', { error: String(err) }));
  return reports;
}
