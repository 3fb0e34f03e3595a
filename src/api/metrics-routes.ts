import { Router } from 'express';
import type { Policy } from '../config/types.ts';
import { dayStart, addDays } from '../metrics/days.ts';
import type { MetricsIndex } from '../metrics/metrics-index.ts';
import { parseMetricsQuery } from '../metrics/parse-query.ts';
import { scanTickets } from '../metrics/scan-store.ts';
import { csvLine, trackingHeader, trackingRow } from '../report/tracking-csv.ts';
import type { Store } from '../store/types.ts';
import type { Clock } from '../util/clock.ts';

export interface MetricsRouteDeps {
  metrics: MetricsIndex;
  store: Store;
  policy: () => Policy;
  clock: Clock;
}

/**
 * `GET /metrics` answers from the aggregates (no ticket is read); `GET /tickets.csv` exports the
 * tracking table of the tickets that arrived in the window, oldest first.
 */
export function createMetricsRoutes(deps: MetricsRouteDeps): Router {
  const router = Router();
  const parse = (query: Record<string, unknown>) => parseMetricsQuery(query, { timezone: deps.metrics.timezone, now: deps.clock.now() });

  router.get('/metrics', (req, res) => {
    res.json(deps.metrics.query(parse(req.query as Record<string, unknown>)));
  });

  router.get('/tickets.csv', async (req, res) => {
    const q = parse(req.query as Record<string, unknown>);
    const tz = deps.metrics.timezone;
    const start = dayStart(q.from, tz);
    const end = dayStart(addDays(q.to, 1), tz);
    const rows: string[] = [];
    for await (const t of scanTickets(deps.store)) {
      const at = Date.parse(t.createdAt);
      if (at < start) break; // newest first: everything after is older
      if (at < end) rows.push(trackingRow(t));
    }
    res.type('text/csv; charset=utf-8');
    res.attachment(`tickets-${q.from}-to-${q.to}.csv`);
    res.send(`\uFEFF${csvLine(trackingHeader)}${rows.reverse().join('')}`);
  });

  return router;
}
