import { chooseInGroup } from './choose-agent.ts';
import { overflowChain } from './compile-routing.ts';
import type { AgentStates, RoutingModel, RoutingRequest } from '../policy/routing-types.ts';

export interface SlotDecision {
  /** The group that took the ticket, or the group it waits in. */
  group: string;
  agent: string | null;
  cursor?: number;
  /** The ticket went to a group further down the overflow chain. */
  overflowed: boolean;
  trace: string[];
}

/**
 * Places one slot (a ticket's primary, or one collaborator) starting at `group` and walking
 * the overflow chain as far as the wait allows: a group's overflow target joins once the ticket
 * has waited its `after` (added up along the chain). The first group with an eligible agent wins;
 * nearer groups first. Nobody anywhere → the slot waits in `group`'s queue.
 */
export function routeSlot(
  model: RoutingModel,
  group: string,
  req: RoutingRequest,
  states: AgentStates,
  now: number,
  openMemo = new Map<string, boolean>(),
): SlotDecision {
  const waited = now - req.waitingSince;
  const trace: string[] = [];
  for (const step of overflowChain(model.groups, group)) {
    if (waited < step.afterMs) {
      trace.push(
        `overflow to ${step.group} after ${Math.round(step.afterMs / 1000)}s (waited ${Math.round(waited / 1000)}s)`,
      );
      break;
    }
    const g = model.groups.get(step.group);
    if (!g) break;
    if (step.group !== group) trace.push(`overflow to ${step.group}`);
    const pick = chooseInGroup(model, g, req, states, now, openMemo);
    trace.push(...pick.trace);
    if (pick.agent !== null) {
      return {
        group: step.group,
        agent: pick.agent,
        ...(pick.cursor !== undefined ? { cursor: pick.cursor } : {}),
        overflowed: step.group !== group,
        trace,
      };
    }
  }
  return { group, agent: null, overflowed: false, trace };
}
