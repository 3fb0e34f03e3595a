// A host platform that embeds Switchboard: its own routes and socket.io namespace beside
// Switchboard's router (mounted at /support) and Switchboard's namespace (/switchboard).
import type { Server as HttpServer } from 'node:http';
import express from 'express';
import { Server } from 'socket.io';
import { createSwitchboard, type Switchboard, type SwitchboardOptions } from '../../src/index.ts';
import { createExpressServer } from '../../src/entry/http.ts';

export interface HostApp {
  http: HttpServer;
  io: Server;
  sb: Switchboard;
  port: number;
  incidents: { ticketId: string; subject: string; openedAt: string }[];
  close(): Promise<void>;
}

export async function startHostApp(opts: { port?: number; switchboard?: SwitchboardOptions } = {}): Promise<HostApp> {
  const sb = await createSwitchboard(opts.switchboard);
  const app = express();
  const incidents: HostApp['incidents'] = [];

  // The host's own routes.
  app.get('/', (_req, res) => {
    res.json({ app: 'host-portal', support: '/support/tickets', incidents: '/incidents' });
  });
  app.get('/incidents', (_req, res) => {
    res.json(incidents);
  });
  // Switchboard's REST API, under the host's path.
  app.use('/support', sb.router());

  const http = createExpressServer(app); // as http.createServer(app), without express's per-request prototype change
  const io = new Server(http);
  // Switchboard's live events on their own namespace; the host keeps `/` for itself.
  sb.attach(io, { namespace: '/switchboard' });
  io.of('/').on('connection', (socket) => socket.emit('hello', { app: 'host-portal' }));

  // The host's workflow: every P0 ticket opens an incident in the host platform.
  const stream = sb.events.stream(['ticket.created']);
  void (async () => {
    for await (const event of stream) {
      const { ticket } = event;
      if (ticket.priority === 'P0') {
        incidents.push({ ticketId: ticket.id, subject: ticket.subject, openedAt: event.at });
        io.of('/').emit('incident.opened', { ticketId: ticket.id });
      }
    }
  })();

  await new Promise<void>((resolve) => http.listen(opts.port ?? 4000, '127.0.0.1', resolve));
  const address = http.address();
  return {
    http,
    io,
    sb,
    incidents,
    port: typeof address === 'object' && address ? address.port : (opts.port ?? 4000),
    async close() {
      await stream.return?.();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await sb.close();
    },
  };
}
