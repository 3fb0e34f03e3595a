import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Allowed cross-origin callers: a list of origins, `*`, or none (same origin only). */
export type CorsOrigins = readonly string[] | '*' | undefined;

/**
 * helmet with a CSP that fits the built-in dashboard (own scripts only; websockets to the
 * same origin).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
      },
    },
  });
}

/**
 * Minimal CORS: only configured origins get `Access-Control-Allow-Origin`; preflights answer
 * 204 with the methods and headers the API uses. Credentials are bearer tokens, not cookies.
 */
export function cors(origins: CorsOrigins): RequestHandler {
  const allowed = origins === '*' ? '*' : new Set(origins ?? []);
  return (req, res, next) => {
    const origin = req.headers.origin;
    const ok = origin !== undefined && (allowed === '*' || allowed.has(origin));
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', allowed === '*' ? '*' : origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'Location, RateLimit, RateLimit-Policy, Retry-After');
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (ok) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.status(204).end();
      return;
    }
    next();
  };
}

/** socket.io's `cors.origin` for the same setting. */
export const socketCorsOrigin = (origins: CorsOrigins): boolean | string[] =>
  origins === '*' ? true : [...(origins ?? [])];

/** API answers are live state, often personal: no browser or proxy may keep a copy. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
