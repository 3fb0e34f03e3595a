import type { Policy } from '../core/policy/types.ts';
import type { Ticket } from '../core/model/ticket.ts';
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

/** The actor string written into ticket history: `token:<name>`. */
export function actorOf(p: Principal | undefined): string {
  return p ? `${p.role}:${p.name}` : 'api';
}
