import { createServer, type Server as HttpServer } from 'node:http';
import express from 'express';
import { Server } from 'socket.io';
import { notFound, errorHandler } from '../api/error-handler.ts';
import type { Logger } from '../util/logger.ts';
import type { Switchboard } from './create-switchboard.ts';

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
export async function startServer(sb: Switchboard, opts: { port?: number; host?: string; logger: Logger }): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use('/api', sb.router());
  app.get('/', (_req, res) => {
    res.json({ name: 'switchboard', api: '/api', health: '/api/health', policy: '/api/policy', tickets: '/api/tickets' });
  });
  app.use(notFound);
  app.use(errorHandler(opts.logger));
  const http = createServer(app);
  const io = new Server(http, { cors: { origin: true } });
  sb.attach(io, { namespace: '/' });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 3000, opts.host ?? '0.0.0.0', () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 3000);
  // Time-based routing (overflow after N minutes, skills timeout, absences) within a minute.
  const tick = setInterval(() => void sb.routing.tick().catch((err: unknown) => opts.logger.error('routing tick failed', { error: String(err) })), 15_000);
  tick.unref();
  let closing: Promise<void> | undefined;
  return {
    http,
    io,
    port,
    close() {
      closing ??= (async () => {
        clearInterval(tick);
        // io.close() also closes the HTTP server (and waits for it).
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await sb.close();
      })();
      return closing;
    },
  };
}
