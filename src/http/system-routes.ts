import type { ApiRoute } from './api-context.ts';

/** Liveness and the API's own description. */
export const systemRoutes: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness and versions',
    tag: 'system',
    permission: 'public',
    ok: { status: 200, description: '`{ status, store, policyVersion, startedAt, version }`' },
    handle: (_req, _res, ctx) => ({
      status: 'ok',
      store: ctx.store.kind,
      policyVersion: ctx.policy().version,
      startedAt: ctx.startedAt.toISOString(),
      version: ctx.version,
    }),
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    tag: 'system',
    permission: 'public',
    ok: { status: 200, description: 'OpenAPI document' },
    handle: (_req, _res, ctx) => ctx.openApi(),
  },
];
