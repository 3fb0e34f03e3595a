import { routingTickMs, startClockTicks } from '../../runtime/clock-ticks.ts';
import type { QaService } from '../../runtime/qa/qa-service.ts';
import type { ReportService } from '../../runtime/reports/report-scheduler.ts';
import type { RoutingService } from '../../runtime/routing-service.ts';
import type { BootContext } from './boot-context.ts';

/**
 * Time-based routing (overflow, skills timeout, absences) and the daily QA sampling run on the
 * clock inside the runtime, so an embedded instance behaves as `switchboard serve` does.
 */
export function startTicks(
  ctx: BootContext,
  deps: { routing: RoutingService; qa: QaService; reports: ReportService },
): void {
  const qaEvery = ctx.options.qa?.tickMs ?? 600_000;
  const reportsEvery = ctx.options.reports?.tickMs ?? 60_000;
  const ticks = startClockTicks(ctx.clock, ctx.logger, [
    { name: 'routing tick', everyMs: routingTickMs, run: () => deps.routing.tick().then(deps.routing.idle) },
    ...(qaEvery > 0 ? [{ name: 'QA sampling', everyMs: qaEvery, run: () => deps.qa.tick() }] : []),
    ...(reportsEvery > 0 ? [{ name: 'scheduled reports', everyMs: reportsEvery, run: () => deps.reports.tick() }] : []),
  ]);
  ctx.life.onClose(() => ticks.stop());
}
