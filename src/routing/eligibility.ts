import type { AgentLoad, AgentStates, RoutingAgent, SkillNeed } from './types.ts';

/** Why an agent cannot take a ticket now, or undefined when it can. Reasons read "offline", "at capacity 3/3 online". */
export type Rejection = { reason: string; full?: boolean };

export interface EligibilityInput {
  now: number;
  channelKind: string;
  needs: readonly SkillNeed[];
  exclude?: ReadonlySet<string>;
  /** Calendar id → open now; agents share shift calendars, so each is asked once per decision. */
  openMemo: Map<string, boolean>;
}

/** Filters in the order people reason about them: presence, absence, shift, skills, capacity. */
export function checkAgent(agent: RoutingAgent, states: AgentStates, load: AgentLoad, input: EligibilityInput): Rejection | undefined {
  if (input.exclude?.has(agent.id)) return { reason: 'already on this ticket' };
  const presence = states.presence(agent.id);
  if (presence !== 'online') return { reason: presence };
  for (const [from, to] of agent.absent) {
    if (from > input.now) break;
    if (input.now < to) return { reason: `absent until ${new Date(to).toISOString()}` };
  }
  let open = input.openMemo.get(agent.calendar.id);
  if (open === undefined) {
    open = agent.calendar.isOpen(input.now);
    input.openMemo.set(agent.calendar.id, open);
  }
  if (!open) return { reason: `off shift (calendar ${agent.calendar.id})` };
  for (const need of input.needs) {
    const has = agent.skills.get(need.name) ?? 0;
    if (has < need.level) return { reason: has === 0 ? `lacks skill ${need.name}` : `skill ${need.name} ${has} < ${need.level}` };
  }
  const spare = spareCapacity(agent, load, input.channelKind);
  if (spare <= 0) {
    const kindCap = agent.capacity[input.channelKind];
    const which = kindCap !== undefined && (load.byKind[input.channelKind] ?? 0) >= kindCap ? input.channelKind : 'total';
    const cap = which === 'total' ? agent.capacity.total : kindCap;
    const used = which === 'total' ? load.total : (load.byKind[input.channelKind] ?? 0);
    return { reason: `at capacity ${used}/${cap} ${which}`, full: true };
  }
  return undefined;
}

/** Tickets the agent may still take on this channel kind (Infinity when uncapped). */
export function spareCapacity(agent: RoutingAgent, load: AgentLoad, kind: string): number {
  let spare = Infinity;
  const kindCap = agent.capacity[kind];
  if (kindCap !== undefined) spare = kindCap - (load.byKind[kind] ?? 0);
  const total = agent.capacity.total;
  if (total !== undefined) spare = Math.min(spare, total - load.total);
  return spare;
}
