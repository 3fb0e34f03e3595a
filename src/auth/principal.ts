import type { Policy } from '../core/policy/types.ts';
import type { Ticket, TicketTask } from '../core/model/ticket.ts';
import type { Role } from './roles.ts';

/** Who is calling: the token's id, name and role, and for agents the groups they work in. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** Agent id the token acts as (agent tokens): its groups come from the policy's members. */
  agent?: string;
  /** Extra groups listed on the token. */
  groups?: string[];
}

/** The groups a principal may see, or 'all'. Read per call: a policy reload changes members. */
export function visibleGroups(p: Principal, policy: Policy): 'all' | Set<string> {
  if (p.role !== 'agent') return 'all';
  const groups = new Set(p.groups ?? []);
  if (p.agent)
    for (const g of policy.groups.values()) if (g.members.includes(p.agent) || g.lead === p.agent) groups.add(g.id);
  return groups;
}

/**
 * A ticket is visible when its group or one of its collaborating groups is, or when it is
 * assigned to the token's agent (an admin may force an assignment outside the agent's groups).
 */
export function canSeeTicket(
  p: Principal,
  ticket: Pick<Ticket, 'group' | 'collaborators'> & { assignee?: string | null },
  policy: Policy,
): boolean {
  const groups = visibleGroups(p, policy);
  if (groups === 'all') return true;
  if (p.agent !== undefined && ticket.assignee === p.agent) return true;
  return groups.has(ticket.group) || ticket.collaborators.some((c) => groups.has(c.group));
}

/**
 * A task is visible on a visible ticket, and also on another group's ticket when it is assigned
 * to the token's agent or belongs to one of the token's groups (a follow-up handed to them).
 */
export function canSeeTask(
  p: Principal,
  ticket: Pick<Ticket, 'group' | 'collaborators'> & { assignee?: string | null },
  task: Pick<TicketTask, 'assignee' | 'group'>,
  policy: Policy,
): boolean {
  if (canSeeTicket(p, ticket, policy)) return true;
  if (p.agent !== undefined && task.assignee === p.agent) return true;
  const groups = visibleGroups(p, policy);
  return groups !== 'all' && task.group !== undefined && groups.has(task.group);
}

/** The actor string written into ticket history: `token:<name>`. */
export function actorOf(p: Principal | undefined): string {
  return p ? `${p.role}:${p.name}` : 'api';
}
