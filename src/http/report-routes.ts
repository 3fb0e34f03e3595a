import { SwitchboardError } from '../core/errors/index.ts';
import { addDays, dayStart, isDay } from '../core/metrics/days.ts';
import { checkReportDay } from '../core/metrics/day-range.ts';
import { parseMetricsQuery, parseTaskMetricsQuery } from '../core/metrics/parse-query.ts';
import { buildDailyReport } from '../report/daily-report.ts';
import { renderDailyCsv } from '../report/render-csv.ts';
import { renderDailyHtml } from '../report/render-html.ts';
import { renderPeriodCsv, renderPeriodHtml } from '../report/render-period.ts';
import { trackingHeading, trackingRow } from '../report/tracking-csv.ts';
import { csvBom } from '../core/util/csv.ts';
import { maskForRole } from '../auth/mask-payload.ts';
import { principalOf } from './guard.ts';
import { scanTickets } from '../runtime/metrics/scan-store.ts';
import type { Request } from 'express';
import { type ApiContext, type ApiRoute, unavailable } from './api-context.ts';

const window = (query: Record<string, unknown>, req: Request, ctx: ApiContext) => {
  const metrics = unavailable(ctx.metrics, req);
  return parseMetricsQuery(query, { timezone: metrics.timezone, now: ctx.clock.now(), policy: ctx.policy() });
};

/**
 * Reports from the live aggregates (no ticket is read): ticket metrics and the daily report;
 * and the tracking table of the tickets that arrived in a window, oldest first, as CSV.
 */
