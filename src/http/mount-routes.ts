import express, { type RequestHandler, type Router } from 'express';
import type { Guard } from './guard.ts';
import type { Reply } from './reply.ts';
import type { Route } from './route.ts';

/**
 * Registers each route on the router under its own method and path, with the guard's chain in
 * front of its handler: express matches the request once and the spec travels with the route,
 * so nothing else needs to find it. A route's text body (`textBody`) is parsed after the guard.
 * A JSON answer goes out through `reply`.
 */
export function mountRoutes<C>(
  router: Router,
  routes: readonly Route<C>[],
  ctx: C,
  parts: { guard: Guard; reply: Reply },
): void {
  for (const route of routes) {
    // A text body is read only once the guard has admitted the caller: a refused call costs no upload.
    const text: RequestHandler[] = route.textBody
      ? [express.text({ type: [...route.textBody.types], limit: route.textBody.limit })]
      : [];
    router[route.method](route.path, ...parts.guard.chain(route), ...text, async (req, res) => {
      const body = await route.handle(req, res, ctx);
      if (body !== undefined) parts.reply(req, res, route, body);
    });
  }
}
