import type { Request, Response } from 'express';
import type { AuditLog } from '../auth/audit-log.ts';
import { maskForRole } from '../auth/mask-payload.ts';
import type { Principal } from '../auth/principal.ts';
import { roleSeesContactData } from '../auth/roles.ts';
import type { Ticket } from '../core/model/ticket.ts';
import type { Policy } from '../core/policy/types.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { Clock } from '../core/util/clock.ts';
import { principalOf } from './guard.ts';
import type { RouteSpec } from './route.ts';

export interface ReplyDeps {
  audit?: AuditLog | undefined;
  policy: () => Policy;
  clock: Clock;
  /** The JSON text the store wrote for an object it was given (see Store.storedJson). */
  storedJson?: ((value: unknown) => string | undefined) | undefined;
}

/** Sends a route's JSON answer. */
export type Reply = (req: Request, res: Response, spec: RouteSpec, body: unknown) => void;

/**
 * The one way a declared route answers JSON, with the route's `ok.status`: the audit entry
 * (audited routes, from the unmasked answer), then the answer masked for roles that may not see
 * contact data, sent as the text the store wrote when it is that very object (byte for byte
 * what JSON.stringify gives) instead of serialising it again.
 */
export function createReply(deps: ReplyDeps): Reply {
  return (req, res, spec, body) => {
    const principal = principalOf(res);
    res.status(spec.ok.status);
    const answer =
      principal && !roleSeesContactData(principal.role) ? maskForRole(principal.role, deps.policy())(body) : body;
    const send = () => {
      const stored = deps.storedJson?.(answer);
      if (stored === undefined) {
        res.json(answer);
        return;
      }
      if (!res.get('Content-Type')) res.set('Content-Type', 'application/json');
      res.send(stored);
    };
    if (!(spec.audited && deps.audit && principal)) return send();
    // The answer leaves only once its audit entry is durable: an acknowledged change is audited.
    deps.audit.append(auditEntry(deps, spec, req, res, principal, body)).then(send, (err: unknown) => {
      const e = new SwitchboardError(
        'SWB_STORE_IO',
        `The change was made, but its audit entry could not be written (${String(err)}); fix the data directory and restart.`,
      );
      res.status(e.status).json({ error: e.toJSON() });
    });
  };
}

function auditEntry(deps: ReplyDeps, spec: RouteSpec, req: Request, res: Response, p: Principal, body: unknown) {
  const ticket = pickTicket(body);
  const last = ticket?.history?.at(-1);
  return {
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
  };
}

const pickTicket = (body: unknown): Partial<Ticket> | undefined => {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { source?: Ticket; ticket?: Ticket; history?: unknown };
  return b.source ?? b.ticket ?? (Array.isArray(b.history) ? (body as Ticket) : undefined);
};

/** Extra facts per operation; token secrets never reach the log. */
function auditDetails(spec: RouteSpec, req: Request, body: unknown): { details?: Record<string, unknown> } {
  if (spec.operationId === 'mergeTicket') return { details: { into: (req.body as { into?: string }).into } };
  if (spec.operationId === 'addTask' || spec.operationId === 'changeTask')
    return { details: { task: (body as { task?: { id?: string } }).task?.id } };
  if (spec.operationId === 'createToken' || spec.operationId === 'revokeToken') {
    const b = (body ?? {}) as { id?: string; name?: string; role?: string };
    return { details: { tokenId: b.id, name: b.name, role: b.role } };
  }
  return {};
}
