import type { Ticket } from '../core/model/ticket.ts';

/**
 * About how many bytes an event keeps alive: its ticket dominates. The stored JSON of that
 * ticket when the store just wrote it (no second serialisation), else an estimate from its
 * texts, which is what grows.
 */
export function eventBytes(ticket: Ticket | undefined, storedJson?: (value: unknown) => string | undefined): number {
  if (!ticket) return 256;
  const json = storedJson?.(ticket);
  if (json !== undefined) return json.length + 256;
  let n = 2048 + (ticket.description?.length ?? 0) + ticket.history.length * 200;
  for (const r of ticket.replies) n += r.body.length + 160;
  return n;
}
