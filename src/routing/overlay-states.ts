import type { AgentLoad, AgentStates } from './types.ts';

/**
 * States as they will be after the picks made so far in one decision: a ticket's primary and
 * its collaborator slots (and a drain's successive tickets) must see each other's picks.
 */
export function overlayStates(base: AgentStates): AgentStates & { take(agent: string, group: string, cursor: number | undefined, kind: string, weight: number): void; cursors: Record<string, number> } {
  const loads = new Map<string, AgentLoad>();
  const cursors: Record<string, number> = {};
  return {
    presence: (id) => base.presence(id),
    load: (id) => loads.get(id) ?? base.load(id),
    cursor: (g) => cursors[g] ?? base.cursor(g),
    cursors,
    take(agent, group, cursor, kind, weight) {
      const l = loads.get(agent) ?? base.load(agent);
      loads.set(agent, { byKind: { ...l.byKind, [kind]: (l.byKind[kind] ?? 0) + 1 }, total: l.total + 1, weighted: l.weighted + weight });
      if (cursor !== undefined) cursors[group] = cursor;
    },
  };
}
