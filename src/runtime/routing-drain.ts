import type { Policy } from '../core/policy/types.ts';
import { absenceAt } from '../core/routing/agent-status.ts';
import { spareCapacity } from '../core/routing/eligibility.ts';
import type { BookedTicket, LoadBook } from '../core/routing/load-book.ts';
import { placeTicket } from '../core/routing/place-ticket.ts';
import type { ReassignRequest } from '../core/routing/reassign.ts';
import type { AgentStates, RoutingModel } from '../core/policy/routing-types.ts';
import type { Clock } from '../core/util/clock.ts';
import type { Logger } from '../telemetry/logger.ts';

export interface DrainDeps {
  policy: () => Policy;
  clock: Clock;
  book: LoadBook;
  states: AgentStates;
  move: (id: string, req: ReassignRequest, actor: string) => Promise<unknown>;
  logger: Logger;
}

/** The queue drain: offers waiting tickets of some groups to whoever is free, in queue order. */
export function createDrain(deps: DrainDeps): (groups: Iterable<string>) => Promise<void> {
  const { clock, book, states, move } = deps;

  /** Nobody in any group a line may overflow into could take anything: skip (the rest of) the line. */
  const anyoneFree = (model: RoutingModel, group: string, now: number, kinds: readonly string[]) => {
    const seen = new Set<string>();
    for (
      let id: string | undefined = group;
      id !== undefined && !seen.has(id);
      id = model.groups.get(id)?.overflow?.to
    ) {
      seen.add(id);
      for (const m of model.groups.get(id)?.members ?? []) {
        const a = model.agents.get(m);
        if (
          a &&
          states.presence(m) === 'online' &&
          !absenceAt(a, now) &&
          a.calendar.isOpen(now) &&
          kinds.some((k) => spareCapacity(a, states.load(m), k) > 0)
        )
          return true;
      }
    }
    return false;
  };

  const slotsOf = (t: BookedTicket, now: number) => ({
    ticketId: t.id,
    channelKind: t.channelKind,
    priority: t.priority,
    waitingSince: t.waitingSince ?? now,
    group: t.group,
    assignee: t.assignee,
    collaborators: t.collaborators,
    ...(t.skills ? { skills: t.skills } : {}),
  });

  /** Offers waiting tickets to free agents, in queue order (priority, then SLA due, then arrival). */
  const drain = async (groups: Iterable<string>) => {
    const policy = deps.policy();
    const now = clock.now().getTime();
    const kinds = [...new Set([...policy.channels.values()].map((c) => c.kind))];
    for (const g of groups) {
      if (!anyoneFree(policy.routing, g, now, kinds)) continue;
      let seen = 0;
      for (const entry of [...book.queue.line(g)]) {
        // Long lines: let requests in between, and stop once everyone who could help is full.
        if (++seen % 500 === 0) {
          await new Promise((r) => setImmediate(r));
          if (!anyoneFree(policy.routing, g, now, kinds)) break;
        }
        const t = book.get(entry.id);
        if (!t) continue;
        // Dry run on the projection: read the store only when someone would take the ticket.
        const p = placeTicket(
          policy.routing,
          slotsOf(t, now),
          (s) => (s === 'primary' ? t.assignee === null : t.collaborators[s]?.assignee === null),
          states,
          now,
        );
        if (p.assignee === t.assignee && p.collaborators.every((c, i) => c.assignee === t.collaborators[i]?.assignee))
          continue;
        await move(t.id, { fill: true }, 'routing').catch((err) =>
          deps.logger.warn('drain could not assign', { ticket: t.id, error: String(err) }),
        );
      }
    }
  };

  return drain;
}
