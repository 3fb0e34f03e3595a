import type { BusinessCalendar } from './business-calendar.ts';

/** Presence an agent sets (API or socket). Only `online` agents receive new tickets. */
export type PresenceStatus = 'online' | 'away' | 'offline';
export const presenceStatuses: readonly PresenceStatus[] = ['online', 'away', 'offline'];

export type StrategyName = 'round-robin' | 'least-loaded' | 'most-spare-capacity';

/** An agent as routing sees it: skills with levels, capacity, shift calendar, absences. */
export interface RoutingAgent {
  id: string;
  name: string;
  /** Skill name → proficiency 1–5 (a plain string in the policy counts as 3). */
  skills: ReadonlyMap<string, number>;
  /** Maximum open tickets per channel kind; `total` caps all kinds together. Missing = unlimited. */
  capacity: Readonly<Record<string, number>>;
  /** The shift: tickets are offered only while this calendar is open. */
  calendar: BusinessCalendar;
  /** Out-of-office periods as [from, to) epoch milliseconds, sorted. */
  absent: readonly (readonly [number, number])[];
}

export interface SkillNeed {
  name: string;
  /** Minimum proficiency (default 1). */
  level: number;
}

export interface RoutingGroup {
  id: string;
  lead?: string;
  members: readonly string[];
  /** Position of each member in `members` (round-robin pointer arithmetic). */
  memberIndex: ReadonlyMap<string, number>;
  skills: readonly SkillNeed[];
  strategy: StrategyName;
  overflow?: { afterMs: number; to: string };
  /** After this long unassigned, the skill filter is relaxed. */
  skillsTimeoutMs?: number;
}

/** The compiled routing part of a policy (frozen with it). */
export interface RoutingModel {
  agents: ReadonlyMap<string, RoutingAgent>;
  groups: ReadonlyMap<string, RoutingGroup>;
  /** Group id → groups an agent of it may take tickets from (itself and groups overflowing into it). */
  feeders: ReadonlyMap<string, readonly string[]>;
  /** Agent id → the groups it is a member of. */
  groupsOf: ReadonlyMap<string, readonly string[]>;
  /** Presence assumed for an agent that never reported one. */
  defaultPresence: PresenceStatus;
  /** Priority id → load weight (most urgent heaviest); least-loaded sums these. */
  priorityWeight: ReadonlyMap<string, number>;
  /** Priority id → rank (0 = most urgent); queues order by it. */
  priorityRank: ReadonlyMap<string, number>;
}

/** One agent's open work: counts per channel kind, total, and priority-weighted total. */
export interface AgentLoad {
  byKind: Readonly<Record<string, number>>;
  total: number;
  weighted: number;
}

/** What the pure assignment reads about the live state; the shell implements it. */
export interface AgentStates {
  presence(agentId: string): PresenceStatus;
  load(agentId: string): AgentLoad;
  /** Round-robin pointer: index of the member who got the group's last ticket (-1: none). */
  cursor(groupId: string): number;
}

/** What routing needs to know about the ticket being placed. */
export interface RoutingRequest {
  ticketId: string;
  channelKind: string;
  priority: string;
  /** Skills the routing rule asked for, on top of the group's. */
  skills?: readonly SkillNeed[];
  /** When the ticket started waiting for this slot (arrival or the moment it was queued). */
  waitingSince: number;
  /** Agents that must not get this slot (e.g. the primary, for a collaborator slot). */
  exclude?: ReadonlySet<string>;
}

export const emptyLoad: AgentLoad = Object.freeze({ byKind: Object.freeze({}), total: 0, weighted: 0 });

/** Per-group pointer to the member who got the last ticket; persisted so restarts stay fair. */
export type Cursors = Readonly<Record<string, number>>;
