import type { Socket } from 'socket.io';
import type { Principal } from '../auth/principal.ts';
import { roleAllows } from '../auth/roles.ts';
import type { PresenceStatus } from '../core/policy/routing-types.ts';
import { presenceStatuses } from '../core/policy/routing-types.ts';

export type SetPresence = (agent: string, status: PresenceStatus) => Promise<unknown>;

/**
 * `presence` from an agent's socket: `{ agent, status }`, acknowledged with the result. When the
 * last socket that announced an agent online disconnects, the agent goes offline (and their
 * tickets are re-queued). `sockets` counts live sockets per agent for this namespace. With a
 * `principal`, the socket's token must allow it (agents: only their own presence).
 */
export function handlePresence(
  socket: Socket,
  setPresence: SetPresence,
  sockets: Map<string, Set<string>>,
  principal?: Principal,
): void {
  let announced: string | undefined;
  socket.on('presence', (req: { agent?: unknown; status?: unknown }, ack?: (r: unknown) => void) => {
    const reply = (r: unknown) => (typeof ack === 'function' ? ack(r) : undefined);
    if (!req || typeof req.agent !== 'string' || !presenceStatuses.includes(req.status as PresenceStatus)) {
      reply({ ok: false, error: `presence takes { agent, status: ${presenceStatuses.join(' | ')} }` });
      return;
    }
    const agent = req.agent;
    // Same rule as PUT /agents/:id/presence: tickets:write, and agent tokens only for themselves.
    if (
      principal &&
      (!roleAllows(principal.role, 'tickets:write') || (principal.role === 'agent' && principal.agent !== agent))
    ) {
      reply({
        ok: false,
        error: `role "${principal.role}"${principal.agent ? ` (agent "${principal.agent}")` : ''} may not set the presence of "${agent}"`,
      });
      return;
    }
    setPresence(agent, req.status as PresenceStatus).then(
      (r) => {
        if (announced && announced !== agent) sockets.get(announced)?.delete(socket.id);
        announced = agent;
        const set = sockets.get(agent) ?? new Set<string>();
        set.add(socket.id);
        sockets.set(agent, set);
        reply({ ok: true, presence: r });
      },
      (err: unknown) => reply({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  socket.on('disconnect', () => {
    if (!announced) return;
    const set = sockets.get(announced);
    set?.delete(socket.id);
    if (set && set.size === 0) {
      sockets.delete(announced);
      void setPresence(announced, 'offline').catch(() => undefined);
    }
  });
}
