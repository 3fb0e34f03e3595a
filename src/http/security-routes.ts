import { Router } from 'express';
import type { AuditLog } from '../auth/audit-log.ts';
import type { Policy } from '../core/policy/types.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { didYouMean } from '../core/util/suggest.ts';
import { principalOf } from './guard.ts';
import type { TokenStore } from '../auth/token-store.ts';

/** `/tokens` (admin) and `/audit` (admin, supervisor). Roles are checked by the guard. */
export function createSecurityRoutes(deps: {
  tokens: TokenStore | undefined;
  audit: AuditLog | undefined;
  policy: () => Policy;
}): Router {
  const router = Router();
  const tokens = () => {
    if (!deps.tokens)
      throw new SwitchboardError(
        'SWB_API_NOT_FOUND',
        'authentication is disabled on this server (auth: false): there are no tokens to manage',
      );
    return deps.tokens;
  };
  router.get('/tokens', (_req, res) => {
    res.json({ items: tokens().list() });
  });
  router.post('/tokens', async (req, res) => {
    const body = req.body as { role: string; agent?: string; groups?: string[] };
    const policy = deps.policy();
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
          { path: '/groups' },
        );
    }
    if (body.role === 'agent' && body.agent === undefined && !body.groups?.length) {
      throw new SwitchboardError(
        'SWB_API_VALIDATION',
        'an agent token needs an agent id (its groups come from the policy) or a list of groups',
        { path: '/agent' },
      );
    }
    const { token, info } = await tokens().create(req.body, principalOf(res)?.name);
    res.status(201).json({ token, ...info });
  });
  router.delete('/tokens/:id', async (req, res) => {
    res.json(await tokens().revoke(req.params.id));
  });
  router.get('/audit', async (req, res) => {
    if (!deps.audit) throw new SwitchboardError('SWB_API_NOT_FOUND', 'the audit log is not enabled on this server');
    const q = req.query as { since?: string; limit?: string; ticket?: string };
    res.json(
      await deps.audit.query({
        ...(q.since ? { since: q.since } : {}),
        ...(q.limit ? { limit: Number(q.limit) } : {}),
        ...(q.ticket ? { ticket: q.ticket } : {}),
      }),
    );
  });
  return router;
}
