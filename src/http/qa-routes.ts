import { Router } from 'express';
import type { Policy } from '../core/policy/types.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { queueToCsv } from '../runtime/qa/export.ts';
import { requireQa, type QaService } from '../runtime/qa/qa-service.ts';
import type { ItemResult } from '../core/qa/score.ts';
import { principalOf } from './guard.ts';

type QueueQuery = {
  status?: 'pending' | 'reviewed' | 'all';
  agent?: string;
  from?: string;
  to?: string;
  format?: 'json' | 'csv';
};

const queueFilter = (q: QueueQuery, fallback: 'pending' | 'all') => ({
  status: q.status ?? fallback,
  ...(q.agent ? { agent: q.agent } : {}),
  ...(q.from ? { from: q.from } : {}),
  ...(q.to ? { to: q.to } : {}),
});

/** Quality review over HTTP (bodies and queries are validated by the guard from the route table). */
export function createQaRoutes(deps: { qa: QaService; policy: () => Policy }): Router {
  const router = Router();

  router.post('/qa/sample', async (req, res) => {
    const { from, to } = req.body as { from: string; to: string };
    res.json(await deps.qa.sample(from, to));
  });

  router.get('/qa/queue', async (req, res) => {
    res.json({ items: await deps.qa.queue(queueFilter(req.query as QueueQuery, 'pending')) });
  });

  router.get('/qa/samples/:period', async (req, res) => {
    const record = await deps.qa.record(req.params.period);
    if (!record)
      throw new SwitchboardError(
        'SWB_QA_NOT_SAMPLED',
        `no sample for "${req.params.period}"; run POST /api/qa/sample with that day first`,
      );
    res.json(record);
  });

  router.post('/qa/reviews/:id', async (req, res) => {
    const { results, comment } = req.body as { results: Record<string, ItemResult>; comment?: string };
    const reviewer = principalOf(res)?.name ?? 'api';
    res.status(201).json(await deps.qa.review(req.params.id, { results, ...(comment ? { comment } : {}), reviewer }));
  });

  router.get('/qa/agents', async (_req, res) => {
    res.json(await deps.qa.agents());
  });

  router.get('/qa/export', async (req, res) => {
    const q = req.query as QueueQuery;
    const items = await deps.qa.queue(queueFilter(q, 'all'));
    if (q.format === 'csv') {
      const checklist = requireQa(deps.policy()).checklist.map((c) => c.id);
      res.type('text/csv').attachment('qa-export.csv').send(queueToCsv(items, checklist));
      return;
    }
    res.json({ items });
  });
  return router;
}
