import { Router as expressRouter, type Router } from 'express';
import type { Server } from 'socket.io';
import type { MetricsIndex } from '../core/metrics/index.ts';
import type { TaskIndex } from '../core/tasks/task-index.ts';
import { errorHandler } from '../http/error-handler.ts';
import { perAddressLimit } from '../http/ip-limits.ts';
import type { ApiRoute } from '../http/api-context.ts';
import { createApiRouter } from '../http/api-router.ts';
import { createRootRouter } from '../http/root-router.ts';
import { createSurveyRoutes } from '../http/survey-routes.ts';
import type { PluginManager } from '../plugins/index.ts';
import { attachRealtime } from '../realtime/attach.ts';
import { clusterViews, type JoinMark } from '../runtime/cluster-views.ts';
import type { SurveyService } from '../runtime/csat/survey-service.ts';
import type { PolicyHolder } from '../runtime/policy-holder.ts';
import type { QaService } from '../runtime/qa/qa-service.ts';
import type { ReportService } from '../runtime/reports/report-scheduler.ts';
import type { RoutingService } from '../runtime/routing-service.ts';
import type { SupervisorBoard } from '../runtime/board/board-service.ts';
import type { TicketActions } from '../runtime/ticket-actions.ts';
import type { TicketService } from '../runtime/ticket-service.ts';
import type { Store } from '../store/types.ts';
import type { Security } from './security.ts';
import type { BootContext } from './subsystems/boot-context.ts';
import type { RateWindows } from './subsystems/rate-windows.ts';
import { packageVersion } from './subsystems/plugins.ts';
import type { AttachOptions } from './switchboard.ts';

export interface EdgeParts {
  windows: RateWindows;
  actions: TicketActions;
  store: Store;
  joinMark: JoinMark | undefined;
  holder: PolicyHolder;
  service: TicketService;
  routing: RoutingService;
  qa: QaService;
  reports: ReportService;
  metrics: MetricsIndex;
  tasks: TaskIndex;
  /** The supervisor's dashboard cards. */
  board: SupervisorBoard;
  /** Resolves once a ticket's trigger and workflow work has run. */
  settled: (ticketId: string) => Promise<void>;
  surveys: SurveyService;
  security: Security;
  plugins: PluginManager;
}

/** The HTTP router, the survey pages and the socket.io attachment of one Switchboard. */
export function createEdges(ctx: BootContext, p: EdgeParts) {
  const startedAt = ctx.clock.now();
  const cluster = clusterViews({
    routing: p.routing,
    views: [p.metrics, p.tasks],
    logger: ctx.logger,
    joinMark: p.joinMark,
  });
  return {
    router(routes?: readonly ApiRoute[]): Router {
      // Plugin routes sit inside the API router, behind its admin-only fallback guard, before its 404.
      return createApiRouter({
        tickets: p.security.instrument(p.service),
        actions: p.actions,
        policy: p.holder.current,
        policyAdmin: p.holder,
        store: p.store,
        logger: ctx.logger,
        startedAt,
        version: packageVersion,
        security: p.security.api,
        loader: ctx.loader,
        routing: p.routing,
        extraRoutes: p.plugins.router(),
        deliveryOf: p.plugins.deliveries.pluginFor,
        qa: p.qa,
        reports: p.reports,
        metrics: p.metrics,
        tasks: p.tasks,
        board: p.board,
        settled: p.settled,
        clock: ctx.clock,
        surveys: p.surveys,
        ...(routes ? { routes } : {}),
      });
    },
    rootRouter: (): Router =>
      createRootRouter({
        access: p.security.api,
        policy: p.holder.current,
        getTicket: (id) => p.service.get(id),
        clock: ctx.clock,
        root: { prometheus: p.security.metrics.registry },
      }),
    surveyRouter: (): Router => {
      const router = expressRouter();
      if (p.windows.survey) router.use(perAddressLimit(p.windows.survey, 'SWB_CSAT_RATE_LIMITED', 'survey requests'));
      return router
        .use(createSurveyRoutes(p.surveys, { audit: p.security.audit, policy: p.holder.current }))
        .use(errorHandler(ctx.logger));
    },
    attach(io: Server, o: AttachOptions = {}): void {
      // Other processes' events also feed this process's loads and metrics (cluster mode).
      const realtime = attachRealtime(io, ctx.bus, {
        namespace: o.namespace ?? '/switchboard',
        ...p.security.realtime,
        presence: p.routing.setPresence,
        clock: ctx.clock,
        ringSize: ctx.limits.events.ringEvents,
        ringBytes: ctx.limits.events.ringBytes,
        socketLimits: ctx.limits.socket,
        ...(p.windows.authFailures ? { authFailures: p.windows.authFailures } : {}),
        ...(o.cluster ? { cluster: true, onRemote: cluster.onRemote } : {}),
      });
      ctx.life.onClose(realtime.detach);
      const stopJoin = o.cluster ? cluster.join(realtime.namespace) : undefined;
      if (stopJoin) ctx.life.onClose(stopJoin);
    },
  };
}
