import type { Request, RequestHandler, Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AuditLog } from '../auth/audit-log.ts';
import type { Policy } from '../core/policy/types.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { Ticket } from '../core/model/ticket.ts';
import type { RouteSpec } from './route-table.ts';
import { createBodyValidators } from './validate-body.ts';
import { createQueryValidators } from './validate-query.ts';
import { authenticate, bearerOf } from '../auth/authenticate.ts';
import { maskForRole } from '../auth/mask-payload.ts';
import { canSeeTicket, type Principal } from '../auth/principal.ts';
import { roleAllows, roleSeesContactData } from '../auth/roles.ts';
import type { TokenStore } from '../auth/token-store.ts';

export interface GuardDeps {
  /** undefined = auth disabled (`auth: false`): every caller is an anonymous admin. */
  tokens: TokenStore | undefined;
  policy: () => Policy;
  getTicket: (id: string) => Promise<Ticket>;
  audit?: AuditLog;
  /** Requests per token per minute; 0 or undefined = no limit. */
  rateLimitPerMinute?: number;
}

export const principalOf = (res: Response): Principal | undefined => res.locals.principal as Principal | undefined;

/**
 * Installs, for every route of the table, a chain that runs before the route's handler:
 * authenticate → role check → rate limit → ticket scope → validate query and body → mask the
 * answer for roles without contact data → audit on success. Routes not in the table fall to
 * `fallback`, which admits admins only.
 */
export function installGuards(router: Router, table: readonly RouteSpec[], deps: GuardDeps): void {
  const guard = createGuard(deps);
  // One middleware that finds the route's spec, instead of one router layer per route: every
  // request would otherwise be matched against all of them before reaching its handler.
  const find = specFinder(table.filter((spec) => !spec.root));
  const chains = new Map<RouteSpec, RequestHandler[]>();
  router.use((req, res, next) => {
    const found = find(req.method, req.path);
    if (!found) return guard.fallback(req, res, next);
    let chain = chains.get(found.spec);
    if (!chain) chains.set(found.spec, (chain = guard.chain(found.spec)));
    req.params = { ...req.params, ...found.params } as typeof req.params;
    runChain(chain, req, res, next);
  });
}

/** Matches as express does by default: case-insensitive, optional trailing slash, HEAD as GET. */
export function specFinder(
  specs: readonly RouteSpec[],
): (method: string, path: string) => { spec: RouteSpec; params: Record<string, string> } | undefined {
  const compiled = specs.map((spec) => {
    const names: string[] = [];
    const source = spec.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z_]\w*)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+?)';
    });
    return { spec, method: spec.method.toUpperCase(), re: new RegExp(`^${source}/?$`, 'i'), names };
  });
  return (method, path) => {
    const m = method === 'HEAD' ? 'GET' : method;
    for (const c of compiled) {
      if (c.method !== m) continue;
      const hit = c.re.exec(path);
      if (!hit) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        params[name] = decodeParam(hit[i + 1]!);
      });
      return { spec: c.spec, params };
    }
    return undefined;
  };
}

/** A malformed escape stays as sent: the route's own matching answers it with 400. */
const decodeParam = (raw: string) => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

/** Runs handlers in order as a router would: an error or a rejected promise goes to `done`. */
function runChain(
  handlers: readonly RequestHandler[],
  req: Request,
  res: Response,
  done: (err?: unknown) => void,
): void {
  let i = 0;
  const step = (err?: unknown): void => {
    if (err) {
      done(err);
      return;
    }
    const handler = handlers[i++];
    if (!handler) {
      done();
      return;
    }
    try {
      const r = handler(req, res, step) as unknown;
      if (r instanceof Promise) r.catch(done);
    } catch (e) {
      done(e);
    }
  };
  step();
}

/** The guard chain of one route, and the admin-only fallback for routes outside the table. */
export function createGuard(deps: GuardDeps): {
  chain: (spec: RouteSpec) => RequestHandler[];
  fallback: RequestHandler;
} {
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
    if (!roleSeesContactData(principal.role)) {
      const mask = maskForRole(principal.role, deps.policy());
      const json = res.json.bind(res);
      res.json = (body: unknown) => json(mask(body));
    }
  };

  const chain = (spec: RouteSpec | undefined): RequestHandler[] => {
    const handlers: RequestHandler[] = [
      (req, res, next) => {
        res.locals.guarded = true;
        admit(spec, req, res);
        next();
      },
    ];
    if (limiter && spec?.permission !== 'public') handlers.push(limiter);
    handlers.push(async (req, res, next) => {
      const principal = principalOf(res);
      if (spec?.ticketScoped && principal && principal.role === 'agent') {
        const ticket = await deps.getTicket(String(req.params.id));
        // the same answer as for a ticket that does not exist: an agent learns nothing of others' tickets
        if (!canSeeTicket(principal, ticket, deps.policy())) throw ticketNotFound(String(req.params.id));
      }
      if (spec?.query) validateQuery(spec.query, req.query as Record<string, unknown>);
      else if (spec && Object.keys(req.query as object).length > 0)
        throw new SwitchboardError(
          'SWB_API_VALIDATION',
          `${spec.method.toUpperCase()} ${spec.path} takes no query parameters`,
          { path: `?${Object.keys(req.query as object)[0]}` },
        );
      if (spec?.body) validateBody(spec.body, req.body);
      if (spec?.audited && deps.audit && principal) auditOnFinish(deps, spec, req, res, principal);
      next();
    });
    return handlers;
  };

  return {
    chain,
    fallback: (req, res, next) => {
      if (!res.locals.guarded) admit(undefined, req, res);
      next();
    },
  };
}

function auditOnFinish(deps: GuardDeps, spec: RouteSpec, req: Request, res: Response, p: Principal): void {
  let body: unknown;
  const json = res.json.bind(res);
  res.json = (b: unknown) => {
    body = b;
    return json(b);
  };
  res.on('finish', () => {
    if (res.statusCode >= 400) return;
    const ticket = pickTicket(body);
    const last = ticket?.history?.at(-1);
    deps.audit?.append({
      at: new Date().toISOString(),
      actor: { tokenId: p.tokenId, name: p.name, role: p.role },
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      operation: spec.operationId,
      method: req.method,
      path: req.originalUrl,
      status: res.statusCode,
      ...(ticket?.id ? { ticketId: ticket.id } : {}),
      ...(last?.changes ? { changes: last.changes } : {}),
      ...auditDetails(spec, req, body),
      policyVersion: deps.policy().version,
    });
  });
}

const pickTicket = (body: unknown): Partial<Ticket> | undefined => {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { source?: Ticket; history?: unknown };
  return b.source ?? (Array.isArray(b.history) ? (body as Ticket) : undefined);
};

/** Extra facts per operation; token secrets never reach the log. */
function auditDetails(spec: RouteSpec, req: Request, body: unknown): { details?: Record<string, unknown> } {
  if (spec.operationId === 'mergeTicket') return { details: { into: (req.body as { into?: string }).into } };
  if (spec.operationId === 'createToken' || spec.operationId === 'revokeToken') {
    const b = (body ?? {}) as { id?: string; name?: string; role?: string };
    return { details: { tokenId: b.id, name: b.name, role: b.role } };
  }
  return {};
}

/** Word for word what the ticket service says of an unknown id. */
export const ticketNotFound = (id: string) => new SwitchboardError('SWB_TICKET_NOT_FOUND', `no ticket with id "${id}"`);
