import type { Policy } from '../policy/types.ts';

/**
 * Who belongs to a group: its members and its lead. A ticket's assignee is always one of them
 * or nobody; a move to another group keeps the assignee only when they belong there too.
 */
export function groupPeople(policy: Policy, group: string): string[] {
  const g = policy.groups.get(group);
  if (!g) return [];
  return g.lead && !g.members.includes(g.lead) ? [...g.members, g.lead] : [...g.members];
}

export function belongsTo(policy: Policy, group: string, agent: string): boolean {
  const g = policy.groups.get(group);
  return g !== undefined && (g.lead === agent || g.members.includes(agent));
}

/** The assignee a ticket keeps when it moves to `group`: the same agent if they belong, else nobody. */
export function keptAssignee(policy: Policy, group: string, assignee: string | null): string | null {
  return assignee !== null && belongsTo(policy, group, assignee) ? assignee : null;
}
