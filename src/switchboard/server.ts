import type { Server as HttpServer } from 'node:http';
import express from 'express';
import { Server } from 'socket.io';
import { notFound, errorHandler } from '../http/error-handler.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Switchboard } from './create-switchboard.ts';
import { dashboardStatic } from '../http/dashboard.ts';
import { cors, securityHeaders, socketCorsOrigin, type CorsOrigins } from '../http/http-security.ts';
import { createExpressServer } from '../http/express-server.ts';

export interface RunningServer {
  http: HttpServer;
  io: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * The standalone server: REST under /api and live events on the default socket.io namespace
 * of the same port. `switchboard serve` and `npm start` use it.
 */
export async function startServer(
  sb: Switchboard,
  opts: { port?: number; host?: string; logger: Logger; corsOrigin?: CorsOrigins; drainMs?: number },
): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  // No ETags: API answers are live state (a hash of every body costs CPU for nothing), and
  // dashboard files get theirs from the static handler.
  app.set('etag', false);
  let draining = false;
  // While draining, answers close their connection so keep-alive clients move on.
  app.use((_req, res, next) => {
    if (draining) res.setHeader('connection', 'close');
    next();
  });
  app.use(securityHeaders());
  app.use(cors(opts.corsOrigin));
  app.use('/api', sb.router());
  // Survey pages are public: the link's token is the credential, so they sit outside /api's guard.
  app.use(
    '/survey',
    (_req, res, next) => {
      // The pages carry their own inline CSS and post to themselves; helmet's site-wide CSP
      // (styles from 'self' only) would strip their styling.
      res.setHeader(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      );
      next();
    },
    sb.surveyRouter(),
  );
  app.use(sb.rootRouter());
  app.use(dashboardStatic());
  app.use(notFound);
  app.use(errorHandler(opts.logger));
  const http = createExpressServer(app);
  // A store shared by several processes (PostgreSQL) carries their events between them.
  const adapter = sb.store.cluster?.socketAdapter();
  const io = new Server(http, { cors: { origin: socketCorsOrigin(opts.corsOrigin) }, ...(adapter ? { adapter } : {}) });
  sb.attach(io, { namespace: '/', cluster: adapter !== undefined });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    // loopback unless told otherwise: exposing the API is a decision, not a default
    http.listen(opts.port ?? 3000, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 3000);
  let closing: Promise<void> | undefined;
  return {
    http,
    io,
    port,
    close() {
      closing ??= (async () => {
        // Graceful: stop accepting, let in-flight requests finish (io.close() closes the HTTP
        // server, which waits for them), drop idle keep-alive connections, force after drainMs.
        draining = true;
        const force = setTimeout(() => http.closeAllConnections(), opts.drainMs ?? 10_000);
        const idle = setInterval(() => http.closeIdleConnections(), 50);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        clearTimeout(force);
        clearInterval(idle);
        await sb.close();
      })();
      return closing;
    },
  };
}
