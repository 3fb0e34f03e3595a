import {
  atCapacity,
  describeRejection,
  eligible,
  rejection,
  spareCapacity,
  type EligibilityInput,
} from './eligibility.ts';
import type { AgentStates, RoutingGroup, RoutingModel, RoutingRequest, SkillNeed } from '../policy/routing-types.ts';

export interface GroupPick {
  group: string;
  agent: string | null;
  /** New round-robin pointer for the group (member index), when an agent was picked. */
  cursor?: number;
  /** Every member was present, on shift and skilled but at capacity. */
  full: boolean;
  skillsRelaxed: boolean;
  /** One line per filter decision ("li: offline", "zhao: at capacity 3/3 online") and the pick. */
  trace: string[];
}

/** Enough lines to see why, bounded so a 1,000-agent group does not bloat every ticket. */
const maxTraceLines = 40;

/**
 * Picks an agent within one group: filters (presence, absence, shift, skills, capacity), then
 * the group's strategy. Members are visited in rotation order after the round-robin pointer,
 * so every strategy breaks ties fairly. Pure: reads `states`, changes nothing.
 */
export function chooseInGroup(
  model: RoutingModel,
  group: RoutingGroup,
  req: RoutingRequest,
  states: AgentStates,
  now: number,
  openMemo = new Map<string, boolean>(),
): GroupPick {
  const waited = now - req.waitingSince;
  const skillsRelaxed = group.skillsTimeoutMs !== undefined && waited >= group.skillsTimeoutMs;
  const needs: SkillNeed[] = skillsRelaxed ? [] : [...group.skills, ...(req.skills ?? [])];
  const input: EligibilityInput = {
    now,
    channelKind: req.channelKind,
    needs,
    openMemo,
    ...(req.exclude ? { exclude: req.exclude } : {}),
  };
  const trace: string[] = [];
  let rejected = 0;
  if (skillsRelaxed && (group.skills.length > 0 || (req.skills?.length ?? 0) > 0))
    trace.push(`skills relaxed after waiting ${Math.round(waited / 1000)}s`);
  const n = group.members.length;
  const start = states.cursor(group.id) + 1;
  let best = -1;
  let bestScore = -Infinity;
  let allFull = n > 0;
  for (let i = 0; i < n; i++) {
    const idx = (((start + i) % n) + n) % n;
    const id = group.members[idx] as string;
    const agent = model.agents.get(id);
    if (!agent) continue;
    const load = states.load(id);
    const code = rejection(agent, states, load, input);
    if (code !== eligible) {
      if (code !== atCapacity) allFull = false;
      if (++rejected <= maxTraceLines) trace.push(`${id}: ${describeRejection(code, agent, states, load, input)}`);
      continue;
    }
    allFull = false;
    if (group.strategy === 'round-robin') {
      best = idx;
      break;
    }
    // Higher score wins; strict > keeps the first in rotation order on ties.
    const score =
      group.strategy === 'least-loaded' ? -load.weighted : Math.min(spareCapacity(agent, load, req.channelKind), 1e9);
    if (score > bestScore) {
      bestScore = score;
      best = idx;
    }
  }
  if (rejected > maxTraceLines) trace.push(`… ${rejected - maxTraceLines} more not eligible`);
  if (best < 0) {
    trace.push(`${group.id}: nobody eligible${allFull ? ' (group full)' : ''}`);
    return { group: group.id, agent: null, full: allFull, skillsRelaxed, trace };
  }
  const agent = group.members[best] as string;
  const why =
    group.strategy === 'round-robin'
      ? 'next in turn'
      : group.strategy === 'least-loaded'
        ? `least loaded (weighted ${-bestScore})`
        : `most spare capacity (${bestScore >= 1e9 ? 'uncapped' : bestScore})`;
  trace.push(`${group.id}: ${agent} by ${group.strategy}, ${why}`);
  return { group: group.id, agent, cursor: best, full: false, skillsRelaxed, trace };
}
