import { SwitchboardError } from '../core/errors/index.ts';
import type { ItemResult } from '../core/qa/score.ts';
import { queueToCsv } from '../runtime/qa/export.ts';
import { requireQa } from '../runtime/qa/qa-service.ts';
import { type ApiRoute, unavailable } from './api-context.ts';
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

/** Quality review: sampling, the review queue, scoring, per-agent error rates, export. */
export const qaRoutes: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/qa/sample',
    operationId: 'qaSample',
    summary:
      'Sample each day from..to of resolved tickets for quality review (seeded, weighted; sampled days are kept)',
    tag: 'qa',
    permission: 'qa:review',
    body: 'QaSampleInput',
    audited: true,
    ok: { status: 200, description: '`{ periods: [{ period, population, size, existing }] }`' },
    handle(req, _res, ctx) {
      const { from, to } = req.body as { from: string; to: string };
      return unavailable(ctx.qa, req).sample(from, to);
    },
  },
  {
    method: 'get',
    path: '/qa/queue',
    operationId: 'qaQueue',
    summary: 'Sampled tickets awaiting review (or reviewed / all), with the inputs of each sampling decision',
    tag: 'qa',
    permission: 'qa:review',
    query: 'QaQueueQuery',
    ok: {
      status: 200,
      description: '`{ items: [{ ticketId, period, agent, weight, u, key, csat?, breached, newAgent, review? }] }`',
    },
    handle: async (req, _res, ctx) => ({
      items: await unavailable(ctx.qa, req).queue(queueFilter(req.query as QueueQuery, 'pending')),
    }),
  },
  {
    method: 'get',
    path: '/qa/samples/:period',
    operationId: 'qaSampleRecord',
    summary: "The audit record of one day's sample: seed, rate, population and every ticket's decision",
    tag: 'qa',
    permission: 'qa:review',
    ok: {
      status: 200,
      description: '`{ period, from, to, seed, rate, population, size, sampledAt, policyVersion, decisions }`',
    },
    async handle(req, _res, ctx) {
      const period = String(req.params.period);
      const record = await unavailable(ctx.qa, req).record(period);
      if (!record)
        throw new SwitchboardError(
          'SWB_QA_NOT_SAMPLED',
          `no sample for "${period}"; run POST /api/qa/sample with that day first`,
        );
      return record;
    },
  },
  {
    method: 'post',
    path: '/qa/reviews/:id',
    operationId: 'qaReview',
    summary: 'Score a sampled ticket against the checklist',
    tag: 'qa',
    permission: 'qa:review',
    body: 'QaReviewInput',
    audited: true,
    ok: { status: 201, description: '`{ review, agent? }`' },
    handle(req, res, ctx) {
      const { results, comment } = req.body as { results: Record<string, ItemResult>; comment?: string };
      const reviewer = principalOf(res)?.name ?? 'api';
      return unavailable(ctx.qa, req).review(String(req.params.id), {
        results,
        ...(comment ? { comment } : {}),
        reviewer,
      });
    },
  },
  {
    method: 'get',
    path: '/qa/agents',
    operationId: 'qaAgents',
    summary: 'Per-agent error rate over the QA window, flagged agents first',
    tag: 'qa',
    permission: 'qa:review',
    ok: {
      status: 200,
      description: '`{ window, threshold, errorRate, items: [{ agent, reviews, errorRate, flagged, ... }] }`',
    },
    handle: (req, _res, ctx) => unavailable(ctx.qa, req).agents(),
  },
  {
    method: 'get',
    path: '/qa/export',
    operationId: 'qaExport',
    summary: 'Export the queue and reviews as JSON or CSV',
    tag: 'qa',
    permission: 'qa:review',
    query: 'QaExportQuery',
    ok: { status: 200, description: 'JSON `{ items }` or CSV with a header row' },
    async handle(req, res, ctx) {
      const q = req.query as QueueQuery;
      const items = await unavailable(ctx.qa, req).queue(queueFilter(q, 'all'));
      if (q.format !== 'csv') return { items };
      const checklist = requireQa(ctx.policy()).checklist.map((c) => c.id);
      res.type('text/csv').attachment('qa-export.csv').send(queueToCsv(items, checklist));
      return undefined;
    },
  },
];
