import type { Policy } from '../core/policy/types.ts';
import { absenceAt } from '../core/routing/agent-status.ts';
import type { LoadBook } from '../core/routing/load-book.ts';
import type { AgentStates, PresenceStatus } from '../core/policy/routing-types.ts';

/** One agent on GET /api/agents. */
export interface AgentView {
  id: string;
  name: string;
  presence: PresenceStatus;
  /** When the presence last changed (absent when it never did). */
  presenceSince?: string;
  onShift: boolean;
  calendar: string;
  absent: false | { until: string };
  /** Groups the agent is a member of, and groups the agent leads. */
  groups: readonly string[];
  leads: string[];
  skills: Record<string, number>;
  capacity: Readonly<Record<string, number>>;
  load: { byKind: Record<string, number>; total: number; weighted: number };
}

/** One group's waiting line on GET /api/queues. */
export interface QueueView {
  group: string;
  count: number;
  byPriority: Record<string, number>;
  /** The first `limit` waiting tickets, in the order they will be offered. */
  tickets: {
    id: string;
    priority: string | undefined;
    channelKind: string | undefined;
    dueAt?: string;
    waitingSince?: string;
    /** The unassigned slots: `primary` and collaborating groups. */
    waiting: string[];
  }[];
}

/** GET /api/agents: who can take work now, and how much they carry. */
export function describeAgents(
  policy: Policy,
  states: AgentStates,
  now: number,
  since: (id: string) => string | undefined,
): AgentView[] {
  const model = policy.routing;
  return [...model.agents.values()].map((a) => {
    const absence = absenceAt(a, now);
    const load = states.load(a.id);
    const presenceSince = since(a.id);
    return {
      id: a.id,
      name: a.name,
      presence: states.presence(a.id),
      ...(presenceSince ? { presenceSince } : {}),
      onShift: a.calendar.isOpen(now),
      calendar: a.calendar.id,
      absent: absence ? { until: new Date(absence[1]).toISOString() } : false,
      groups: model.groupsOf.get(a.id) ?? [],
      leads: [...policy.groups.values()].filter((g) => g.lead === a.id).map((g) => g.id),
      skills: Object.fromEntries(a.skills),
      capacity: a.capacity,
      load: { byKind: load.byKind, total: load.total, weighted: load.weighted },
    };
  });
}

/** GET /api/queues: per group, the waiting tickets in the order they will be offered. */
export function describeQueues(policy: Policy, book: LoadBook, limit: number): QueueView[] {
  return [...policy.routing.groups.keys()].map((group) => {
    const line = book.queue.line(group);
    return {
      group,
      count: line.length,
      byPriority: countBy(line.map((e) => policy.priorities[e.rank] ?? String(e.rank))),
      tickets: line.slice(0, limit).map((e) => {
        const t = book.get(e.id);
        return {
          id: e.id,
          priority: t?.priority,
          channelKind: t?.channelKind,
          ...(Number.isFinite(e.dueMs) ? { dueAt: new Date(e.dueMs).toISOString() } : {}),
          ...(t?.waitingSince !== undefined ? { waitingSince: new Date(t.waitingSince).toISOString() } : {}),
          waiting: [
            ...(t?.assignee === null ? ['primary'] : []),
            ...(t?.collaborators.filter((c) => c.assignee === null).map((c) => c.group) ?? []),
          ],
        };
      }),
    };
  });
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
