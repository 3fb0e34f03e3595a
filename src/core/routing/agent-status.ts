import type { RoutingAgent } from '../policy/routing-types.ts';

/** The absence covering `now`, if any (periods are sorted by start). */
export function absenceAt(agent: RoutingAgent, now: number): readonly [number, number] | undefined {
  for (const r of agent.absent) {
    if (r[0] > now) return undefined;
    if (now < r[1]) return r;
  }
  return undefined;
}
