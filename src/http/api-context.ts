import type { Request, Router } from 'express';
import type { AuditLog } from '../auth/audit-log.ts';
import type { TokenStore } from '../auth/token-store.ts';
import type { PolicyLoader } from '../config/load.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { MetricsIndex } from '../core/metrics/metrics-index.ts';
import type { ReportService } from '../runtime/reports/report-scheduler.ts';
import type { Policy } from '../core/policy/types.ts';
import type { TaskIndex } from '../core/tasks/task-index.ts';
import type { Clock } from '../core/util/clock.ts';
import type { CallEventService } from '../runtime/call-events.ts';
import type { SurveyService } from '../runtime/csat/survey-service.ts';
import type { PolicyCandidates } from '../runtime/policy-holder.ts';
import type { QaService } from '../runtime/qa/qa-service.ts';
import type { RoutingService } from '../runtime/routing-service.ts';
import type { SupervisorBoard } from '../runtime/board/board-service.ts';
import type { TicketActions } from '../runtime/ticket-actions.ts';
import type { TicketService } from '../runtime/ticket-service.ts';
import type { Store } from '../store/types.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Route } from './route.ts';
import type { RateWindow } from '../core/util/rate-window.ts';

/** Who may call the API: tokens (undefined = auth off), where changes are audited, the rate limit. */
export interface ApiAccess {
  tokens: TokenStore | undefined;
  audit?: AuditLog;
  /** Requests per token per minute (0 = unlimited). */
  rateLimitPerMinute?: number;
  /** Answers of 401 per address: past its limit the address is refused with 429. */
  authFailures?: RateWindow;
}

/** What the API router is built from. */
export interface ApiDeps {
  tickets: TicketService;
  /** Assign, escalate, merge, tags and tasks. */
  actions: TicketActions;
  policy: () => Policy;
  /** Candidate checks for POST /policy/validate. */
  /** Candidate checks for POST /policy/validate and the candidates of POST /simulate. */
  policyAdmin?: PolicyCandidates;
  store: Store;
  logger: Logger;
  startedAt: Date;
  version: string;
  loader: PolicyLoader;
  /** Live aggregates; without them the report routes answer 404. */
  metrics?: MetricsIndex;
  /** Every ticket's tasks; without them GET /api/tasks answers 404. */
  tasks?: Pick<TaskIndex, 'list'>;
  /** The supervisor's dashboard cards; without them GET /api/dashboard/agents, /today and /refusals answer 404. */
  board?: SupervisorBoard;
  /** Resolves once the triggers and workflows a ticket's change set off have run (`?explain=1`). */
  settled?: (ticketId: string) => Promise<void>;
  clock?: Clock;
  surveys?: SurveyService;
  routing: RoutingService;
  /** Routes of plugins (`/plugins/<name>/...`), mounted behind the admin-only fallback guard. */
  extraRoutes?: Router;
  security: ApiAccess;
  /** Quality review; without it the /qa routes answer 404. */
  qa?: QaService;
  /** Scheduled reports; without them GET /api/reports answers 404. */
  reports?: ReportService;
  /** The routes to serve (default: every declared one, api-routes.ts). */
  routes?: readonly ApiRoute[];
  /** The plugin delivering public replies on a channel (none: replies stay in Switchboard). */
  deliveryOf?: (channel: string) => string | undefined;
}

/** What every API route handler receives. */
export interface ApiContext {
  tickets: TicketService;
  actions: TicketActions;
  policy: () => Policy;
  policyAdmin: ApiDeps['policyAdmin'];
  store: Store;
  startedAt: Date;
  version: string;
  loader: PolicyLoader;
  metrics: MetricsIndex | undefined;
  tasks: Pick<TaskIndex, 'list'> | undefined;
  board: SupervisorBoard | undefined;
  settled: (ticketId: string) => Promise<void>;
  clock: Clock;
  surveys: SurveyService | undefined;
  /** Call events of voice channels onto tickets. */
  calls: CallEventService | undefined;
  routing: RoutingService;
  qa: QaService | undefined;
  reports: ReportService | undefined;
  tokens: TokenStore | undefined;
  audit: AuditLog | undefined;
  deliveryOf: (channel: string) => string | undefined;
  /** The OpenAPI document of the routes this router serves (built once, on first request). */
  openApi: () => Record<string, unknown>;
}

export type ApiRoute = Route<ApiContext>;

/** For a route whose service this router was built without: it answers as an unknown route. */
export function unavailable<T>(service: T | undefined, req: Request): T {
  if (service === undefined)
    throw new SwitchboardError('SWB_API_NOT_FOUND', `no route ${req.method} ${req.originalUrl}`);
  return service;
}
