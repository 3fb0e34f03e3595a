import type { Request } from 'express';
import { SwitchboardError } from '../core/errors/index.ts';
import { didYouMean } from '../core/util/suggest.ts';
import type { ApiContext, ApiRoute } from './api-context.ts';
import { principalOf } from './guard.ts';

const tokensOf = (ctx: ApiContext) => {
  if (!ctx.tokens)
    throw new SwitchboardError(
      'SWB_API_NOT_FOUND',
      'authentication is disabled on this server (auth: false): there are no tokens to manage',
    );
  return ctx.tokens;
};

/** What a new token may carry beyond its schema: agent and groups exist, and only on agent tokens. */
function checkTokenInput(req: Request, ctx: ApiContext): void {
  const body = req.body as { role: string; agent?: string; groups?: string[] };
  const policy = ctx.policy();
  if (body.role !== 'agent' && (body.agent !== undefined || body.groups !== undefined)) {
    throw new SwitchboardError(
      'SWB_API_VALIDATION',
      `agent and groups apply to agent tokens only; this token's role is "${body.role}"`,
      { path: body.agent !== undefined ? '/agent' : '/groups' },
    );
  }
  if (body.agent !== undefined && !policy.agents.has(body.agent)) {
    throw new SwitchboardError(
      'SWB_TICKET_UNKNOWN_VALUE',
      `unknown agent "${body.agent}"${didYouMean(body.agent, policy.agents.keys())}; agents are listed by GET /api/agents`,
      { path: '/agent' },
    );
  }
  for (const g of body.groups ?? []) {
    if (!policy.groups.has(g))
      throw new SwitchboardError(
        'SWB_TICKET_UNKNOWN_VALUE',
        `unknown group "${g}"${didYouMean(g, policy.groups.keys())}`,
        {
          path: '/groups',
        },
      );
  }
  if (body.role === 'agent' && body.agent === undefined && !body.groups?.length) {
    throw new SwitchboardError(
      'SWB_API_VALIDATION',
      'an agent token needs an agent id (its groups come from the policy) or a list of groups',
      { path: '/agent' },
    );
  }
}

/** Access tokens (admin) and the audit log (admin, supervisor). */
export const securityRoutes: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/tokens',
    operationId: 'listTokens',
    summary: 'List access tokens (never the secrets)',
    tag: 'security',
    permission: 'tokens:admin',
    ok: { status: 200, description: '`{ items: [{ id, name, role, agent?, groups?, createdAt, revokedAt? }] }`' },
    handle: (_req, _res, ctx) => ({ items: tokensOf(ctx).list() }),
  },
  {
    method: 'post',
    path: '/tokens',
    operationId: 'createToken',
    summary: 'Create a token; the secret is shown once',
    tag: 'security',
    permission: 'tokens:admin',
    body: 'TokenInput',
    audited: true,
    ok: { status: 201, description: '`{ token, id, name, role, ... }`' },
    async handle(req, res, ctx) {
      checkTokenInput(req, ctx);
      const { token, info } = await tokensOf(ctx).create(req.body, principalOf(res)?.name);
      return { token, ...info };
    },
  },
  {
    method: 'delete',
    path: '/tokens/:id',
    operationId: 'revokeToken',
    summary: 'Revoke a token',
    tag: 'security',
    permission: 'tokens:admin',
    audited: true,
    ok: { status: 200, description: 'the revoked token' },
    handle: (req, _res, ctx) => tokensOf(ctx).revoke(String(req.params.id)),
  },
  {
    method: 'get',
    path: '/audit',
    operationId: 'listAudit',
    summary: 'Audit log entries, oldest first',
    tag: 'security',
    permission: 'audit:read',
    query: 'AuditQuery',
    ok: { status: 200, description: '`{ items, next? }`' },
    handle(req, _res, ctx) {
      if (!ctx.audit) throw new SwitchboardError('SWB_API_NOT_FOUND', 'the audit log is not enabled on this server');
      const q = req.query as { since?: string; limit?: string; ticket?: string };
      return ctx.audit.query({
        ...(q.since ? { since: q.since } : {}),
        ...(q.limit ? { limit: Number(q.limit) } : {}),
        ...(q.ticket ? { ticket: q.ticket } : {}),
      });
    },
  },
];
