import type { EventBus } from '../../core/events/bus.ts';
import type { MetricsIndex } from '../../core/metrics/metrics-index.ts';
import type { Policy } from '../../core/policy/types.ts';
import { dueRuns, reportKinds, type ReportRun, type ReportSchedule } from '../../core/reports/schedule.ts';
import type { Clock } from '../../core/util/clock.ts';
import { buildDailyReport } from '../../report/daily-report.ts';
import { buildPeriodReport } from '../../report/period-report.ts';
import type { Store } from '../../store/types.ts';
import { writeKeptFiles } from './report-files.ts';
import { createReportStore, type KeptReport, type KeptReportEntry } from './report-store.ts';

export interface ReportService {
  /** Makes the reports the schedule owes up to now (once each, across restarts); returns their ids. */
  tick(): Promise<string[]>;
  list(): Promise<KeptReportEntry[]>;
  get(id: string): Promise<KeptReport | undefined>;
}

/** The kinds the policy's `reports:` schedules (its `dir` is not one). */
export function scheduleOf(policy: Policy): ReportSchedule {
  const given = (policy.doc.reports ?? {}) as Record<string, unknown>;
  const out: ReportSchedule = {};
  for (const kind of reportKinds) if (typeof given[kind] === 'string') out[kind] = given[kind] as string;
  return out;
}

/**
 * Scheduled reports (policy `reports:`): at each scheduled local time the report is built from the
 * live aggregates, kept in the store, written as files when a directory is given (report-files.ts)
 * and announced as `report.ready` (with the files' paths). The instant up to which the
 * schedule has run is stored after each report, so after a stop the reports whose time passed
 * meanwhile are made on the next tick, and none twice. A server that never ran the schedule
 * starts counting from its first tick.
 */
export function createReportService(deps: {
  store: Store;
  clock: Clock;
  bus: EventBus;
  policy: () => Policy;
  metrics: MetricsIndex;
  /** Where to write each report's JSON, HTML and CSV (undefined: nowhere), asked for each report. */
  dir?: (policy: Policy) => string | undefined;
}): ReportService {
  const kept = createReportStore(deps.store);
  let running: Promise<string[]> | undefined;
  const make = async (run: ReportRun, policy: Policy) => {
    const base = {
      id: run.id,
      from: run.from,
      to: run.to,
      scheduledAt: new Date(run.at).toISOString(),
      madeAt: deps.clock.now().toISOString(),
    };
    const report: KeptReport =
      run.kind === 'daily'
        ? { ...base, kind: 'daily', report: buildDailyReport(deps.metrics, policy, run.from) }
        : { ...base, kind: run.kind, report: buildPeriodReport(deps.metrics, policy, run.kind, run.from, run.to) };
    await kept.keep(report);
    // files before the mark: a failed write is tried again on the next tick
    const dir = deps.dir?.(policy);
    const files = dir === undefined ? undefined : await writeKeptFiles(report, dir);
    await kept.saveRanUntil(run.at);
    deps.bus.publish({
      type: 'report.ready',
      data: {
        id: run.id,
        kind: run.kind,
        from: run.from,
        to: run.to,
        scheduledAt: base.scheduledAt,
        ...(files ? { files } : {}),
      },
    });
  };
  // A tick that finds nothing owed writes nothing: the instant saved is that of the last report
  // made (or of the first tick), so the next tick looks again from there, at most one period.
  const tick = async () => {
    const policy = deps.policy();
    const schedule = scheduleOf(policy);
    const now = deps.clock.now().getTime();
    const after = await kept.ranUntil();
    if (after === undefined) {
      await kept.saveRanUntil(now);
      return [];
    }
    if (Object.keys(schedule).length === 0) {
      // nothing scheduled: move the mark on now and then (daily), so a schedule added later
      // starts about now instead of owing the days before it
      if (now - after > 86_400_000) await kept.saveRanUntil(now);
      return [];
    }
    const runs = dueRuns(schedule, policy.timezone, after, now);
    for (const run of runs) await make(run, policy);
    return runs.map((r) => r.id);
  };
  return {
    tick() {
      // one run at a time: a tick while one is going waits for it and finds nothing more owed
      running = (running ?? Promise.resolve([])).then(tick, tick);
      return running;
    },
    list: () => kept.list(),
    get: (id) => kept.get(id),
  };
}
