import type { AgentLoad, AgentStates } from '../policy/routing-types.ts';

/**
 * States as they will be after the picks made so far in one decision: a ticket's primary and
 * its collaborator slots (and a drain's successive tickets) must see each other's picks.
 */
export function overlayStates(base: AgentStates): AgentStates & {
  take(agent: string, group: string, cursor: number | undefined, kind: string, weight: number): void;
  cursors: Record<string, number>;
} {
  const loads = new Map<string, AgentLoad>();
  const cursors: Record<string, number> = {};
  // methods, not arrow properties: under tsx (esbuild keepNames) every named arrow created per
  // call costs an Object.defineProperty, and this runs once per routing decision
  return {
    presence(id) {
      return base.presence(id);
    },
    load(id) {
      return loads.get(id) ?? base.load(id);
    },
    cursor(g) {
      return cursors[g] ?? base.cursor(g);
    },
    cursors,
    take(agent, group, cursor, kind, weight) {
      const l = loads.get(agent) ?? base.load(agent);
      loads.set(agent, {
        byKind: { ...l.byKind, [kind]: (l.byKind[kind] ?? 0) + 1 },
        total: l.total + 1,
        weighted: l.weighted + weight,
      });
      if (cursor !== undefined) cursors[group] = cursor;
    },
  };
}
