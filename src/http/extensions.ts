import { Router } from 'express';
import type { TicketActions } from '../runtime/ticket-actions.ts';
import type { AuditLog } from '../auth/audit-log.ts';
import type { Policy } from '../core/policy/types.ts';
import type { TicketService } from '../runtime/ticket-service.ts';
import { createActionRoutes } from './action-routes.ts';
import { installGuards } from './guard.ts';
import type { TokenStore } from '../auth/token-store.ts';
import { buildOpenApi } from './openapi.ts';
import { routeTable } from './route-table.ts';
import { createSecurityRoutes } from './security-routes.ts';
import type { RateWindow } from '../core/util/rate-window.ts';
import { failedAuthLimit } from './ip-limits.ts';

/** What the API needs beyond the foundation: tokens (undefined = auth off), audit, actions. */
export interface ApiSecurity {
  tokens: TokenStore | undefined;
  audit?: AuditLog;
  actions: TicketActions;
  /** Requests per token per minute (0 = unlimited). */
  rateLimitPerMinute?: number;
  /** Answers of 401 per address: past its limit the address is refused with 429. */
  authFailures?: RateWindow;
}

interface Base {
  tickets: TicketService;
  policy: () => Policy;
  version: string;
}

/** Call right after body parsing: every later route runs behind the guard. */
export function installApiGuards(router: Router, deps: Base & { security: ApiSecurity }): void {
  if (deps.security.authFailures) router.use(failedAuthLimit(deps.security.authFailures));
  installGuards(router, routeTable, {
    tokens: deps.security.tokens,
    policy: deps.policy,
    getTicket: (id) => deps.tickets.get(id),
    ...(deps.security.audit ? { audit: deps.security.audit } : {}),
    ...(deps.security.rateLimitPerMinute ? { rateLimitPerMinute: deps.security.rateLimitPerMinute } : {}),
  });
}

/** The routes added on top of the foundation's: actions, agents, tokens, audit, OpenAPI. */
export function createExtensionRoutes(deps: Base & { security: ApiSecurity }): Router {
  const router = Router();
  let openapi: unknown;
  router.get('/openapi.json', (_req, res) => {
    openapi ??= buildOpenApi(routeTable, deps.version);
    res.json(openapi);
  });
  router.use(createActionRoutes({ actions: deps.security.actions, tickets: deps.tickets, policy: deps.policy }));
  router.use(createSecurityRoutes({ tokens: deps.security.tokens, audit: deps.security.audit, policy: deps.policy }));
  return router;
}
