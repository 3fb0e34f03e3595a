import { Router, type Request } from 'express';
import type { TicketService } from '../runtime/ticket-service.ts';
import type { Policy } from '../core/policy/types.ts';
import type { PolicyCandidates } from '../runtime/policy-holder.ts';
import { candidateSources } from './policy-candidate.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { Store } from '../store/types.ts';
import type { TicketInput } from '../core/model/ticket.ts';
import type { Logger } from '../telemetry/logger.ts';
import { errorHandler, notFound } from './error-handler.ts';
import { jsonAnswer } from './json-answer.ts';
import { jsonBody } from './json-body.ts';
import { parseTicketQuery } from './query.ts';
import { describePolicy } from './describe-policy.ts';
import { createBodyValidators } from './validate-body.ts';
import { createSimulateRoute } from './simulate-route.ts';
import type { PolicyLoader } from '../config/load.ts';
import type { MetricsIndex } from '../core/metrics/metrics-index.ts';
import type { Clock } from '../core/util/clock.ts';
import { createMetricsRoutes } from './metrics-routes.ts';
import type { SurveyService } from '../runtime/csat/survey-service.ts';
import type { RoutingService } from '../runtime/routing-service.ts';
import { createRoutingRoutes } from './routing-routes.ts';
import { principalOf } from './guard.ts';
import { scopeFilter } from '../auth/scope.ts';
import { createExtensionRoutes, installApiGuards, type ApiSecurity } from './extensions.ts';
import type { QaService } from '../runtime/qa/qa-service.ts';
import { createQaRoutes } from './qa-routes.ts';
import { createFaqRoutes } from './faq-routes.ts';

export interface ApiDeps {
  tickets: TicketService;
  policy: () => Policy;
  /** Candidate checks for POST /policy/validate and the candidates of POST /simulate. */
  policyAdmin?: PolicyCandidates;
  store: Store;
  logger: Logger;
  startedAt: Date;
  version: string;
  loader: PolicyLoader;
  metrics?: MetricsIndex;
  clock?: Clock;
  surveys?: SurveyService;
  routing: RoutingService;
  /** Routes of plugins (`/plugins/<name>/...`), mounted behind the same guard. */
  extraRoutes?: Router;
  /** Tokens, audit, actions (src/api/extensions.ts). */
  security: ApiSecurity;
  /** Quality review (src/qa); without it the /qa routes answer 404. */
  qa?: QaService;
}

/** The REST API as a router, so it can be mounted anywhere (`/api` when standalone). */
export function createApiRouter(deps: ApiDeps): Router {
  const router = Router();
  const validate = createBodyValidators();
  router.use(jsonBody({ limit: 1024 * 1024 }));
  router.use(jsonAnswer);
  installApiGuards(router, deps);

  const filterStatus = (req: Request) => {
    const policy = deps.policy();
    const f = parseTicketQuery(req.query as Record<string, unknown>);
    for (const s of f.status ?? [])
      if (!policy.statuses.has(s))
        throw new SwitchboardError(
          'SWB_TICKET_UNKNOWN_VALUE',
          `unknown status "${s}"; allowed: ${[...policy.statuses.keys()].join(', ')}`,
          { path: '?status' },
        );
    for (const p of f.priority ?? [])
      if (!policy.priorities.includes(p))
        throw new SwitchboardError(
          'SWB_TICKET_UNKNOWN_VALUE',
          `unknown priority "${p}"; allowed: ${policy.priorities.join(', ')}`,
          { path: '?priority' },
        );
    for (const g of f.group ?? [])
      if (!policy.groups.has(g))
        throw new SwitchboardError(
          'SWB_TICKET_UNKNOWN_VALUE',
          `unknown group "${g}"; allowed: ${[...policy.groups.keys()].join(', ')}`,
          { path: '?group' },
        );
    return f;
  };

  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      store: deps.store.kind,
      policyVersion: deps.policy().version,
      startedAt: deps.startedAt.toISOString(),
      version: deps.version,
    });
  });

  router.get('/policy', (_req, res) => {
    res.json(describePolicy(deps.policy()));
  });

  router.post('/policy/validate', async (req, res) => {
    if (!deps.policyAdmin)
      throw new SwitchboardError('SWB_API_NOT_FOUND', 'policy validation is not available on this router');
    res.json(await deps.policyAdmin.validate(candidateSources(req.body)));
  });

  router.post('/tickets', async (req, res) => {
    // the guard has validated the body against TicketInput; the service checks it against the policy
    const { ticket, trace } = await deps.tickets.create(req.body as TicketInput);
    res
      .status(201)
      .location(`${req.baseUrl}/tickets/${ticket.id}`)
      .json(req.query.explain === '1' || req.query.explain === 'true' ? { ...ticket, trace } : ticket);
  });

  router.get('/tickets', async (req, res) => {
    const filter = scopeFilter(filterStatus(req), principalOf(res), deps.policy());
    const page = filter ? await deps.tickets.list(filter) : { items: [] };
    res.json(page);
  });

  router.get('/tickets/:id', async (req, res) => {
    res.json(await deps.tickets.get(req.params.id));
  });

  router.patch('/tickets/:id', async (req, res) => {
    validate('TicketPatch', req.body);
    res.json(
      await deps.tickets.update(req.params.id, req.body as { priority?: string; channel?: string; group?: string }),
    );
  });

  router.post('/tickets/:id/replies', async (req, res) => {
    validate('ReplyInput', req.body);
    res.status(201).json(await deps.tickets.reply(req.params.id, req.body));
  });

  router.post('/tickets/:id/status', async (req, res) => {
    validate('StatusInput', req.body);
    const { status, note } = req.body as { status: string; note?: string };
    res.json(await deps.tickets.setStatus(req.params.id, status, note ? { note } : {}));
  });

  router.post('/tickets/:id/csat', async (req, res) => {
    validate('CsatInput', req.body);
    const { score, comment } = req.body as { score: number; comment?: string };
    res.json(await deps.tickets.rate(req.params.id, score, comment));
  });

  if (deps.metrics)
    router.use(
      createMetricsRoutes({
        metrics: deps.metrics,
        store: deps.store,
        policy: deps.policy,
        clock: deps.clock ?? { now: () => new Date() },
        ...(deps.surveys ? { surveys: deps.surveys } : {}),
      }),
    );
  router.use(createRoutingRoutes({ routing: deps.routing }));
  if (deps.qa) router.use(createQaRoutes({ qa: deps.qa, policy: deps.policy }));
  router.use(createFaqRoutes({ policy: deps.policy }));
  if (deps.extraRoutes) router.use(deps.extraRoutes);
  router.use(createSimulateRoute({ policy: deps.policy, loader: deps.loader, candidates: deps.policyAdmin }));

  router.use(createExtensionRoutes(deps));
  router.use(notFound);
  router.use(errorHandler(deps.logger));
  return router;
}
