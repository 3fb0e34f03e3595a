import type { Route } from './route.ts';

/** What the routes served outside `/api` need. */
export interface RootContext {
  /** Prometheus' registry of this instance (prom-client's Registry has this shape). */
  prometheus: { readonly contentType: string; metrics(): Promise<string> };
}

/** GET /metrics in the Prometheus text format, behind the same guard as the API. */
export const prometheusRoute: Route<RootContext> = {
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  summary: 'Prometheus metrics',
  tag: 'system',
  permission: 'reports:read',
  root: true,
  ok: { status: 200, description: 'Prometheus text format', contentType: 'text/plain' },
  async handle(_req, res, ctx) {
    res.type(ctx.prometheus.contentType).send(await ctx.prometheus.metrics());
  },
};
