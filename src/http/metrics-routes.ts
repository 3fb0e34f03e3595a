import express, { Router } from 'express';
import type { SurveyService } from '../runtime/csat/survey-service.ts';
import { surveyFormPage, surveyGonePage, surveyThanksPage } from './survey-page.ts';
import { isSwitchboardError } from '../core/errors/index.ts';
import type { Policy } from '../core/policy/types.ts';
import { dayStart, addDays } from '../core/metrics/days.ts';
import type { MetricsIndex } from '../core/metrics/metrics-index.ts';
import { parseMetricsQuery } from '../core/metrics/parse-query.ts';
import { scanTickets } from '../runtime/metrics/scan-store.ts';
import { trackingHeader, trackingRow } from '../report/tracking-csv.ts';
import { csvBom, csvLine } from '../core/util/csv.ts';
import { maskForRole } from '../auth/mask-payload.ts';
import { principalOf } from './guard.ts';
import { buildDailyReport } from '../report/daily-report.ts';
import { renderDailyCsv } from '../report/render-csv.ts';
import { renderDailyHtml } from '../report/render-html.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { isDay } from '../core/metrics/days.ts';
import type { Store } from '../store/types.ts';
import type { AuditLog } from '../auth/audit-log.ts';
import type { Clock } from '../core/util/clock.ts';

export interface MetricsRouteDeps {
  metrics: MetricsIndex;
  store: Store;
  policy: () => Policy;
  clock: Clock;
  surveys?: SurveyService;
}

/**
 * `GET /metrics` answers from the aggregates (no ticket is read); `GET /tickets.csv` exports the
 * tracking table of the tickets that arrived in the window, oldest first.
 */
export function createMetricsRoutes(deps: MetricsRouteDeps): Router {
  const router = Router();
  const parse = (query: Record<string, unknown>) =>
    parseMetricsQuery(query, { timezone: deps.metrics.timezone, now: deps.clock.now() });

  router.get('/metrics', (req, res) => {
    res.json(deps.metrics.query(parse(req.query as Record<string, unknown>)));
  });

  router.get('/tickets.csv', async (req, res) => {
    const q = parse(req.query as Record<string, unknown>);
    const tz = deps.metrics.timezone;
    const start = dayStart(q.from, tz);
    const end = dayStart(addDays(q.to, 1), tz);
    const rows: string[] = [];
    const mask = maskForRole(principalOf(res)?.role ?? 'admin', deps.policy());
    for await (const t of scanTickets(deps.store)) {
      const at = Date.parse(t.createdAt);
      if (at < start) break; // newest first: everything after is older
      if (at < end) rows.push(trackingRow(mask(t)));
    }
    res.type('text/csv; charset=utf-8');
    res.attachment(`tickets-${q.from}-to-${q.to}.csv`);
    res.send(`${csvBom}${csvLine(trackingHeader)}${rows.reverse().join('')}`);
  });

  // The daily report from the live aggregates: milliseconds, whatever the ticket count.
  router.get('/reports/daily', (req, res) => {
    const date = typeof req.query.date === 'string' ? req.query.date : parse({}).to;
    if (!isDay(date))
      throw new SwitchboardError('SWB_METRICS_QUERY', `?date=${date} is not a day (YYYY-MM-DD)`, { path: '?date' });
    const report = buildDailyReport(deps.metrics, deps.policy(), date);
    const format = req.query.format ?? 'json';
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
    else if (format === 'json') res.json(report);
    else
      throw new SwitchboardError('SWB_METRICS_QUERY', `?format=${String(format)} is not one of json, html, csv`, {
        path: '?format',
      });
  });

  router.post('/tickets/:id/survey', async (req, res) => {
    if (!deps.surveys)
      throw new SwitchboardError('SWB_API_NOT_FOUND', 'satisfaction surveys are not available on this router');
    res.status(201).json(await deps.surveys.issue(req.params.id));
  });

  return router;
}

/**
 * The customer-facing survey at `/survey/:token`: no login (the token is the credential). The
 * form posts urlencoded and gets a page back; JSON clients get JSON. An unknown or expired
 * token answers 404 either way.
 */
/** Survey answers are public (the link is the credential), so each is audited as the customer's. */
export function createSurveyRoutes(
  surveys: SurveyService,
  audited?: { audit: AuditLog; policy: () => Policy },
): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '16kb' }), express.json({ limit: '16kb' }));
  const wantsHtml = (req: express.Request) => !req.is('application/json') && req.accepts(['json', 'html']) === 'html';
  const gone = (req: express.Request, res: express.Response, e: unknown) => {
    if (isSwitchboardError(e) && e.code === 'SWB_CSAT_TOKEN' && wantsHtml(req))
      return void res.status(404).type('html').send(surveyGonePage());
    throw e;
  };

  router.get('/:token', async (req, res) => {
    try {
      const { ticket } = await surveys.open(req.params.token);
      res
        .type('html')
        .set('Cache-Control', 'no-store')
        .set('Referrer-Policy', 'no-referrer')
        .send(surveyFormPage(ticket));
    } catch (e) {
      gone(req, res, e);
    }
  });

  router.post('/:token', async (req, res) => {
    try {
      const body = (req.body ?? {}) as { score?: unknown; comment?: unknown };
      const r = await surveys.answer(req.params.token, {
        score: body.score,
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
      });
      audited?.audit.append({
        at: new Date().toISOString(),
        actor: { tokenId: 'survey-link', name: `customer:${r.ticket.customer.id}`, role: 'customer' },
        ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        operation: 'answerSurvey',
        method: req.method,
        path: `${req.baseUrl}/…`, // the link's token is the credential: never logged
        status: 200,
        ticketId: r.ticket.id,
        details: { score: r.ticket.csat?.score, ...(r.task ? { callback: r.task.id } : {}) },
        policyVersion: audited.policy().version,
      });
      if (wantsHtml(req)) res.type('html').send(surveyThanksPage(r.task !== undefined));
      else res.json({ score: r.ticket.csat?.score, callback: r.task ?? null });
    } catch (e) {
      gone(req, res, e);
    }
  });
  return router;
}