export const reportRoutes: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/metrics',
    operationId: 'getTicketMetrics',
    summary: 'Ticket metrics (volume, response/resolution times, SLA, backlog, CSAT) per day from the live aggregates',
    tag: 'reports',
    permission: 'reports:read',
    query: 'MetricsQuery',
    ok: { status: 200, description: '`{ from, to, timezone, groupBy, totals, series, groups }`' },
    handle: (req, _res, ctx) =>
      unavailable(ctx.metrics, req).query(window(req.query as Record<string, unknown>, req, ctx)),
  },
  {
    method: 'get',
    path: '/metrics/calls',
    operationId: 'getCallMetrics',
    summary: 'Call metrics of each voice channel over the last 30 days (the dashboard calls card)',
    tag: 'reports',
    permission: 'dashboard:read',
    ok: { status: 200, description: '`{ from, to, channels: [{ channel, name, answerWithin, calls }] }`' },
    handle(req, _res, ctx) {
      const policy = ctx.policy();
      const r = unavailable(ctx.metrics, req).query({ ...window({}, req, ctx), groupBy: ['channel'] });
      const channels = [...policy.channels.values()]
        .filter((c) => c.kind === 'voice')
        .map((c) => ({
          channel: c.id,
          name: c.name,
          answerWithin: c.answerWithin ?? null,
          calls: r.groups.find((g) => g.key.channel === c.id)?.calls ?? null,
        }));
      return { from: r.from, to: r.to, channels };
    },
  },
  {
    method: 'get',
    path: '/metrics/tasks',
    operationId: 'getTaskMetrics',
    summary:
      'Task metrics (done on time, done late, overdue, open, cancelled) of the tasks due in the window, by group, agent and task',
    tag: 'reports',
    permission: 'reports:read',
    query: 'TaskMetricsQuery',
    ok: { status: 200, description: '`{ from, to, timezone, groupBy, totals, groups }`' },
    handle(req, _res, ctx) {
      const metrics = unavailable(ctx.metrics, req);
      const q = parseTaskMetricsQuery(req.query as Record<string, unknown>, {
        timezone: metrics.timezone,
        now: ctx.clock.now(),
      });
      return metrics.tasks(q);
    },
  },
  {
    method: 'get',
    path: '/tickets.csv',
    operationId: 'exportTicketsCsv',
    summary: 'Tracking table of the tickets that arrived in ?from..?to, as CSV',
    tag: 'reports',
    permission: 'reports:read',
    query: 'MetricsQuery',
    ok: { status: 200, description: 'CSV (UTF-8 with BOM)', contentType: 'text/csv' },
    async handle(req, res, ctx) {
      const q = window(req.query as Record<string, unknown>, req, ctx);
      const tz = unavailable(ctx.metrics, req).timezone;
      const start = dayStart(q.from, tz);
      const end = dayStart(addDays(q.to, 1), tz);
      const rows: string[] = [];
      const policy = ctx.policy();
      const mask = maskForRole(principalOf(res)?.role ?? 'admin', policy);
      const fields = [...policy.fields.values()];
      for await (const t of scanTickets(ctx.store)) {
        const at = Date.parse(t.createdAt);
        if (at < start) break; // newest first: everything after is older
        if (at < end) rows.push(trackingRow(mask(t), fields));
      }
      res.type('text/csv; charset=utf-8');
      res.attachment(`tickets-${q.from}-to-${q.to}.csv`);
      res.send(`${csvBom}${trackingHeading(fields)}${rows.reverse().join('')}`);
    },
  },
  {
    method: 'get',
    path: '/reports/daily',
    operationId: 'getDailyReport',
    summary: 'Daily efficiency report (?date, ?format=json|html|csv)',
    tag: 'reports',
    permission: 'reports:read',
    query: 'DailyReportQuery',
    ok: { status: 200, description: 'the daily report' },
    // From the live aggregates: milliseconds, whatever the ticket count.
    handle(req, res, ctx) {
      const metrics = unavailable(ctx.metrics, req);
      const date = typeof req.query.date === 'string' ? req.query.date : window({}, req, ctx).to;
      if (!isDay(date))
        throw new SwitchboardError('SWB_METRICS_QUERY', `?date=${date} is not a day (YYYY-MM-DD)`, { path: '?date' });
      checkReportDay(date, ctx.clock.now(), 'date');
      const report = buildDailyReport(metrics, ctx.policy(), date);
      const format = req.query.format ?? 'json';
      if (format === 'json') return report;
      // The report's CSS is inline; the server's site-wide CSP allows styles from 'self' only.
      if (format === 'html')
        res
          .type('html')
          .setHeader(
            'Content-Security-Policy',
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
          )
          .send(renderDailyHtml(report));
      else if (format === 'csv')
        res.type('text/csv; charset=utf-8').attachment(`daily-${date}.csv`).send(renderDailyCsv(report));
      else
        throw new SwitchboardError('SWB_METRICS_QUERY', `?format=${String(format)} is not one of json, html, csv`, {
          path: '?format',
        });
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/reports',
    operationId: 'listReports',
    summary: 'The reports the schedule (policy `reports:`) made and kept, oldest first',
    tag: 'reports',
    permission: 'reports:read',
    ok: { status: 200, description: '`{ items: [{ id, kind, from, to, scheduledAt, madeAt }] }`' },
    handle: async (req, _res, ctx) => ({ items: await unavailable(ctx.reports, req).list() }),
  },
  {
    method: 'get',
    path: '/reports/:id',
    operationId: 'getKeptReport',
    summary: 'One kept report (?format=json|html|csv): daily-<day>, weekly-<first day>, monthly-<first day>',
    tag: 'reports',
    permission: 'reports:read',
    query: 'KeptReportQuery',
    ok: {
      status: 200,
      description: '`{ id, kind, from, to, scheduledAt, madeAt, report }`, or the report as HTML or CSV',
    },
    async handle(req, res, ctx) {
      const id = String(req.params.id);
      const kept = await unavailable(ctx.reports, req).get(id);
      if (!kept)
        throw new SwitchboardError(
          'SWB_REPORT_NOT_FOUND',
          `no kept report "${id}"; GET /api/reports lists them (a report is kept once its scheduled time came)`,
        );
      const format = req.query.format ?? 'json';
      if (format === 'json') return kept;
      if (format === 'html') {
        const html = kept.kind === 'daily' ? renderDailyHtml(kept.report) : renderPeriodHtml(kept.report);
        res
          .type('html')
          .setHeader(
            'Content-Security-Policy',
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
          )
          .send(html);
      } else {
        const csv = kept.kind === 'daily' ? renderDailyCsv(kept.report) : renderPeriodCsv(kept.report);
        res.type('text/csv; charset=utf-8').attachment(`${id}.csv`).send(csv);
      }
      return undefined;
    },
  },
];
