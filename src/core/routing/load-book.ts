import { isHistorical } from '../model/ticket.ts';
import type { Policy } from '../policy/types.ts';
import type { Ticket } from '../model/ticket.ts';
import { createTicketQueue } from './ticket-queue.ts';
import { emptyLoad, type AgentLoad } from '../policy/routing-types.ts';

/** What routing remembers of an open ticket: enough to re-place it without reading the store. */
export interface BookedTicket {
  id: string;
  version: number;
  group: string;
  channelKind: string;
  priority: string;
  skills?: { name: string; level: number }[];
  waitingSince?: number;
  assignee: string | null;
  collaborators: Ticket['collaborators'];
  /** Agents holding a slot (primary and collaborators). */
  holders: string[];
}

/**
 * Whether a fully assigned ticket is booked as it is now: same holders, group, priority, channel
 * and skills (the collaborator list and skills compared as the objects a change carries over).
 * Tickets waiting for an agent always go the full way (their place in the queue may move).
 */
function sameRoutingState(old: BookedTicket, ticket: Ticket, policy: Policy): boolean {
  return (
    ticket.assignee !== null &&
    old.assignee === ticket.assignee &&
    old.collaborators === ticket.collaborators &&
    old.group === ticket.group &&
    old.priority === ticket.priority &&
    old.skills === ticket.routing?.skills &&
    old.channelKind === (policy.channels.get(ticket.channel)?.kind ?? ticket.channel) &&
    !isHistorical(ticket) &&
    ticket.collaborators.every((c) => c.assignee !== null) &&
    old.waitingSince === (ticket.routing?.waitingSince ? Date.parse(ticket.routing.waitingSince) : undefined)
  );
}

/** Finished tickets whose version the book remembers (a late event is seconds old at most). */
const finishedKept = 10_000;

/**
 * The routing projection of the open tickets: load per agent (per channel kind, total,
 * priority-weighted), the tickets each agent holds, and the waiting queue. Fed with every
 * stored ticket (on boot, at intake before the write, and from bus events); idempotent: a
 * version already booked, or an older one, changes nothing.
 */
export function createLoadBook() {
  const tickets = new Map<string, BookedTicket>();
  const loads = new Map<string, { byKind: Record<string, number>; total: number; weighted: number }>();
  const held = new Map<string, Set<string>>();
  const queue = createTicketQueue();
  /** id → version of tickets resolved or closed lately (the newest `finishedKept`). */
  const finished = new Map<string, number>();
  const remember = (id: string, version: number) => {
    finished.delete(id);
    finished.set(id, version);
    if (finished.size > finishedKept) finished.delete(finished.keys().next().value!);
  };

  const adjust = (agent: string, t: BookedTicket, sign: 1 | -1, weight: number) => {
    let l = loads.get(agent);
    if (!l) loads.set(agent, (l = { byKind: {}, total: 0, weighted: 0 }));
    l.byKind[t.channelKind] = (l.byKind[t.channelKind] ?? 0) + sign;
    l.total += sign;
    l.weighted += sign * weight;
    let set = held.get(agent);
    if (!set) held.set(agent, (set = new Set()));
    if (sign > 0) set.add(t.id);
    else set.delete(t.id);
  };

  const drop = (id: string, policy: Policy) => {
    const old = tickets.get(id);
    if (!old) return [] as string[];
    const w = policy.routing.priorityWeight.get(old.priority) ?? 1;
    for (const a of old.holders) adjust(a, old, -1, w);
    tickets.delete(id);
    queue.remove(id);
    return old.holders;
  };

  return {
    queue,
    /** Records a ticket's current state; returns the agents whose load went down. */
    book(ticket: Ticket, policy: Policy): string[] {
      const old = tickets.get(ticket.id);
      // A version is booked once: every stored change bumps it, and one change publishes
      // several events (created, assigned, queued, ...) carrying the same ticket.
      if (old && old.version >= ticket.version) return [];
      // Events forwarded by other processes can arrive after a newer version was booked and
      // finished here: a finished ticket's version is remembered so an older one cannot reopen it.
      const finishedAt = finished.get(ticket.id);
      if (finishedAt !== undefined && finishedAt >= ticket.version) return [];
      const kind = policy.statuses.get(ticket.status)?.kind;
      if (old && kind !== 'resolved' && kind !== 'closed' && sameRoutingState(old, ticket, policy)) {
        // a change routing does not see (a reply, a field, a tag): only the version moves on
        old.version = ticket.version;
        return [];
      }
      const before = drop(ticket.id, policy);
      // Imported history is nobody's work today: it neither loads an agent nor waits in a queue.
      if (kind === 'resolved' || kind === 'closed' || isHistorical(ticket)) {
        remember(ticket.id, ticket.version);
        return before;
      }
      finished.delete(ticket.id);
      const holders = [ticket.assignee, ...ticket.collaborators.map((c) => c.assignee)].filter(
        (a): a is string => a !== null,
      );
      const t: BookedTicket = {
        id: ticket.id,
        version: ticket.version,
        group: ticket.group,
        channelKind: policy.channels.get(ticket.channel)?.kind ?? ticket.channel,
        priority: ticket.priority,
        ...(ticket.routing?.skills ? { skills: ticket.routing.skills } : {}),
        ...(ticket.routing?.waitingSince ? { waitingSince: Date.parse(ticket.routing.waitingSince) } : {}),
        assignee: ticket.assignee,
        collaborators: ticket.collaborators,
        holders,
      };
      tickets.set(ticket.id, t);
      const w = policy.routing.priorityWeight.get(t.priority) ?? 1;
      for (const a of holders) adjust(a, t, 1, w);
      if (ticket.assignee === null || ticket.collaborators.some((c) => c.assignee === null)) {
        const due =
          ticket.sla.firstResponse?.state === 'running' ? ticket.sla.firstResponse.dueAt : ticket.sla.resolution?.dueAt;
        queue.put({
          id: ticket.id,
          group: ticket.group,
          rank: policy.routing.priorityRank.get(ticket.priority) ?? 99,
          dueMs: due ? Date.parse(due) : Infinity,
          createdMs: Date.parse(ticket.createdAt),
        });
      }
      return before.filter((a) => !holders.includes(a));
    },
    forget: drop,
    get: (id: string) => tickets.get(id),
    load: (agent: string): AgentLoad => loads.get(agent) ?? emptyLoad,
    heldBy: (agent: string): string[] => [...(held.get(agent) ?? [])],
  };
}

export type LoadBook = ReturnType<typeof createLoadBook>;
