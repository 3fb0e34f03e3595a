import type { Namespace, Server, Socket } from 'socket.io';
import type { EventBus } from '../events/bus.ts';
import type { SwitchboardEvent } from '../events/types.ts';
import type { Ticket } from '../tickets/types.ts';
import { handlePresence, type SetPresence } from './presence-handler.ts';

/** Rooms: `dashboard` (everything), `group:<id>` (tickets of that group), `ticket:<id>`. */
export const rooms = {
  dashboard: 'dashboard',
  group: (id: string) => `group:${id}`,
  ticket: (id: string) => `ticket:${id}`,
};

export interface SubscribeRequest {
  groups?: string[];
  tickets?: string[];
  all?: boolean;
}

/**
 * Pushes bus events to socket.io clients. A new client gets everything (the `dashboard` room);
 * `subscribe({ groups: [...] })` narrows it to those groups' tickets (and `tickets: [...]`);
 * `subscribe({ all: true })` widens it again. One emit per event to the union of rooms, so a
 * client in several matching rooms receives it once.
 */
export function attachRealtime(io: Server, bus: EventBus, opts: { namespace?: string; presence?: SetPresence } = {}): { namespace: Namespace; detach: () => void } {
  const nsp = io.of(opts.namespace ?? '/');
  const agentSockets = new Map<string, Set<string>>();
  nsp.on('connection', (socket: Socket) => {
    socket.join(rooms.dashboard);
    if (opts.presence) handlePresence(socket, opts.presence, agentSockets);
    socket.on('subscribe', (req: SubscribeRequest, ack?: (r: unknown) => void) => {
      const ok = applySubscription(socket, req);
      if (typeof ack === 'function') ack(ok);
    });
  });
  const unsubscribe = bus.subscribe('*', (event) => {
    const targets = targetRooms(event);
    if (targets.length > 0) nsp.to(targets).emit(event.type, { type: event.type, seq: event.seq, at: event.at, ...event.data });
  });
  return { namespace: nsp, detach: unsubscribe };
}

function applySubscription(socket: Socket, req: SubscribeRequest): { ok: boolean; rooms?: string[]; error?: string } {
  const valid = (v: unknown) => v === undefined || (Array.isArray(v) && v.length <= 500 && v.every((x) => typeof x === 'string' && x.length <= 200));
  if (!req || typeof req !== 'object' || !valid(req.groups) || !valid(req.tickets)) {
    return { ok: false, error: 'subscribe takes { groups?: string[], tickets?: string[], all?: boolean }' };
  }
  for (const room of socket.rooms) if (room !== socket.id) socket.leave(room);
  const wanted = req.all ? [rooms.dashboard] : [...(req.groups ?? []).map(rooms.group), ...(req.tickets ?? []).map(rooms.ticket)];
  const joined = wanted.length ? wanted : [rooms.dashboard];
  socket.join(joined);
  return { ok: true, rooms: joined };
}

function targetRooms(event: SwitchboardEvent): string[] {
  const ticket = (event.data as { ticket?: Ticket }).ticket;
  if (!ticket) return [rooms.dashboard];
  return [
    rooms.dashboard,
    rooms.group(ticket.group),
    ...ticket.collaborators.map((c) => rooms.group(c.group)),
    rooms.ticket(ticket.id),
  ];
}
