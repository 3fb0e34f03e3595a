import { absenceAt } from './agent-status.ts';
import type { AgentLoad, AgentStates, RoutingAgent, SkillNeed } from '../policy/routing-types.ts';

export interface EligibilityInput {
  now: number;
  channelKind: string;
  needs: readonly SkillNeed[];
  exclude?: ReadonlySet<string>;
  /** Calendar id → open now; agents share shift calendars, so each is asked once per decision. */
  openMemo: Map<string, boolean>;
}

/** Why an agent cannot take a ticket: 0 = eligible. Numbers keep the hot loop allocation-free. */
export const eligible = 0;
const excluded = 1;
const notOnline = 2;
const absent = 3;
const offShift = 4;
const lacksSkill = 5;
export const atCapacity = 6;

/** Filters in the order people reason about them: presence, absence, shift, skills, capacity. */
export function rejection(agent: RoutingAgent, states: AgentStates, load: AgentLoad, input: EligibilityInput): number {
  if (input.exclude?.has(agent.id)) return excluded;
  if (states.presence(agent.id) !== 'online') return notOnline;
  if (agent.absent.length > 0 && absenceAt(agent, input.now)) return absent;
  let open = input.openMemo.get(agent.calendar.id);
  if (open === undefined) {
    open = agent.calendar.isOpen(input.now);
    input.openMemo.set(agent.calendar.id, open);
  }
  if (!open) return offShift;
  for (const need of input.needs) if ((agent.skills.get(need.name) ?? 0) < need.level) return lacksSkill;
  if (spareCapacity(agent, load, input.channelKind) <= 0) return atCapacity;
  return eligible;
}

/** The trace line for a rejection: "offline", "at capacity 3/3 online", "skill payments 2 < 4". */
export function describeRejection(
  code: number,
  agent: RoutingAgent,
  states: AgentStates,
  load: AgentLoad,
  input: EligibilityInput,
): string {
  switch (code) {
    case excluded:
      return 'already on this ticket';
    case notOnline:
      return states.presence(agent.id);
    case absent:
      return `absent until ${new Date(absenceAt(agent, input.now)?.[1] ?? input.now).toISOString()}`;
    case offShift:
      return `off shift (calendar ${agent.calendar.id})`;
    case lacksSkill: {
      const need = input.needs.find((n) => (agent.skills.get(n.name) ?? 0) < n.level) as SkillNeed;
      const has = agent.skills.get(need.name) ?? 0;
      return has === 0 ? `lacks skill ${need.name}` : `skill ${need.name} ${has} < ${need.level}`;
    }
    default: {
      const kindCap = agent.capacity[input.channelKind];
      const byKind = kindCap !== undefined && (load.byKind[input.channelKind] ?? 0) >= kindCap;
      return byKind
        ? `at capacity ${load.byKind[input.channelKind] ?? 0}/${kindCap} ${input.channelKind}`
        : `at capacity ${load.total}/${agent.capacity.total} total`;
    }
  }
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
