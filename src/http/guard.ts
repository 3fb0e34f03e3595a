import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { authenticate, bearerOf } from '../auth/authenticate.ts';
import { canSeeTask, canSeeTicket, type Principal } from '../auth/principal.ts';
import { roleAllows } from '../auth/roles.ts';
import type { TokenStore } from '../auth/token-store.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { Ticket } from '../core/model/ticket.ts';
import type { Policy } from '../core/policy/types.ts';
import type { RouteSpec } from './route.ts';
import { createBodyValidators } from './validate-body.ts';
import { createQueryValidators } from './validate-query.ts';

export interface GuardDeps {
  /** undefined = auth disabled (`auth: false`): every caller is an anonymous admin. */
  tokens: TokenStore | undefined;
  policy: () => Policy;
  getTicket: (id: string) => Promise<Ticket>;
  /** Requests per token per minute; 0 or undefined = no limit. */
  rateLimitPerMinute?: number;
}

export interface Guard {
  /** The handlers that run before a route's own, in the route's router layer. */
  chain(spec: RouteSpec): RequestHandler[];
  /** For requests no declared route matched (plugin routes, unknown paths): admins only. */
  fallback: RequestHandler;
}

export const principalOf = (res: Response): Principal | undefined => res.locals.principal as Principal | undefined;

/**
 * The checks every declared route runs before its handler, in this order: authenticate → role
 * check → rate limit → ticket scope → validate the query and the body (the request's one
 * validation: handlers trust what passed).
 */
export function createGuard(deps: GuardDeps): Guard {
  const validateBody = createBodyValidators();
  const validateQuery = createQueryValidators();
  const limiter = deps.rateLimitPerMinute
    ? rateLimit({
        windowMs: 60_000,
        limit: deps.rateLimitPerMinute,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        validate: false,
        keyGenerator: (_req, res) => principalOf(res)?.tokenId ?? 'anonymous',
        handler: (_req, _res, next) =>
          next(
            new SwitchboardError(
              'SWB_API_RATE_LIMITED',
              `more than ${deps.rateLimitPerMinute} requests per minute with this token; retry later`,
            ),
          ),
      })
    : undefined;

  const admit = (spec: RouteSpec | undefined, req: Request, res: Response) => {
    const permission = spec ? spec.permission : 'policy:admin';
    if (permission === 'public') return;
    const principal = authenticate(deps.tokens, bearerOf(req.headers.authorization));
    res.locals.principal = principal;
    if (!roleAllows(principal.role, permission)) {
      throw new SwitchboardError(
        'SWB_AUTH_FORBIDDEN',
        `role "${principal.role}" may not ${spec ? spec.summary.toLowerCase() : `call ${req.method} ${req.path}`} (needs ${permission})`,
        { role: principal.role, permission },
      );
    }
  };

  const inScope = async (spec: RouteSpec, req: Request, res: Response) => {
    const principal = principalOf(res);
    if (!spec.ticketScoped || principal?.role !== 'agent') return;
    const ticket = await deps.getTicket(String(req.params.id));
    const policy = deps.policy();
    if (canSeeTicket(principal, ticket, policy)) return;
    const task = spec.taskScoped ? ticket.tasks?.find((t) => t.id === String(req.params.taskId)) : undefined;
    if (task && canSeeTask(principal, ticket, task, policy)) return;
    // the same answer as for a ticket that does not exist: an agent learns nothing of others' tickets
    throw ticketNotFound(String(req.params.id));
  };

  const validate = (spec: RouteSpec, req: Request) => {
    const query = req.query as Record<string, unknown>;
    if (spec.query) validateQuery(spec.query, query);
    else {
      const first = Object.keys(query)[0];
      if (first !== undefined)
        throw new SwitchboardError(
          'SWB_API_VALIDATION',
          `${spec.method.toUpperCase()} ${spec.path} takes no query parameters`,
          { path: `?${first}` },
        );
    }
    if (spec.body) validateBody(spec.body, req.body);
  };

  return {
    chain(spec) {
      const handlers: RequestHandler[] = [
        (req, res, next) => {
          admit(spec, req, res);
          next();
        },
      ];
      if (limiter && spec.permission !== 'public') handlers.push(limiter);
      handlers.push(async (req, res, next) => {
        await inScope(spec, req, res);
        validate(spec, req);
        next();
      });
      return handlers;
    },
    fallback(req, res, next) {
      admit(undefined, req, res);
      next();
    },
  };
}

/** Word for word what the ticket service says of an unknown id. */
export const ticketNotFound = (id: string) => new SwitchboardError('SWB_TICKET_NOT_FOUND', `no ticket with id "${id}"`);
